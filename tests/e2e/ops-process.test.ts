// `newsbrief serve` as an operator runs it: a real child process over dist/. SIGTERM
// to that process drains the reply in flight and exits 0; start-up problems are printed plainly on stderr, naming the
// variable and the file or URL (the JSON log on stdout keeps the stack); a read-only database is refused by path.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'newsbrief.js');

let dir: string;
let db: string;
let fd: FakeDiscord;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nb-ops-proc-'));
  db = path.join(dir, 'nb.db');
  fd = await startFakeDiscord();
});
afterEach(async () => {
  await fd.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the service needs, nothing from the developer's own settings (but the shifted test clock, if any). */
const baseEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '',
  ...Object.fromEntries(['NODE_OPTIONS', 'NEWSBRIEF_TEST_CLOCK', 'NEWSBRIEF_TEST_CLOCK_ORIGIN'].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : []))),
  HOME: dir,
  NEWSBRIEF_DB: db,
  NEWSBRIEF_HTTP_PORT: '0',
  DISCORD_TOKEN: fd.token,
  DISCORD_APPLICATION_ID: fd.applicationId,
  DISCORD_API_URL: fd.apiUrl,
  ...extra,
});

/** Runs `newsbrief serve` to completion (for start-up failures). */
function serveOnce(env: NodeJS.ProcessEnv, uid?: number) {
  const r = spawnSync(process.execPath, [bin, 'serve'], { cwd: root, env, encoding: 'utf8', timeout: 25_000, ...(uid === undefined ? {} : { uid, gid: uid }) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('newsbrief serve', () => {
  it('drains the reply in flight on SIGTERM to the process the operator started, then exits 0', async () => {
    const child = spawn(process.execPath, [bin, 'serve'], { cwd: root, env: baseEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    const running = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        out += String(d);
        if (out.includes('newsbrief is running')) resolve();
      }),
    );
    // 'close', not 'exit': the child's last lines may still be in the pipe when it exits.
    const exited = new Promise<{ code: number | null; answeredFirst: boolean }>((resolve) =>
      child.once('close', (code) => resolve({ code, answeredFirst: callbackAnswered() })),
    );
    let callbackAnswered = () => false;
    await running;
    await fd.ready();

    // Discord is slow to take this reply: it is still in flight when the signal arrives.
    fd.delayOnce((method, p) => method === 'POST' && /\/callback$/.test(p), 1500);
    const i = fd.command('brief', { topic: 'korea' });
    const pending = await i.waitFor((r) => /\/callback$/.test(r.path));
    callbackAnswered = () => pending.status > 0;
    expect(pending.status).toBe(0);
    child.kill('SIGTERM');

    const { code, answeredFirst } = await exited;
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(answeredFirst).toBe(true);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; signal?: string });
    expect(lines.find((l) => l.msg.startsWith('shutting down'))?.signal).toBe('SIGTERM');
    expect(lines.at(-1)?.msg).toBe('stopped');
  });

  it('rejects an unknown LOG_LEVEL with the valid ones, plainly', async () => {
    const r = serveOnce(baseEnv({ LOG_LEVEL: 'loud' }));
    expect(r.code).toBe(1);
    expect(r.err).toBe('newsbrief could not start: LOG_LEVEL=loud is not a log level: use one of fatal, error, warn, info, debug, trace, silent\n');
  });

  it('names DISCORD_API_URL and the URL when Discord cannot be reached; the JSON log keeps the stack', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = serveOnce(baseEnv({ DISCORD_API_URL: `http://127.0.0.1:${port}/api` }));
    expect(r.code).toBe(1);
    expect(r.err).toBe(`newsbrief could not start:\nDISCORD_API_URL http://127.0.0.1:${port}/api: cannot reach Discord: connection refused (ECONNREFUSED). Check the URL (unset it to use Discord itself) and the network\n`);
    const fatal = r.out.trim().split('\n').map((l) => JSON.parse(l) as { level: number; err?: { stack?: string } }).find((l) => l.level === 60);
    expect(fatal?.err?.stack).toMatch(/\n\s+at /);
  });

  it('names SLACK_API_URL and the URL when Slack cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = serveOnce(baseEnv({ DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: `http://127.0.0.1:${port}/api/` }));
    expect(r.code).toBe(1);
    expect(r.err).toBe(`newsbrief could not start:\nSLACK_API_URL http://127.0.0.1:${port}/api/: cannot reach Slack: connection refused (ECONNREFUSED). Check the URL (unset it to use Slack itself) and the network\n`);
  });

  it('names NEWSBRIEF_DB and the path when the database cannot be opened', async () => {
    const notFolder = serveOnce(baseEnv({ NEWSBRIEF_DB: '/dev/null/nb.db' }));
    expect(notFolder.code).toBe(1);
    expect(notFolder.err).toMatch(/^newsbrief could not start:\nNEWSBRIEF_DB=\/dev\/null\/nb\.db: \/dev\/null is not a folder \((EEXIST|ENOTDIR): [^\n]+\)\n$/);
    // A folder where the file should be.
    const folder = serveOnce(baseEnv({ NEWSBRIEF_DB: dir }));
    expect(folder.code).toBe(1);
    expect(folder.err).toBe(`newsbrief could not start:\nNEWSBRIEF_DB=${dir}: unable to open database file (does the folder exist, and may this user write to it?)\n`);
  });

  it('refuses a read-only database at start-up, by path', async () => {
    await createSqliteStore(db, systemClock).close();
    chmodSync(db, 0o444);
    chmodSync(dir, 0o777);
    // root may write any file: run the service as an unprivileged user then, as a container would.
    const uid = process.getuid?.() === 0 ? 65534 : undefined;
    const r = serveOnce(baseEnv({}), uid);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`newsbrief could not start:\nNEWSBRIEF_DB=${db} is read-only (attempt to write a readonly database): make the file and its folder writable by the user running newsbrief, or set NEWSBRIEF_DB to a writable file\n`);
  });
});
