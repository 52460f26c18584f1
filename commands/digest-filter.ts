// A digest's filters (the options `/digest set`, `/digest filter` and `/digest preview` share), and `/digest explain`:
// which stories a digest left out and why. Filters are checked in full before anything is saved.
import { z } from 'zod';
import { buildDigest } from '../src/briefing/digest.js';
import { parseFilter } from '../src/briefing/filter.js';
import { compileScreen, sourceKey } from '../src/briefing/screen.js';
import { topicsFor } from '../src/briefing/topics.js';
import { formatMoment, parseSince } from '../src/briefing/window.js';
import { UserError } from '../src/errors.js';
import type { DigestExplanation, DigestFilters, LeftOut } from '../src/store/preference-types.js';
import type { Subscription } from '../src/store/types.js';
import { subcommand, type CommandContext, type CommandDeps, type OptionSpec } from './types.js';

/** Most names in a source list. */
const MAX_SOURCES = 20;
const CLEAR = new Set(['none', 'off', '-']);

export const FILTER_OPTIONS: OptionSpec[] = [
  { name: 'include', description: 'Only stories matching: words, "phrases", OR, NOT (none clears)', type: 'string' },
  { name: 'exclude', description: 'Leave out stories matching, e.g. sports, celebrity (none clears)', type: 'string' },
  { name: 'sources', description: 'Only stories from these sources, comma-separated (none clears)', type: 'string' },
  { name: 'deny_sources', description: 'Leave out stories only these sources report (none clears)', type: 'string' },
  { name: 'min_sources', description: 'Only stories with at least this many sources (1: all)', type: 'integer', min: 1, max: 10 },
  { name: 'max_stories', description: 'Most stories in one digest', type: 'integer', min: 1, max: 25 },
  { name: 'per_topic', description: 'Most stories under one topic', type: 'integer', min: 1, max: 10 },
];

const int = (name: string, min: number, max: number) =>
  z.coerce.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`).min(min, `${name} must be at least ${min}`).max(max, `${name} can be at most ${max}`).optional();

export const FILTER_SCHEMA = {
  include: z.string().optional(),
  exclude: z.string().optional(),
  sources: z.string().optional(),
  deny_sources: z.string().optional(),
  min_sources: int('min_sources', 1, 10),
  max_stories: int('max_stories', 1, 25),
  per_topic: int('per_topic', 1, 10),
};

export type FilterArgs = { [K in keyof typeof FILTER_SCHEMA]?: z.infer<(typeof FILTER_SCHEMA)[K]> };

/** Whether any filter option was given. */
export const hasFilterArgs = (a: FilterArgs): boolean => Object.keys(FILTER_SCHEMA).some((k) => a[k as keyof FilterArgs] !== undefined);

async function sourceList(app: CommandDeps, raw: string, label: string): Promise<string[] | undefined> {
  if (CLEAR.has(raw.trim().toLowerCase())) return undefined;
  const names = [...new Set(raw.split(',').map(sourceKey).filter(Boolean))];
  if (names.length === 0) throw new UserError(`${label}: give source names separated by commas, or none to clear it.`);
  if (names.length > MAX_SOURCES) throw new UserError(`${label}: ${names.length} sources, at most ${MAX_SOURCES}.`);
  const long = names.find((n) => n.length > 80);
  if (long) throw new UserError(`${label}: "${long.slice(0, 40)}…" is too long for a source name.`);
  const known = await app.store.preferences.knownSources(names);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new UserError(`${label}: unknown source${unknown.length > 1 ? 's' : ''}: ${unknown.map((u) => `"${u}"`).join(', ')}. Name a source as a story lists it (an outlet like "Yonhap", or a site like example.com). Nothing was saved.`);
  }
  return names;
}

/** The filters after applying `args` to `current`; every problem is a UserError naming it (so nothing is saved). */
export async function applyFilterArgs(app: CommandDeps, args: FilterArgs, current: DigestFilters = {}): Promise<DigestFilters> {
  const next: DigestFilters = { ...current };
  const text = (v: string, label: 'include' | 'exclude'): void => {
    if (CLEAR.has(v.trim().toLowerCase())) delete next[label];
    else next[label] = parseFilter(v, label).text;
  };
  if (args.include !== undefined) text(args.include, 'include');
  if (args.exclude !== undefined) text(args.exclude, 'exclude');
  for (const [arg, key] of [['sources', 'allowSources'], ['deny_sources', 'denySources']] as const) {
    const raw = args[arg];
    if (raw === undefined) continue;
    const list = await sourceList(app, raw, arg);
    if (list) next[key] = list;
    else delete next[key];
  }
  if (args.min_sources !== undefined) {
    if (args.min_sources <= 1) delete next.minSources;
    else next.minSources = args.min_sources;
  }
  if (args.max_stories !== undefined) next.maxStories = args.max_stories;
  if (args.per_topic !== undefined) next.perTopic = args.per_topic;
  return next;
}

/** One line per filter set, or "no filters". */
export function describeFilters(f: DigestFilters | undefined): string {
  if (!f) return 'no filters';
  const parts = [
    f.include ? `include: ${f.include}` : '',
    f.exclude ? `exclude: ${f.exclude}` : '',
    f.allowSources?.length ? `sources: ${f.allowSources.join(', ')}` : '',
    f.denySources?.length ? `deny_sources: ${f.denySources.join(', ')}` : '',
    f.minSources ? `min_sources: ${f.minSources}` : '',
    f.maxStories ? `max_stories: ${f.maxStories}` : '',
    f.perTopic ? `per_topic: ${f.perTopic}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'no filters';
}

