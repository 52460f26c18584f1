// The SQLite store (better-sqlite3, WAL, FTS5 with bm25): opens and migrates the file, assembles the domain ports
// from their SQLite parts (sqlite-*.ts) and makes them asynchronous over the one connection (gate.ts): a transaction
// holds the connection alone, BEGIN IMMEDIATE to COMMIT, while other calls wait for it (docs/decisions/008-async-store.md).
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Clock } from '../clock.js';
import type { StoryState } from '../stories/assign.js';
import { MIGRATIONS } from './migrations.js';
import { asyncPort, direct, Gate } from './gate.js';
import { sqliteArticles } from './sqlite-articles.js';
import { sqliteStoryStore } from './sqlite-story-store.js';
import { sqliteTopics } from './sqlite-topics.js';
import { sqliteSubscriptions } from './sqlite-subscriptions.js';
import { sqliteFeeds } from './sqlite-feeds.js';
import { sqliteLlm } from './sqlite-llm.js';
import { sqliteInstallations } from './sqlite-installations.js';
import { sqliteInstances, sqlitePages, sqliteRates } from './sqlite-coordination.js';
import { sqliteThreads, sqliteUpdates } from './sqlite-updates.js';
import { sqlitePreferences } from './sqlite-preferences.js';
import { sqliteTuning } from './sqlite-tuning.js';
import { sqliteFollows } from './sqlite-follows.js';
import { sqliteDmChannels } from './dm-channels.js';
import { DEFAULT_BUSY_TIMEOUT_MS, describeDatabaseError, openDatabase, probeWrite } from './sqlite-access.js';
import { rebuildStories } from './sqlite-rebuild.js';
import { discardStoryState, flushStoryState, sqliteStoryState } from './sqlite-stories.js';
import type { ArticleStore, Store, StorePorts, StoryStore, Transactor } from './ports.js';
import type { Article } from '../types.js';
import type { RebuildReport, StoreStats } from './types.js';

export { FTS_SCAN, ftsExpression, sortTags } from './sqlite-articles.js';

type Runner = <R>(fn: () => R) => Promise<R>;

/**
 * One gate per database file in this process: two stores on one file (two apps in a test, the CLI inside the service)
 * must not deadlock, one blocking the thread on the lock the other's open transaction holds across an await.
 */
const gates = new Map<string, { gate: Gate; users: number }>();
const gateFor = (file: string): { gate: Gate; release(): void } => {
  if (file === ':memory:' || file === '') return { gate: new Gate(), release: () => undefined };
  const key = path.resolve(file);
  const entry = gates.get(key) ?? { gate: new Gate(), users: 0 };
  entry.users++;
  gates.set(key, entry);
  let released = false;
  return {
    gate: entry.gate,
    release() {
      if (released) return;
      released = true;
      if (--entry.users === 0) gates.delete(key);
    },
  };
};

/**
 * Opens (creating folder and file as needed) a SQLite store and applies pending migrations. `now` stamps every time it
 * writes. `busyTimeoutMs` is how long one statement waits for another connection's lock (it blocks the thread): the
 * CLI waits 5 s, the running service briefly and retries asynchronously (see sqlite-access.ts). Errors name the file.
 */
