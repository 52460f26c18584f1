// End to end: /feeds add|list|remove through the REAL @slack/bolt app (HTTP receiver) against the fake Slack, with
// feeds served by the fake feed server on 127.0.0.1 (private addresses allowed for it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackBot, SLACK_EVENTS_PATH, type SlackBot } from '../../adapters/slack/client.js';
import { messageTexts, mentionsSafe, type SlackBlock } from '../../adapters/slack/limits.js';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { articleText, rssFeed, startFeedServer, type FakeFeedServer } from '../fakes/feeds.js';
import { postToBot, slashPayload, startFakeSlack, type FakeSlack } from '../fakes/slack.js';

const SECRET = 'test-signing-secret';
const BOT_TOKEN = 'xoxb-test-token';
const TEAM = 'T0TEST';
type SlackReply = { response_type?: string; text: string; blocks?: SlackBlock[] };

let fake: FakeSlack;
let feeds: FakeFeedServer;
let core: App;
let bot: SlackBot;
let url: string;

async function ask(text: string, user = 'U0ADMIN', team = TEAM): Promise<SlackReply> {
  const r = fake.responseUrl();
  const res = await postToBot(url, SECRET, slashPayload({ command: '/feeds', text, response_url: r.url, user_id: user, team_id: team }));
  expect(res.status).toBe(200);
  return (await fake.waitForResponse(r.id, 0, 15_000)) as SlackReply;
}
const visible = (r: SlackReply) => messageTexts({ text: r.text, ...(r.blocks ? { blocks: r.blocks } : {}) }).join('\n');

beforeAll(async () => {
  fake = await startFakeSlack({ botToken: BOT_TOKEN });
  fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
  fake.users.set('U0MEMBER', { id: 'U0MEMBER' });
  feeds = await startFeedServer();
  const file = FileConfigSchema.parse({ topics: [{ name: 'korea', keywords: ['north korea', 'pyongyang', 'seoul'] }] });
  const config: Config = {
    dbPath: ':memory:', configFile: 'test', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent',
    feeds: { allowPrivate: true, userAgent: 'newsbrief-test', intervalMinutes: 15 },
  };
  core = createApp({ config, dbPath: ':memory:' });
  bot = createSlackBot(core, { botToken: BOT_TOKEN, http: { signingSecret: SECRET, port: 0, host: '127.0.0.1' }, apiUrl: fake.apiUrl, retries: 0, logger: createLogger('silent') });
  const { port } = await bot.start();
  url = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;
  feeds.route('/harbor.atom', {
    contentType: 'application/atom+xml',
    body: `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Harbor &lt;!channel&gt; Desk</title><id>urn:h</id><updated>2026-11-30T00:00:00Z</updated>
<link href="https://harbor.example/"/>
<entry><id>urn:h:1</id><title>Pyongyang opens a new port terminal</title><link href="https://harbor.example/terminal"/><updated>2026-11-30T00:00:00Z</updated>
<content type="html">&lt;p&gt;${articleText('north korea port trade', 12)}&lt;/p&gt;</content></entry></feed>`,
  });
  feeds.route('/rss.xml', { body: rssFeed('Quiet Wire', [{ title: 'Calm seas all week', guid: 'q1', content: articleText('calm seas', 12) }]) });
}, 20_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await feeds?.close();
  await core?.close();
});

