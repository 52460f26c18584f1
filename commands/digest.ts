// /digest set|off|status|preview|now|resume — a channel's scheduled digests. set/off/now/resume need admin rights.
// The scheduler (src/schedule/scheduler.ts) posts them on time; these commands store, show and run them.
import { z } from 'zod';
import { buildDigest } from '../src/briefing/digest.js';
import { normalizeTopicName, selectTopics } from '../src/briefing/query.js';
import { formatMoment, parseSince } from '../src/briefing/window.js';
import { UserError } from '../src/errors.js';
import { feedProblemsLine } from '../src/feeds/poller.js';
import { llmStatusLine } from '../src/llm/index.js';
import { instancesLine, instanceTiming } from '../src/service/instance.js';
import { composeDigest, recordPosted } from '../src/schedule/compose.js';
import { assertNotTooFrequent, formatRun, nextRuns, parseSchedule, validateTimezone } from '../src/schedule/schedule.js';
import type { DigestRun, Subscription, UpdatesMode } from '../src/store/types.js';
import type { Digest } from '../src/types.js';
import { topicsFor } from '../src/briefing/topics.js';
import { feedbackLine, loadFeedback } from '../src/briefing/feedback.js';
import { compileScreen } from '../src/briefing/screen.js';
import type { DigestFilters } from '../src/store/preference-types.js';
import { applyFilterArgs, describeFilters, explainSubcommand, FILTER_OPTIONS, FILTER_SCHEMA, filterSubcommand, hasFilterArgs } from './digest-filter.js';
import { digestReply as withLlm, inLanguage, LANGUAGE_OPTION, LANGUAGE_SCHEMA, languageArg, languageLabel, languageSubcommand, languageText } from './digest-language.js';
import { withLanguage } from '../src/briefing/language.js';
import { subcommand, type CommandContext, type CommandDefinition, type CommandDeps, type Reply } from './types.js';

/** Most subscriptions one channel may hold. */
const MAX_PER_CHANNEL = 5;

/** Resolves "korea, China" against the workspace's topics; unknown names are a UserError listing them. */
export async function resolveTopics(app: CommandDeps, workspaceId: string, list: string | undefined): Promise<string[]> {
  if (!list) return [];
  const all = await topicsFor(app.store.topics, app.config.topics, workspaceId);
  const wanted = [...new Set(list.split(',').map(normalizeTopicName).filter(Boolean))];
  const unknown = wanted.filter((w) => !all.some((t) => normalizeTopicName(t.name) === w));
  if (unknown.length > 0) {
    throw new UserError(`Unknown topic${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. \`/topics list\` shows them.`);
  }
  return wanted;
}

/** The digest for these topic names (empty = all) of stories new since the watermark, screened by the workspace's mutes and `filters`. */
export async function digestFor(app: CommandDeps, ctx: CommandContext, topicNames: string[], watermark: string, filters?: DigestFilters): Promise<Digest> {
  const all = await topicsFor(app.store.topics, app.config.topics, ctx.workspaceId);
  const topics = selectTopics(all, topicNames);
  const feedback = await loadFeedback(app.store.tuning, ctx.workspaceId, ctx.now);
  const screen = compileScreen({ filters, mutes: await app.store.preferences.mutesFor(ctx.workspaceId) });
  return buildDigest(app.store, {
    topics, watermark, now: ctx.now, maxStories: filters?.maxStories ?? app.config.digest.maxStories, feedback, screen,
    ...(filters?.perTopic ? { perTopic: filters.perTopic } : {}), ...(screen ? { candidates: 60 } : {}),
  });
}

/** The watermark for "new since `since`" (default: the config's digest window); "all" means the beginning of time. */
function sinceWatermark(app: CommandDeps, ctx: CommandContext, since?: string): string {
  return parseSince(since ?? app.config.digest.since, ctx.now).since ?? new Date(0).toISOString();
}

const OUTCOMES: Record<string, string> = { posted: 'posted', nothing_new: 'nothing new', failed: 'failed', skipped: 'skipped', claimed: 'posting…', due: 'due, waiting for an instance to post it' };
const describeOutcome = (status: string): string => OUTCOMES[status] ?? status;

