// A fast word scanner for tagging (char codes, ASCII fast path): words with inner apostrophes and ampersands
// ("don't", "S&P"), dotted acronyms folded ("U.S." -> "US"), a trailing possessive removed, and whether only
// spaces/hyphens separate a word from the previous one, so multi-word matches and phrases never cross punctuation.

/** One word of a text. */
export interface ScannedWord {
  /** As written, possessive ('s / ’s) removed. */
  raw: string;
  lower: string;
  /** Only spaces or hyphens separate it from the previous word. */
  joined: boolean;
}

const NON_ASCII_WORD = /^[\p{L}\p{N}\p{M}]$/u;
const NON_ASCII_SPACE = /^\s$/u;

/** Letter, digit or combining mark at s[i]. */
export function isWordChar(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return NON_ASCII_WORD.test(s[i] ?? '');
}

const isUpper = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 65 && c <= 90;
};

function isJoiner(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return c === 32 || c === 45 || (c >= 9 && c <= 13);
  return c === 0x2010 || c === 0x2011 || NON_ASCII_SPACE.test(s[i] ?? '');
}

/** Two most recent results (an article's title and body are scanned by both topics and keywords). */
const cache: { text: string; words: readonly ScannedWord[] }[] = [];

/** Words of s in order. Recent results are cached and shared: do not mutate the returned array. */
export function scanWords(s: string): readonly ScannedWord[] {
  for (const c of cache) if (c.text === s) return c.words;
  const words = scan(s);
  if (cache.length >= 2) cache.shift();
  cache.push({ text: s, words });
  return words;
}

function scan(s: string): ScannedWord[] {
  const out: ScannedWord[] = [];
  const n = s.length;
  let i = 0;
  let joined = false;
  while (i < n) {
    if (!isWordChar(s, i)) {
      if (!isJoiner(s, i)) joined = false;
      i++;
      continue;
    }
    const start = i;
    if (isUpper(s, i) && s[i + 1] === '.' && isUpper(s, i + 2) && s[i + 3] === '.') {
      let letters = '';
      while (i + 1 < n && isUpper(s, i) && s[i + 1] === '.') {
        letters += s[i];
        i += 2;
      }
      if (i < n && (s[i] === "'" || s[i] === '’') && (s[i + 1] === 's' || s[i + 1] === 'S') && !isWordChar(s, i + 2)) i += 2;
      out.push({ raw: letters, lower: letters.toLowerCase(), joined });
      joined = true;
      continue;
    }
    while (i < n) {
      if (isWordChar(s, i)) i++;
      else {
        const ch = s[i];
        if ((ch === "'" || ch === '’' || ch === '&') && i + 1 < n && isWordChar(s, i + 1)) i += 2;
        else break;
      }
    }
    let raw = s.slice(start, i);
    const len = raw.length;
    if (len > 2 && (raw[len - 2] === "'" || raw[len - 2] === '’') && (raw[len - 1] === 's' || raw[len - 1] === 'S'))
      raw = raw.slice(0, -2);
    out.push({ raw, lower: raw.toLowerCase(), joined });
    joined = true;
  }
  return out;
}
