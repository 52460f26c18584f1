// /follow story|topic|list|off|quiet — personal follows: a direct message when a followed story gains new facts, or
// when a new story matches a followed topic (at most a daily cap, the rest summarized), outside the user's quiet
// hours. Everything here is private to the user; the Follow button on a story runs `/follow story` (adapters).
import { z } from 'zod';
import { buildQuery } from '../src/briefing/query.js';
import { topicsFor } from '../src/briefing/topics.js';
import { UserError } from '../src/errors.js';
import { DEFAULT_DAILY_CAP, parseQuietHours } from '../src/follows/settings.js';
import { validateTimezone } from '../src/schedule/schedule.js';
import type { Follow } from '../src/store/follow-types.js';
import { subcommand, type CommandContext, type CommandDefinition, type CommandDeps, type Reply } from './types.js';

/** Most follows one user keeps in a workspace. */
export const MAX_FOLLOWS = 50;
/** Most topic alerts a day a user may ask for. */
export const MAX_DAILY_CAP = 50;

const say = (text: string): Reply => ({ kind: 'message', private: true, text });
const cut = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const describe = (f: Follow) => `#${f.id} ${f.kind === 'story' ? `story ${f.storyId ?? ''}: ${cut(f.label)}` : `topic: ${cut(f.label)}`}`;

async function roomFor(app: CommandDeps, ctx: CommandContext): Promise<void> {
  if ((await app.store.follows.listFollows(ctx.workspaceId, ctx.userId)).length >= MAX_FOLLOWS) {
    throw new UserError(`You already follow ${MAX_FOLLOWS} stories and topics here; stop one first with /follow off.`);
  }
}

/** Follows a story for the user (the /follow story command and the Follow button). */
export async function followStory(app: CommandDeps, ctx: CommandContext, storyId: number): Promise<Reply> {
  const id = await app.store.stories.resolveStory(storyId);
  const [story] = await app.store.stories.getStories([id]);
  if (!story) return say(`There is no story ${storyId} (it may have been removed). Story numbers are in the footer of its Sources.`);
  await roomFor(app, ctx);
  const { follow, created } = await app.store.follows.addFollow({
    workspaceId: ctx.workspaceId, userId: ctx.userId, kind: 'story', storyId: id, label: story.headline || `story ${id}`, createdAt: ctx.now.toISOString(),
  });
  return say(created
    ? ctx.platform === 'cli'
      ? `Following “${cut(follow.label)}”. \`newsbrief follow check\` prints only what is new when it gains new facts; \`newsbrief follow off ${follow.id}\` stops it.`
      : `Following “${cut(follow.label)}”. I will send you a direct message with only what is new when it gains new facts. /follow off ${follow.id} stops it.`
    : `You already follow “${cut(follow.label)}” (#${follow.id}).`);
}

