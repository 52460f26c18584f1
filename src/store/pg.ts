// The PostgreSQL store (node-postgres Pool, hand-written SQL): for several newsbrief instances on one database. It
// assembles the domain ports from their parts (pg-*.ts) over a `Db`: the pool outside a transaction, the one checked-out
// client inside. Migrations run once, under an advisory lock, before the first query (docs/decisions/009-postgres-store.md).
import type { Clock } from '../clock.js';
import { createPool, inTransaction, migrate, poolDb, redactUrl, type Db } from './pg-db.js';
import { PG_MIGRATIONS } from './pg-migrations.js';
import { pgArticles } from './pg-articles.js';
import { pgStoryState, pgStoryStore } from './pg-stories.js';
import { pgDigests } from './pg-digests.js';
import { pgFeeds } from './pg-feeds.js';
import { pgLlm, pgTopics } from './pg-topics-llm.js';
import { pgRebuildStories } from './pg-rebuild.js';
import { pgInstallations, pgInstances, pgPages, pgRates } from './pg-coordination.js';
import { pgThreads, pgUpdates } from './pg-updates.js';
import { pgPreferences } from './pg-preferences.js';
import { pgTuning } from './pg-tuning.js';
import { pgFollows } from './pg-follows.js';
import { pgDmChannels } from './dm-channels.js';
import type { Store, StorePorts, Transactor } from './ports.js';
import type { RebuildReport, StoreStats } from './types.js';

export interface PgStoreOptions {
  /** Most connections this instance opens for its work (default 10; plus one for its heartbeats). */
  maxConnections?: number;
  /** Shown in pg_stat_activity (default 'newsbrief'). */
  applicationName?: string;
  /** Newest articles whose near-copy band keys are kept (default NEAR_COPY_HORIZON; tests set a small one). */
  nearCopyHorizon?: number;
}

/** Whether a database setting names PostgreSQL (postgres:// or postgresql://). */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/**
 * A store on the PostgreSQL database at `url` (its schema is the connection's search_path, `public` by default).
 * Returns at once; pending migrations run under an advisory lock before the first query, and every call waits for
 * them (an unreachable server fails every call with the URL, its password hidden, in the message).
 */
export function createPgStore(url: string, now: Clock, opts: PgStoreOptions = {}): Store {
  const pool = createPool(url, { ...(opts.maxConnections ? { max: opts.maxConnections } : {}), ...(opts.applicationName ? { applicationName: opts.applicationName } : {}) });
  const ready = migrate(pool, PG_MIGRATIONS, now).catch((err: unknown) => {
    throw new Error(`${redactUrl(url)}: ${(err as Error).message}`, { cause: err });
  });
  // A failed start-up is reported by the calls that wait for it, not as an unhandled rejection.
  ready.catch(() => undefined);
  const db = poolDb(pool, ready);
  // The instances table outside transactions goes through a connection of its own: a heartbeat never queues behind the
  // pool's work (every connection busy posting, or held by a transaction waiting for a lock), so a busy instance is not
  // taken for dead. Opened at the first heartbeat.
  const beatPool = createPool(url, { max: 1, applicationName: `${opts.applicationName ?? 'newsbrief'}-heartbeat` });

  const portsOf = (d: Db, rebuild: (at: string) => Promise<RebuildReport>): StorePorts => {
    const articles = pgArticles(d, opts.nearCopyHorizon);
    return {
      articles,
      stories: { ...pgStoryStore(d, articles.getArticle), state: pgStoryState(d), rebuildStories: rebuild },
      topics: pgTopics(d, now),
      digests: pgDigests(d, now),
      feeds: pgFeeds(d),
      llm: pgLlm(d, now),
      installations: pgInstallations(d),
      instances: pgInstances(d),
      pages: pgPages(d),
      rates: pgRates(d),
      updates: pgUpdates(d),
      preferences: pgPreferences(d, now),
      tuning: pgTuning(d),
      threads: pgThreads(d),
      follows: pgFollows(d),
      dmChannels: pgDmChannels(d),
    };
  };

  /** Transactions in progress: close() waits for them. */
  const open = new Set<Promise<unknown>>();
  const transaction = <T>(fn: (tx: StorePorts & Transactor) => Promise<T>): Promise<T> => {
    const work = (async () => {
      await ready;
      return inTransaction(pool, async (d) => {
        const inside: StorePorts & Transactor = {
          ...portsOf(d, (at) => pgRebuildStories(d, at)),
          transaction: (inner) => d.atomic(() => inner(inside)),
        };
        return fn(inside);
      });
    })();
    open.add(work);
    const done = (): void => void open.delete(work);
    work.then(done, done);
    return work;
  };

  return {
    ...portsOf(db, (at) => transaction((tx) => tx.stories.rebuildStories(at))),
    instances: pgInstances(poolDb(beatPool, ready)),
    transaction,
    stats: () => stats(db),
    async ping() {
      await db.query('SELECT 1 FROM schema_migrations LIMIT 1');
    },
    async probeWrite() {
      // A write that changes nothing still meets a read-only server or transaction and a missing privilege; row locks
      // never block it, so "locked" does not happen on Postgres. Other errors (no server) are thrown as they are.
      try {
        await db.query('UPDATE schema_migrations SET name = name WHERE false');
        return { writable: true, locked: false };
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code !== '25006' && code !== '42501') throw err;
        return { writable: false, locked: false, error: (err as Error).message };
      }
    },
    async close() {
      await Promise.allSettled([...open]);
      await Promise.all([pool.end(), beatPool.end()]);
    },
  };
}

async function stats(db: Db): Promise<StoreStats> {
  const r = await db.query<{ articles: number; stories: number; sources: number; topics: number; earliest: string | null; latest: string | null }>(
    `SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM stories) AS stories,
       (SELECT count(DISTINCT coalesce(source, url)) FROM articles) AS sources, (SELECT count(*) FROM topics) AS topics,
       (SELECT min(sort_at) FROM articles) AS earliest, (SELECT max(sort_at) FROM articles) AS latest`);
  const langs = await db.query<{ lang: string; count: number }>('SELECT lang, count(*) AS count FROM articles GROUP BY lang ORDER BY count DESC');
  const s = r.rows[0]!;
  return {
    articles: s.articles,
    stories: s.stories,
    sources: s.sources,
    topics: s.topics,
    languages: langs.rows,
    ...(s.earliest ? { earliest: s.earliest } : {}),
    ...(s.latest ? { latest: s.latest } : {}),
  };
}
