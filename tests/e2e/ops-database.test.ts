// Another process holding the database's write lock, with a real second process holding it
// (tests/fixtures/lock-holder.mjs): the running service keeps answering /brief and /healthz, a command that must
// write is acknowledged at once and saved once the lock is free, or answered "busy, try again" after NEWSBRIEF_DB_WAIT;
// start-up under a held lock names the locked file. The service runs in-process against the fake Discord.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import cron from 'node-cron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { start, type Service } from '../../adapters/main.js';
import { createLogger } from '../../src/log.js';
import { systemClock } from '../../src/clock.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { PERMISSIONS, startFakeDiscord, type FakeDiscord, type SentInteraction } from '../fakes/discord.js';

const ADMIN = { permissions: PERMISSIONS.manager, id: '777777777777777777' };
const HOLDER = path.resolve(import.meta.dirname, '../fixtures/lock-holder.mjs');

let dir: string;
let db: string;
let fd: FakeDiscord;
let service: Service | undefined;
let holder: ChildProcess | undefined;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nb-ops-db-'));
  db = path.join(dir, 'nb.db');
  fd = await startFakeDiscord();
});

afterEach(async () => {
  holder?.kill();
  holder = undefined;
  await service?.stop();
  service = undefined;
  for (const t of cron.getTasks().values()) await t.destroy();
  await fd.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the lock holder on `file` and resolves once it holds the write lock. */
function holdLock(file: string): Promise<{ release(): Promise<void> }> {
  const child = spawn(process.execPath, [HOLDER, file], { stdio: ['pipe', 'pipe', 'inherit'] });
  holder = child;
  let out = '';
  const seen = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.includes(word) && resolve();
      child.stdout?.on('data', (d: Buffer) => {
        out += String(d);
        check();
      });
      child.once('close', (code) => (out.includes(word) ? resolve() : reject(new Error(`lock holder exited (${code}) before "${word}"`))));
      check();
    });
  return seen('locked').then(() => ({
    release: async () => {
      child.stdin?.write('release\n');
      await seen('released');
    },
  }));
}

const startService = async (env: Record<string, string> = {}) => {
  service = await start(
    { NEWSBRIEF_DB: db, NEWSBRIEF_HTTP_PORT: '0', DISCORD_TOKEN: fd.token, DISCORD_APPLICATION_ID: fd.applicationId, DISCORD_API_URL: fd.apiUrl, ...env },
    createLogger('silent'),
  );
  return { s: service, base: `http://127.0.0.1:${service.http?.port ?? 0}` };
};

/** The interaction's messages once one has text. */
async function replyText(i: SentInteraction): Promise<string> {
  await fd.until(() => (i.messages().some((m) => m.content || m.embeds.length > 0) ? true : undefined), 15_000, 'a reply');
  return i.messages().map((m) => m.content + JSON.stringify(m.embeds)).join('\n');
}

const callback = (i: SentInteraction) => i.waitFor((r) => r.method === 'POST' && /\/callback$/.test(r.path) && r.status > 0, 15_000);

describe('another process holds the database write lock', () => {
  it('keeps answering, acknowledges a write at once and saves it when the lock is free', async () => {
    const { s, base } = await startService({ NEWSBRIEF_DB_WAIT: '120' });
    const title = 'Korea talks resume in Seoul';
    const body = `${title}. North Korean and South Korean officials met in Seoul on Monday to discuss the stalled talks on the border. The meeting was described as constructive by both sides.`;
    expect((await s.app.pipeline.ingestContent(JSON.stringify({ title, body, url: 'https://news.example/k1', source: 'Example News' }), 'k1.json')).outcomes).toHaveLength(1);
    const lock = await holdLock(db);

    const add = fd.command('topics', { name: 'harbour', keywords: 'harbour, port strike' }, ADMIN, 'add');
    // Acknowledged ("thinking…") while the lock is still held, before the write can happen.
    expect((await callback(add)).body).toMatchObject({ type: 5 });
    expect(add.messages().map((m) => m.content).join('')).not.toContain('Added');

    // Other commands and /healthz answer meanwhile; /healthz says who holds what.
    expect(await replyText(fd.command('brief', { topic: 'korea' }))).toMatch(/Korea talks resume/);
    const h = await fetch(`${base}/healthz`);
    expect(h.status).toBe(200);
    expect(((await h.json()) as { checks: { database: unknown } }).checks.database).toMatchObject({ ok: true, path: db, writable: true, locked: true });
    expect(add.messages().map((m) => m.content).join('')).not.toContain('Added');

    await lock.release();
    expect(await replyText(add)).toContain('Added topic **harbour**');
    expect((await s.app.store.topics.listTopics(`discord:${fd.guilds[0]?.id}`)).map((t) => t.name)).toEqual(['harbour']);
    const after = (await (await fetch(`${base}/healthz`)).json()) as { checks: { database: unknown } };
    expect(after.checks.database).toEqual({ ok: true, path: db, writable: true });
  });

  it('answers "busy, try again" when the lock is not released within NEWSBRIEF_DB_WAIT', async () => {
    const { base } = await startService({ NEWSBRIEF_DB_WAIT: '0.3' });
    await holdLock(db);
    const add = fd.command('topics', { name: 'harbour', keywords: 'harbour' }, ADMIN, 'add');
    expect(await replyText(add)).toContain('The database is busy: another process is writing to it right now. Please try again in a moment.');
    expect(add.messages().every((m) => (m.flags & 64) === 64)).toBe(true);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('newsbrief_commands_total{platform="discord",command="topics add",outcome="busy"} 1');
  });

  it('refuses to start under a held lock, naming the locked file', async () => {
    await createSqliteStore(db, systemClock).close();
    await holdLock(db);
    await expect(startService({ NEWSBRIEF_DB_WAIT: '0.2' })).rejects.toThrow(`NEWSBRIEF_DB=${db} is locked by another process`);
  });
});
