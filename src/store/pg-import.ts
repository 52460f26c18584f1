// `newsbrief migrate sqlite-to-pg`: copies a SQLite database into an empty PostgreSQL one, every table with its ids
// (the identity sequences then continue after the largest), the digest ledger, the stories each digest posted and its
// watermark included, so no slot is posted again after the switch. One transaction: all or nothing. Counts are
// compared table by table before it commits. Run it with the bot stopped.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Clock } from '../clock.js';
import { createSqliteStore } from './sqlite.js';
import { createPool, inTransaction, migrate, redactUrl } from './pg-db.js';
import { PG_MIGRATIONS } from './pg-migrations.js';

/** One table to copy: the SQLite SELECT gives the Postgres columns in order; `convert` turns a value where needed. */
interface TableCopy {
  table: string;
  columns: string[];
  select: string;
  convert?: Partial<Record<string, (v: unknown) => unknown>>;
  /** Its identity column, whose sequence must continue after the copied ids. */
  identity?: string;
}

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
const bool = (v: unknown): boolean => v === 1 || v === true;
const lines = (v: unknown): string[] => (typeof v === 'string' && v !== '' ? v.split('\n') : []);
const float64s = (v: unknown): number[] => {
  const b = v as Buffer;
  return Array.from({ length: b.length / 8 }, (_, i) => b.readDoubleLE(i * 8));
};

