// A deterministic generator of news-like articles (~4 KB each) for speed benchmarks: topic vocabularies, names,
// places, numbers, quotes and abbreviations, plus a share of rewrites of earlier articles (near-duplicates).
import { rng } from './lib.js';

export interface GeneratedArticle {
  title: string;
  body: string;
  source: string;
  url: string;
  publishedAt: string;
}

const TOPICS: Record<string, { subjects: string[]; verbs: string[]; objects: string[] }> = {
  korea: {
    subjects: ['North Korea', 'South Korea', 'Pyongyang', 'Seoul', 'Kim Jong Un', 'the unification ministry', 'Korean negotiators'],
    verbs: ['warned', 'proposed', 'rejected', 'announced', 'tested', 'criticized', 'welcomed'],
    objects: ['a missile launch', 'new sanctions', 'family reunions', 'talks at Panmunjom', 'a joint drill', 'the armistice line'],
  },
  china: {
    subjects: ['Beijing', 'China', 'Xi Jinping', 'the People’s Bank of China', 'Chinese exporters', 'Shanghai officials'],
    verbs: ['unveiled', 'tightened', 'eased', 'defended', 'expanded', 'postponed'],
    objects: ['export controls', 'a stimulus package', 'property rules', 'a trade delegation', 'chip subsidies', 'yuan guidance'],
  },
  economy: {
    subjects: ['The Federal Reserve', 'The European Central Bank', 'Treasury yields', 'Retail sales', 'Factory output', 'Inflation'],
    verbs: ['rose', 'fell', 'surprised', 'slowed', 'rebounded', 'stalled'],
    objects: ['interest rates', 'consumer prices', 'bond markets', 'the labor market', 'mortgage demand', 'quarterly growth'],
  },
  technology: {
    subjects: ['Apple', 'Microsoft', 'A startup in Austin', 'Chipmakers', 'Regulators in Brussels', 'Open-source developers'],
    verbs: ['released', 'acquired', 'patched', 'delayed', 'launched', 'licensed'],
    objects: ['a language model', 'a security flaw', 'a new processor', 'cloud pricing', 'an app store rule', 'data-center capacity'],
  },
  climate: {
    subjects: ['Negotiators at the summit', 'Wind farms', 'Coastal cities', 'The UN climate body', 'Insurers', 'Farmers in Kenya'],
    verbs: ['pledged', 'measured', 'warned about', 'financed', 'adapted to', 'reported'],
    objects: ['emissions cuts', 'record heat', 'sea-level rise', 'carbon prices', 'drought losses', 'a methane deal'],
  },
  sports: {
    subjects: ['The Lakers', 'Manchester City', 'The national team', 'A rookie striker', 'Olympic organizers', 'The coach'],
    verbs: ['beat', 'signed', 'lost to', 'suspended', 'praised', 'scheduled'],
    objects: ['their rivals', 'a transfer deal', 'the final', 'a doping test', 'the season opener', 'ticket prices'],
  },
};

const PEOPLE = ['Maria Lopez', 'Daniel Park', 'Aiko Tanaka', 'James O’Neill', 'Priya Shah', 'Lee Min-jun', 'Chen Wei', 'Omar Haddad'];
const ROLES = ['an analyst at Hanover Research', 'a professor at Seoul National University', 'a spokesperson for the ministry', 'the chief economist at Ridgeway Bank', 'a senior fellow at the Brookings Institution', 'Sen. Alan Brooks'];
const PLACES = ['Washington', 'Tokyo', 'Brussels', 'Geneva', 'St. Louis', 'New York', 'London', 'Singapore'];
const SOURCES = ['Harbor Times', 'Pacific Ledger', 'Seoul Daily Wire', 'Northern Gazette', 'Metro Courier', 'Global Desk', 'Evening Post', 'Valley Herald'];
const MONTHS = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'sa', 'tor', 'vel', 'du', 'pha', 'qui', 'ne', 'bor', 'zi', 'an', 'tek', 'mo', 'ris', 'gal', 'un', 'fe'];