describe('/feeds on Slack', () => {
  it('adds a feed given as url:… and answers with its title and item count', async () => {
    const r = await ask(`add url:${feeds.url('/harbor.atom')} topics:korea`);
    expect(r.response_type).toBe('in_channel');
    expect(visible(r)).toMatch(/Added feed #1 \*Harbor Desk\*: 1 item, 1 new article\. Polled every 15 min; topics: korea\./);
    expect(visible(r)).not.toContain('<!channel>'); // markup in a feed title is text, never a mention
    expect(mentionsSafe({ text: r.text, ...(r.blocks ? { blocks: r.blocks } : {}) })).toBe(true);
    expect(await core.store.feeds.listFeeds(`slack:${TEAM}`)).toMatchObject([{ addedBy: 'slack:U0ADMIN', articleCount: 1 }]);
  });

  it('adds a feed given the way Slack links a URL (<url>), with an interval and pages off', async () => {
    const r = await ask(`add <${feeds.url('/rss.xml')}> interval:30 pages:off`);
    expect(visible(r)).toMatch(/Added feed #2 \*Quiet Wire\*: 1 item, 1 new article\. Polled every 30 min; pages off\./);
    expect(await core.store.feeds.getFeed(2)).toMatchObject({ intervalMinutes: 30, fetchPages: false });
  });

  it('keeps the topics and settings of a feed added again without them, and says nothing changed', async () => {
    const r = await ask(`add url:${feeds.url('/harbor.atom')}`);
    expect(visible(r)).toMatch(/Feed #1 \*Harbor Desk\* was already added: nothing changed \(settings kept\)\. 1 item, 0 new articles\. Polled every 15 min; topics: korea\./);
    expect(await core.store.feeds.getFeed(1)).toMatchObject({ topics: ['korea'], intervalMinutes: 15, fetchPages: true });
  });

  it('re-adding through a page that links to the feed changes only what is given, and says what changed', async () => {
    feeds.route('/harbor-home', {
      contentType: 'text/html',
      body: `<!doctype html><html><head><title>Harbor</title><link rel="alternate" type="application/atom+xml" href="${feeds.url('/harbor.atom')}"></head><body>Harbor news</body></html>`,
    });
    const r = await ask(`add url:${feeds.url('/harbor-home')} interval:45`);
    expect(visible(r)).toContain('was already added: changed interval 15 min → 45 min.');
    expect(visible(r)).toContain('Polled every 45 min; topics: korea.');
    expect(await core.store.feeds.getFeed(1)).toMatchObject({ topics: ['korea'], intervalMinutes: 45, fetchPages: true });
    const again = await ask(`add url:${feeds.url('/harbor.atom')} topics:none-such`);
    expect(visible(again)).toContain('Unknown topic: none-such');
    expect(await core.store.feeds.getFeed(1)).toMatchObject({ topics: ['korea'] });
  });

  it('answers a failing feed privately with the precise reason', async () => {
    feeds.route('/html', { body: '<!doctype html><html><head><title>Home</title></head><body>no feed</body></html>', contentType: 'text/html' });
    const r = await ask(`add url:${feeds.url('/html')}`);
    expect(r.response_type).toBe('ephemeral');
    expect(visible(r)).toContain('not a feed: the server sent an HTML page');
    const bad = await ask('add url:ftp://files.example/feed');
    expect(visible(bad)).toContain('Only http and https feeds can be added, not ftp.');
  });

  it('lists feeds privately with article counts and last success', async () => {
    const r = await ask('list');
    expect(r.response_type).toBe('ephemeral');
    expect(visible(r)).toContain('Feeds (2):');
    expect(visible(r)).toMatch(/topics: korea · every 45 min · 1 article · last ok: just now/);
    expect(visible(r)).toMatch(/every 30 min · pages off · 1 article/);
  });

  it('refuses /feeds to a member who is not a workspace admin', async () => {
    const r = await ask(`add url:${feeds.url('/rss.xml')}`, 'U0MEMBER');
    expect(r.response_type).toBe('ephemeral');
    expect(visible(r)).toMatch(/workspace admin/);
  });

  it('removes a feed by URL', async () => {
    const r = await ask(`remove feed:${feeds.url('/rss.xml')}`);
    expect(visible(r)).toContain('Removed feed #2 *Quiet Wire*');
    expect((await core.store.feeds.listFeeds(`slack:${TEAM}`)).map((f) => f.id)).toEqual([1]);
  });
});
