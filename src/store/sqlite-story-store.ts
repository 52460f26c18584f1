// Stories on SQLite (part of the SQLite store): merges and aliases, headlines, and what a briefing shows of a story
// (its headline article, outlets earliest first, origin credit). The assigner's state is in sqlite-stories.ts, the
// rebuild in sqlite-rebuild.ts.
import type Database from 'better-sqlite3';
import type { Article, Tag } from '../types.js';
import { assembleOutlines, assembleStories, inRequestedOrder, type StoryMemberRow, type StoryViewRow } from './story-view.js';
import type { SyncPort } from './gate.js';
import type { StoryStore } from './ports.js';
import { BUMP_STORIES_STAMP, READ_STORIES_STAMP } from './stamps.js';

interface StoryRow extends StoryViewRow {
  headline_article_id: number;
}

type StoryMethods = SyncPort<Omit<StoryStore, 'state' | 'rebuildStories'>>;

/** The story methods of the SQLite store (synchronous: the store makes them asynchronous). */
export function sqliteStoryStore(db: Database.Database, getArticle: (id: number) => Article | undefined): StoryMethods {
  const st = {
    tagsOf: db.prepare('SELECT kind, value, score FROM article_tags WHERE article_id = ?'),
    alias: db.prepare('SELECT story_id FROM story_aliases WHERE alias_id = ?').pluck(),
    storyArticleIds: db.prepare('SELECT id FROM articles WHERE story_id = ? ORDER BY sort_at, id').pluck(),
    storyRow: db.prepare('SELECT first_seen, last_seen, last_ingested_at, article_count FROM stories WHERE id = ?'),
    moveArticles: db.prepare('UPDATE articles SET story_id = ? WHERE story_id = ?'),
    absorb: db.prepare(`UPDATE stories SET first_seen = min(first_seen, @first), last_seen = max(last_seen, @last),
      last_ingested_at = max(last_ingested_at, @ingested), article_count = article_count + @count WHERE id = @id`),
    bumpStamp: db.prepare(BUMP_STORIES_STAMP),
    stamp: db.prepare(READ_STORIES_STAMP).pluck(),
    deleteStory: db.prepare('DELETE FROM stories WHERE id = ?'),
    offerHeadline: db.prepare(`UPDATE stories SET headline_article_id = @articleId, headline_score = @score
      WHERE id = @storyId AND (headline_score < @score OR headline_article_id = @articleId)`),
    addAlias: db.prepare('INSERT OR REPLACE INTO story_aliases (alias_id, story_id, merged_at) VALUES (?, ?, ?)'),
    repointAliases: db.prepare('UPDATE story_aliases SET story_id = ? WHERE story_id = ?'),
    carryPosted: db.prepare(`INSERT INTO digest_stories (subscription_id, story_id, article_count, posted_at)
      SELECT subscription_id, @into, article_count, posted_at FROM digest_stories WHERE story_id = @from
      ON CONFLICT (subscription_id, story_id) DO UPDATE SET article_count = max(article_count, excluded.article_count)`),
  };

  const resolveStory = (id: number): number => {
    let x = id;
    for (let i = 0; i < 32; i++) {
      const next = st.alias.get(x) as number | undefined;
      if (next === undefined || next === x) return x;
      x = next;
    }
    return x;
  };

  return {
    resolveStory,

    offerHeadline(storyId, articleId, score) {
      st.offerHeadline.run({ storyId, articleId, score });
    },

    mergeStories(into, from, at) {
      db.transaction(() => {
        for (const id of from) {
          if (id === into) continue;
          const r = st.storyRow.get(id) as
            | { first_seen: string; last_seen: string; last_ingested_at: string; article_count: number }
            | undefined;
          if (!r) continue;
          st.moveArticles.run(into, id);
          st.absorb.run({ id: into, first: r.first_seen, last: r.last_seen, ingested: r.last_ingested_at, count: r.article_count });
          st.carryPosted.run({ into, from: id });
          st.deleteStory.run(id);
          st.repointAliases.run(into, id);
          st.addAlias.run(id, into, at);
        }
        st.bumpStamp.run();
      })();
    },

    storyArticles(id) {
      const ids = st.storyArticleIds.all(resolveStory(id)) as number[];
      return ids.map((a) => getArticle(a)).filter((a): a is Article => a !== undefined);
    },

    getStories(requested) {
      if (requested.length === 0) return [];
      // Merged-away ids stand for their survivor (links and More pages made before a merge keep working).
      const ids = [...new Set(requested.map(resolveStory))];
      const marks = ids.map(() => '?').join(',');
      const rows = db.prepare(`SELECT s.id, s.headline_article_id, s.first_seen, s.last_seen, s.article_count,
          a.title, a.gist, a.url, a.published_at, a.lang
        FROM stories s JOIN articles a ON a.id = s.headline_article_id WHERE s.id IN (${marks})`).all(...ids) as StoryRow[];
      const members = db.prepare(`SELECT story_id AS storyId, source, url, sort_at AS at,
          title || ' ' || substr(body, 1, 1500) AS text FROM articles WHERE story_id IN (${marks})
        ORDER BY sort_at, id`).all(...ids) as StoryMemberRow[];
      const tags = new Map(rows.map((r) => [r.id, (st.tagsOf.all(r.headline_article_id) as { kind: Tag['kind']; value: string; score: number | null }[])
        .map((t): Tag => ({ kind: t.kind, value: t.value, ...(t.score === null ? {} : { score: t.score }) }))]));
      const byId = assembleStories(rows, members, (id) => tags.get(id) ?? []);
      return inRequestedOrder(requested, requested.map(resolveStory), byId);
    },

    storyOutlines(requested) {
      if (requested.length === 0) return [];
      const resolved = requested.map(resolveStory);
      const ids = [...new Set(resolved)];
      const marks = ids.map(() => '?').join(',');
      const heads = db.prepare(`SELECT s.id, s.headline_article_id AS head, a.title, a.gist FROM stories s
        JOIN articles a ON a.id = s.headline_article_id WHERE s.id IN (${marks})`).all(...ids) as { id: number; head: number; title: string; gist: string }[];
      const members = db.prepare(`SELECT story_id AS storyId, source, url FROM articles WHERE story_id IN (${marks})
        ORDER BY sort_at, id`).all(...ids) as Pick<StoryMemberRow, 'storyId' | 'source' | 'url'>[];
      // The headlines' tags in one statement, as bare rows, in the order a headline's own read gives them (its key order).
      const tags = new Map<number, Tag[]>();
      const tagRows = db.prepare(`SELECT s.id, t.kind, t.value, t.score FROM stories s JOIN article_tags t ON t.article_id = s.headline_article_id
        WHERE s.id IN (${marks}) ORDER BY t.article_id, t.kind, t.value`).raw().all(...ids) as [number, Tag['kind'], string, number | null][];
      for (const [id, kind, value, score] of tagRows) {
        const list = tags.get(id) ?? [];
        list.push(score === null ? { kind, value } : { kind, value, score });
        tags.set(id, list);
      }
      return inRequestedOrder(requested, resolved, assembleOutlines(heads, members, (id) => tags.get(id) ?? []));
    },

    storiesStamp: () => Number(st.stamp.get() ?? 0),

    storyArticleCounts(ids) {
      const out = new Map<number, number>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = db.prepare(`SELECT id, article_count AS n FROM stories WHERE id IN (${chunk.map(() => '?').join(',')})`)
          .all(...chunk) as { id: number; n: number }[];
        for (const r of rows) out.set(r.id, r.n);
      }
      return out;
    },
  };
}
