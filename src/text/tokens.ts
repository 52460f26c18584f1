// Word tokens and English stopwords, shared by summarizing, tagging, clustering and search.

const WORD_RE = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Lowercased word tokens: letters and digits, keeping inner apostrophes ("korea's" stays one token). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(WORD_RE)) out.push(m[0].replace(/’/g, "'"));
  return out;
}

/** Tokens with a trailing possessive removed ("korea's" -> "korea"). */
export function terms(text: string): string[] {
  return words(text).map((w) => (w.endsWith("'s") ? w.slice(0, -2) : w));
}

/** Common English function words that carry no topic. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all almost also although always am among an and another any are aren\'t around as at ' +
    'be became because become been before being below between both but by can cannot could couldn\'t did didn\'t do does ' +
    'doesn\'t doing don\'t down during each either else ever every few for from further had hadn\'t has hasn\'t have ' +
    'haven\'t having he he\'d he\'ll he\'s her here here\'s hers herself him himself his how how\'s however i i\'d i\'ll ' +
    'i\'m i\'ve if in into is isn\'t it it\'s its itself just least less let\'s like likely many may me might more most ' +
    'much must mustn\'t my myself neither never no nor not now of off often on once one only or other others ought our ' +
    'ours ourselves out over own per perhaps quite rather really said same say says shall shan\'t she she\'d she\'ll ' +
    'she\'s should shouldn\'t since so some such than that that\'s the their theirs them themselves then there there\'s ' +
    'these they they\'d they\'ll they\'re they\'ve this those though through thus to too toward towards under until up ' +
    'upon us very via was wasn\'t we we\'d we\'ll we\'re we\'ve were weren\'t what what\'s when when\'s where where\'s ' +
    'whether which while who who\'s whom whose why why\'s will with within without won\'t would wouldn\'t yet you you\'d ' +
    'you\'ll you\'re you\'ve your yours yourself yourselves s t mr mrs ms dr also told just new year years week'
  ).split(' '),
);

/** Content words: tokens that are not stopwords and not pure punctuation-like single letters. */
export function contentWords(text: string): string[] {
  return terms(text).filter((w) => w.length > 1 && !STOPWORDS.has(w));
}
