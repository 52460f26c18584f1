// End to end: story updates rewritten by the LLM, through `npm start`'s entry point with Discord and Slack on their
// loopback fakes and the real openai client against the fake OpenAI server. A digest is posted, two reports with new
// facts arrive through ingest, and the thread reply is one sentence citing them as [1][2], each mapped to its link;
// the same delta for the Slack thread comes from the cache. An answer with a number no cited article has is refused
// and the offline delta (each new sentence with its source) is posted instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { start, type Service } from '../../adapters/main.js';
import { createLogger } from '../../src/log.js';
import { nextRuns } from '../../src/schedule/schedule.js';
import { PERMISSIONS, startFakeDiscord, type FakeDiscord } from '../fakes/discord.js';
import { defaultAnswer, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { slashPayload, startFakeSlack, type FakeSlack } from '../fakes/slack.js';

const CHANNEL = '333333333333333333';
const SLACK_CHANNEL = 'C0NEWS';
const ADMIN = { permissions: PERMISSIONS.manager, id: '777777777777777777' };

let dir: string;
let fd: FakeDiscord;
let fs: FakeSlack;
let openai: FakeOpenAI;
let service: Service | undefined;
let n = 0;

beforeEach(async () => {
  n = 0;
  dir = mkdtempSync(path.join(tmpdir(), 'nb-rewrite-'));
  fd = await startFakeDiscord();
  fs = await startFakeSlack({ botToken: 'xoxb-test-token', appToken: 'xapp-test-token' });
  fs.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
  openai = await startFakeOpenAI();
});

afterEach(async () => {
  await service?.stop();
  service = undefined;
  await fd.close();
  await fs.close();
  await openai.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startService(): Promise<Service> {
  service = await start({
    NEWSBRIEF_DB: path.join(dir, 'nb.db'), NEWSBRIEF_HTTP_PORT: 'off', DISCORD_TOKEN: fd.token, DISCORD_APPLICATION_ID: fd.applicationId,
    DISCORD_API_URL: fd.apiUrl, SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: 'xapp-test-token', SLACK_API_URL: fs.apiUrl,
    OPENAI_BASE_URL: openai.baseURL, NEWSBRIEF_LLM_MODEL: 'fake-model',
  }, createLogger('silent'));
  await fs.socketReady();
  return service;
}

const LEAD = 'Typhoon Haikui hit Okinawa on Monday, closing Naha airport. About 80,000 homes lost power across the island, the utility said.';
async function report(s: Service, source: string, extra: string): Promise<void> {
  const title = `Typhoon Haikui hits Okinawa${n === 0 ? '' : `: update ${n}`}`;
  const r = await s.app.pipeline.ingestContent(JSON.stringify({ title, body: `${LEAD} ${extra}`, url: `https://news.example/r${++n}`, source }), `r${n}.json`);
  expect(r.rejections).toEqual([]);
}

/** Digests on Discord and Slack, one posted with the typhoon story, then two reports with new facts. */
async function digestThenNews(s: Service): Promise<string> {
  const d = fd.command('digest', { schedule: 'daily 08:00', timezone: 'UTC' }, ADMIN, 'set');
  await d.waitFor((x) => x.path.includes('/callback'));
  const r = fs.responseUrl();
  await fs.sendEnvelope('slash_commands', slashPayload({ command: '/digest', text: 'set "daily 08:00" timezone:UTC', response_url: r.url, user_id: 'U0ADMIN', channel_id: SLACK_CHANNEL }));
  await fs.waitForResponse(r.id);
  await report(s, 'Harbor Daily', 'Schools were closed in Naha.');
  const slot = (nextRuns('0 8 * * *', 'UTC', 1, s.app.now())[0] as Date).toISOString();
  expect(await s.scheduler.tick(new Date(Date.parse(slot) + 1000))).toMatchObject({ posted: 2 });
  await report(s, 'Island Times', 'Governor Denny Tamaki visited shelters in Nago.');
  await report(s, 'Pacific Wire', 'Power was back in 55,000 homes by Wednesday.');
  return slot;
}

const at = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000);
const threadReplies = () => {
  const digest = fd.channelMessages(CHANNEL)[0];
  return fd.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${digest?.id}/messages` && r.status === 200).map((r) => (r.body as { content: string }).content);
};
const slackReplies = () => fs.posts(SLACK_CHANNEL).filter((p) => p.thread_ts).map((p) => String(p.text));
/** Discord's escapes undone, to read the text as shown. */
const shown = (s: string) => s.replace(/\\([[\]*_~`|<\\])/g, '$1');

