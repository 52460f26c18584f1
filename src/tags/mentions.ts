// Entity mentions with character offsets, by rules (no NLP library): a candidate is a run of capitalized tokens
// (with "of"/"the"/"for"/"&" connectors and name particles inside), typed by the gazetteer, org head words, titles,
// given names, East Asian surname structure and a few context cues. Used by extractEntities and the NER benchmark.
// Word-list membership is read from each token's precomputed bits (lexicon.ts); multi-word gazetteer keys are only
// built when the first word can start one.
import { ORGS, PLACES } from './gazetteer.js';
import type { EntityKind, Mention } from './mention-types.js';
import type { SpanIndex } from './scan.js';
import { shoutMentions } from './shout.js';
import {
  T_ENDER, T_OPENER, T_ORG, W_ABBREV_DOT, W_CALENDAR, W_COMMON, W_COMMONISH, W_CONNECTOR, W_DEMONYM,
  W_DIRECTION, W_FILLER, W_FIRST, W_MULTI_ORG, W_MULTI_PLACE, W_NAME_LIST, W_NAME_SUFFIX, W_NOT_NAME, W_OF_LIKE,
  W_ORG, W_ORG_HEAD, W_ORG_NEXT, W_ORG_OF_HEAD, W_PARTICLE, W_PLACE, W_PLACE_PREP, W_SAID, W_SURNAME, W_TITLE,
  W_TITLE_MOD, W_TITLE_WORD,
} from './lexicon.js';
import { flags, K_CAP, K_DIGIT, K_WORD, TokenView, type Tok } from './tokenize.js';

export type { EntityKind, Mention } from './mention-types.js';

const has = (t: Tok, bits: number): boolean => (flags(t) & bits) !== 0;

function keyOf(r: Tok[], n = r.length): string {
  let k = '';
  for (let i = 0; i < n; i++) {
    const t = r[i] as Tok;
    if (t.word) k = k === '' ? t.lower : k + ' ' + t.lower;
  }
  return k;
}

/** map.has(keyOf(r[0..n))), building the key only when its first word can start a multi-word key. */
function keyIn(r: Tok[], n: number, map: ReadonlyMap<string, string>, single: number, multi: number): boolean {
  let first: Tok | undefined;
  let words = 0;
  for (let i = 0; i < n; i++) {
    const t = r[i] as Tok;
    if (!t.word) continue;
    first ??= t;
    words++;
  }
  if (first === undefined) return map.has('');
  if (words === 1) return has(first, single);
  return has(first, multi) && map.has(keyOf(r, n));
}
const isPlace = (r: Tok[], n = r.length): boolean => keyIn(r, n, PLACES, W_PLACE, W_MULTI_PLACE);
const knownOrg = (r: Tok[], n = r.length): boolean =>
  (n === 1 && has(r[0] as Tok, T_ORG)) || keyIn(r, n, ORGS, W_ORG, W_MULTI_ORG);

/** Longest prefix of r (1-4 word tokens, shorter than r) that is a known place; 0 when none. */
function placePrefix(r: Tok[]): number {
  for (let n = Math.min(4, r.length - 1); n >= 1; n--) if (isPlace(r, n)) return n;
  return 0;
}

/** "X Agency", "Bank of Y", "Centers for Z" in r[from..]; not a coordination of two orgs ("A University and B University"). */
function hasOrgHead(r: Tok[], from = 0): boolean {
  const n = r.length;
  if (n - from < 2) return false;
  for (let k = from; k < n; k++) {
    const t = r[k] as Tok;
    if (t.lower === 'and' || t.text === '&') {
      if (k - from > 1 && has(r[k - 1] as Tok, W_ORG_HEAD)) return false;
      break;
    }
  }
  const last = r[n - 1] as Tok;
  if (has(last, W_ORG_HEAD) && !last.caps) return true;
  for (let k = from; k < n - 1; k++) if (has(r[k] as Tok, W_ORG_OF_HEAD) && has(r[k + 1] as Tok, W_OF_LIKE)) return true;
  return false;
}

/** Longest prefix (1-3 tokens, shorter than r) that is a known organization; 0 when none. */
function orgPrefix(r: Tok[]): number {
  for (let n = Math.min(3, r.length - 1); n >= 1; n--) if (knownOrg(r, n)) return n;
  return 0;
}

