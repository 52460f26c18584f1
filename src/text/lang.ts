// Language detection for article bodies. Most of what we ingest is English news, so a stopword ratio over the
// first ~1,000 characters settles it without a model (English news runs ~0.35–0.5 stopwords per token). Anything
// else goes to franc-min (trigram profiles, ISO 639-3), whose answer we map to ISO 639-1 for the Article type.
import { franc } from 'franc-min';
import { STOPWORDS } from './tokens.js';

/** How much text is looked at: enough for a stable guess, little enough to stay fast. */
const SAMPLE_CHARS = 1000;
/** Below this many letters (a title, a caption) the guess is unreliable: 'und'. */
const MIN_LETTERS = 60;
/** Space-delimited text also needs this many words. */
const MIN_WORDS = 15;
/** English stopword share that settles 'en' without asking franc. */
const EN_STOPWORD_RATIO = 0.25;

/** franc-min's languages that have an ISO 639-1 code (franc is limited to these). */
const ISO3_TO_1: Readonly<Record<string, string>> = {
  eng: 'en', spa: 'es', por: 'pt', fra: 'fr', deu: 'de', ita: 'it', nld: 'nl', swe: 'sv', pol: 'pl', ces: 'cs',
  hun: 'hu', ron: 'ro', tur: 'tr', rus: 'ru', ukr: 'uk', bel: 'be', bul: 'bg', srp: 'sr', hrv: 'hr', bos: 'bs',
  ell: 'el', ind: 'id', zlm: 'ms', jav: 'jv', sun: 'su', vie: 'vi', tgl: 'tl', swh: 'sw', hau: 'ha', yor: 'yo',
  ibo: 'ig', fuv: 'ff', run: 'rn', kin: 'rw', zul: 'zu', nya: 'ny', lin: 'ln', som: 'so', plt: 'mg', amh: 'am',
  qug: 'qu', zyb: 'za', uzn: 'uz', azj: 'az', kaz: 'kk', ckb: 'ku', arb: 'ar', urd: 'ur', pes: 'fa', pbu: 'ps',
  hin: 'hi', mar: 'mr', npi: 'ne', ben: 'bn', pan: 'pa', guj: 'gu', tel: 'te', tam: 'ta', kan: 'kn', mal: 'ml',
  sin: 'si', mya: 'my', tha: 'th', cmn: 'zh', jpn: 'ja', kor: 'ko',
};
const FRANC_ONLY = Object.keys(ISO3_TO_1);

/** Longest English stopword: longer tokens are not looked up. */
const MAX_STOPWORD = 10;
const WORD_CHAR_RE = /[\p{L}\p{N}]/u;

interface SampleStats {
  tokens: number;
  letters: number;
  stopwords: number;
}

/** One scan over the lowercased sample: word tokens (inner apostrophes kept), letters, English stopwords. */
function scan(lower: string): SampleStats {
  const stats: SampleStats = { tokens: 0, letters: 0, stopwords: 0 };
  const n = lower.length;
  const isWord = (i: number): boolean => {
    const c = lower.charCodeAt(i);
    if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    return WORD_CHAR_RE.test(lower[i] as string);
  };
  let i = 0;
  while (i < n) {
    if (!isWord(i)) {
      i++;
      continue;
    }
    const start = i;
    for (;;) {
      while (i < n && isWord(i)) i++;
      const c = lower.charCodeAt(i);
      if ((c === 39 || c === 0x2019) && i + 1 < n && isWord(i + 1)) i++;
      else break;
    }
    stats.tokens++;
    stats.letters += i - start;
    if (i - start <= MAX_STOPWORD && STOPWORDS.has(lower.slice(start, i).replace('’', "'"))) stats.stopwords++;
  }
  return stats;
}

/** ISO 639-1 code of the text's language ('en', 'fr', …), or 'und' when it is too short or unknown. */
export function detectLanguage(text: string): string {
  let sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  if (text.length > SAMPLE_CHARS) {
    const cut = sample.lastIndexOf(' ');
    if (cut > SAMPLE_CHARS / 2) sample = sample.slice(0, cut);
  }
  const { tokens, letters, stopwords } = scan(sample.toLowerCase());
  if (letters < MIN_LETTERS) return 'und';
  // Few tokens with many letters means a script written without spaces (Chinese, Thai): franc can still judge it.
  if (tokens < MIN_WORDS && letters / Math.max(tokens, 1) < 10) return 'und';
  if (tokens >= MIN_WORDS && stopwords / tokens >= EN_STOPWORD_RATIO) return 'en';
  const iso3 = franc(sample, { only: FRANC_ONLY, minLength: MIN_LETTERS });
  return ISO3_TO_1[iso3] ?? 'und';
}