describe('story updates rewritten by the LLM', () => {
  it('replies with one sentence citing its articles [1][2], each linked, asked once for both threads', async () => {
    openai.respondWith((r) =>
      r.schemaName === 'story_update'
        ? { content: JSON.stringify({ sentence: 'Governor Denny Tamaki visited shelters in Nago [1] as power came back to 55,000 homes [2].' }) }
        : defaultAnswer(r));
    const s = await startService();
    const slot = await digestThenNews(s);
    expect(await s.updates.tick(at(slot, 2))).toEqual({ posted: 2, nothingNew: 0, held: 0, failed: 0 });

    const [discord] = threadReplies();
    expect(threadReplies()).toHaveLength(1);
    expect(shown(discord ?? '')).toContain(
      '• Governor Denny Tamaki visited shelters in Nago [1] as power came back to 55,000 homes [2]. ([1] [Island Times](<https://news.example/r2>), [2] [Pacific Wire](<https://news.example/r3>))');
    expect(discord?.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(1);
    const [slack] = slackReplies();
    expect(slackReplies()).toHaveLength(1);
    expect(slack).toContain('Governor Denny Tamaki visited shelters in Nago [1] as power came back to 55,000 homes [2]. ([1] <https://news.example/r2|Island Times>, [2] <https://news.example/r3|Pacific Wire>)');

    // One request for both threads (the same delta: cached or shared), with the two reports' new sentences only.
    const asked = openai.calls('story_update');
    expect(asked).toHaveLength(1);
    expect(asked[0]?.userText).toContain('[1] Typhoon Haikui hits Okinawa: update 1 | Governor Denny Tamaki visited shelters in Nago.');
    expect(asked[0]?.userText).toContain('[2] Typhoon Haikui hits Okinawa: update 2 | Power was back in 55,000 homes by Wednesday.');
    expect(asked[0]?.userText).not.toContain('80,000');
  });

  it('posts the offline delta when the answer names a number the cited articles do not have', async () => {
    openai.respondWith((r) =>
      r.schemaName === 'story_update'
        ? { content: JSON.stringify({ sentence: 'Governor Denny Tamaki visited Nago [1] as power came back to 65,000 homes [2].' }) }
        : defaultAnswer(r));
    const s = await startService();
    const slot = await digestThenNews(s);
    expect(await s.updates.tick(at(slot, 2))).toMatchObject({ posted: 2, failed: 0 });

    const [discord] = threadReplies();
    expect(shown(discord ?? '')).toContain('• Governor Denny Tamaki visited shelters in Nago. ([Island Times](<https://news.example/r2>))');
    expect(shown(discord ?? '')).toContain('• Power was back in 55,000 homes by Wednesday. ([Pacific Wire](<https://news.example/r3>))');
    expect(discord).not.toContain('65,000');
    expect(slackReplies()[0]).toContain('• Power was back in 55,000 homes by Wednesday. (<https://news.example/r3|Pacific Wire>)');
    // A refused answer is not cached: each thread asked, and both refusals are counted as fallbacks.
    expect(openai.calls('story_update')).toHaveLength(2);
    expect((await s.app.llm?.status())?.fallbacksToday).toBeGreaterThanOrEqual(2);
  });
});