/** A person by name structure in r[from..]: a known given name, or an East Asian family name then a given name. */
function personByStructure(r: Tok[], from = 0): boolean {
  const len = r.length - from;
  const f = r[from];
  if (!f || len < 2 || len > 4) return false;
  for (let k = from; k < r.length; k++) {
    const t = r[k] as Tok;
    if (t.caps || !t.word) return false;
  }
  for (let k = from + 1; k < r.length; k++) if (has(r[k] as Tok, W_PLACE | W_DEMONYM | W_ORG_HEAD)) return false;
  if (has(f, W_FIRST)) return true;
  if (has(f, W_SURNAME) && len <= 3) {
    for (let k = from + 1; k < r.length; k++) if (has(r[k] as Tok, W_COMMON)) return false;
    return true;
  }
  return false;
}

class Extractor {
  readonly out: Mention[] = [];
  /** isName per token: 0 not yet known, 1 yes, 2 no (for capitalized tokens). */
  private readonly names: Uint8Array;
  constructor(
    private readonly s: string,
    private readonly v: TokenView,
    /** When given, receives each mention's lowercase text. */
    private readonly lowers: string[] | null,
  ) {
    this.names = new Uint8Array(v.n);
  }

  /** Token i starts the sentence (or a quote, parenthesis or clause after ':'), so its capital says nothing. */
  private isInitial(i: number): boolean {
    const { v } = this;
    if (i <= 0) return true;
    // Openers and enders are single characters, never words: a word before token i settles it without its text.
    if (v.is(i - 1, K_WORD)) return false;
    const p = v.tok(i - 1) as Tok;
    if (has(p, T_OPENER)) return this.isInitial(i - 1);
    if (!has(p, T_ENDER)) return false;
    const pp = this.v.tok(i - 2);
    return !(pp && (has(pp, W_TITLE | W_ABBREV_DOT) || (pp.text.length === 1 && pp.cap)));
  }

  private emit(r: Tok[], kind: EntityKind, weak = false, from = 0, to = r.length): void {
    const a = r[from];
    const b = r[to - 1];
    if (!a || !b) return;
    // A one-token mention's text is the token's (interned) text: no new string.
    const text = a === b ? a.text : this.s.slice(a.start, b.end);
    const m: Mention = { start: a.start, end: b.end, kind, text };
    if (weak) m.weak = true;
    this.out.push(m);
    if (this.lowers) this.lowers.push(a === b ? a.lower : text.toLowerCase());
  }

  /** Token i can be part of a name: capitalized, not a number, not a month or weekday (unless "Theresa May"). */
  private isName(i: number): boolean {
    if (!this.v.is(i, K_CAP) || this.v.is(i, K_DIGIT)) return false;
    let m = this.names[i] as number;
    if (m === 0) {
      m = 1;
      if (has(this.v.tok(i) as Tok, W_CALENDAR)) {
        const p = this.v.tok(i - 1);
        if (!(p && p.cap && has(p, W_FIRST))) m = 2;
      }
      this.names[i] = m;
    }
    return m === 1;
  }

  /** Can a run start at token i? Sentence-initial ordinary words ("Following", "The", "Song is") cannot. */
  private startable(i: number): boolean {
    if (!this.isName(i)) return false;
    const t = this.v.tok(i) as Tok;
    if (t.caps || !this.isInitial(i)) return true;
    const next = this.v.tok(i + 1);
    const nextName = !!next && next.word && this.isName(i + 1);
    if (has(t, W_PLACE | T_ORG | W_ORG)) return !has(t, W_COMMON) || nextName;
    if (next && has(t, W_MULTI_PLACE | W_MULTI_ORG)) {
      const pair = t.lower + ' ' + next.lower;
      if ((has(t, W_MULTI_PLACE) && PLACES.has(pair)) || (has(t, W_MULTI_ORG) && ORGS.has(pair))) return true;
    }
    if (has(t, W_TITLE | W_TITLE_MOD | W_NAME_LIST) && nextName) return true;
    if (has(t, W_COMMON)) return false;
    return !(has(t, W_COMMONISH) && !has(t, W_NAME_LIST));
  }

