// Sentence tokenizer for entity rules: char-code scanning with an ASCII fast path (no Unicode-property regex per
// token). Keeps dotted acronyms ("U.S."), inner apostrophes/hyphens ("Ryong-hae", "O'Brien") and records the
// capitalization facts the rules need; a possessive "'s" is cut from the token and flagged.

/** One token of a sentence with its offsets and capitalization. */
export interface Tok {
  /** Index in the sentence's token list. */
  i: number;
  text: string;
  lower: string;
  start: number;
  end: number;
  word: boolean;
  /** Starts with an uppercase letter (or is an "al-Assad"-style particle name). */
  cap: boolean;
  /** All letters uppercase, at least two characters ("NIS", "U.S.", "AL-AIN"). */
  caps: boolean;
  /** Had a possessive "'s" (removed from text/end). */
  poss: boolean;
}

const NON_ASCII_WORD = /^[\p{L}\p{N}\p{M}]$/u;
const NON_ASCII_SPACE = /^\s$/u;
const PARTICLE_NAME = /^(?:al|el|ad|as|ash|an|ibn|bin|abu|abd|d|o)['’-]\p{Lu}/u;

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isUpperAscii = (c: number): boolean => c >= 65 && c <= 90;
/** Starts with an ASCII digit. */
export const isDigitStart = (t: string): boolean => isDigitCode(t.charCodeAt(0));

/** ASCII character classes: 1 = word (letter/digit), 2 = space, 0 = other. */
const ASCII_CLASS = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) t[c] = 1;
    else if (c === 32 || (c >= 9 && c <= 13)) t[c] = 2;
  }
  return t;
})();

function classAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 128) return ASCII_CLASS[c] as number;
  const ch = s[i] ?? '';
  return NON_ASCII_WORD.test(ch) ? 1 : NON_ASCII_SPACE.test(ch) ? 2 : 0;
}

/** Tokens: dotted acronyms ("U.S."), words with inner apostrophes/hyphens ("Ryong-hae", "Korea's"), single symbols. */
export function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const cls = classAt(s, i);
    if (cls === 2) {
      i++;
      continue;
    }
    const start = i;
    let word = false;
    if (cls === 0) i++;
    else {
      word = true;
      if (isUpperAscii(s.charCodeAt(i)) && s[i + 1] === '.' && isUpperAscii(s.charCodeAt(i + 2)) && s[i + 3] === '.') {
        while (i + 1 < n && isUpperAscii(s.charCodeAt(i)) && s[i + 1] === '.') i += 2;
        if (isUpperAscii(s.charCodeAt(i)) && classAt(s, i + 1) !== 1) i++; // "U.S" with its last dot eaten
      } else {
        i++;
        while (i < n) {
          if (classAt(s, i) === 1) i++;
          else {
            const ch = s[i];
            if ((ch === "'" || ch === '’' || ch === '-') && i + 1 < n && classAt(s, i + 1) === 1) i += 2;
            else break;
          }
        }
      }
    }
    let text = s.slice(start, i);
    let poss = false;
    const len = text.length;
    if (word && len > 2 && (text[len - 1] === 's' || text[len - 1] === 'S') && (text[len - 2] === "'" || text[len - 2] === '’')) {
      text = text.slice(0, -2);
      poss = true;
    }
    const lower = text.toLowerCase();
    const up = word && lower !== text && text[0] !== lower[0];
    const cap = up || (word && len > 3 && (text[1] === '-' || text[2] === '-' || text[3] === '-') && PARTICLE_NAME.test(text));
    const caps = up && text.length >= 2 && text === text.toUpperCase();
    out.push({ i: out.length, text, lower, start, end: start + text.length, word, cap, caps, poss });
  }
  return out;
}
