// People, places and organizations of an article: mentions from extractMentions, folded into one tag per entity
// with a canonical surface form ("Kim" -> "Kim Jong Un", "Mr Choe" -> "Choe Ryong-hae", "U.S." -> "United States",
// "NIS" -> "National Intelligence Service") and the mention count as score.
import type { Tag } from '../types.js';
import { ORGS, PLACES } from './gazetteer.js';
import { extractMentions, type EntityKind, type Mention } from './mentions.js';

export { extractMentions, type EntityKind, type Mention } from './mentions.js';

interface Entity {
  kind: EntityKind;
  value: string;
  count: number;
  first: number;
  /** Every mention was a weak guess (a lone unknown capitalized word). */
  weak: boolean;
}

const KIND_ORDER: readonly EntityKind[] = ['person', 'place', 'org'];
const SPACES = /\s+/g;
const ACRONYM = /^[A-Z]{2,6}$/;
const DOTS = /\./g;
const ORG_JOINERS: ReadonlySet<string> = new Set(['of', 'the', 'for', 'and', 'on', '&']);

function canonical(m: Mention): string {
  const text = m.text.includes('  ') || m.text.includes('\n') ? m.text.replace(SPACES, ' ').trim() : m.text;
  const lower = text.toLowerCase();
  if (m.kind === 'place') return PLACES.get(lower) ?? (lower.includes('.') ? PLACES.get(lower.replace(DOTS, '')) : undefined) ?? text;
  if (m.kind === 'org') return ORGS.get(text) ?? ORGS.get(lower) ?? text;
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
  const parts = e.value.toLowerCase().split(' ');
  const pieces = (parts[parts.length - 1] ?? '').split('-');
  return { e, parts, tail: pieces[pieces.length - 1] ?? '' };
};

/** The longer name that `short` abbreviates: its first or last word, or a contiguous run of its words. */
function findFullName(short: NameForm, fulls: NameForm[], merged: ReadonlySet<Entity>): Entity | undefined {
  const parts = short.parts;
  let best: Entity | undefined;
  for (const f of fulls) {
    const fp = f.parts;
    if (fp.length <= parts.length || merged.has(f.e)) continue;
    let ok = false;
    if (parts.length === 1) {
      const p = parts[0] as string;
      ok = fp[0] === p || fp[fp.length - 1] === p || f.tail === p;
    } else {
      for (let s = 0; s + parts.length <= fp.length && !ok; s++) ok = parts.every((w, k) => fp[s + k] === w);
    }
    if (ok && (!best || f.e.count > best.count || (f.e.count === best.count && f.e.first < best.first))) best = f.e;
  }
  return best;
}

/**
 * Document-level linking of per-sentence mentions: a weak lone word becomes a person when it is the first or last
 * word of a full name found elsewhere ("Clinton" after "Bill Clinton"), takes the kind of an identical confident
 * mention, and is dropped otherwise.
 */
export function linkMentions(perSentence: Mention[][]): Mention[][] {
  const nameParts = new Set<string>();
  const kindOf = new Map<string, EntityKind>();
  for (const ms of perSentence) {
    for (const m of ms) {
      if (m.weak) continue;
      const lower = m.text.toLowerCase();
      if (!kindOf.has(lower)) kindOf.set(lower, m.kind);
      if (m.kind !== 'person') continue;
      const parts = lower.split(SPACES);
      if (parts.length < 2) continue;
      nameParts.add(parts[0] as string);
      const last = parts[parts.length - 1] as string;
      nameParts.add(last);
      if (last.includes('-')) nameParts.add(last.slice(last.lastIndexOf('-') + 1));
    }
  }
  return perSentence.map((ms) => {
    const out: Mention[] = [];
    for (const m of ms) {
      if (!m.weak) {
        out.push(m);
        continue;
      }
      const lower = m.text.toLowerCase();
      const kind = kindOf.get(lower) ?? (nameParts.has(lower) ? 'person' : undefined);
      if (kind) out.push({ start: m.start, end: m.end, kind, text: m.text });
    }
    return out;
  });
}

/** People, places and organizations of an article's sentences, one tag per entity, most mentioned first per kind. */
export function extractEntities(sentences: string[]): Tag[] {
  const byKey = new Map<string, Entity>();
  let order = 0;
  for (const ms of linkMentions(sentences.map(extractMentions))) {
    for (const m of ms) {
      const value = canonical(m);
      const key = `${m.kind}\u0000${value.toLowerCase()}`;
      const e = byKey.get(key);
      if (e) {
        e.count++;
        e.weak &&= m.weak === true;
      } else byKey.set(key, { kind: m.kind, value, count: 1, first: order++, weak: m.weak === true });
    }
  }
  const all = [...byKey.values()];

  // People: fold short forms into the full name they abbreviate; drop unlinked weak guesses.
  const people = all
    .filter((e) => e.kind === 'person')
    .map(nameForm)
    .sort((a, b) => a.parts.length - b.parts.length);
  const merged = new Set<Entity>();
  const multi = people.filter((p) => p.parts.length > 1);
  for (const p of people) {
    const full = findFullName(p, multi, merged);
    if (full) {
      full.count += p.e.count;
      full.first = Math.min(full.first, p.e.first);
      full.weak = false;
      merged.add(p.e);
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
    const full = orgs.find((f) => f !== o && !merged.has(f) && initialsOf(f) === o.value);
    if (full) {
      full.count += o.count;
      full.first = Math.min(full.first, o.first);
      merged.add(o);
    }
  }
  // One kind per value: the kind seen most often wins.
  const bestKind = new Map<string, Entity>();
  for (const e of all) {
    if (merged.has(e) || e.weak) continue;
    const k = e.value.toLowerCase();
    const cur = bestKind.get(k);
    if (!cur || e.count > cur.count || (e.count === cur.count && e.first < cur.first)) bestKind.set(k, e);
  }
  const kept = [...bestKind.values()].sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || b.count - a.count || a.first - b.first,
  );
  return kept.map((e) => ({ kind: e.kind, value: e.value, score: e.count }));
}