  run(): Mention[] {
    const { v } = this;
    const n = v.n;
    let i = 0;
    while (i < n) {
      if (!v.is(i, K_CAP) || !this.startable(i)) {
        i++;
        continue;
      }
      const r: Tok[] = [];
      let j = i;
      while (j < n) {
        if (v.is(j, K_WORD) && this.isName(j)) {
          const t = v.tok(j) as Tok;
          r.push(t);
          j++;
          if (t.poss) break;
          continue;
        }
        if (v.isChar(j, 46)) {
          const prev = v.tok(j - 1) as Tok;
          if (this.isName(j + 1) && (has(prev, W_TITLE | W_ABBREV_DOT) || prev.text.length === 1)) {
            j++;
            continue;
          }
        }
        // Connectors and particles are short lowercase words, or "&".
        if (v.is(j, K_CAP) || (v.is(j, K_WORD) ? v.len(j) > 5 : !v.isChar(j, 38))) break;
        const t = v.tok(j) as Tok;
        if (has(t, W_CONNECTOR | W_PARTICLE) && !t.cap) {
          const nextName = j + 1 < n && this.isName(j + 1);
          if (nextName || (j + 2 < n && has(v.tok(j + 1) as Tok, W_CONNECTOR) && this.isName(j + 2))) {
            r.push(t);
            j++;
            continue;
          }
        }
        break;
      }
      while (r.length > 0 && !(r[r.length - 1] as Tok).cap) r.pop();
      if (r.length > 0) this.typeRun(r);
      i = Math.max(j, i + 1);
    }
    return this.out;
  }

  /** Types the parts before (unless rightOnly) and after the connector at r[at] separately. */
  private splitAt(r: Tok[], at: number, rightOnly = false): void {
    if (!rightOnly) this.typeRun(r.slice(0, at));
    let k = at;
    while (k < r.length && !(r[k] as Tok).cap) k++;
    if (k < r.length) this.typeRun(r.slice(k));
  }

  /** Types a run of name tokens (and connectors) and emits zero or more mentions. */
  private typeRun(r: Tok[]): void {
    const first = r[0];
    const lastTok = r[r.length - 1];
    if (!first || !lastTok) return;
    const len = r.length;
    const { v } = this;
    const ni = lastTok.i + 1;
    let allCaps = true;
    for (const t of r) allCaps &&= t.caps;
    // Dateline: "SEOUL, Nov 21 -" / "AL-AIN , United Arab Emirates" / "LONDON 1996-08-30".
    const datelineNext = v.isChar(ni, 44) || v.isChar(ni, 40) || v.is(ni, K_DIGIT);
    if (datelineNext && allCaps && this.isInitial(first.i)) {
      if (!has(first, T_ORG) || isPlace(r)) return this.emit(r, 'place');
    }
    if (knownOrg(r)) return this.emit(r, 'org');
    if (isPlace(r)) return this.emit(r, 'place');
    if (len > 1 && has(first, W_FILLER)) {
      let k = 0;
      while (len - k > 1 && has(r[k] as Tok, W_FILLER)) k++;
      return this.typeRun(r.slice(k));
    }
    // Titles: "[prefix] [modifiers] Title [of State] Name" -> prefix typed on its own, Name is a person.
    const ts = titleSplit(r);
    if (ts) {
      if (ts[0] > 0) this.typeRun(r.slice(0, ts[0]));
      return this.typePerson(r.slice(ts[1]));
    }
    let and = -1;
    for (let k = 0; k < len && and < 0; k++) if (!(r[k] as Tok).cap && (r[k] as Tok).lower === 'and') and = k;
    const orgHead = hasOrgHead(r);
    if (and > 0 && !orgHead) return this.splitAt(r, and);
    if (orgHead) return this.emit(r, 'org');
    const op = orgPrefix(r);
    if (op > 0) {
      this.emit(r, 'org', false, 0, op);
      return this.typeRun(r.slice(op));
    }
    if (has(first, W_FIRST) && personByStructure(r)) return this.emit(r, 'person');
    // A role word before a given name: "Defender Hassan Abbas", "Surgeon Renat Akchurin".
    const second = r[1];
    if (len >= 3 && second && has(second, W_FIRST) && !has(first, W_NAME_LIST) && personByStructure(r, 1))
      return this.typeRun(r.slice(1));
    const lp = placePrefix(r);
    if (lp > 0) {
      if (personByStructure(r, lp)) {
        this.emit(r, 'place', false, 0, lp);
        this.emit(r, 'person', false, lp);
      }
      return;
    }
    // Leading nationality words: "Chinese", "North Korean" are not entities; type what follows.
    let idx = 0;
    while (idx < len) {
      const t = r[idx] as Tok;
      const nt = r[idx + 1];
      if (has(t, W_DEMONYM) || (has(t, W_DIRECTION) && nt !== undefined && has(nt, W_DEMONYM))) idx++;
      else break;
    }
    if (idx > 0) {
      if (idx < len) this.typeRun(r.slice(idx));
      return;
    }
    let titleish = true;
    for (const t of r) titleish &&= !t.cap || has(t, W_TITLE_WORD | W_TITLE_MOD);
    if (titleish) return;
    // Connectors that did not make an org or place: type each part on its own.
    let ci = -1;
    for (let k = 0; k < len && ci < 0; k++) if (!(r[k] as Tok).cap && has(r[k] as Tok, W_CONNECTOR)) ci = k;
    if (ci > 0) return this.splitAt(r, ci);
    if (personByStructure(r)) return this.emit(r, 'person');
    let notName = false;
    for (const t of r) {
      if (has(t, W_PLACE | W_DEMONYM | W_CALENDAR)) return;
      notName ||= has(t, W_NOT_NAME);
    }
    const prev = v.tok(first.i - 1);
    const next = v.tok(ni);
    if (next && has(next, W_ORG_NEXT) && len <= 3 && !notName) return this.emit(r, 'org');
    const cued = (prev !== undefined && has(prev, W_SAID)) || (next !== undefined && has(next, W_SAID));
    if (len === 1) {
      const t = first;
      if (t.text.length < 2 || has(t, W_NOT_NAME)) return;
      if (t.caps) return t.text.length > 5 || t.text.includes('.') ? undefined : this.emit(r, 'org');
      if (cued) return this.emit(r, 'person');
      if (prev && has(prev, W_PLACE_PREP) && !has(t, W_NAME_LIST)) return this.emit(r, 'place', true);
      return this.emit(r, 'person', true);
    }
    if (allCaps) return len <= 3 ? undefined : this.emit(r, 'org');
    if (len <= 3) {
      let nameLike = true;
      for (let k = 0; k < len && nameLike; k++) {
        const t = r[k] as Tok;
        nameLike = !has(t, W_NOT_NAME) && (t.text.length > 1 || k < len - 1);
      }
      return nameLike ? this.emit(r, 'person') : undefined;
    }
    return this.emit(r, 'org');
  }