const describeSub = (s: Subscription): string =>
  `#${s.id}: ${s.topics.length ? s.topics.join(', ') : 'all topics'} — \`${s.cron}\` (${s.timezone})`;

/** The subscription an optional id points at, or the channel's only one. */
async function pickSubscription(app: CommandDeps, ctx: CommandContext, id: number | undefined): Promise<Subscription | undefined> {
  const subs = await app.store.digests.listSubscriptions(ctx.channelId);
  if (id !== undefined) {
    const s = subs.find((x) => x.id === id);
    if (!s) throw new UserError(`This channel has no digest #${id}. \`/digest status\` lists them.`);
    return s;
  }
  return subs[0];
}

const idOption = { name: 'id', description: 'Which digest of this channel (see /digest status)', type: 'integer' as const, min: 1 };
const idSchema = z.coerce.number({ error: 'id must be a number' }).int().min(1).optional();

/** What each `updates` choice does, as /digest set and status say it. */
const UPDATES_TEXT: Record<UpdatesMode, string> = {
  thread: "New facts on a posted story are replied in the digest's thread (at most one reply per story an hour), not repeated in the next digest.",
  digest: 'A posted story comes back in a later digest, marked Update, once it has grown notably.',
  off: 'Posted stories get no updates.',
};

export const digestCommand: CommandDefinition = {
  name: 'digest',
  description: "This channel's scheduled news digest",
  subcommands: [
    subcommand({
      name: 'set',
      description: 'Schedule a digest in this channel (admins)',
      admin: true,
      options: [
        { name: 'schedule', description: 'daily 08:00, weekdays 08:00, every 6h, or cron like 0 8 * * *', type: 'string', required: true },
        { name: 'timezone', description: 'IANA timezone, e.g. Asia/Seoul (default UTC)', type: 'string' },
        { name: 'topics', description: 'Comma-separated topics (default: all topics)', type: 'string' },
        { name: 'when_empty', description: 'When nothing is new: post nothing (default) or a one-line note', type: 'string', choices: ['skip', 'note'] },
        { name: 'updates', description: "A posted story's new facts: in the digest's thread (default), in a later digest, or off", type: 'string', choices: ['thread', 'digest', 'off'] },
        LANGUAGE_OPTION,
        ...FILTER_OPTIONS,
      ],
      schema: z.object({
        schedule: z.string({ error: 'Give a schedule, e.g. "daily 08:00"' }),
        timezone: z.string().optional(),
        topics: z.string().optional(),
        when_empty: z.enum(['skip', 'note'], { error: 'when_empty must be skip or note' }).optional(),
        updates: z.enum(['thread', 'digest', 'off'], { error: 'updates must be thread, digest or off' }).optional(),
        ...LANGUAGE_SCHEMA,
        ...FILTER_SCHEMA,
      }),
      async run(app, ctx, args) {
        const cronExpr = parseSchedule(args.schedule);
        const timezone = validateTimezone(args.timezone?.trim() || app.config.digest.timezone);
        assertNotTooFrequent(cronExpr, timezone, ctx.now);
        const topics = await resolveTopics(app, ctx.workspaceId, args.topics);
        // Filters are checked in full before the digest is stored: a bad one saves nothing.
        const filters = hasFilterArgs(args) ? await applyFilterArgs(app, args) : undefined;
        const language = languageArg(args.language)?.language;
        if ((await app.store.digests.listSubscriptions(ctx.channelId)).length >= MAX_PER_CHANNEL) {
          throw new UserError(`This channel already has ${MAX_PER_CHANNEL} digests; remove one with \`/digest off id:N\` first.`);
        }
        const sub = await app.store.digests.addSubscription({
          workspaceId: ctx.workspaceId, channelId: ctx.channelId, topics, cron: cronExpr, timezone, postEmpty: args.when_empty === 'note',
          lastWatermark: ctx.now.toISOString(), createdBy: ctx.userId, updates: args.updates ?? 'thread',
          ...(language ? { language } : {}),
        });
        if (filters) await app.store.preferences.setDigestFilters(ctx.workspaceId, sub.id, filters);
        const next = nextRuns(cronExpr, timezone, 3, ctx.now).map((d) => formatRun(d, timezone)).join(', ');
        const empty = sub.postEmpty ? 'When nothing is new it posts a one-line note.' : 'When nothing is new it posts nothing.';
        const filtered = filters ? `\nFilters: ${describeFilters(filters)}.` : '';
        const lang = language ? `\n${languageText(app, language)}` : '';
        return { kind: 'message', text: `Digest ${describeSub(sub)} is set for this channel.\nNext runs (${timezone}): ${next}.\n${empty}\n${UPDATES_TEXT[sub.updates]}${filtered}${lang}` };
      },
    }),
    subcommand({
      name: 'off',
      description: "Remove this channel's digest (one by id, or all) (admins)",
      admin: true,
      options: [idOption],
      schema: z.object({ id: idSchema }),
      async run(app, ctx, args) {
        const n = await app.store.digests.removeSubscriptions(ctx.channelId, args.id);
        if (n === 0) throw new UserError(args.id === undefined ? 'This channel has no digest.' : `This channel has no digest #${args.id}. \`/digest status\` lists them.`);
        return { kind: 'message', text: args.id === undefined ? `Removed ${n} digest${n === 1 ? '' : 's'} from this channel.` : `Removed digest #${args.id}.` };
      },
    }),
    subcommand({
      name: 'status',
      description: "Show this channel's digests: schedule, next and last run",
      admin: false,
      options: [],
      schema: z.object({}),
      async run(app, ctx) {
        const subs = await app.store.digests.listSubscriptions(ctx.channelId);
        const feedback = feedbackLine(await loadFeedback(app.store.tuning, ctx.workspaceId, ctx.now));
        if (subs.length === 0) return { kind: 'message', private: true, text: ['This channel has no digest. An admin can add one with `/digest set schedule:"daily 08:00"`.', feedback].filter(Boolean).join('\n') };
        const lines: string[] = [];
        for (const s of subs) {
          const filters = await app.store.preferences.getDigestFilters(ctx.workspaceId, s.id);
          const next = s.enabled && !s.pausedReason ? formatRun(nextRuns(s.cron, s.timezone, 1, ctx.now)[0] as Date, s.timezone) : 'paused';
          const last = await app.store.digests.lastRun(s.id);
          const lastText = last ? `${formatRun(new Date(last.slot), s.timezone)} — ${describeOutcome(last.status)}${last.error ? ` (${last.error})` : ''}` : 'never';
          const extra = [
            s.pausedReason ? `⏸ paused: ${s.pausedReason} — fix it, then \`/digest resume id:${s.id}\`` : '',
            !s.pausedReason && s.lastError && last?.status !== 'failed' ? `last problem: ${s.lastError}` : '',
            s.updates !== 'thread' ? UPDATES_TEXT[s.updates] : '',
            filters ? `filters: ${describeFilters(filters)}` : '',
            s.language ? `language: ${languageLabel(s.language)}` : '',
          ].filter(Boolean);
          lines.push(`${describeSub(s)}\n   next: ${next} · last: ${lastText}${extra.map((e) => `\n   ${e}`).join('')}`);
        }
        const footer = [await feedProblemsLine(app, ctx.workspaceId), feedback, await llmStatusLine(app.llm), await instancesLine(app.store, instanceTiming(app.config).deadAfterSeconds)].filter((x): x is string => x !== undefined);
        return { kind: 'message', private: true, text: [...lines, ...footer].join('\n') };
      },
    }),
    subcommand({
      name: 'preview',
      description: 'Show privately what the digest would post now',
      admin: false,
      options: [
        { name: 'topics', description: 'Comma-separated topics (default: the channel digest’s, else all)', type: 'string' },
        { name: 'since', description: 'New since how long ago (default: since the last digest, else 24h)', type: 'string' },
        LANGUAGE_OPTION,
        ...FILTER_OPTIONS,
      ],
      schema: z.object({ topics: z.string().optional(), since: z.string().optional(), ...LANGUAGE_SCHEMA, ...FILTER_SCHEMA }),
      async run(app, ctx, args) {
        // language: this preview only (the digest's own otherwise).
        const given = languageArg(args.language);
        const sub = args.topics || args.since || hasFilterArgs(args) ? undefined : await pickSubscription(app, ctx, undefined);
        if (sub) return withLlm(app, { kind: 'digest', private: true, digest: (await composeDigest(app, given ? inLanguage(sub, given.language) : sub, ctx.now)).digest });
        const topics = await resolveTopics(app, ctx.workspaceId, args.topics);
        const filters = hasFilterArgs(args) ? await applyFilterArgs(app, args) : undefined;
        const digest = await digestFor(app, ctx, topics, sinceWatermark(app, ctx, args.since), filters);
        return withLlm(app, { kind: 'digest', private: true, digest: withLanguage(digest, given?.language) });
      },
    }),
    subcommand({
      name: 'now',
      description: 'Post the digest in this channel now (admins)',
      admin: true,
      options: [idOption],
      schema: z.object({ id: idSchema }),
      async run(app, ctx, args) {
        const sub = await pickSubscription(app, ctx, args.id);
        if (!sub) {
          const watermark = sinceWatermark(app, ctx);
          const digest = await digestFor(app, ctx, [], watermark);
          // Nothing new: say so privately, post nothing in the channel.
          if (digest.sections.length === 0) return { kind: 'message', private: true, text: `Nothing new since ${formatMoment(watermark)}: nothing was posted.` };
          return withLlm(app, { kind: 'digest', digest });
        }
        // With the service's posters: posted in the channel as a run of the scheduler (its stories get their thread).
        if (app.postDigestNow) return digestNowRun(sub, await app.postDigestNow(sub));
        // Posted as this command's reply: recorded like a scheduled run, so the next digest does not repeat it.
        const composed = await composeDigest(app, sub, ctx.now);
        const slot = ctx.now.toISOString();
        const owner = `command:${ctx.userId}`;
        if (await app.store.digests.claimSlot(sub.id, slot, owner, slot, 0)) {
          await app.store.digests.finishRun(sub.id, slot, owner, { status: composed.empty ? 'nothing_new' : 'posted' }, slot);
        }
        await recordPosted(app, sub, composed, ctx.now);
        if (composed.empty) {
          const since = formatMoment(composed.digest.window.since ?? ctx.now.toISOString(), sub.timezone);
          const why = composed.digest.note?.startsWith('The topics') ? composed.digest.note : `Nothing new since ${since}: nothing was posted.`;
          return { kind: 'message', private: true, text: why };
        }
        return withLlm(app, { kind: 'digest', digest: composed.digest });
      },
    }),
    subcommand({
      name: 'resume',
      description: 'Resume a digest that was paused after failed deliveries (admins)',
      admin: true,
      options: [idOption],
      schema: z.object({ id: idSchema }),
      async run(app, ctx, args) {
        const sub = await pickSubscription(app, ctx, args.id);
        if (!sub) throw new UserError('This channel has no digest.');
        if (!sub.pausedReason) throw new UserError(`Digest #${sub.id} is not paused.`);
        await app.store.digests.setPaused(sub.id, undefined);
        await app.store.digests.noteSuccess(sub.id);
        const next = formatRun(nextRuns(sub.cron, sub.timezone, 1, ctx.now)[0] as Date, sub.timezone);
        return { kind: 'message', text: `Digest #${sub.id} is running again; next run ${next} (${sub.timezone}).` };
      },
    }),
    filterSubcommand,
    explainSubcommand,
    languageSubcommand,
  ],
};

/** The private answer to `/digest now` once the scheduler ran it: posted, nothing new, or why not. */
function digestNowRun(sub: Subscription, run: DigestRun | undefined): Reply {
  const since = formatMoment(sub.lastWatermark ?? sub.createdAt, sub.timezone);
  if (run?.status === 'posted') return { kind: 'message', private: true, text: `Posted digest #${sub.id} in this channel.` };
  if (run?.status === 'nothing_new') return { kind: 'message', private: true, text: `Nothing new since ${since}: nothing was posted.` };
  if (run?.status === 'failed' || run?.status === 'skipped') throw new UserError(`Digest #${sub.id} was not posted: ${run.error ?? run.status}.`);
  return { kind: 'message', private: true, text: `Digest #${sub.id} will be posted in this channel within a minute.` };
}