export const followCommand: CommandDefinition = {
  name: 'follow',
  description: 'Follow a story or a topic: direct messages with what is new (only you see these)',
  subcommands: [
    subcommand({
      name: 'story',
      description: 'Get a direct message when a story gains new facts',
      admin: false,
      options: [{ name: 'id', description: 'The story number (in its Sources footer, or the Follow button)', type: 'integer', required: true, min: 1 }],
      schema: z.object({ id: z.coerce.number({ error: 'id must be a story number' }).int('id must be a whole number').min(1, 'id must be at least 1') }),
      run: (app, ctx, args) => followStory(app, ctx, args.id),
    }),
    subcommand({
      name: 'topic',
      description: 'Get a direct message when a new story matches a topic or words (like /brief)',
      admin: false,
      options: [{ name: 'topic', description: 'A topic (korea, climate…) or any words', type: 'string', required: true, autocomplete: true }],
      schema: z.object({ topic: z.string({ error: 'Give a topic or words, e.g. korea' }).trim().min(1, 'Give a topic or words, e.g. korea').max(300, 'A topic can be at most 300 characters') }),
      async run(app, ctx, args) {
        const q = buildQuery(args.topic, await topicsFor(app.store.topics, app.config.topics, ctx.workspaceId));
        if (q.text.phrases.length === 0) throw new UserError(`"${cut(args.topic, 40)}" has no words to look for: try a topic name or a few words.`);
        await roomFor(app, ctx);
        const { follow, created } = await app.store.follows.addFollow({
          workspaceId: ctx.workspaceId, userId: ctx.userId, kind: 'topic', query: args.topic, label: q.display, createdAt: ctx.now.toISOString(),
        });
        const cap = (await app.store.follows.followUser(ctx.workspaceId, ctx.userId))?.dailyCap ?? DEFAULT_DAILY_CAP;
        return say(created
          ? `Following ${q.topic ? 'the topic' : ''} “${cut(follow.label)}”: ${ctx.platform === 'cli' ? '`newsbrief follow check` prints each new story that matches' : 'a direct message when a new story matches'}, at most ${cap} a day (the rest in one summary). ${ctx.platform === 'cli' ? `\`newsbrief follow off ${follow.id}\`` : `/follow off ${follow.id}`} stops it.`.replace('Following  ', 'Following ')
          : `You already follow “${cut(follow.label)}” (#${follow.id}).`);
      },
    }),
    subcommand({
      name: 'list',
      description: 'What you follow here, and your quiet hours',
      admin: false,
      options: [],
      schema: z.object({}),
      async run(app, ctx) {
        const follows = await app.store.follows.listFollows(ctx.workspaceId, ctx.userId);
        const u = await app.store.follows.followUser(ctx.workspaceId, ctx.userId);
        if (follows.length === 0) return say('You follow nothing here. Use the Follow button on a story, /follow story or /follow topic.');
        const lines = [`You follow (${follows.length}):`, ...follows.map((f) => `• ${describe(f)}`)];
        const quiet = u?.quietStart && u.quietEnd ? `quiet ${u.quietStart}-${u.quietEnd} ${u.timezone}` : 'no quiet hours';
        lines.push(`Alerts: at most ${u?.dailyCap ?? DEFAULT_DAILY_CAP} a day, ${quiet}.`);
        if (u?.pausedAt) lines.push(`Paused: ${u.pausedReason ?? 'direct messages failed'}. Following anything again resumes them.`);
        return say(lines.join('\n'));
      },
    }),
    subcommand({
      name: 'off',
      description: 'Stop following one (its # from /follow list) or all',
      admin: false,
      options: [{ name: 'follow', description: 'The # from /follow list, or "all"', type: 'string', required: true }],
      schema: z.object({
        follow: z.string({ error: 'Say which: the # from /follow list, or all' }).trim().regex(/^(#?\d{1,15}|all)$/i, 'Say which: the # from /follow list (e.g. 3), or all'),
      }),
      async run(app, ctx, args) {
        if (args.follow.toLowerCase() === 'all') {
          const n = await app.store.follows.removeFollows(ctx.workspaceId, ctx.userId);
          return say(n === 0 ? 'You followed nothing here.' : `Stopped all ${n} follows.`);
        }
        const id = Number(args.follow.replace('#', ''));
        const follows = await app.store.follows.listFollows(ctx.workspaceId, ctx.userId);
        const f = follows.find((x) => x.id === id);
        if (!f) return say(`You have no follow #${id} here. /follow list shows yours.`);
        await app.store.follows.removeFollows(ctx.workspaceId, ctx.userId, id);
        return say(`Stopped following ${describe(f)}.`);
      },
    }),
    subcommand({
      name: 'quiet',
      description: 'Quiet hours for your alerts (held, then sent after), your timezone and daily cap',
      admin: false,
      options: [
        { name: 'hours', description: 'e.g. 22:00-07:00, or off', type: 'string', required: true },
        { name: 'timezone', description: 'IANA timezone, e.g. Asia/Seoul (default: yours so far, else UTC)', type: 'string' },
        { name: 'cap', description: `Most topic alerts a day (1-${MAX_DAILY_CAP}, default ${DEFAULT_DAILY_CAP})`, type: 'integer', min: 1, max: MAX_DAILY_CAP },
      ],
      schema: z.object({
        hours: z.string({ error: 'Give quiet hours like 22:00-07:00, or off' }).trim().min(1, 'Give quiet hours like 22:00-07:00, or off'),
        timezone: z.string().optional(),
        cap: z.coerce.number({ error: 'cap must be a number' }).int('cap must be a whole number').min(1, 'cap must be at least 1').max(MAX_DAILY_CAP, `cap can be at most ${MAX_DAILY_CAP}`).optional(),
      }),
      async run(app, ctx, args) {
        const off = args.hours.toLowerCase() === 'off';
        const hours = off ? undefined : parseQuietHours(args.hours);
        const cur = await app.store.follows.followUser(ctx.workspaceId, ctx.userId);
        const timezone = args.timezone?.trim() ? validateTimezone(args.timezone) : (cur?.timezone ?? 'UTC');
        const dailyCap = args.cap ?? cur?.dailyCap ?? DEFAULT_DAILY_CAP;
        await app.store.follows.saveFollowUser({ workspaceId: ctx.workspaceId, userId: ctx.userId, timezone, dailyCap, ...(hours ? { quietStart: hours.start, quietEnd: hours.end } : {}) });
        return say(hours
          ? `Quiet hours ${hours.start}-${hours.end} (${timezone}): alerts that come then are held and sent after. At most ${dailyCap} topic alerts a day.`
          : `No quiet hours (${timezone}). At most ${dailyCap} topic alerts a day.`);
      },
    }),
  ],
};
