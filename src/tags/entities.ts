// People, places and organizations of an article: mentions from extractMentions, folded into one tag per entity
// with a canonical surface form ("Kim" -> "Kim Jong Un", "Mr Choe" -> "Choe Ryong-hae", "U.S." -> "United States",
// "NIS" -> "National Intelligence Service") and the mention count as score.
import type { Tag } from '../types.js';
import { ORGS, PLACES } from './gazetteer.js';
import { classAt } from './intern.js';
import { SpanIndex, type Scanned } from './scan.js';
import type { ArticleTokens } from './article.js';
import { mentionsInView, mentionsOf, type EntityKind, type Mention } from './mentions.js';

export { extractMentions, type EntityKind, type Mention } from './mentions.js';

interface Entity {
  kind: EntityKind;
  value: string;
  /** value.toLowerCase(). */
  key: string;
  count: number;
  first: number;
  /** Folded into another entity. */
  merged: boolean;
}

/** Output order of the kinds: people, places, organizations. */
const kindRank = (k: EntityKind): number => (k === 'person' ? 0 : k === 'place' ? 1 : 2);
const SPACES = /\s+/g;
const ACRONYM = /^[A-Z]{2,6}$/;
const DOTS = /\./g;
const ORG_JOINERS: ReadonlySet<string> = new Set(['of', 'the', 'for', 'and', 'on', '&']);

/** Index of the last "-" in s, or -1. */
function lastDash(s: string): number {
  let i = s.length - 1;
  while (i >= 0 && s.charCodeAt(i) !== 45) i--;
  return i;
}

/** Adds the words of a 2+ word lowercase name that link a lone word to it: first, last, last hyphen piece. */
function addNameParts(lower: string, out: Set<string>): void {
  const n = lower.length;
  let firstEnd = -1;
  for (let i = 0; i < n && firstEnd < 0; i++) if (classAt(lower, i) === 2) firstEnd = i;
  if (firstEnd < 0) return;
  let lastStart = n;
  while (lastStart > 0 && classAt(lower, lastStart - 1) !== 2) lastStart--;
  out.add(lower.slice(0, firstEnd));
  const last = lower.slice(lastStart);
  out.add(last);
  const dash = lastDash(last);
  if (dash >= 0) out.add(last.slice(dash + 1));
}

/** The canonical surface form of a mention text as `kind` (rawLower: raw.toLowerCase()). */
function canonical(kind: EntityKind, raw: string, rawLower: string): string {
  const spaced = raw.includes('  ') || raw.includes('\n');
  const text = spaced ? raw.replace(SPACES, ' ').trim() : raw;
  const lower = spaced ? text.toLowerCase() : rawLower;
  if (kind === 'place') return PLACES.get(lower) ?? (lower.includes('.') ? PLACES.get(lower.replace(DOTS, '')) : undefined) ?? text;
  if (kind === 'org') return ORGS.get(text) ?? ORGS.get(lower) ?? text;
  return text;
}

const initials = (value: string): string =>
  value
    .split(' ')
    .filter((w) => w.length > 0 && !ORG_JOINERS.has(w.toLowerCase()))
    .map((w) => w[0] ?? '')
    .join('')
    .toUpperCase();

interface NameForm {
  e: Entity;
  /** Lowercase words of the name. */
  parts: string[];
  /** Last hyphen/space piece, lowercase ("hae" in "Choe Ryong-hae"). */
  tail: string;
}

const nameForm = (e: Entity): NameForm => {
  const parts = e.key.split(' ');
  const last = parts[parts.length - 1] ?? '';
  return { e, parts, tail: last.slice(lastDash(last) + 1) };
};

/** The longer name that `short` abbreviates: its first or last word, or a contiguous run of its words. */
function findFullName(short: NameForm, fulls: NameForm[]): Entity | undefined {
  const parts = short.parts;
  let best: Entity | undefined;
  for (const f of fulls) {
    const fp = f.parts;
    if (fp.length <= parts.length || f.e.merged) continue;
    let ok = false;
    if (parts.length === 1) {
      const p = parts[0] as string;
      ok = fp[0] === p || fp[fp.length - 1] === p || f.tail === p;
    } else {
      for (let s = 0; s + parts.length <= fp.length && !ok; s++) {
        let all = true;
        for (let k = 0; k < parts.length && all; k++) all = fp[s + k] === parts[k];
        ok = all;
      }
    }
    if (ok && (!best || f.e.count > best.count || (f.e.count === best.count && f.e.first < best.first))) best = f.e;
  }
  return best;
}

/** Kinds of confident mentions by lowercase text, and the words that link a lone word to a full name. */
interface LinkIndex {
  kindOf: Map<string, EntityKind>;
  nameParts: Set<string>;
}

/** The link index of an article's mentions, given with their lowercase texts. */
function linkIndex(ms: readonly Mention[], lowers: readonly string[]): LinkIndex {
  const nameParts = new Set<string>();
  const kindOf = new Map<string, EntityKind>();
  for (let k = 0; k < ms.length; k++) {
    const m = ms[k] as Mention;
    if (m.weak) continue;
    const lower = lowers[k] as string;
    if (!kindOf.has(lower)) kindOf.set(lower, m.kind);
    if (m.kind === 'person') addNameParts(lower, nameParts);
  }
  return { kindOf, nameParts };
}

/** The kind a weak lone word links to, or undefined when it is dropped. */
const linkedKind = (ix: LinkIndex, lower: string): EntityKind | undefined =>
  ix.kindOf.get(lower) ?? (ix.nameParts.has(lower) ? 'person' : undefined);

