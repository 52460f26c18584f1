// Discord over HTTP interactions as an operator runs it: `newsbrief serve` as a real child process over dist/ with
// DISCORD_PUBLIC_KEY, answering signed interactions on its own HTTP server with no gateway connection, and
// `npm run deploy:discord` printing the Interactions Endpoint URL; start-up problems name the variable to fix.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { start } from '../../adapters/main.js';
import { createLogger } from '../../src/log.js';
import { createInteractionSigner } from '../fakes/discord-interactions.js';
import { snowflake, startFakeDiscord, type FakeDiscord } from '../fakes/discord.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'newsbrief.js');
const deploy = path.join(root, 'dist', 'adapters', 'discord', 'deploy.js');

let dir: string;
let fd: FakeDiscord;
let signer: ReturnType<typeof createInteractionSigner>;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nb-discord-http-'));
  fd = await startFakeDiscord();
  signer = createInteractionSigner();
});
afterEach(async () => {
  await fd.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the service needs, nothing from the developer's own settings (but the shifted test clock, if any). */
const baseEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '',
  ...Object.fromEntries(['NODE_OPTIONS', 'NEWSBRIEF_TEST_CLOCK', 'NEWSBRIEF_TEST_CLOCK_ORIGIN'].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : []))),
  HOME: dir,
  NEWSBRIEF_DB: path.join(dir, 'nb.db'),
  NEWSBRIEF_HTTP_PORT: '0',
  DISCORD_TOKEN: fd.token,
  DISCORD_APPLICATION_ID: fd.applicationId,
  DISCORD_API_URL: fd.apiUrl,
  DISCORD_PUBLIC_KEY: signer.publicKeyHex,
  ...extra,
});

/** Runs a node script to its end (asynchronously: the fake Discord answers from this process). */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += String(d)));
  child.stderr.on('data', (d: Buffer) => (err += String(d)));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })));
}

describe('newsbrief serve with DISCORD_PUBLIC_KEY', () => {
  it('answers signed interactions on its HTTP server without a gateway connection, reports it, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve'], { cwd: root, env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    const port = new Promise<number>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        out += String(d);
        const m = /"port":(\d+)[^\n]*health and metrics/.exec(out);
        if (m) resolve(Number(m[1]));
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${await port}`;
      signer.at(`${base}/discord/interactions`);
      fd.deliverOverHttp((payload) => signer.post(payload));

      expect(await signer.post({ id: snowflake(), application_id: fd.applicationId, type: 1, token: 'ping', version: 1 })).toEqual({ status: 200, body: '{"type":1}' });
      expect((await signer.post({ type: 1 }, { tamper: (b) => b.replace('1', '2') })).status).toBe(401);
      expect((await signer.post({ type: 1 }, { omit: ['x-signature-ed25519'] })).status).toBe(401);

      const s = fd.command('brief', { topic: 'korea' });
      expect(await s.http).toEqual({ status: 202, body: '' });
      const cb = await s.waitFor((r) => r.path.endsWith('/callback') && r.status > 0);
      expect(cb.body).toMatchObject({ type: 4, data: { allowed_mentions: { parse: [] } } });
      expect((cb.body as { data: { embeds: { title: string }[] } }).data.embeds[0]?.title).toBe('Briefing: korea');

      const health = (await (await fetch(`${base}/healthz`)).json()) as { checks: Record<string, Record<string, unknown>> };
      expect(health.checks.discord).toMatchObject({ ok: true, mode: 'interactions', endpoint: '/discord/interactions', received: 1, refused: 2 });
      expect(fd.identifies).toEqual([]);
      expect(fd.requests.some((r) => r.path === '/gateway/bot')).toBe(false);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(err).toBe('');
  });

  it('on SIGTERM, answers the interaction in flight (callback, then 202) before it exits 0', async () => {
    const child = spawn(process.execPath, [bin, 'serve'], { cwd: root, env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const port = new Promise<number>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        out += String(d);
        const m = /"port":(\d+)[^\n]*health and metrics/.exec(out);
        if (m) resolve(Number(m[1]));
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    signer.at(`http://127.0.0.1:${await port}/discord/interactions`);
    fd.deliverOverHttp((payload) => signer.post(payload));
    // Discord is slow to take this reply: it is still in flight when the signal arrives.
    fd.delayOnce((method, p) => method === 'POST' && /\/callback$/.test(p), 1000);
    const s = fd.command('topics', {}, {}, 'list');
    const pending = await s.waitFor((r) => /\/callback$/.test(r.path));
    expect(pending.status).toBe(0);
    child.kill('SIGTERM');
    expect(await s.http).toEqual({ status: 202, body: '' });
    expect(pending.status).toBe(204);
    expect(await exited).toBe(0);
  });

  it('deploy:discord registers the commands and prints the Interactions Endpoint URL from NEWSBRIEF_PUBLIC_URL', async () => {
    const r = await run([deploy], baseEnv({ NEWSBRIEF_PUBLIC_URL: 'https://news.example.org/' }));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; interactionsEndpoint?: string });
    expect(lines.find((l) => l.interactionsEndpoint)?.interactionsEndpoint).toBe('https://news.example.org/discord/interactions');
    expect(fd.requests.some((x) => x.method === 'PUT' && x.path === `/applications/${fd.applicationId}/commands`)).toBe(true);
    const without = await run([deploy], baseEnv());
    expect(without.code).toBe(0);
    expect(without.out).toContain('NEWSBRIEF_PUBLIC_URL is not');
  });

  it('names the variable to fix: a malformed key, no HTTP server, a rejected token', async () => {
    const quiet = createLogger('silent');
    const env = (extra: Record<string, string>) => baseEnv(extra) as Record<string, string>;
    await expect(start(env({ DISCORD_PUBLIC_KEY: 'abc' }), quiet)).rejects.toThrow(/DISCORD_PUBLIC_KEY must be 64 hexadecimal digits/);
    await expect(start(env({ NEWSBRIEF_HTTP_PORT: 'off' }), quiet)).rejects.toThrow(/DISCORD_PUBLIC_KEY is set.*NEWSBRIEF_HTTP_PORT=off/);
    await expect(start(env({ DISCORD_TOKEN: 'x'.repeat(60) }), quiet)).rejects.toThrow(/Discord rejected DISCORD_TOKEN \(401\)/);
    // Only the public key: the missing token is named.
    await expect(start(env({ DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' }), quiet)).rejects.toThrow(/DISCORD_TOKEN is not set/);
  });
});