const REASONS: Record<LeftOut['reason'], string> = {
  filtered: 'filtered',
  muted: 'muted',
  already_posted: 'already posted',
  below_cut: 'below the cut',
  too_few_sources: 'too few sources',
  outside_window: 'outside the window',
};
/** Most left-out stories listed in one reply. */
const MAX_LINES = 15;
const short = (s: string, n = 90): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The private answer of `/digest explain`: what a run left out, or what happened to one story. */
export async function explainRun(app: CommandDeps, label: string, e: DigestExplanation, timezone: string, story?: string): Promise<string> {
  const head = `${label}, run ${formatMoment(e.at, timezone)} (stories new since ${formatMoment(e.since, timezone)}): posted ${e.posted.length}, left out ${e.leftOut.length}.`;
  if (story === undefined || story.trim() === '') {
    if (e.leftOut.length === 0) return `${head}\nNothing was left out.`;
    const counts = Object.entries(REASONS).map(([r, name]) => [name, e.leftOut.filter((l) => l.reason === r).length] as const).filter(([, n]) => n > 0);
    const lines = e.leftOut.slice(0, MAX_LINES).map((l) => `• ${short(l.headline)} (#${l.storyId}) — ${REASONS[l.reason]}: ${l.detail}`);
    const more = e.leftOut.length > MAX_LINES ? [`… and ${e.leftOut.length - MAX_LINES} more.`] : [];
    return [head, counts.map(([n, c]) => `${n}: ${c}`).join(' · '), ...lines, ...more].join('\n');
  }
  const q = story.trim().replace(/^#/, '');
  const id = /^\d{1,12}$/.test(q) ? Number(q) : undefined;
  const needle = q.toLowerCase();
  const hit = e.leftOut.find((l) => (id !== undefined ? l.storyId === id : l.headline.toLowerCase().includes(needle)));
  if (hit) return `${head}\n"${short(hit.headline)}" (#${hit.storyId}) was left out — ${REASONS[hit.reason]}: ${hit.detail}.`;
  if (id === undefined) return `${head}\nNo left-out story of that run has "${short(q, 40)}" in its headline. Give a story number (#N) to check any story.`;
  const resolved = await app.store.stories.resolveStory(id);
  if (e.posted.includes(id) || e.posted.includes(resolved)) return `${head}\nStory #${id} was posted in that run.`;
  const [s] = await app.store.stories.getStories([resolved]);
  if (!s) return `${head}\nThere is no story #${id}.`;
  if (s.lastSeen < e.since) {
    return `${head}\n"${short(s.headline)}" (#${s.id}) — ${REASONS.outside_window}: its latest article is from ${formatMoment(s.lastSeen, timezone)}, before the run's window opened.`;
  }
  return `${head}\n"${short(s.headline)}" (#${s.id}) was not a candidate: it matched none of the digest's topics closely enough to be among their top stories.`;
}

/** The label of a subscription in explanations. */
export const digestLabel = (s: Subscription): string => `Digest #${s.id}`;

/** The subscription an optional id points at, or the channel's only one. */
async function subscriptionOf(app: CommandDeps, ctx: CommandContext, id: number | undefined): Promise<Subscription | undefined> {
  const subs = await app.store.digests.listSubscriptions(ctx.channelId);
  if (id === undefined) return subs[0];
  const s = subs.find((x) => x.id === id);
  if (!s) throw new UserError(`This channel has no digest #${id}. \`/digest status\` lists them.`);
  return s;
}

/** What a digest of all topics would leave out now (`since`: the configured window), with these filters and the workspace's mutes. */
async function dryRun(app: CommandDeps, ctx: CommandContext, filters: DigestFilters | undefined): Promise<DigestExplanation> {
  const topics = await topicsFor(app.store.topics, app.config.topics, ctx.workspaceId);
  const since = parseSince(app.config.digest.since, ctx.now).since ?? new Date(0).toISOString();
  const screen = compileScreen({ filters, mutes: await app.store.preferences.mutesFor(ctx.workspaceId) });
  const leftOut: LeftOut[] = [];
  const digest = await buildDigest(app.store, {
    topics, watermark: since, now: ctx.now, maxStories: filters?.maxStories ?? app.config.digest.maxStories,
    ...(filters?.perTopic ? { perTopic: filters.perTopic } : {}), screen, leftOut, ...(screen ? { candidates: 60 } : {}),
  });
  return { at: ctx.now.toISOString(), since, until: ctx.now.toISOString(), posted: digest.sections.flatMap((s) => s.stories.map((x) => x.id)), leftOut: leftOut.slice(0, 100) };
}

const idOption: OptionSpec = { name: 'id', description: 'Which digest of this channel (see /digest status)', type: 'integer', min: 1 };
const idSchema = z.coerce.number({ error: 'id must be a number' }).int().min(1).optional();

export const filterSubcommand = subcommand({
  name: 'filter',
  description: "Change or show this channel digest's filters (admins)",
  admin: true,
  options: [idOption, ...FILTER_OPTIONS],
  schema: z.object({ id: idSchema, ...FILTER_SCHEMA }),
  async run(app, ctx, args) {
    const sub = await subscriptionOf(app, ctx, args.id);
    if (!sub) throw new UserError('This channel has no digest. Set one with `/digest set schedule:"daily 08:00" include:"…"`.');
    const current = await app.store.preferences.getDigestFilters(ctx.workspaceId, sub.id);
    if (!hasFilterArgs(args)) return { kind: 'message', private: true, text: `Digest #${sub.id} filters: ${describeFilters(current)}.` };
    const next = await applyFilterArgs(app, args, current);
    await app.store.preferences.setDigestFilters(ctx.workspaceId, sub.id, next);
    return { kind: 'message', private: true, text: `Digest #${sub.id} filters are now: ${describeFilters(next)}. \`/digest explain\` shows what the next run leaves out.` };
  },
});

export const explainSubcommand = subcommand({
  name: 'explain',
  description: "Why stories were not posted: what this channel's last digest left out (only you see it)",
  admin: false,
  privateDefer: true,
  options: [idOption, { name: 'story', description: 'A story number (#N) or words of its headline', type: 'string' }, ...FILTER_OPTIONS],
  schema: z.object({ id: idSchema, story: z.string().max(200, 'story can be at most 200 characters').optional(), ...FILTER_SCHEMA }),
  async run(app, ctx, args) {
    const sub = hasFilterArgs(args) ? undefined : await subscriptionOf(app, ctx, args.id);
    if (!sub) {
      const filters = hasFilterArgs(args) ? await applyFilterArgs(app, args) : undefined;
      const e = await dryRun(app, ctx, filters);
      const label = `A digest of all topics now${filters ? ` with ${describeFilters(filters)}` : ''}`;
      return { kind: 'message', private: true, text: await explainRun(app, label, e, 'UTC', args.story) };
    }
    const e = await app.store.preferences.lastExplanation(ctx.workspaceId, sub.id);
    if (!e) return { kind: 'message', private: true, text: `Digest #${sub.id} has not run yet: \`/digest preview\` shows what it would post now.` };
    return { kind: 'message', private: true, text: await explainRun(app, digestLabel(sub), e, sub.timezone, args.story) };
  },
});