/**
 * Document-level linking of per-sentence mentions: a weak lone word becomes a person when it is the first or last
 * word of a full name found elsewhere ("Clinton" after "Bill Clinton"), takes the kind of an identical confident
 * mention, and is dropped otherwise.
 */
export function linkMentions(perSentence: Mention[][]): Mention[][] {
  const all = perSentence.flat();
  const ix = linkIndex(all, all.map((m) => m.text.toLowerCase()));
  return perSentence.map((ms) => {
    const out: Mention[] = [];
    for (const m of ms) {
      if (!m.weak) {
        out.push(m);
        continue;
      }
      const kind = linkedKind(ix, m.text.toLowerCase());
      if (kind) out.push({ start: m.start, end: m.end, kind, text: m.text });
    }
    return out;
  });
}

/** People, places and organizations of an article's sentences, one tag per entity, most mentioned first per kind. */
export function extractEntities(sentences: string[]): Tag[] {
  return entitiesOf(sentences, null);
}

const spanIndex = new SpanIndex();

/**
 * extractEntities, given (optionally) the body the sentences were cut from and its scan: sentence tokens found at
 * the same place in the body reuse the scanned words. Results are the same either way.
 */
export function entitiesOf(
  sentences: string[],
  body: { text: string; scanned: Scanned } | null,
  keys: string[] | null = null,
): Tag[] {
  const ms: Mention[] = [];
  const lowers: string[] = [];
  const spans = body === null ? null : spanIndex.reset(body.scanned, body.text.length);
  let cursor = 0;
  for (const s of sentences) {
    let base = -1;
    if (body !== null) {
      base = body.text.indexOf(s, cursor);
      if (base >= 0) cursor = base + s.length;
    }
    for (const m of mentionsOf(s, lowers, spans, base)) ms.push(m);
  }
  return foldMentions(ms, lowers, keys);
}

/** extractEntities over an article tokenized once (article.ts); `keys` receives each tag's value in lowercase. */
export function entitiesOfArticle(art: ArticleTokens, keys: string[] | null = null): Tag[] {
  const ms: Mention[] = [];
  const lowers: string[] = [];
  const v = art.view.useSpans(art.spans);
  for (let j = 0; j < art.sentences.length; j++) {
    v.window(art.sentences[j] as string, art.bases[j] as number, art.los[j] as number, art.his[j] as number);
    for (const m of mentionsInView(v, lowers)) ms.push(m);
  }
  return foldMentions(ms, lowers, keys);
}

/** One tag per entity from an article's mentions (in order) and their lowercase texts. */
function foldMentions(ms: readonly Mention[], lowers: readonly string[], keys: string[] | null): Tag[] {
  const ix = linkIndex(ms, lowers);
  // One entity per kind and lowercase canonical value, in order of first mention.
  const byKey = { person: new Map<string, Entity>(), place: new Map<string, Entity>(), org: new Map<string, Entity>() };
  const all: Entity[] = [];
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i] as Mention;
    const lower = lowers[i] as string;
    const kind = m.weak ? linkedKind(ix, lower) : m.kind;
    if (kind === undefined) continue;
    const value = canonical(kind, m.text, lower);
    const key = value === m.text ? lower : value.toLowerCase();
    const map = kind === 'person' ? byKey.person : kind === 'place' ? byKey.place : byKey.org;
    const e = map.get(key);
    if (e) e.count++;
    else {
      const fresh: Entity = { kind, value, key, count: 1, first: all.length, merged: false };
      map.set(key, fresh);
      all.push(fresh);
    }
  }

  // People: fold short forms into the full name they abbreviate.
  const people = all
    .filter((e) => e.kind === 'person')
    .map(nameForm)
    .sort((a, b) => a.parts.length - b.parts.length);
  const multi = people.filter((p) => p.parts.length > 1);
  for (const p of people) {
    const full = findFullName(p, multi);
    if (full) {
      full.count += p.e.count;
      full.first = Math.min(full.first, p.e.first);
      p.e.merged = true;
    }
  }
  // Organizations: an acronym folds into the spelled-out name it abbreviates ("NIS").
  const orgs = all.filter((e) => e.kind === 'org');
  const inits = new Map<Entity, string>();
  const initialsOf = (e: Entity): string => {
    let v = inits.get(e);
    if (v === undefined) inits.set(e, (v = e.value.includes(' ') ? initials(e.value) : ''));
    return v;
  };
  for (const o of orgs) {
    if (!ACRONYM.test(o.value)) continue;
    const full = orgs.find((f) => f !== o && !f.merged && initialsOf(f) === o.value);
    if (full) {
      full.count += o.count;
      full.first = Math.min(full.first, o.first);
      o.merged = true;
    }
  }
  // One kind per value: the kind seen most often wins.
  const bestKind = new Map<string, Entity>();
  for (const e of all) {
    if (e.merged) continue;
    const cur = bestKind.get(e.key);
    if (!cur || e.count > cur.count || (e.count === cur.count && e.first < cur.first)) bestKind.set(e.key, e);
  }
  const kept = [...bestKind.values()].sort(
    (a, b) => kindRank(a.kind) - kindRank(b.kind) || b.count - a.count || a.first - b.first,
  );
  if (keys) for (const e of kept) keys.push(e.key);
  return kept.map((e) => ({ kind: e.kind, value: e.value, score: e.count }));
}
