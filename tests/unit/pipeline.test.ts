import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPipeline } from '../../src/ingest/pipeline.js';
import { contentHash, foldSpace } from '../../src/ingest/prepare.js';
import { createHash } from 'node:crypto';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { Store, StorePorts, Transactor } from '../../src/store/ports.js';
import { systemClock } from '../../src/clock.js';

let store: Store;
afterEach(() => store?.close());

const topics = [{ name: 'korea', keywords: ['north korea', 'pyongyang', 'kim jong un'] }];
const sample = readFileSync(path.resolve(import.meta.dirname, '../../samples/sample-article.txt'), 'utf8');
const record = (title: string, extra = '') =>
  JSON.stringify({
    title,
    body: `${title} was announced on Monday by officials in the capital. ${extra} The ministry said the decision followed months of review and consultation with regional partners, and that more details would come next week.`,
    source: 'Test Wire',
  });

describe('ingest pipeline', () => {
  it('cleans, summarizes, tags and stores the sample article', async () => {
    store = createSqliteStore(':memory:', systemClock);
    const p = createPipeline(store, { topics, now: systemClock });
    const r = await p.ingestContent(sample, 'sample-article.txt');
    expect(r.rejections).toEqual([]);
    expect(r.outcomes).toMatchObject([{ status: 'added' }]);
    const a = (await store.articles.getArticle(r.outcomes[0]!.articleId))!;
    expect(a.title).toBe('Chinese envoy wraps up North Korea trip after meetings');
    expect(a.summary).not.toMatch(/This photo|Discuss This Article|Other reports by/);
    expect(a.gist.split(/(?<=\.)\s/).length).toBe(1);
    expect(a.tags).toEqual(expect.arrayContaining([{ kind: 'topic', value: 'korea', score: expect.any(Number) }]));
  });

  it('folds case and white space for the content hash exactly as the regular expression did', () => {
    const pieces = ['a', 'B', 'İ', 'é', ' ', '  ', '\n', '\n\n', '\t', '\u00a0', '\u2009', '\u3000', '\ufeff', '\u200b', '.', 'Word'];
    let seed = 7;
    const pick = () => pieces[(seed = (seed * 1103515245 + 12345) % 2147483648) % pieces.length] as string;
    for (let k = 0; k < 2000; k++) {
      const s = Array.from({ length: k % 23 }, pick).join('');
      expect(foldSpace(s)).toBe(s.toLowerCase().replace(/\s+/g, ' ').trim());
    }
    const old = (t: string, b: string) => {
      const norm = (x: string) => x.toLowerCase().replace(/\s+/g, ' ').trim();
      return createHash('sha1').update(norm(t)).update('\n').update(norm(b)).digest('hex');
    };
    expect(contentHash(' Storm  Hits\u00a0Coast ', sample)).toBe(old(' Storm  Hits\u00a0Coast ', sample));
  });

  it('reports an exact duplicate and an update of the same URL', async () => {
    store = createSqliteStore(':memory:', systemClock);
    const p = createPipeline(store, { topics, now: systemClock });
    const one = JSON.stringify({ ...JSON.parse(record('Port reopens after storm')), url: 'https://x.example/1' });
    expect((await p.ingestContent(one, 'a.json')).outcomes[0]?.status).toBe('added');
    expect((await p.ingestContent(one, 'a.json')).outcomes[0]?.status).toBe('duplicate');
    const edited = JSON.stringify({ ...JSON.parse(record('Port reopens after storm', 'Ships queued overnight.')), url: 'https://x.example/1' });
    expect((await p.ingestContent(edited, 'a.json')).outcomes[0]?.status).toBe('updated');
    expect((await store.stats()).articles).toBe(1);
  });

  it('loses only the article that fails to store, not the rest of its batch', async () => {
    const real = createSqliteStore(':memory:', systemClock);
    // Inside the pipeline's transaction (and its savepoints), writing the broken article fails.
    type Tx = StorePorts & Transactor;
    const failing = (tx: Tx): Tx => ({
      ...tx,
      articles: {
        ...tx.articles,
        insertArticle(a, storyId) {
          if (a.title.startsWith('Broken')) throw new Error('disk said no');
          return tx.articles.insertArticle(a, storyId);
        },
      },
      transaction: (fn) => tx.transaction((inner) => fn(failing(inner))),
    });
    store = { ...real, transaction: (fn) => real.transaction((tx) => fn(failing(tx))) };
    const p = createPipeline(store, { topics, now: systemClock });
    const body = (t: string, b: string) => JSON.stringify({ title: t, body: `${t}. ${b}` });
    const jsonl = [
      body('Harbor bridge opens to traffic', 'Cars crossed the new harbor bridge for the first time on Saturday after four years of building work. The mayor cut a ribbon at the northern ramp.'),
      body('Broken record in the middle', 'This one is long enough to be kept by the cleaner but fails when the store writes it to the disk.'),
      body('Rail strike ends after talks', 'Train drivers returned to work on Sunday when the union accepted a 6% pay offer. Commuter lines ran a normal timetable by the evening.'),
    ].join('\n');
    const r = await p.ingestContent(jsonl, 'batch.jsonl');
    expect(r.outcomes.map((o) => o.status)).toEqual(['added', 'added']);
    expect(r.rejections).toEqual([{ origin: 'batch.jsonl#2', reason: 'failed to store: disk said no' }]);
    expect((await real.stats()).articles).toBe(2);
  });
});
