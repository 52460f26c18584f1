// Screens stories against a digest's filters and the mutes that apply (the workspace's, and a user's for their own
// replies): one compiled check per reply or digest, each story's text prepared once. Says which rule left a story out.
import type { PreferenceStore } from '../store/ports.js';
import type { DigestFilters, Mute } from '../store/preference-types.js';
import type { Story } from '../types.js';
import { matchedTerm, matches, parseFilter, parseTerm, storyText, type FilterExpr, type StoryText } from './filter.js';

export interface Drop {
  reason: 'filtered' | 'muted' | 'too_few_sources';
  /** The rule, for "why not posted": `exclude matched "sports"`, `source "tabloid daily" muted by you`. */
  detail: string;
}

/** What a screen reads of a story: a Story, or the light outline a store reads of it (StoryStore.storyOutlines). */
export type Screened = Pick<Story, 'headline' | 'summary' | 'tags' | 'sources'>;

/** True for an outlet (a story's source, or an article's outlet and link) the reader must not see. */
export type HidesOutlet = (source: { name: string; url?: string | undefined }) => boolean;

/**
 * Undefined when the story passes; else why it is left out. `hides`, when sources are muted or denied, tells the
 * outlets that must not be seen in a story others reported too (muted-outlets.ts takes them out of what is shown).
 */
export type Screen = ((story: Screened) => Drop | undefined) & { readonly hides?: HidesOutlet };

/** How a source name is compared: lowercase, trimmed, without "www.". */
export const sourceKey = (name: string): string => name.trim().toLowerCase().replace(/^www\./, '');

/** One outlet as keys: its name, and its link's host. */
function outletKeys(s: { name: string; url?: string | undefined }): Set<string> {
  const keys = new Set([sourceKey(s.name)]);
  if (s.url) {
    try {
      keys.add(sourceKey(new URL(s.url).hostname));
    } catch {
      // a malformed link: the name alone
    }
  }
  return keys;
}

/** A story's outlets as keys: each source's name, and its link's host. */
const storySources = (story: Screened): Set<string>[] => story.sources.map(outletKeys);

const anyIn = (keys: Set<string>, list: ReadonlySet<string>): string | undefined => [...keys].find((k) => list.has(k));

/**
 * Compiles filters and mutes into one check, or undefined when nothing would ever be left out. A user's mutes read
 * "muted by you", the workspace's "muted in this workspace". Stored expressions were checked when saved; one that no longer parses is ignored rather than hiding everything.
 */
export function compileScreen(opts: { filters?: DigestFilters | undefined; mutes?: readonly Mute[] | undefined }): Screen | undefined {
  const f = opts.filters ?? {};
  const mutes = opts.mutes ?? [];
  const parse = (text: string | undefined, label: string): FilterExpr | undefined => {
    if (!text) return undefined;
    try {
      return parseFilter(text, label).expr;
    } catch {
      return undefined;
    }
  };
  const include = parse(f.include, 'include');
  const exclude = parse(f.exclude, 'exclude');
  const allow = new Set((f.allowSources ?? []).map(sourceKey));
  const deny = new Set((f.denySources ?? []).map(sourceKey));
  const minSources = f.minSources ?? 0;
  const whose = (m: Mute): string => (m.userId ? 'muted by you' : 'muted in this workspace');
  const mutedWords = mutes.filter((m) => m.kind === 'word').flatMap((m) => {
    try {
      return [{ words: parseTerm(m.value).words, mute: m }];
    } catch {
      return [];
    }
  });
  const mutedSources = new Map(mutes.filter((m) => m.kind === 'source').map((m) => [sourceKey(m.value), m]));
  const mutedKeys = new Set(mutedSources.keys());
  if (!include && !exclude && allow.size === 0 && deny.size === 0 && minSources <= 1 && mutedWords.length === 0 && mutedSources.size === 0) return undefined;

  const wordHit = (words: string[], text: StoryText): boolean => matches({ op: 'term', words, text: '' }, text);
  const screen = (story: Screened): Drop | undefined => {
    const sources = storySources(story);
    // A muted or denied source leaves a story out when every outlet reporting it is muted or denied.
    if (mutedSources.size > 0 && sources.length > 0) {
      const hits = sources.map((keys) => anyIn(keys, mutedKeys));
      if (hits.every((h) => h !== undefined)) {
        const m = mutedSources.get(hits[0] as string) as Mute;
        return { reason: 'muted', detail: `source "${m.value}" ${whose(m)}` };
      }
    }
    let text: StoryText | undefined;
    const prepared = (): StoryText => (text ??= storyText(story));
    for (const { words, mute } of mutedWords) {
      if (wordHit(words, prepared())) return { reason: 'muted', detail: `word "${mute.value}" ${whose(mute)}` };
    }
    if (deny.size > 0 && sources.length > 0 && sources.every((keys) => anyIn(keys, deny) !== undefined)) {
      return { reason: 'filtered', detail: `source deny list: only ${[...new Set(sources.map((k) => anyIn(k, deny)))].join(', ')} reported it` };
    }
    if (allow.size > 0 && !sources.some((keys) => anyIn(keys, allow) !== undefined)) {
      return { reason: 'filtered', detail: `source allow list: none of ${story.sources.slice(0, 3).map((s) => s.name).join(', ')}${story.sources.length > 3 ? '…' : ''} is on it` };
    }
    if (minSources > 1 && story.sources.length < minSources) {
      return { reason: 'too_few_sources', detail: `${story.sources.length} source${story.sources.length === 1 ? '' : 's'}, min_sources is ${minSources}` };
    }
    if (exclude && matches(exclude, prepared())) {
      const term = matchedTerm(exclude, prepared());
      return { reason: 'filtered', detail: term ? `exclude matched "${term}"` : `exclude "${f.exclude}" matched` };
    }
    if (include && !matches(include, prepared())) return { reason: 'filtered', detail: `include "${f.include}" did not match` };
    return undefined;
  };
  if (mutedKeys.size === 0 && deny.size === 0) return screen;
  // Muted and denied outlets are not seen in a story other outlets reported either.
  const hides: HidesOutlet = (source) => {
    for (const k of outletKeys(source)) if (mutedKeys.has(k) || deny.has(k)) return true;
    return false;
  };
  return Object.assign(screen, { hides });
}

/**
 * The mutes that apply to what a user receives in a workspace (the workspace's and their own) as one check, or
 * undefined when there are none: for /brief replies and for direct messages sent to that user.
 */
export async function muteScreenFor(store: { preferences: Pick<PreferenceStore, 'mutesFor'> }, workspaceId: string, userId: string): Promise<Screen | undefined> {
  return compileScreen({ mutes: await store.preferences.mutesFor(workspaceId, userId) });
}