/** A lexicon of made-up names and nouns, so generated articles differ the way real ones do (places, firms, people). */
function lexicon(r: () => number, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = 2 + Math.floor(r() * 2);
    let w = '';
    for (let k = 0; k < len; k++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    out.push(w.charAt(0).toUpperCase() + w.slice(1));
  }
  return out;
}

/** Generates `count` articles; every `rewriteEvery`-th one rewrites an earlier article (same story, another source). */
export function generateCorpus(count: number, seed = 7, rewriteEvery = 8): GeneratedArticle[] {
  return [...corpusStream(count, seed, rewriteEvery)];
}

/** Articles back a rewrite may reach (the newest REWRITE_REACH + 1 are kept while streaming). */
const REWRITE_REACH = 40;

/**
 * The same articles as generateCorpus, one at a time, holding only the last few (rewrites reach 41 back): a
 * million-article corpus streams in constant memory.
 */
export function* corpusStream(count: number, seed = 7, rewriteEvery = 8): Generator<GeneratedArticle> {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const topicNames = Object.keys(TOPICS);
  const words = lexicon(r, 6000);
  const w = () => pick(words);
  const cap = (x: string) => x.charAt(0).toUpperCase() + x.slice(1);
  const start = Date.parse('2026-10-01T00:00:00Z');
  // The newest articles, article i at recent[i % recent.length].
  const recent: GeneratedArticle[] = new Array<GeneratedArticle>(REWRITE_REACH + 2);
  const emit = (i: number, a: GeneratedArticle): GeneratedArticle => (recent[i % recent.length] = a);
  for (let i = 0; i < count; i++) {
    const published = new Date(start + Math.floor((i / count) * 60 * 86_400_000) + Math.floor(r() * 3_600_000)).toISOString();
    if (i > 10 && i % rewriteEvery === 0) {
      const orig = recent[(i - 1 - Math.floor(r() * Math.min(i - 1, REWRITE_REACH))) % recent.length] as GeneratedArticle;
      const paras = orig.body.split('\n\n');
      const swapped = [paras[1] ?? '', paras[0] ?? '', ...paras.slice(2)].filter(Boolean);
      yield emit(i, {
        title: orig.title.replace(/^(\S+ \S+)/, (m) => `${m} reportedly`),
        body: swapped.join('\n\n'),
        source: pick(SOURCES),
        url: `https://news${i % 97}.example/story/${i}`,
        publishedAt: published,
      });
      continue;
    }
    const t = TOPICS[pick(topicNames)] as (typeof TOPICS)[string];
    const subj = pick(t.subjects);
    const title = `${subj} ${pick(t.verbs)} ${pick(t.objects)} in ${pick(PLACES)} (#${i})`;
    const paras: string[] = [];
    let size = title.length;
    while (size < 3900) {
      const sentences: string[] = [];
      for (let k = 0; k < 4; k++) {
        const kind = r();
        let s: string;
        if (kind < 0.25) s = `"${w()} ${pick(t.verbs)} ${pick(t.objects)} near ${w()}, and that matters for ${w()}," said ${pick(PEOPLE)}, ${pick(ROLES)}.`;
        else if (kind < 0.45) s = `On ${pick(MONTHS)} ${1 + Math.floor(r() * 28)}, ${pick(t.subjects)} ${pick(t.verbs)} ${pick(t.objects)} after talks in ${w()} with ${w()} ${w()} and the U.S. delegation.`;
        else if (kind < 0.6) s = `Figures released by ${w()} Corp. at 9 a.m. showed a ${(r() * 9).toFixed(1)}% change in ${w().toLowerCase()} output, the largest since ${1990 + Math.floor(r() * 35)}.`;
        else s = `${cap(pick(t.subjects))} ${pick(t.verbs)} ${pick(t.objects)} in ${w()} while ${w()} ${pick(t.verbs)} ${pick(t.objects)}, according to ${w()} ${w()} of ${w()}.`;
        sentences.push(s);
        size += s.length + 1;
      }
      paras.push(sentences.join(' '));
    }
    yield emit(i, { title, body: paras.join('\n\n'), source: pick(SOURCES), url: `https://news${i % 97}.example/story/${i}`, publishedAt: published });
  }
}
