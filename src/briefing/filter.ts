// The filter language of digests and mutes: the safe words of /brief (words, "quoted phrases", OR or a comma, NOT,
// AND or juxtaposition, parentheses) parsed by a linear scanner into a small tree, capped in length, terms and depth,
// and matched against a story's own text. No user text ever becomes a regular expression or a store query.
import { UserError } from '../errors.js';
import { porterStem } from '../text/stem.js';
import { STOPWORDS, words } from '../text/tokens.js';
import type { Story } from '../types.js';

/** The caps of one expression; anything beyond is refused with a message naming the cap. */
export const FILTER_LIMITS = { chars: 300, terms: 20, phraseWords: 6, depth: 3, nodes: 60 } as const;

/** A parsed expression. A term's `words` are Porter stems, matched in order (one word, or a phrase). */
export type FilterExpr =
  | { op: 'term'; words: string[]; text: string }
  | { op: 'and'; parts: FilterExpr[] }
  | { op: 'or'; parts: FilterExpr[] }
  | { op: 'not'; part: FilterExpr };

export interface ParsedFilter {
  expr: FilterExpr;
  /** The expression as typed (trimmed), for storage and messages. */
  text: string;
  terms: number;
}

type Token = { t: 'word'; text: string; at: number } | { t: 'phrase'; text: string; at: number } | { t: 'or' | 'and' | 'not' | 'open' | 'close'; at: number };

const OPEN_QUOTES = new Set(['"', '“', '”', '„']);
const CLOSE_FOR: Record<string, string[]> = { '"': ['"'], '“': ['”', '"'], '”': ['”', '"'], '„': ['“', '”', '"'] };
const BREAKS = new Set(['(', ')', ',', ...OPEN_QUOTES]);
const OPERATORS: Record<string, 'or' | 'and' | 'not'> = { OR: 'or', AND: 'and', NOT: 'not' };

const quoteShort = (s: string): string => (s.length > 30 ? `${s.slice(0, 30)}…` : s);

/** Splits the input into words, phrases and operators; an unclosed quote is an error naming where it opened. */
function scan(input: string, label: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/u.test(c)) { i++; continue; }
    if (c === '(') { out.push({ t: 'open', at: i++ }); continue; }
    if (c === ')') { out.push({ t: 'close', at: i++ }); continue; }
    if (c === ',') { out.push({ t: 'or', at: i++ }); continue; }
    if (OPEN_QUOTES.has(c)) {
      const closers = CLOSE_FOR[c] as string[];
      let j = i + 1;
      while (j < input.length && !closers.includes(input[j] as string)) j++;
      if (j >= input.length) {
        throw new UserError(`${label}: the quote opened at character ${i + 1} (${quoteShort(input.slice(i))}) is never closed. Close it, or remove it.`);
      }
      out.push({ t: 'phrase', text: input.slice(i + 1, j), at: i });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < input.length && !/\s/u.test(input[j] as string) && !BREAKS.has(input[j] as string)) j++;
    const text = input.slice(i, j);
    const op = OPERATORS[text];
    out.push(op ? { t: op, at: i } : { t: 'word', text, at: i });
    i = j;
  }
  return out;
}