export function createSqliteStore(file: string, now: Clock, opts: { busyTimeoutMs?: number; nearCopyHorizon?: number } = {}): Store {
  const busyTimeoutMs = opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  // Opening and migrating may wait the CLI's 5 s for a lock: nothing else runs yet.
  const db = openDatabase(file, Math.max(busyTimeoutMs, DEFAULT_BUSY_TIMEOUT_MS));
  try {
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // 64 MB page cache: FTS5 index merges and the story-band lookups of a large batch stay in memory.
    db.pragma('cache_size = -65536');
    migrate(db, now);
    db.pragma(`busy_timeout = ${Math.max(0, Math.round(busyTimeoutMs))}`);
  } catch (err) {
    db.close();
    throw new Error(describeDatabaseError(file, err), { cause: err });
  }

  const shared = gateFor(file);
  const gate = shared.gate;
  const articles = sqliteArticles(db, opts.nearCopyHorizon);
  const stories = sqliteStoryStore(db, articles.getArticle);
  const topics = sqliteTopics(db, now);
  const digests = sqliteSubscriptions(db, now);
  const feeds = sqliteFeeds(db);
  const llm = sqliteLlm(db, now);
  const installations = sqliteInstallations(db);
  const instances = sqliteInstances(db);
  const pages = sqlitePages(db);
  const rates = sqliteRates(db);
  const updates = sqliteUpdates(db);
  const preferences = sqlitePreferences(db, now);
  const tuning = sqliteTuning(db);
  const threads = sqliteThreads(db);
  const follows = sqliteFollows(db);
  const dmChannels = sqliteDmChannels(db);
  const state = sqliteStoryState(db);

  /** The domain ports with every call going through `run`; `rebuild` runs the rebuild in a transaction. */
  const ports = (run: Runner, rebuild: (at: string) => Promise<RebuildReport>): StorePorts => ({
    articles: {
      ...asyncPort<Omit<ArticleStore, 'eachArticle'>>(articles, run),
      eachArticle: () => eachArticle(articles.eachArticle(), run),
    },
    stories: {
      ...asyncPort<Omit<StoryStore, 'state' | 'rebuildStories'>>(stories, run),
      state: asyncPort<StoryState>(state, run),
      rebuildStories: rebuild,
    },
    topics: asyncPort(topics, run),
    digests: asyncPort(digests, run),
    feeds: asyncPort(feeds, run),
    llm: asyncPort(llm, run),
    installations: asyncPort(installations, run),
    instances: asyncPort(instances, run),
    pages: asyncPort(pages, run),
    rates: asyncPort(rates, run),
    updates: asyncPort(updates, run),
    preferences: asyncPort(preferences, run),
    tuning: asyncPort(tuning, run),
    threads: asyncPort(threads, run),
    follows: asyncPort(follows, run),
    dmChannels: asyncPort(dmChannels, run),
  });

  // Inside a transaction: calls run at once (the transaction holds the gate); a nested transaction is a savepoint.
  let depth = 0;
  const inside: StorePorts & Transactor = {
    ...ports(direct, (at) => rebuildStories(db, at)),
    async transaction(fn) {
      const name = `nb_${++depth}`;
      // The story state's held writes are written at both ends of a savepoint, so rolling it back drops its own alone.
      flushStoryState(db);
      db.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(inside);
        flushStoryState(db);
        db.exec(`RELEASE ${name}`);
        return result;
      } catch (err) {
        discardStoryState(db);
        if (db.inTransaction) db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        throw err;
      } finally {
        depth--;
      }
    },
  };

  const transaction = <T>(fn: (tx: StorePorts & Transactor) => Promise<T>): Promise<T> =>
    gate.exclusive(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(inside);
        flushStoryState(db);
        db.exec('COMMIT');
        return result;
      } catch (err) {
        discardStoryState(db);
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    });

  const run: Runner = (fn) => gate.run(fn);
  return {
    ...ports(run, (at) => transaction(() => rebuildStories(db, at))),
    transaction,
    stats: () => run(() => stats(db)),
    ping: () => run(() => void db.prepare('SELECT count(*) FROM schema_migrations').get()),
    probeWrite: () => run(() => probeWrite(db)),
    close: () =>
      run(() => {
        if (db.open) db.close();
        shared.release();
      }),
  };
}

/** The store's synchronous article pages as an asynchronous stream, each page read through `run`. */
async function* eachArticle(pages: Iterable<Article>, run: Runner): AsyncIterable<Article> {
  const it = pages[Symbol.iterator]();
  for (;;) {
    const next = await run(() => it.next());
    if (next.done) return;
    yield next.value;
  }
}

function stats(db: Database.Database): StoreStats {
  const one = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  const range = db.prepare('SELECT min(sort_at) AS earliest, max(sort_at) AS latest FROM articles').get() as {
    earliest: string | null;
    latest: string | null;
  };
  return {
    articles: one('SELECT count(*) AS n FROM articles'),
    stories: one('SELECT count(*) AS n FROM stories'),
    sources: one(`SELECT count(DISTINCT coalesce(source, url)) AS n FROM articles`),
    topics: one('SELECT count(*) AS n FROM topics'),
    languages: db.prepare('SELECT lang, count(*) AS count FROM articles GROUP BY lang ORDER BY count DESC').all() as {
      lang: string;
      count: number;
    }[],
    ...(range.earliest ? { earliest: range.earliest } : {}),
    ...(range.latest ? { latest: range.latest } : {}),
  };
}

function migrate(db: Database.Database, now: Clock): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT id FROM schema_migrations').all() as { id: number }[]).map((r) => r.id));
  for (const m of MIGRATIONS) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, now().toISOString());
    })();
  }
}
