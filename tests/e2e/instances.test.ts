// Several newsbrief processes on one database: each registers in the instances table and heartbeats with the
// database's clock; /healthz, /metrics and `/digest status` say how many are live and which roles they run;
// NEWSBRIEF_ROLES switches parts of `npm start` off. Two services run in-process, each with its own fake Discord.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import cron from 'node-cron';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { start, type Service } from '../../adapters/main.js';
import { createLogger } from '../../src/log.js';
import { PERMISSIONS, startFakeDiscord, type FakeDiscord, type SentInteraction } from '../fakes/discord.js';

const ADMIN = { permissions: PERMISSIONS.manager, id: '777777777777777777' };
let dir: string;
const fakes: FakeDiscord[] = [];
const services: Service[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nb-instances-'));
});
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
  for (const t of cron.getTasks().values()) await t.destroy();
  for (const f of fakes.splice(0)) await f.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startService(env: Record<string, string> = {}): Promise<{ s: Service; fd: FakeDiscord; base: string }> {
  const fd = await startFakeDiscord();
  fakes.push(fd);
  const s = await start(
    { NEWSBRIEF_DB: path.join(dir, 'nb.db'), NEWSBRIEF_HTTP_PORT: '0', DISCORD_TOKEN: fd.token, DISCORD_APPLICATION_ID: fd.applicationId, DISCORD_API_URL: fd.apiUrl, ...env },
    createLogger('silent'),
  );
  services.push(s);
  return { s, fd, base: `http://127.0.0.1:${s.http?.port ?? 0}` };
}

async function replyText(fd: FakeDiscord, i: SentInteraction): Promise<string> {
  await i.waitFor((r) => r.method === 'POST' && /\/callback$/.test(r.path) && r.status > 0);
  await fd.until(() => (i.messages().some((m) => m.content) ? true : undefined), 5000, 'a reply');
  return i.messages().map((m) => m.content).join('\n');
}

type InstanceCheck = { ok: boolean; id: string; roles: string[]; live: number; scheduler: number; poller: number; http: number };
const instanceCheck = async (base: string) => ((await (await fetch(`${base}/healthz`)).json()) as { checks: { instance: InstanceCheck } }).checks.instance;

describe('instances on one database', () => {
  it('registers each process with its roles; health, metrics and /digest status count the live ones', async () => {
    const a = await startService();
    const b = await startService({ NEWSBRIEF_ROLES: 'poller' });
    expect(b.s.instance.roles).toEqual(['poller']);
    expect(b.s.http).toBeUndefined(); // no http role: no /healthz server in that process
    expect((await b.s.scheduler.status()).running).toBe(false);
    expect((await a.s.scheduler.status()).running).toBe(true);

    expect(await instanceCheck(a.base)).toMatchObject({ ok: true, id: a.s.instance.id, roles: ['http', 'scheduler', 'poller'], live: 2, scheduler: 1, poller: 2, http: 1 });
    const m = await (await fetch(`${a.base}/metrics`)).text();
    expect(m).toContain('newsbrief_instances_live{role="any"} 2');
    expect(m).toContain('newsbrief_instances_live{role="scheduler"} 1');
    expect(m).toContain('newsbrief_instances_live{role="poller"} 2');

    await replyText(a.fd, a.fd.command('digest', { schedule: 'daily 08:00', timezone: 'UTC' }, ADMIN, 'set'));
    expect(await replyText(a.fd, a.fd.command('digest', {}, {}, 'status'))).toContain('newsbrief: 2 live instances, 1 posting digests.');

    // A stopped process leaves the table; one that died without stopping stops counting once its heartbeat is old.
    await services.splice(services.indexOf(b.s), 1)[0]?.stop();
    expect(await instanceCheck(a.base)).toMatchObject({ live: 1, scheduler: 1 });
    const db = new Database(path.join(dir, 'nb.db'));
    db.prepare(`INSERT INTO instances (id, host, pid, roles, started_at, heartbeat_at) VALUES ('dead', 'h', 1, '["scheduler"]', '2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z')`).run();
    db.close();
    expect(await instanceCheck(a.base)).toMatchObject({ live: 1 });
  });

  it('says when no live instance posts digests', async () => {
    const a = await startService({ NEWSBRIEF_ROLES: 'http,poller' });
    await replyText(a.fd, a.fd.command('digest', { schedule: 'daily 08:00', timezone: 'UTC' }, ADMIN, 'set'));
    expect(await replyText(a.fd, a.fd.command('digest', {}, {}, 'status'))).toContain('newsbrief: 1 live instance, none posting digests (NEWSBRIEF_ROLES has no scheduler)');
    expect((await (await fetch(`${a.base}/healthz`)).json()) as { checks: Record<string, unknown> }).not.toHaveProperty('checks.scheduler');
  });

  it('refuses an unknown role, naming the variable', async () => {
    await expect(startService({ NEWSBRIEF_ROLES: 'http,cook' })).rejects.toThrow(/NEWSBRIEF_ROLES: unknown role cook: use a comma-separated list of http, scheduler, poller/);
  });

  it('refuses a dead-after time under three heartbeats, naming both variables', async () => {
    await expect(startService({ NEWSBRIEF_HEARTBEAT_SECONDS: '10', NEWSBRIEF_DEAD_AFTER_SECONDS: '20' })).rejects.toThrow(/NEWSBRIEF_DEAD_AFTER_SECONDS: 20 s is under three heartbeats of 10 s \(NEWSBRIEF_HEARTBEAT_SECONDS\): use at least 30/);
  });
});
