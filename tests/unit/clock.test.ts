// One clock: the lint rule that keeps the wall clock out of src/, commands/ and adapters/, the app's clock reaching
// what the store stamps, and the preload that runs the suite under a shifted clock (npm run test:clock).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../commands/run.js';
import type { CommandContext } from '../../commands/types.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('one clock', () => {
  it('refuses new Date(), Date() and Date.now() in src/, commands/ and adapters/, and allows them elsewhere', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const code = 'export const a = new Date();\nexport const b = Date.now();\nexport const c = Date();\nexport const d = new Date(0);\nexport const e = performance.now();\n';
    // Real files (their text replaced): the program's code is linted with type information, which needs a file the
    // TypeScript project knows.
    for (const file of ['src/clock.ts', 'commands/settle.ts', 'adapters/discord/limits.ts']) {
      const [r] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
      expect(r?.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line), file).toEqual([1, 2, 3]);
    }
    const [bench] = await eslint.lintText(code, { filePath: path.join(ROOT, 'bench/x.ts') });
    expect(bench?.messages.filter((m) => m.ruleId === 'no-restricted-syntax')).toEqual([]);
  }, 60_000);

  it('stamps what the store writes with the app clock, not the machine clock', async () => {
    const at = new Date('2019-05-06T07:08:09.000Z');
    const app = createApp({ config: loadConfig({ NEWSBRIEF_DB: ':memory:' }), dbPath: ':memory:', now: () => at });
    try {
      const sub = await app.store.digests.addSubscription({ workspaceId: 'w', channelId: 'w:c', topics: [], cron: '0 8 * * *', timezone: 'UTC', postEmpty: false });
      expect(sub.createdAt).toBe(at.toISOString());
      await app.store.topics.saveTopic('w', { name: 'ports', keywords: ['port'] }, 'u');
      expect((await app.store.topics.listTopics('w'))[0]?.createdAt).toBe(at.toISOString());
      const r = await app.pipeline.ingestContent(JSON.stringify({ title: 'Harbour reopens after the storm', body: 'The harbour reopened on Monday after the storm, the port authority said. Ships that had queued overnight began to unload their cargo at first light. Officials said repairs to the damaged breakwater would take several weeks and cost millions.' }), 'a.json');
      expect(r.rejections).toEqual([]);
      expect(await app.store.articles.getArticle(r.outcomes[0]?.articleId ?? 0)).toMatchObject({ ingestedAt: at.toISOString() });
    } finally {
      await app.close();
    }
  });

  it('shows an article dated days after the clock, sorted at its ingest time and keeping its stated date', async () => {
    const at = new Date('2026-03-01T09:00:00.000Z');
    const app = createApp({ config: loadConfig({ NEWSBRIEF_DB: ':memory:' }), dbPath: ':memory:', now: () => at });
    try {
      const body = 'The harbour reopened on Monday after the storm, the port authority said. Ships that had queued overnight began to unload their cargo at first light. Officials said repairs to the damaged breakwater would take several weeks.';
      const r = await app.pipeline.ingestContent(JSON.stringify({ title: 'Harbour reopens after the storm', body, publishedAt: '2026-03-09T08:00:00Z' }), 'future.json');
      expect(r.rejections).toEqual([]);
      const ctx: CommandContext = { platform: 'cli', workspaceId: 'cli:local', channelId: 'cli:local', userId: 'u', isAdmin: true, now: app.now() };
      const reply = await runCommand(app, ctx, 'brief', undefined, { topic: 'harbour', since: 'all' });
      expect(reply.kind === 'briefing' && reply.briefing.stories.map((st) => [st.headline, st.publishedAt])).toEqual([['Harbour reopens after the storm', '2026-03-09T08:00:00.000Z']]);
    } finally {
      await app.close();
    }
  });

  it('shifts a process clock with the test preload and lets it run on', async () => {
    const preload = path.join(ROOT, 'tests/support/shift-clock.mjs');
    const env: NodeJS.ProcessEnv = { ...process.env, NEWSBRIEF_TEST_CLOCK: '2031-06-15T12:00:00Z' };
    delete env.NEWSBRIEF_TEST_CLOCK_ORIGIN;
    const out = execFileSync(process.execPath, ['--import', preload, '-e', 'const a = Date.now(); const b = new Date(); console.log(JSON.stringify([a, b.toISOString(), new Date(0).toISOString(), b instanceof Date]))'], { env, encoding: 'utf8' });
    const [a, b, zero, isDate] = JSON.parse(out) as [number, string, string, boolean];
    expect(Math.abs(a - Date.parse('2031-06-15T12:00:00Z'))).toBeLessThan(60_000);
    expect(b.startsWith('2031-06-15')).toBe(true);
    expect(zero).toBe('1970-01-01T00:00:00.000Z');
    expect(isDate).toBe(true);
  });
});
