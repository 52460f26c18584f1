// Slack latency: a signed slash command POSTed to the real bolt HTTP receiver until its reply lands on the
// response_url, p50/p99 over 1,000 commands (BENCH_SLACK_COMMANDS) against 100,000 stored articles (BENCH_STORED).
// Everything runs on 127.0.0.1: the bot in this process; a minimal fake Slack (auth.test + response_url, here
// because bench/ is compiled without tests/) and the load generator in a child process, as Slack is another machine.
// The database is filled once through the whole ingest pipeline (generated corpus, JSONL chunks of 500, as
// bench/speed.ts does, in a child process) and cached under os.tmpdir(), keyed by the count and a hash of the
// store's migrations.
// Run alone after a build: node dist/bench/slack.js
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createSlackBot, SLACK_EVENTS_PATH } from '../adapters/slack/client.js';
import { createApp } from '../src/app.js';
import { createLogger } from '../src/log.js';
import { type BenchSection, fmt, percentile } from './lib.js';
import { cachedBenchDb } from './speed.js';

const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench';
const NOW = new Date('2026-11-30T00:00:00Z');
const QUERIES = ['korea', 'china', 'economy', 'technology', 'climate', 'sports', '"missile launch"', '"interest rates"', 'security flaw', 'record heat Geneva', '"Kim Jong Un" sanctions', 'transfer deal'];
const WINDOWS = ['24h', '7d', '30d', 'all'];

/** A fake Slack just big enough for the bench: auth.test, and response_url posts that resolve a waiter. */
async function miniSlack() {
  const waiting = new Map<string, () => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      res.writeHead(200, { 'content-type': 'application/json' });
      if (url.startsWith('/api/auth.test')) return res.end(JSON.stringify({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0BENCH' }));
      res.end('{"ok":true}');
      const id = url.slice('/response/'.length);
      waiting.get(id)?.();
      waiting.delete(id);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/`,
    /** A response_url and a promise of the first post to it. */
    responseUrl() {
      const id = randomUUID();
      const posted = new Promise<void>((r) => waiting.set(id, r));
      return { url: `${base}/response/${id}`, posted };
    },
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

interface Timing {
  ack: number[];
  reply: number[];
}

/**
 * Child process: the fake Slack and the load. Prints the fake's API URL, reads the bot's endpoint from stdin, sends
 * `n` commands one after another (after 50 warm-up ones) and prints the timings. Being in its own process, its
 * clock is not held up by the bot's synchronous work, so "ack" is when Slack would see the HTTP 200.
 */
async function drive(n: number): Promise<void> {
  const slack = await miniSlack();
  process.stdout.write(JSON.stringify({ apiUrl: slack.apiUrl }) + '\n');
  const endpoint = (await createInterface({ input: process.stdin })[Symbol.asyncIterator]().next()).value as string;
  const one = async (i: number, t: Timing | undefined, help = false) => {
    const r = slack.responseUrl();
    const text = help ? 'help' : `${QUERIES[i % QUERIES.length]} since:${WINDOWS[Math.floor(i / QUERIES.length) % WINDOWS.length]} limit:5`;
    const body = new URLSearchParams({ command: '/brief', text, team_id: 'T0BENCH', channel_id: 'C0BENCH', user_id: 'U0BENCH', response_url: r.url, api_app_id: 'A0BENCH', trigger_id: 'x' }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const sig = 'v0=' + createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex');
    const t0 = performance.now();
    const res = await fetch(endpoint, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig } });
    await res.arrayBuffer();
    const acked = performance.now();
    if (res.status !== 200) throw new Error(`bot answered HTTP ${res.status}`);
    await r.posted;
    t?.ack.push(acked - t0);
    t?.reply.push(performance.now() - t0);
  };
  for (let i = 0; i < 50; i++) await one(i, undefined); // warm-up: JIT, page cache, statement cache
  const t: Timing = { ack: [], reply: [] };
  for (let i = 0; i < n; i++) await one(i, t);
  // The adapter alone: `/brief help` goes through bolt, parsing and respond() but not the search.
  const h: Timing = { ack: [], reply: [] };
  for (let i = 0; i < n; i++) await one(i, h, true);
  process.stdout.write(JSON.stringify({ brief: t, help: h }) + '\n');
  await slack.close();
}

/** Starts the bot over `db` and lets a child process (fake Slack + load) time `n` commands against it. */
async function measure(db: string, n: number): Promise<{ brief: Timing; help: Timing; stored: number }> {
  const core = createApp({ dbPath: db });
  const stored = (await core.store.stats()).articles;
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'drive', String(n)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const l = await lines.next();
    if (l.done) throw new Error('bench driver exited early');
    return JSON.parse(l.value as string) as T;
  };
  const { apiUrl } = await next<{ apiUrl: string }>();
  const bot = createSlackBot(core, { botToken: TOKEN, http: { signingSecret: SECRET, port: 0, host: '127.0.0.1' }, apiUrl, retries: 0, logger: createLogger('warn'), now: () => NOW });
  try {
    const { port } = await bot.start();
    child.stdin.write(`http://127.0.0.1:${port}${SLACK_EVENTS_PATH}\n`);
    const t = await next<{ brief: Timing; help: Timing }>();
    for (const x of [t.brief, t.help]) {
      x.ack.sort((a, b) => a - b);
      x.reply.sort((a, b) => a - b);
    }
    return { ...t, stored };
  } finally {
    child.kill();
    await bot.stop();
    await core.close();
  }
}

/** The Slack latency section for `npm run bench`. */
export async function benchSlack(storedCount = Number(process.env.BENCH_STORED ?? 100_000), commands = Number(process.env.BENCH_SLACK_COMMANDS ?? 1000)): Promise<BenchSection[]> {
  const { file: db, built } = cachedBenchDb(storedCount);
  const t = await measure(db, commands);
  const row = (label: string, x: Timing) => [label, commands, fmt(percentile(x.ack, 50)), fmt(percentile(x.ack, 99)), fmt(percentile(x.reply, 50)), fmt(percentile(x.reply, 99)), fmt(x.reply[x.reply.length - 1] ?? NaN)];
  return [
    {
      title: `Slack: slash command → response_url reply at ${t.stored} stored articles`,
      columns: ['command', 'commands', 'ack p50 ms', 'ack p99 ms', 'reply p50 ms', 'reply p99 ms', 'reply max ms'],
      rows: [row('/brief <query> since:… limit:5', t.brief), row('/brief help (adapter only)', t.help)],
      notes: [
        'Target: reply p99 <= 100 ms. Real bolt 5 HTTP receiver (signature check, ack, /brief through commands/, Block Kit, respond()) on 127.0.0.1; one command at a time after 50 warm-up commands; the sender and the fake Slack run in another process.',
        `12 queries x since 24h/7d/30d/all, limit 5. Database ${built ? `filled in ${fmt(built.seconds, 0)} s` : 'reused'} from ${db}.`,
      ],
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [phase, n] = process.argv.slice(2);
  if (phase === 'drive') await drive(Number(n));
  else process.stdout.write(JSON.stringify(await benchSlack(), null, 1) + '\n');
}
