// One newsbrief scheduler instance for the multi-instance fan-out bench (bench/fanout-instances.ts): opens the store
// argv[2] (a SQLite file or a postgres:// URL) and posts through the real Discord poster (discord.js REST) to the fake
// at argv[3] with token argv[4] (its REST client allowing the fake's limit, argv[5] per second, as each process's
// client would allow Discord's), paced by the budget every instance shares in the database (argv[6] requests per
// second, sharedPacer), argv[7] posts in flight. It runs the catch-up tick at argv[8] and prints `ready`; then each
// line on stdin is an ISO time to tick at (the app's clock moves there first), answered with one JSON line: the
// tally, the tick's seconds, this process's CPU seconds and its pacer's counts since `ready` (the same time again
// ticks nothing: it only reports them). `exit` ends it. It registers
// in the instances table as `bench-<pid>` (its claims' owner) and runs as production does: heartbeats every
// NEWSBRIEF_HEARTBEAT_SECONDS (default 5), the scheduler started (its sweep looks for a dead instance's claims at the
// same cadence; its minute ticks find nothing new, the clock being moved by stdin only), so the survivors of a kill take
// its claims over once it has not beaten for NEWSBRIEF_DEAD_AFTER_SECONDS (default 20).
import { createInterface } from 'node:readline';
import { REST } from 'discord.js';
import { createDiscordPoster, posterRateLimit } from '../adapters/discord/poster.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/log.js';
import { createScheduler } from '../src/schedule/scheduler.js';
import { instanceTiming, startInstance } from '../src/service/instance.js';
import { sharedPacer } from '../src/service/rate-budget.js';

const [target = '', apiUrl = '', token = '', rate = '500', budget = '450', concurrency = '64', catchUp = ''] = process.argv.slice(2);
let current = new Date(catchUp);
const timing = Object.fromEntries(['NEWSBRIEF_HEARTBEAT_SECONDS', 'NEWSBRIEF_DEAD_AFTER_SECONDS'].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])));
const config = loadConfig({ ...(target.startsWith('postgres') ? { NEWSBRIEF_DATABASE_URL: target } : { NEWSBRIEF_DB: target }), ...timing });
const { heartbeatSeconds, deadAfterSeconds } = instanceTiming(config);
const app = createApp({ config, now: () => current });
// As in production (discordRestOptions): rate limits on the poster's routes come back to the poster, which waits them
// out inside the shared budget.
const rest = new REST({ api: apiUrl, globalRequestsPerSecond: Number(rate), retries: 3, timeout: 15_000, rejectOnRateLimit: posterRateLimit }).setToken(token);
let limited = 0;
rest.on('rateLimited', () => limited++);
const pace = sharedPacer(app.store, 'discord', Number(budget), { limitPerSecond: Number(rate) });
const poster = createDiscordPoster(rest, { connected: () => true, now: app.now, concurrency: Number(concurrency), pace });
const owner = `bench-${process.pid}`;
const instance = await startInstance(app, { roles: ['scheduler'], logger: createLogger('silent'), id: owner, heartbeatSeconds, liveSeconds: deadAfterSeconds });
const scheduler = createScheduler(app, { posters: [poster], logger: createLogger('silent'), owner, deadOwnerMs: deadAfterSeconds * 1000, sweepMs: heartbeatSeconds * 1000 });
await scheduler.start(); // the catch-up tick at argv[8]
const cpu0 = process.cpuUsage(); // from here: the ticks and whatever the sweep does between them
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'exit') break;
  current = new Date(line.trim());
  const t0 = performance.now();
  const tally = await scheduler.tick(current);
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ tally, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, limited, pace: pace.stats }) + '\n');
}
await scheduler.stop();
await instance.stop();
await app.close();
