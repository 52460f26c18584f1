// Ingest migrations: 24 keeps the near-copy band keys of the newest NEAR_COPY_HORIZON articles only, and indexes them
// by article; 25 indexes tags by value for topics only.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BAND_HORIZON_SQLITE_MIGRATION, NEAR_COPY_HORIZON } from '../../src/store/ingest-migrations.js';
import { createSqliteStore } from '../../src/store/sqlite.js';

describe('band horizon migration (SQLite)', () => {
  it('drops the keys of articles beyond the horizon, keeps the newest ones and adds the article index', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE articles (id INTEGER PRIMARY KEY);
      CREATE TABLE story_bands (key INTEGER NOT NULL, article_id INTEGER NOT NULL, PRIMARY KEY (key, article_id)) WITHOUT ROWID;`);
    const newest = NEAR_COPY_HORIZON + 10;
    const ids = [1, 5, newest - NEAR_COPY_HORIZON, newest - NEAR_COPY_HORIZON + 1, newest];
    for (const id of ids) {
      db.prepare('INSERT INTO articles (id) VALUES (?)').run(id);
      for (const key of [7, 2 ** 52 + id]) db.prepare('INSERT INTO story_bands (key, article_id) VALUES (?, ?)').run(key, id);
    }
    db.exec(BAND_HORIZON_SQLITE_MIGRATION.sql);
    const kept = db.prepare('SELECT DISTINCT article_id FROM story_bands ORDER BY article_id').pluck().all();
    expect(kept).toEqual([newest - NEAR_COPY_HORIZON + 1, newest]);
    expect(db.prepare('SELECT count(*) FROM story_bands WHERE key = 7').pluck().get()).toBe(2);
    const plan = db.prepare('EXPLAIN QUERY PLAN DELETE FROM story_bands WHERE article_id <= ?').all(5) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('story_bands_article');
    db.close();
  });

  it('runs on an empty archive', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE articles (id INTEGER PRIMARY KEY);
      CREATE TABLE story_bands (key INTEGER NOT NULL, article_id INTEGER NOT NULL, PRIMARY KEY (key, article_id)) WITHOUT ROWID;`);
    db.exec(BAND_HORIZON_SQLITE_MIGRATION.sql);
    expect(db.prepare('SELECT count(*) FROM story_bands').pluck().get()).toBe(0);
    db.close();
  });
});

describe('topic tag index migration (SQLite)', () => {
  it('finds a topic\'s newest articles through the partial index, and no index holds every tag by value', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-tags-'));
    try {
      const file = path.join(dir, 'a.db');
      await createSqliteStore(file, () => new Date('2026-12-01T00:00:00Z')).close();
      const db = new Database(file);
      const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'article_tags'`).pluck().all();
      expect(names).toContain('article_tags_topic');
      expect(names).not.toContain('article_tags_value');
      const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('korea', '2026-11-01') as { detail: string }[]).map((p) => p.detail).join(' | ');
      expect(plan(`SELECT article_id FROM article_tags WHERE kind = 'topic' AND value = ? AND sort_at >= ? ORDER BY sort_at DESC LIMIT 5`))
        .toContain('article_tags_topic');
      expect(plan(`SELECT max(sort_at) FROM article_tags WHERE kind = 'topic' AND value = ? AND ? IS NOT NULL`)).toContain('article_tags_topic');
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
