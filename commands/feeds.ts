// /feeds add|list|remove — the workspace's news feeds (RSS, Atom, JSON Feed), polled by `npm start`. Admins only:
// adding a feed makes the bot fetch URLs, and the list shows fetch errors. Adding fetches the feed at once and
// answers with its title and item count, or with the precise reason it failed.
import { z } from 'zod';
import { UserError } from '../src/errors.js';
import { addFeed, MAX_INTERVAL, MIN_INTERVAL, normalizeFeedUrl } from '../src/feeds/service.js';
import type { Feed } from '../src/store/types.js';
import { resolveTopics } from './digest.js';
import { subcommand, type CommandDefinition, type CommandDeps } from './types.js';

/** "5 min ago", "3 h ago", "2 d ago". */
export function ago(iso: string, now: Date): string {
  const s = Math.max(0, (now.getTime() - Date.parse(iso)) / 1000);
  if (s < 90) return 'just now';
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 129_600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

const feedName = (f: Feed): string => f.title ?? f.url;

/** One feed in /feeds list: name, URL, settings, last success, last error, article count. */
export function describeFeed(f: Feed, now: Date): string {
  const settings = [
    f.topics.length > 0 ? `topics: ${f.topics.join(', ')}` : undefined,
    `every ${f.intervalMinutes} min`,
    f.fetchPages ? undefined : 'pages off',
    `${f.articleCount} article${f.articleCount === 1 ? '' : 's'}`,
    `last ok: ${f.lastOkAt ? ago(f.lastOkAt, now) : 'never'}`,
  ].filter(Boolean);
  const lines = [`#${f.id} **${feedName(f)}** — ${f.url}`, `   ${settings.join(' · ')}`];
  if (f.disabledReason) lines.push(`   ⛔ disabled: ${f.disabledReason}`);
  else if (f.lastError) lines.push(`   ⚠ last error${f.failures > 1 ? ` (${f.failures} in a row)` : ''}: ${f.lastError}`);
  return lines.join('\n');
}

/** The feed a `/feeds remove` argument names: "#3", "3", or its URL. */
async function findFeed(app: CommandDeps, workspaceId: string, ref: string): Promise<Feed | undefined> {
  const feeds = await app.store.feeds.listFeeds(workspaceId);
  const id = /^#?(\d{1,9})$/.exec(ref.trim());
  if (id) return feeds.find((f) => f.id === Number(id[1]));
  let url: string;
  try {
    url = normalizeFeedUrl(ref);
  } catch {
    return undefined;
  }
  return feeds.find((f) => f.url === url || f.url.replace(/\/$/, '') === url.replace(/\/$/, ''));
}

const addSchema = z.object({
  url: z.string({ error: 'Give the feed URL, e.g. url:https://example.com/feed.xml' }).min(1, 'Give the feed URL'),
  topics: z.string().optional(),
  interval: z.coerce
    .number({ error: 'interval must be a number of minutes' })
    .int('interval must be a whole number of minutes')
    .min(MIN_INTERVAL, `interval must be at least ${MIN_INTERVAL} minutes`)
    .max(MAX_INTERVAL, `interval can be at most ${MAX_INTERVAL} minutes (a day)`)
    .optional(),
  pages: z.enum(['on', 'off'], { error: 'pages must be on or off' }).optional(),
});

export const feedsCommand: CommandDefinition = {
  name: 'feeds',
  description: "Manage this workspace's news feeds (RSS, Atom, JSON Feed) (admins)",
  subcommands: [
    subcommand({
      name: 'add',
      description: 'Add a feed: fetched now, then polled (admins)',
      admin: true,
      // Fetching may take up to 10 s and most failures are private: no public "thinking…" that ends in nothing.
      privateDefer: true,
      options: [
        { name: 'url', description: 'Feed URL (RSS, Atom or JSON Feed), or a site that links to its feed', type: 'string', required: true },
        { name: 'topics', description: 'Comma-separated topics its articles belong to (optional)', type: 'string' },
        { name: 'interval', description: `Minutes between polls (${MIN_INTERVAL}-${MAX_INTERVAL}, default 15)`, type: 'integer', min: MIN_INTERVAL, max: MAX_INTERVAL },
        { name: 'pages', description: 'Fetch the full article page when an item is only a teaser (default on)', type: 'string', choices: ['on', 'off'] },
      ],
      schema: addSchema,
      async run(app, ctx, args) {
        const url = normalizeFeedUrl(args.url);
        // Only the settings given here: a feed added before keeps the others.
        const topics = args.topics === undefined ? undefined : await resolveTopics(app, ctx.workspaceId, args.topics);
        const r = await addFeed(
          app,
          {
            workspaceId: ctx.workspaceId, url, addedBy: ctx.userId, addedIn: ctx.channelId,
            ...(topics ? { topics } : {}), ...(args.interval !== undefined ? { intervalMinutes: args.interval } : {}), ...(args.pages ? { fetchPages: args.pages === 'on' } : {}),
          },
          ctx.now,
        );
        const moved = r.feed.url !== url ? ` (found at ${r.feed.url})` : '';
        const items = `${r.itemCount} item${r.itemCount === 1 ? '' : 's'}`;
        const added = `${r.ingest.added} new article${r.ingest.added === 1 ? '' : 's'}`;
        const skipped = r.ingest.rejected.length > 0 ? `, ${r.ingest.rejected.length} skipped` : '';
        const current = `Polled every ${r.feed.intervalMinutes} min${r.feed.topics.length ? `; topics: ${r.feed.topics.join(', ')}` : ''}${r.feed.fetchPages ? '' : '; pages off'}.`;
        const fetched = `${items}, ${added}${skipped}`;
        if (r.created) return { kind: 'message', text: `Added feed #${r.feed.id} **${feedName(r.feed)}**${moved}: ${fetched}. ${current}` };
        const changed = r.changes.map((c) => `${c.setting} ${c.from} → ${c.to}`).join('; ');
        const what = [r.reenabled ? 're-enabled it' : '', changed ? `changed ${changed}` : ''].filter(Boolean).join(' and ');
        return {
          kind: 'message',
          text: `Feed #${r.feed.id} **${feedName(r.feed)}**${moved} was already added: ${what || 'nothing changed (settings kept)'}. ${fetched}. ${current}`,
        };
      },
    }),
    subcommand({
      name: 'list',
      description: "List this workspace's feeds with their last success, last error and article count (admins)",
      admin: true,
      options: [],
      schema: z.object({}),
      async run(app, ctx) {
        const feeds = await app.store.feeds.listFeeds(ctx.workspaceId);
        if (feeds.length === 0) {
          return { kind: 'message', private: true, text: 'This workspace has no feeds. Add one with `/feeds add url:https://example.com/feed.xml`.' };
        }
        const disabled = feeds.filter((f) => f.disabledReason).length;
        const head = `Feeds (${feeds.length}${disabled ? `, ${disabled} disabled` : ''}):`;
        return { kind: 'message', private: true, text: [head, ...feeds.map((f) => describeFeed(f, ctx.now))].join('\n') };
      },
    }),
    subcommand({
      name: 'remove',
      description: 'Stop polling a feed (its articles stay) (admins)',
      admin: true,
      options: [{ name: 'feed', description: 'The feed number from /feeds list (e.g. 3) or its URL', type: 'string', required: true }],
      // A number stays a reference ("3"); a missing value is refused (coercion would make it the text "undefined").
      schema: z.object({
        feed: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string({ error: 'Give the feed number from /feeds list, or its URL' }).min(1, 'Give the feed number from /feeds list, or its URL')),
      }),
      async run(app, ctx, args) {
        const feed = await findFeed(app, ctx.workspaceId, args.feed);
        if (!feed) throw new UserError(`This workspace has no feed ${args.feed.slice(0, 100)}. \`/feeds list\` shows them.`);
        await app.store.feeds.removeFeed(ctx.workspaceId, feed.id);
        return { kind: 'message', text: `Removed feed #${feed.id} **${feedName(feed)}**. Its ${feed.articleCount} article${feed.articleCount === 1 ? '' : 's'} stay in the archive.` };
      },
    }),
  ],
};