const TABLES: TableCopy[] = [
  {
    table: 'articles', identity: 'id',
    columns: ['id', 'content_hash', 'url', 'source', 'title', 'author', 'published_at', 'sort_at', 'ingested_at', 'body', 'summary', 'gist', 'lang', 'story_id', 'fingerprint', 'tag_text'],
    select: `SELECT id, content_hash, url, source, title, author, published_at, sort_at, ingested_at, body, summary, gist, lang,
      story_id, fingerprint, coalesce((SELECT group_concat(value, ' ; ') FROM article_tags t WHERE t.article_id = a.id), '') AS tag_text
      FROM articles a ORDER BY id`,
  },
  { table: 'article_tags', columns: ['article_id', 'kind', 'value', 'score', 'sort_at'], select: 'SELECT article_id, kind, value, score, sort_at FROM article_tags' },
  {
    table: 'stories', identity: 'id',
    columns: ['id', 'headline_article_id', 'first_seen', 'last_seen', 'last_ingested_at', 'article_count', 'headline_score'],
    select: 'SELECT id, headline_article_id, first_seen, last_seen, last_ingested_at, article_count, headline_score FROM stories ORDER BY id',
  },
  { table: 'story_bands', columns: ['key', 'article_id'], select: 'SELECT key, article_id FROM story_bands' },
  { table: 'story_term_df', columns: ['term', 'df'], select: 'SELECT term, df FROM story_term_df' },
  {
    table: 'story_centroids', columns: ['story_id', 'terms', 'weights', 'indexed', 'count', 'first_seen', 'last_seen'],
    select: 'SELECT story_id, terms, weights, indexed, count, first_seen, last_seen FROM story_centroids',
    convert: { terms: lines, weights: float64s, indexed: lines },
  },
  { table: 'story_index', columns: ['term', 'story_id'], select: 'SELECT term, story_id FROM story_index' },
  { table: 'story_aliases', columns: ['alias_id', 'story_id', 'merged_at'], select: 'SELECT alias_id, story_id, merged_at FROM story_aliases' },
  { table: 'workspaces', columns: ['id', 'created_at'], select: 'SELECT id, created_at FROM workspaces' },
  {
    table: 'topics', columns: ['workspace_id', 'name', 'keywords', 'created_by', 'created_at'],
    select: 'SELECT workspace_id, name, keywords, created_by, created_at FROM topics', convert: { keywords: json },
  },
  {
    table: 'subscriptions', identity: 'id',
    columns: ['id', 'workspace_id', 'channel_id', 'topics', 'cron', 'timezone', 'enabled', 'post_empty', 'last_watermark', 'created_by', 'created_at', 'paused_reason', 'last_error', 'consecutive_failures', 'updates', 'language'],
    select: `SELECT id, workspace_id, channel_id, topics, cron, timezone, enabled, post_empty, last_watermark, created_by, created_at,
      paused_reason, last_error, consecutive_failures, updates, language FROM subscriptions ORDER BY id`,
    convert: { topics: json, enabled: bool, post_empty: bool },
  },
  {
    table: 'digest_runs', columns: ['subscription_id', 'slot', 'status', 'message_ref', 'error', 'claimed_at', 'finished_at', 'owner', 'attempts', 'platform'],
    select: 'SELECT subscription_id, slot, status, message_ref, error, claimed_at, finished_at, owner, attempts, platform FROM digest_runs',
  },
  {
    table: 'digest_stories', columns: ['subscription_id', 'story_id', 'article_count', 'posted_at'],
    select: 'SELECT subscription_id, story_id, article_count, posted_at FROM digest_stories',
  },
  {
    table: 'feeds', identity: 'id',
    columns: ['id', 'workspace_id', 'url', 'title', 'site_url', 'topics', 'interval_minutes', 'fetch_pages', 'added_by', 'added_in', 'added_at', 'etag', 'last_modified', 'last_polled_at', 'last_ok_at', 'last_error', 'failures', 'failing_since', 'next_poll_at', 'disabled_reason', 'article_count'],
    select: `SELECT id, workspace_id, url, title, site_url, topics, interval_minutes, fetch_pages, added_by, added_in, added_at, etag,
      last_modified, last_polled_at, last_ok_at, last_error, failures, failing_since, next_poll_at, disabled_reason, article_count FROM feeds ORDER BY id`,
    convert: { topics: json, fetch_pages: bool },
  },
  { table: 'feed_items', columns: ['feed_id', 'guid', 'article_id', 'first_seen'], select: 'SELECT feed_id, guid, article_id, first_seen FROM feed_items' },
  {
    table: 'llm_cache', columns: ['content_hash', 'model', 'prompt_version', 'kind', 'text', 'tokens', 'created_at'],
    select: 'SELECT content_hash, model, prompt_version, kind, text, tokens, created_at FROM llm_cache',
  },
  { table: 'llm_usage', columns: ['day', 'tokens', 'calls', 'fallbacks', 'cache_hits'], select: 'SELECT day, tokens, calls, fallbacks, cache_hits FROM llm_usage' },
  {
    table: 'story_threads', columns: ['subscription_id', 'story_id', 'message_ref', 'posted_at', 'checked_at', 'not_before'],
    select: 'SELECT subscription_id, story_id, message_ref, posted_at, checked_at, not_before FROM story_threads',
  },
  { table: 'update_shown', columns: ['target', 'kind', 'key', 'story_id', 'shown_at'], select: 'SELECT target, kind, key, story_id, shown_at FROM update_shown' },
  {
    table: 'update_deliveries',
    columns: ['target', 'story_id', 'seq', 'platform', 'status', 'owner', 'nonce', 'payload', 'attempts', 'claimed_at', 'finished_at', 'message_ref', 'error'],
    select: `SELECT target, story_id, seq, platform, status, owner, nonce, payload, attempts, claimed_at, finished_at, message_ref, error
      FROM update_deliveries`,
  },
  { table: 'digest_filters', columns: ['subscription_id', 'workspace_id', 'filters', 'updated_at'], select: 'SELECT subscription_id, workspace_id, filters, updated_at FROM digest_filters' },
  {
    table: 'mutes', identity: 'id', columns: ['id', 'workspace_id', 'user_id', 'kind', 'value', 'created_by', 'created_at'],
    select: 'SELECT id, workspace_id, user_id, kind, value, created_by, created_at FROM mutes ORDER BY id',
  },
  { table: 'digest_explanations', columns: ['subscription_id', 'workspace_id', 'record', 'at'], select: 'SELECT subscription_id, workspace_id, record, at FROM digest_explanations' },
  {
    table: 'follow_users', columns: ['workspace_id', 'user_id', 'timezone', 'quiet_start', 'quiet_end', 'daily_cap', 'paused_at', 'paused_reason'],
    select: 'SELECT workspace_id, user_id, timezone, quiet_start, quiet_end, daily_cap, paused_at, paused_reason FROM follow_users',
  },
  {
    table: 'follows', identity: 'id',
    columns: ['id', 'workspace_id', 'user_id', 'kind', 'key', 'story_id', 'query', 'label', 'created_at', 'watermark'],
    select: 'SELECT id, workspace_id, user_id, kind, key, story_id, query, label, created_at, watermark FROM follows',
  },
  {
    table: 'follow_alerts', columns: ['workspace_id', 'user_id', 'story_id', 'follow_id', 'day', 'state', 'at'],
    select: 'SELECT workspace_id, user_id, story_id, follow_id, day, state, at FROM follow_alerts',
  },
  { table: 'ui_pages', columns: ['key', 'body', 'expires_at'], select: 'SELECT key, body, expires_at FROM ui_pages' },
  {
    table: 'app_installations', columns: ['id', 'workspace_id', 'data', 'expires_at', 'installed_at', 'updated_at'],
    select: 'SELECT id, workspace_id, data, expires_at, installed_at, updated_at FROM app_installations',
  },
  {
    table: 'feedback_votes', columns: ['workspace_id', 'user_id', 'story_id', 'vote', 'features', 'voted_at'],
    select: 'SELECT workspace_id, user_id, story_id, vote, features, voted_at FROM feedback_votes', convert: { features: json },
  },
  { table: 'channel_settings', columns: ['channel_id', 'workspace_id', 'language', 'updated_at'], select: 'SELECT channel_id, workspace_id, language, updated_at FROM channel_settings' },
];

