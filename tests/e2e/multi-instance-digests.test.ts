// Three scheduler processes on one database file posting to the fake Discord through the real poster: they share the
// due slots through the ledger, one is killed (SIGKILL) right after Discord accepted one of its posts and before it
// recorded it, and the survivors take over its stale claims with the same nonce. Every slot ends posted exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord.js';

const SLOT = '2026-12-01T08:00:00.000Z';
const plus = (ms: number) => new Date(Date.parse(SLOT) + ms).toISOString();
const script = path.resolve(import.meta.dirname, '..', 'fixtures', 'instance-process.mjs');

let dir: string;
let fd: FakeDiscord;
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nb-multi-'));
  fd = await startFakeDiscord();
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await fd.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A scheduler process; `lines()` yields what it prints, `exited` settles with its exit code or signal. */
function instance(dieAfter?: number) {
  const args = [script, path.join(dir, 'nb.db'), fd.apiUrl, fd.token, ...(dieAfter ? [String(dieAfter)] : [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const out = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    owner: `instance-${child.pid ?? 0}`,
    exited,
    async next(): Promise<string> {
      const r = await out.next();
      if (r.done) throw new Error('the instance stopped printing');
      return r.value;
    },
    tick: (at: string) => child.stdin.write(`${at}\n`),
    exit: () => child.stdin.end('exit\n'),
  };
}

describe('digests across instances', () => {
  it('posts every slot exactly once when one of three instances is killed mid-run', async () => {
    const N = 150;
    const setup = createApp({ config: loadConfig({ NEWSBRIEF_DB: path.join(dir, 'nb.db') }), now: () => new Date('2026-11-30T00:00:00.000Z') });
    await setup.store.transaction(async (tx) => {
      for (let i = 0; i < N; i++) {
        await tx.digests.addSubscription({ workspaceId: 'discord:1', channelId: `discord:1:${10_000 + i}`, topics: [], cron: '0 8 * * *', timezone: 'UTC', postEmpty: true });
      }
    });
    await setup.close();

    const a = instance(10);
    const b = instance();
    const c = instance();
    for (const p of [a, b, c]) expect(await p.next()).toBe('ready');
    // A starts first and dies after its 10th post; B and C join while it is posting.
    a.tick(plus(1000));
    await fd.until(() => (fd.channelMessages().length > 0 ? true : undefined), 10_000, 'the first post');
    b.tick(plus(1000));
    c.tick(plus(1000));
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const first = [JSON.parse(await b.next()), JSON.parse(await c.next())] as { tally: { posted: number } }[];
    // The dead instance's claims are not stale yet: four minutes on, the survivors take them over.
    b.tick(plus(4 * 60_000));
    c.tick(plus(4 * 60_000));
    const second = [JSON.parse(await b.next()), JSON.parse(await c.next())] as { tally: { posted: number } }[];
    b.exit();
    c.exit();
    await Promise.all([b.exited, c.exited]);

    const perChannel = new Map<string, number>();
    for (const m of fd.channelMessages()) perChannel.set(m.channel_id, (perChannel.get(m.channel_id) ?? 0) + 1);
    expect(perChannel.size).toBe(N);
    expect([...perChannel.values()].every((n) => n === 1)).toBe(true);
    expect(fd.limits.duplicatesPrevented).toBeGreaterThanOrEqual(1); // A's 10th post, re-sent with its nonce

    const db = new Database(path.join(dir, 'nb.db'), { readonly: true });
    const runs = db.prepare(`SELECT status, attempts, owner FROM digest_runs WHERE slot = ?`).all(SLOT) as { status: string; attempts: number; owner: string }[];
    db.close();
    expect(runs).toHaveLength(N);
    expect(runs.filter((r) => r.status !== 'posted')).toEqual([]);
    const takenOver = runs.filter((r) => r.attempts === 2).length;
    expect(takenOver).toBeGreaterThanOrEqual(1);
    expect(takenOver).toBeLessThanOrEqual(8); // A never held more than its poster's concurrency
    // A recorded at most 9 posts (its 10th was cut off); the survivors posted the rest, the taken-over ones in the second tick.
    const recordedByA = runs.filter((r) => r.owner === a.owner).length;
    expect(recordedByA).toBeGreaterThan(0);
    expect(recordedByA).toBeLessThanOrEqual(9);
    const survivors = [...first, ...second].reduce((n, t) => n + t.tally.posted, 0);
    expect(survivors).toBe(N - recordedByA);
    expect(second.reduce((n, t) => n + t.tally.posted, 0)).toBe(takenOver);
  }, 120_000);
});