/** Parses an include/exclude expression; `label` names the field in messages ("include"). Throws UserError. */
export function parseFilter(input: string, label = 'filter'): ParsedFilter {
  const text = input.trim();
  if (text.length === 0) throw new UserError(`${label} is empty: give words, "quoted phrases", OR and NOT.`);
  if (text.length > FILTER_LIMITS.chars) {
    throw new UserError(`${label} is too long: ${text.length} characters, at most ${FILTER_LIMITS.chars}. Use fewer or shorter terms.`);
  }
  const tokens = scan(text, label);
  let pos = 0;
  let terms = 0;
  let nodes = 0;
  const peek = (): Token | undefined => tokens[pos];
  const node = <T extends FilterExpr>(e: T): T => {
    if (++nodes > FILTER_LIMITS.nodes) throw new UserError(`${label} is too complex: too many operators. Keep it to a few words joined by OR and NOT.`);
    return e;
  };
  const term = (raw: string, phrase: boolean): FilterExpr => {
    const ws = words(raw);
    const shown = phrase ? `"${quoteShort(raw)}"` : quoteShort(raw);
    if (ws.length === 0) throw new UserError(`${label}: ${shown} has no letters or digits to match.`);
    if (ws.length > FILTER_LIMITS.phraseWords) throw new UserError(`${label}: the phrase ${shown} has ${ws.length} words; at most ${FILTER_LIMITS.phraseWords}.`);
    if (!phrase && OPERATORS[raw.toUpperCase()]) throw new UserError(`${label}: "${raw}" is a common word; write ${raw.toUpperCase()} in capitals to use it as an operator.`);
    if (ws.every((w) => STOPWORDS.has(w))) throw new UserError(`${label}: ${shown} is too common a word to filter on; use a more specific one.`);
    if (++terms > FILTER_LIMITS.terms) throw new UserError(`${label} is too complex: more than ${FILTER_LIMITS.terms} terms. Use fewer words or phrases.`);
    return node({ op: 'term', words: ws.map(porterStem), text: ws.join(' ') });
  };
  const describe = (tok: Token | undefined): string =>
    tok === undefined ? 'the end' : tok.t === 'word' || tok.t === 'phrase' ? `"${quoteShort(tok.text)}"` : tok.t === 'open' ? '"("' : tok.t === 'close' ? '")"' : tok.t.toUpperCase();
  const startsTerm = (tok: Token | undefined): boolean => tok !== undefined && (tok.t === 'word' || tok.t === 'phrase' || tok.t === 'open' || tok.t === 'not');

  function orExpr(depth: number): FilterExpr {
    const parts = [andExpr(depth)];
    while (peek()?.t === 'or') {
      pos++;
      if (!startsTerm(peek())) throw new UserError(`${label}: OR (or a comma) needs a word after it, not ${describe(peek())}.`);
      parts.push(andExpr(depth));
    }
    return parts.length === 1 ? (parts[0] as FilterExpr) : node({ op: 'or', parts });
  }
  function andExpr(depth: number): FilterExpr {
    const parts: FilterExpr[] = [];
    for (;;) {
      const tok = peek();
      if (tok === undefined || tok.t === 'or' || tok.t === 'close') break;
      if (tok.t === 'and') {
        pos++;
        if (parts.length === 0 || !startsTerm(peek())) throw new UserError(`${label}: AND needs a word on both sides.`);
        continue;
      }
      parts.push(unary(depth));
    }
    if (parts.length === 0) throw new UserError(`${label}: expected a word before ${describe(peek())}.`);
    return parts.length === 1 ? (parts[0] as FilterExpr) : node({ op: 'and', parts });
  }
  function unary(depth: number): FilterExpr {
    const tok = peek() as Token;
    pos++;
    if (tok.t === 'not') {
      if (!startsTerm(peek())) throw new UserError(`${label}: NOT needs a word after it, not ${describe(peek())}.`);
      return node({ op: 'not', part: unary(depth) });
    }
    if (tok.t === 'open') {
      if (depth + 1 > FILTER_LIMITS.depth) throw new UserError(`${label} is too complex: parentheses nested more than ${FILTER_LIMITS.depth} deep.`);
      const inner = orExpr(depth + 1);
      if (peek()?.t !== 'close') throw new UserError(`${label}: unbalanced parentheses: the "(" at character ${tok.at + 1} is never closed.`);
      pos++;
      return inner;
    }
    if (tok.t === 'word' || tok.t === 'phrase') return term(tok.text, tok.t === 'phrase');
    throw new UserError(`${label}: expected a word, not ${describe(tok)}.`);
  }

  const expr = orExpr(0);
  const rest = peek();
  if (rest !== undefined) {
    throw new UserError(rest.t === 'close' ? `${label}: unbalanced parentheses: the ")" at character ${rest.at + 1} has no "(" before it.` : `${label}: unexpected ${describe(rest)}.`);
  }
  return { expr, text, terms };
}

/** A story's text prepared for matching once: stemmed words per field (headline, summary, tags). */
export interface StoryText {
  fields: string[][];
  set: Set<string>;
}

/** Stems of the words stories are made of, remembered (a screen stems every candidate's text; words repeat). */
const STEMS = new Map<string, string>();
const stem = (w: string): string => {
  let s = STEMS.get(w);
  if (s === undefined) {
    s = porterStem(w);
    if (STEMS.size >= 50_000) STEMS.clear();
    STEMS.set(w, s);
  }
  return s;
};

/** Texts prepared per story object (outlines are remembered across briefings, so theirs are prepared once). */
const PREPARED = new WeakMap<object, StoryText>();

export function storyText(story: Pick<Story, 'headline' | 'summary' | 'tags'>): StoryText {
  const known = PREPARED.get(story);
  if (known) return known;
  const fields = [story.headline, story.summary, story.tags.map((t) => t.value).join(' · ')].map((f) => words(f).map(stem));
  const text = { fields, set: new Set(fields.flat()) };
  PREPARED.set(story, text);
  return text;
}

function hasTerm(words: string[], text: StoryText): boolean {
  if (words.length === 1) return text.set.has(words[0] as string);
  if (!words.every((w) => text.set.has(w))) return false;
  for (const f of text.fields) {
    outer: for (let i = 0; i + words.length <= f.length; i++) {
      for (let k = 0; k < words.length; k++) if (f[i + k] !== words[k]) continue outer;
      return true;
    }
  }
  return false;
}

/** Whether the story's text satisfies the expression. */
export function matches(expr: FilterExpr, text: StoryText): boolean {
  switch (expr.op) {
    case 'term': return hasTerm(expr.words, text);
    case 'and': return expr.parts.every((p) => matches(p, text));
    case 'or': return expr.parts.some((p) => matches(p, text));
    case 'not': return !matches(expr.part, text);
  }
}

/** The first term (outside NOT) found in the story: what made an exclude expression match, for explanations. */
export function matchedTerm(expr: FilterExpr, text: StoryText): string | undefined {
  switch (expr.op) {
    case 'term': return hasTerm(expr.words, text) ? expr.text : undefined;
    case 'not': return undefined;
    default:
      for (const p of expr.parts) {
        const hit = matchedTerm(p, text);
        if (hit !== undefined) return hit;
      }
      return undefined;
  }
}

/** One word or "quoted phrase" (a mute): the words to match, or a UserError naming the problem. */
export function parseTerm(input: string, label = 'word'): { words: string[]; text: string } {
  const raw = input.trim().replace(/^["“”„]|["“”„]$/g, '');
  const parsed = parseFilter(raw.length > 0 ? `"${raw.replace(/["“”„]/g, ' ')}"` : '', label);
  if (parsed.expr.op !== 'term') throw new UserError(`${label}: give one word or phrase.`);
  return { words: parsed.expr.words, text: parsed.expr.text };
}
