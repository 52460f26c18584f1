// Numbered schema migrations, applied in order at start-up (`schema_migrations` records which ran); never edit one that shipped.
import { LANGUAGE_SQLITE_MIGRATION, TUNING_SQLITE_MIGRATION } from './tuning-migrations.js';
import { THREADS_SQLITE_MIGRATION } from './thread-migrations.js';
import { FOLLOWS_MIGRATIONS } from './migrations-follows.js';
import { BAND_HORIZON_SQLITE_MIGRATION, CANDIDATE_INDEX_SQLITE_MIGRATION, TOPIC_TAG_INDEX_SQLITE_MIGRATION } from './ingest-migrations.js';

export interface Migration { id: number; name: string; sql: string }

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'articles, stories, tags, full-text index',
    sql: `
      CREATE TABLE articles (
        id           INTEGER PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        url          TEXT UNIQUE,
        source       TEXT,
        title        TEXT NOT NULL,
        author       TEXT,
        published_at TEXT,
        sort_at      TEXT NOT NULL,   -- published_at, else ingested_at: what windows and recency use
        ingested_at  TEXT NOT NULL,
        body         TEXT NOT NULL,
        summary      TEXT NOT NULL,
        gist         TEXT NOT NULL,
        lang         TEXT NOT NULL,
        story_id     INTEGER NOT NULL,
        fingerprint  BLOB NOT NULL
      );
      CREATE INDEX articles_story ON articles(story_id);
      CREATE INDEX articles_sort ON articles(sort_at);
      CREATE INDEX articles_ingested ON articles(ingested_at);

      CREATE TABLE article_tags (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind       TEXT NOT NULL,
        value      TEXT NOT NULL,
        score      REAL,
        sort_at    TEXT NOT NULL,   -- the article's sort_at, copied so "latest articles of a topic" is one index range
        PRIMARY KEY (article_id, kind, value)
      ) WITHOUT ROWID;
      CREATE INDEX article_tags_value ON article_tags(kind, value, sort_at);

      CREATE TABLE stories (
        id                  INTEGER PRIMARY KEY,
        headline_article_id INTEGER NOT NULL,
        first_seen          TEXT NOT NULL,   -- earliest sort_at of its articles
        last_seen           TEXT NOT NULL,   -- latest sort_at of its articles
        last_ingested_at    TEXT NOT NULL,   -- when it last gained an article: digests post what is new since a watermark
        article_count       INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX stories_last_ingested ON stories(last_ingested_at);

      -- LSH band keys of each article's fingerprint: candidates for near-duplicate lookup.
      CREATE TABLE story_bands (
        key        INTEGER NOT NULL,
        article_id INTEGER NOT NULL,
        PRIMARY KEY (key, article_id)
      ) WITHOUT ROWID;

      -- Contentless FTS5 index (the text lives once, in articles); rowid = articles.id.
      CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, summary, tags,
        content = '', contentless_delete = 1,
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
    `,
  },
  {
    id: 2,
    name: 'workspaces and topics',
    sql: `
      CREATE TABLE workspaces (
        id         TEXT PRIMARY KEY,   -- 'discord:<guild>', 'slack:<team>', 'cli:local'
        created_at TEXT NOT NULL
      );
      CREATE TABLE topics (
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name         TEXT NOT NULL,
        keywords     TEXT NOT NULL,    -- JSON array of strings
        created_by   TEXT,
        created_at   TEXT NOT NULL,
        PRIMARY KEY (workspace_id, name)
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 3,
    name: 'digest subscriptions and the run ledger',
    sql: `
      CREATE TABLE subscriptions (
        id                   INTEGER PRIMARY KEY,
        workspace_id         TEXT NOT NULL,
        channel_id           TEXT NOT NULL,   -- 'discord:<guild>:<channel>', 'slack:<team>:<channel>'
        topics               TEXT NOT NULL,   -- JSON array of topic names; [] = all of the workspace's topics
        cron                 TEXT NOT NULL,
        timezone             TEXT NOT NULL,
        enabled              INTEGER NOT NULL DEFAULT 1,
        post_empty           INTEGER NOT NULL DEFAULT 0,
        last_watermark       TEXT,            -- stories that gained articles after this are new
        created_by           TEXT,
        created_at           TEXT NOT NULL,
        paused_reason        TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX subscriptions_channel ON subscriptions(channel_id);

      -- One row per (subscription, slot): claimed before posting, so a slot is posted once across restarts.
      CREATE TABLE digest_runs (
        subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        slot            TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('claimed', 'posted', 'nothing_new', 'failed', 'skipped')),
        message_ref     TEXT,
        error           TEXT,
        claimed_at      TEXT NOT NULL,
        finished_at     TEXT,
        PRIMARY KEY (subscription_id, slot)
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 4,
    name: 'scheduler: claim owners, failure reasons, stories each digest posted',
    sql: `
      ALTER TABLE digest_runs ADD COLUMN owner TEXT;          -- the scheduler process holding a claim
      ALTER TABLE digest_runs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
      CREATE INDEX digest_runs_claimed ON digest_runs(status, claimed_at) WHERE status = 'claimed';
      ALTER TABLE subscriptions ADD COLUMN last_error TEXT;   -- the latest failure, shown by /digest status

      -- Stories a subscription has posted, with their size then: never repeated, unless grown enough for an update.
      CREATE TABLE digest_stories (
        subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        story_id        INTEGER NOT NULL,
        article_count   INTEGER NOT NULL,
        posted_at       TEXT NOT NULL,
        PRIMARY KEY (subscription_id, story_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 5,
    name: 'feeds and the feed items already seen',
    sql: `
      CREATE TABLE feeds (
        id               INTEGER PRIMARY KEY,
        workspace_id     TEXT NOT NULL,
        url              TEXT NOT NULL,
        title            TEXT,
        site_url         TEXT,
        topics           TEXT NOT NULL DEFAULT '[]',   -- JSON array of topic names
        interval_minutes INTEGER NOT NULL,
        fetch_pages      INTEGER NOT NULL DEFAULT 1,   -- fetch the article page of teaser-only items
        added_by         TEXT,
        added_in         TEXT,                         -- channel it was added from
        added_at         TEXT NOT NULL,
        etag             TEXT,
        last_modified    TEXT,
        last_polled_at   TEXT,
        last_ok_at       TEXT,
        last_error       TEXT,
        failures         INTEGER NOT NULL DEFAULT 0,   -- failed polls in a row
        failing_since    TEXT,
        next_poll_at     TEXT NOT NULL,
        disabled_reason  TEXT,
        article_count    INTEGER NOT NULL DEFAULT 0,
        UNIQUE (workspace_id, url)
      );
      CREATE INDEX feeds_due ON feeds(next_poll_at) WHERE disabled_reason IS NULL;

      -- Items a feed has delivered (by GUID): a GUID seen once is never ingested again.
      CREATE TABLE feed_items (
        feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        guid       TEXT NOT NULL,
        article_id INTEGER,
        first_seen TEXT NOT NULL,
        PRIMARY KEY (feed_id, guid)
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 6,
    name: 'LLM answer cache and daily token ledger',
    sql: `
      -- One answer per (article content hash | overview input hash, model, prompt version): summarized once, ever.
      CREATE TABLE llm_cache (
        content_hash   TEXT NOT NULL,
        model          TEXT NOT NULL,
        prompt_version TEXT NOT NULL,
        kind           TEXT NOT NULL CHECK (kind IN ('summary', 'overview')),
        text           TEXT NOT NULL,
        tokens         INTEGER NOT NULL,   -- what producing it cost
        created_at     TEXT NOT NULL,
        PRIMARY KEY (content_hash, model, prompt_version)
      ) WITHOUT ROWID;

      -- Per UTC day: tokens spent (the NEWSBRIEF_LLM_DAILY_TOKENS cap reads this), calls, fallbacks, cache hits.
      CREATE TABLE llm_usage (
        day        TEXT PRIMARY KEY,   -- '2026-11-30'
        tokens     INTEGER NOT NULL DEFAULT 0,
        calls      INTEGER NOT NULL DEFAULT 0,
        fallbacks  INTEGER NOT NULL DEFAULT 0,
        cache_hits INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 7,
    name: 'event clustering: term frequencies, story centroids and their index, story aliases',
    sql: `
      -- Document frequency of each salient term over the archive (IDF for story assignment); key '' counts documents.
      CREATE TABLE story_term_df (
        term TEXT PRIMARY KEY,
        df   INTEGER NOT NULL
      ) WITHOUT ROWID;

      -- Each live story's centroid: the sum of its members' TF-IDF unit vectors, cut to its heaviest terms (JSON).
      CREATE TABLE story_centroids (
        story_id   INTEGER PRIMARY KEY,
        terms      TEXT NOT NULL,      -- its terms, heaviest first, joined by newlines
        weights    BLOB NOT NULL,      -- their weights, float64 little-endian, same order
        indexed    TEXT NOT NULL,      -- every term story_index lists it under, joined by newlines (dropped on merge)
        count      INTEGER NOT NULL,
        first_seen INTEGER NOT NULL,   -- ms since epoch
        last_seen  INTEGER NOT NULL
      );

      -- Inverted index: term -> stories whose centroid is (or was) heavy in it; a merged-away story's rows are deleted.
      CREATE TABLE story_index (
        term     TEXT NOT NULL,
        story_id INTEGER NOT NULL,
        PRIMARY KEY (term, story_id)
      ) WITHOUT ROWID;

      -- A story merged into an older one: its id keeps resolving to the survivor (links, More pages, digest ledger).
      CREATE TABLE story_aliases (
        alias_id INTEGER PRIMARY KEY,
        story_id INTEGER NOT NULL,
        merged_at TEXT NOT NULL
      );
      CREATE INDEX story_aliases_story ON story_aliases(story_id);

      -- How representative the headline article is (centrality x completeness): a better article takes the headline.
      ALTER TABLE stories ADD COLUMN headline_score REAL NOT NULL DEFAULT 0;

      -- Articles stored before this migration keep their stories; new articles are compared with stories whose
      -- centroids exist, i.e. those that gain or start after it (near-copies of older articles still join them).
    `,
  },
  {
    id: 8,
    name: 'app installations (OAuth) with their tokens',
    sql: `
      -- One row per installation of the app (a workspace, or an organization); data is the platform's JSON record.
      CREATE TABLE app_installations (
        id           TEXT PRIMARY KEY,
        workspace_id TEXT,
        data         TEXT NOT NULL,
        expires_at   TEXT,
        installed_at TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      );
      CREATE INDEX app_installations_workspace ON app_installations(workspace_id);
    `,
  },
  {
    id: 9,
    name: 'instances: every running newsbrief process, its roles and heartbeat (database clock)',
    sql: `
      -- One row per running process; started_at and heartbeat_at come from the database's clock, never a process's.
      CREATE TABLE instances (
        id           TEXT PRIMARY KEY,   -- '<host>:<pid>:<random>'
        host         TEXT NOT NULL,
        pid          INTEGER NOT NULL,
        roles        TEXT NOT NULL,      -- JSON array: 'http', 'scheduler', 'poller'
        started_at   TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 10,
    name: "digest ledger: a 'due' state that any instance's worker claims, and each slot's platform",
    sql: `
      -- Every instance's tick records due slots ('due', idempotent); workers claim only as many as they can post now.
      CREATE TABLE digest_runs_next (
        subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        slot            TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('due', 'claimed', 'posted', 'nothing_new', 'failed', 'skipped')),
        message_ref     TEXT,
        error           TEXT,
        claimed_at      TEXT NOT NULL,   -- when claimed or renewed (a 'due' row: when it was recorded)
        finished_at     TEXT,
        owner           TEXT,
        attempts        INTEGER NOT NULL DEFAULT 1,
        platform        TEXT,            -- the channel's platform: workers claim the slots of platforms they post to
        PRIMARY KEY (subscription_id, slot)
      ) WITHOUT ROWID;
      INSERT INTO digest_runs_next
        SELECT r.subscription_id, r.slot, r.status, r.message_ref, r.error, r.claimed_at, r.finished_at, r.owner, r.attempts,
               (SELECT substr(s.channel_id, 1, instr(s.channel_id, ':') - 1) FROM subscriptions s WHERE s.id = r.subscription_id)
          FROM digest_runs r;
      DROP TABLE digest_runs;
      ALTER TABLE digest_runs_next RENAME TO digest_runs;
      CREATE INDEX digest_runs_open ON digest_runs(platform, slot) WHERE status IN ('due', 'claimed');
    `,
  },
  {
    id: 11,
    name: 'feed leases across instances: a time-limited lease per feed and one per host',
    sql: `
      -- A poller leases the due feeds it is about to poll (until lease_until), so no other instance polls them too.
      ALTER TABLE feeds ADD COLUMN lease_owner TEXT;
      ALTER TABLE feeds ADD COLUMN lease_until TEXT;
      -- One request at a time per host across instances: the instance fetching from a host holds its row.
      CREATE TABLE host_leases (
        host  TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        until TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 12,
    name: 'ui_pages: paging state too long for a button, shared by every instance, with an expiry',
    sql: `
      -- A "More" button whose state does not fit the platform's button data carries a key into this table instead.
      CREATE TABLE ui_pages (
        key        TEXT PRIMARY KEY,
        body       TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX ui_pages_expires ON ui_pages(expires_at);
    `,
  },
  {
    id: 13,
    name: 'rate budgets shared by every instance (the Discord global limit is per bot, not per process)',
    sql: `
      -- The next free send time of a budget (ms since the epoch, the database's clock): each request reserves one.
      CREATE TABLE rate_budgets (
        name    TEXT PRIMARY KEY,
        next_ms REAL NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 14,
    name: 'update ledger: what each target was shown of a story, and each update claimed once before posting',
    sql: `
      -- Articles and sentences (by key) a target (a digest's thread, a user) was shown: no later update repeats them.
      CREATE TABLE update_shown (
        target   TEXT NOT NULL,
        kind     TEXT NOT NULL CHECK (kind IN ('article', 'sentence')),
        key      TEXT NOT NULL,
        story_id INTEGER NOT NULL,
        shown_at TEXT NOT NULL,
        PRIMARY KEY (target, kind, key)
      ) WITHOUT ROWID;
      -- One row per update of (target, story), numbered: claimed before posting, so each is posted once.
      CREATE TABLE update_deliveries (
        target      TEXT NOT NULL,
        story_id    INTEGER NOT NULL,
        seq         INTEGER NOT NULL,
        platform    TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('claimed', 'posted', 'failed')),
        owner       TEXT,
        nonce       TEXT NOT NULL,
        payload     TEXT NOT NULL,
        attempts    INTEGER NOT NULL DEFAULT 1,
        claimed_at  TEXT NOT NULL,
        finished_at TEXT,
        message_ref TEXT,
        error       TEXT,
        PRIMARY KEY (target, story_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX update_deliveries_open ON update_deliveries(platform, claimed_at) WHERE status = 'claimed';
    `,
  },
  {
    id: 15,
    name: 'digest filters, mutes (a user\'s or a workspace\'s) and what the last digest run left out',
    sql: `
      -- JSON DigestFilters and DigestExplanation per subscription; a mute's user_id is '' for a workspace mute.
      CREATE TABLE digest_filters (subscription_id INTEGER PRIMARY KEY REFERENCES subscriptions(id) ON DELETE CASCADE,
        workspace_id TEXT NOT NULL, filters TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE mutes (id INTEGER PRIMARY KEY, workspace_id TEXT NOT NULL, user_id TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL,
        value TEXT NOT NULL, created_by TEXT, created_at TEXT NOT NULL, UNIQUE (workspace_id, user_id, kind, value));
      CREATE TABLE digest_explanations (subscription_id INTEGER PRIMARY KEY REFERENCES subscriptions(id) ON DELETE CASCADE,
        workspace_id TEXT NOT NULL, record TEXT NOT NULL, at TEXT NOT NULL);
    `,
  },
  TUNING_SQLITE_MIGRATION,
  THREADS_SQLITE_MIGRATION,
  LANGUAGE_SQLITE_MIGRATION,
  ...FOLLOWS_MIGRATIONS,
  CANDIDATE_INDEX_SQLITE_MIGRATION,
  BAND_HORIZON_SQLITE_MIGRATION,
  TOPIC_TAG_INDEX_SQLITE_MIGRATION,
];