  /** The name after a title: a person, unless it is a known org/place ("President of France"). */
  private typePerson(rest: Tok[]): void {
    const cut = rest.findIndex((t) => !t.cap && has(t, W_CONNECTOR));
    if (cut > 0) {
      this.typePerson(rest.slice(0, cut));
      return this.splitAt(rest, cut, true);
    }
    if (rest.length === 0) return;
    if (knownOrg(rest)) return this.emit(rest, 'org');
    if (isPlace(rest)) return this.emit(rest, 'place');
    if (hasOrgHead(rest)) return this.emit(rest, 'org');
    if (rest.length === 1 && has(rest[0] as Tok, W_NOT_NAME)) return;
    this.emit(rest, 'person');
  }
}

/** [prefix end, name start] when the run holds "[prefix] [modifiers] Title [of State] Name"; null otherwise. */
function titleSplit(r: Tok[]): [number, number] | null {
  for (let k = 0; k < r.length; k++) {
    if (!has(r[k] as Tok, W_TITLE_WORD)) continue;
    let e = k + 1;
    while (e < r.length) {
      const t = r[e] as Tok;
      if (has(t, W_TITLE_WORD | W_TITLE_MOD) || t.lower === 'of' || t.lower === 'the') e++;
      else break;
    }
    const head = r[e];
    if (!head || !head.cap || has(head, W_NAME_SUFFIX) || hasOrgHead(r, e)) return null;
    let j = k;
    while (j > 0 && has(r[j - 1] as Tok, W_TITLE_MOD | W_TITLE_WORD)) j--;
    return [j, e];
  }
  return null;
}

const view = new TokenView();

/** Entity mentions in one sentence, in order of appearance. */
export function extractMentions(sentence: string): Mention[] {
  return mentionsOf(sentence, null);
}

/**
 * extractMentions, also appending each mention's lowercase text to `lowers` when given. When the sentence was cut
 * from a scanned text at offset `base` (>= 0), `spans` lets its tokens reuse that scan's interned words.
 */
export function mentionsOf(sentence: string, lowers: string[] | null, spans: SpanIndex | null = null, base = -1): Mention[] {
  return mentionsInView(view.read(sentence).useSpans(base >= 0 ? spans : null, base), lowers);
}

/** The mentions of a token view's current window (its sentence), as mentionsOf. */
export function mentionsInView(v: TokenView, lowers: string[] | null): Mention[] {
  const sentence = v.s;
  const { upper, lower } = v;
  if (upper >= 2 && lower * 3 < upper) {
    const toks: Tok[] = [];
    for (let i = 0; i < v.n; i++) toks.push(v.tok(i) as Tok);
    const ms = shoutMentions(sentence, toks);
    if (lowers) for (const m of ms) lowers.push(m.text.toLowerCase());
    return ms;
  }
  return new Extractor(sentence, v, lowers).run();
}