/** Rows per INSERT … SELECT FROM unnest(…): one array parameter per column. */
const BATCH = 5000;
/** Rows per INSERT … VALUES, for tables with array columns, which unnest would flatten (under 65,535 parameters). */
const VALUES_BATCH = 500;

/** The INSERT of `rows` into `t`: from unnest of one array per column (`types`: their Postgres types), else VALUES. */
function insertOf(t: TableCopy, types: Map<string, string> | undefined, rows: unknown[][]): { text: string; values: unknown[] } {
  const cols = t.columns.join(', ');
  if (types) {
    const values = t.columns.map((_, i) => rows.map((r) => r[i]));
    return { text: `INSERT INTO ${t.table} (${cols}) SELECT * FROM unnest(${t.columns.map((c, i) => `$${i + 1}::${types.get(c)}[]`).join(', ')})`, values };
  }
  const values: unknown[] = [];
  const list = rows.map((r) => `(${r.map((v) => `$${values.push(v)}`).join(', ')})`);
  return { text: `INSERT INTO ${t.table} (${cols}) VALUES ${list.join(', ')}`, values };
}

export interface CopyReport {
  from: string;
  to: string;
  /** Rows copied per table (equal in both databases: checked before committing). */
  tables: { table: string; rows: number }[];
}

/**
 * Copies the SQLite database `file` (migrated to the current schema first) into the PostgreSQL database at `url`
 * (migrated too), which must hold no articles, subscriptions or feeds. Throws, changing nothing, when it does or when
 * any count differs.
 */
export async function copySqliteToPg(file: string, url: string, now: Clock): Promise<CopyReport> {
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  await createSqliteStore(file, now).close();
  const src = new Database(file, { readonly: true, fileMustExist: true });
  const pool = createPool(url, { max: 1, applicationName: 'newsbrief-migrate' });
  try {
    await migrate(pool, PG_MIGRATIONS, now);
    const tables = await inTransaction(pool, async (db) => {
      // One transaction copies the whole archive (the bot is stopped): the session limits of pg-db.ts do not apply.
      await db.query('SET LOCAL idle_in_transaction_session_timeout = 0; SET LOCAL statement_timeout = 0');
      const held = await db.query<{ n: number }>('SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM subscriptions) + (SELECT count(*) FROM feeds) AS n');
      if ((held.rows[0]?.n ?? 0) > 0) {
        throw new Error(`${redactUrl(url)} already holds articles, subscriptions or feeds: copy into an empty database (or schema)`);
      }
      // Indexes other than keys are dropped for the copy and built again after it (from their own definitions): one
      // build is far cheaper than a row at a time, above all the full-text GIN index that the articles' trigger feeds.
      await db.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      const indexes = (await db.query<{ name: string; def: string }>(`SELECT i.indexrelid::regclass::text AS name,
          pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`)).rows;
      for (const i of indexes) await db.query(`DROP INDEX ${i.name}`);
      const columnTypes = await db.query<{ table: string; column: string; type: string; array: boolean }>(`SELECT c.relname AS table,
          a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, t.typcategory = 'A' AS array
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid
        WHERE c.relnamespace = current_schema()::regnamespace AND a.attnum > 0 AND NOT a.attisdropped`);
      const out: CopyReport['tables'] = [];
      for (const t of TABLES) {
        const cols = columnTypes.rows.filter((c) => c.table === t.table);
        const types = cols.some((c) => c.array) ? undefined : new Map(cols.map((c) => [c.column, c.type]));
        let batch: unknown[][] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          const st = insertOf(t, types, batch);
          await db.query(st.text, st.values);
          batch = [];
        };
        for (const row of src.prepare(t.select).iterate() as Iterable<Record<string, unknown>>) {
          batch.push(t.columns.map((c) => (t.convert?.[c] ?? ((v: unknown) => v))(row[c] ?? null)));
          if (batch.length >= (types ? BATCH : VALUES_BATCH)) await flush();
        }
        await flush();
        if (t.identity) {
          await db.query(`SELECT setval(pg_get_serial_sequence('${t.table}', '${t.identity}'),
            coalesce((SELECT max(${t.identity}) FROM ${t.table}), 0) + 1, false)`);
        }
        const want = (src.prepare(`SELECT count(*) AS n FROM ${t.table}`).get() as { n: number }).n;
        const got = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${t.table}`)).rows[0]?.n ?? 0;
        if (got !== want) throw new Error(`${t.table}: ${want} rows in ${file} but ${got} copied; nothing was changed`);
        out.push({ table: t.table, rows: got });
      }
      for (const i of indexes) await db.query(i.def);
      await db.query('ANALYZE');
      return out;
    });
    return { from: file, to: redactUrl(url), tables };
  } finally {
    src.close();
    await pool.end();
  }
}
