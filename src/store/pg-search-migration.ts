// The PostgreSQL store's full-text index in a table of its own (article_search: id, time, weighted tsvector), kept
// in step with articles by a trigger; pg-migrations.ts lists it in its numbered order.
import type { Migration } from './migrations.js';

/**
 * Moves the weighted tsvector out of `articles` into `article_search`, one narrow row per article, with the GIN index
 * and a `sort_at` index of its own. Finding the newest matches visits the row of every match the GIN index returns:
 * an `articles` row holds the article's text (~1.5 KB, five to a page), an `article_search` row ~60 bytes (the
 * tsvector itself is stored out of line), so the same matches cost a twentieth of the page visits. The trigger
 * computes the tsvector exactly as the generated column did, on every insert and on an update of what it indexes.
 * `config` is the text search configuration (TS_CONFIG).
 */
export const searchPgMigration = (config: string): Migration => ({
  id: 11,
  name: 'full-text index in a narrow table of its own (article_search), kept in step with articles by a trigger',
  sql: `
    CREATE TABLE article_search (
      article_id bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
      sort_at    timestamptz NOT NULL,
      tsv        tsvector NOT NULL
    );
    INSERT INTO article_search (article_id, sort_at, tsv) SELECT id, sort_at, tsv FROM articles;
    CREATE INDEX article_search_sort ON article_search (sort_at);
    CREATE INDEX article_search_tsv ON article_search USING gin (tsv);
    ALTER TABLE articles DROP COLUMN tsv;
    CREATE FUNCTION article_search_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- Weighted: a title hit (A) says more than a tag (B), a summary (C) or the body (D).
      INSERT INTO article_search (article_id, sort_at, tsv) VALUES (NEW.id, NEW.sort_at,
        setweight(to_tsvector('${config}', NEW.title), 'A') ||
        setweight(to_tsvector('${config}', NEW.tag_text), 'B') ||
        setweight(to_tsvector('${config}', NEW.summary), 'C') ||
        setweight(to_tsvector('${config}', NEW.body), 'D'))
      ON CONFLICT (article_id) DO UPDATE SET sort_at = excluded.sort_at, tsv = excluded.tsv;
      RETURN NULL;
    END $$;
    CREATE TRIGGER articles_search AFTER INSERT OR UPDATE OF title, tag_text, summary, body, sort_at ON articles
      FOR EACH ROW EXECUTE FUNCTION article_search_write();
    ANALYZE article_search;
  `,
});
