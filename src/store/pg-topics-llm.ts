// A workspace's own topics, and the LLM answer cache with its daily usage ledger, on PostgreSQL (part of the
// PostgreSQL store).
import type { Clock } from '../clock.js';
import type { Db } from './pg-db.js';
import type { LlmStore, TopicStore } from './ports.js';
import type { LlmStoryText, LlmUsage, StoredTopic } from './types.js';

export function pgTopics(db: Db, now: Clock): TopicStore {
  return {
    async listTopics(workspaceId) {
      const r = await db.query<{ name: string; keywords: string[]; created_by: string | null; created_at: string }>(
        'SELECT name, keywords, created_by, created_at FROM topics WHERE workspace_id = $1 ORDER BY name', [workspaceId]);
      return r.rows.map((x): StoredTopic => ({
        name: x.name,
        keywords: x.keywords,
        createdAt: x.created_at,
        ...(x.created_by ? { createdBy: x.created_by } : {}),
      }));
    },
    async saveTopic(workspaceId, topic, createdBy) {
      const at = now().toISOString();
      return db.atomic(async (d) => {
        await d.query('INSERT INTO workspaces (id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [workspaceId, at]);
        // xmax is 0 on a freshly inserted row version and set on one an ON CONFLICT update wrote: "it replaced one".
        const r = await d.query<{ replaced: boolean }>(`INSERT INTO topics (workspace_id, name, keywords, created_by, created_at)
          VALUES ($1, $2, $3, $4, $5)
          ON CONFLICT (workspace_id, name) DO UPDATE SET keywords = excluded.keywords, created_by = excluded.created_by
          RETURNING (xmax <> 0) AS replaced`, [workspaceId, topic.name, topic.keywords, createdBy ?? null, at]);
        return r.rows[0]?.replaced ?? false;
      });
    },
    async removeTopic(workspaceId, name) {
      return ((await db.query('DELETE FROM topics WHERE workspace_id = $1 AND name = $2', [workspaceId, name])).rowCount ?? 0) > 0;
    },
  };
}

const ZERO: LlmUsage = { tokens: 0, calls: 0, fallbacks: 0, cacheHits: 0 };

export function pgLlm(db: Db, now: Clock): LlmStore {
  return {
    async llmStoryTexts(storyIds) {
      if (storyIds.length === 0) return new Map();
      const r = await db.query<LlmStoryText>(`SELECT s.id AS "storyId", a.id AS "articleId", a.content_hash AS "contentHash",
          a.title, a.body, a.summary, a.lang FROM stories s JOIN articles a ON a.id = s.headline_article_id
        WHERE s.id = ANY($1::bigint[])`, [storyIds]);
      return new Map(r.rows.map((x) => [x.storyId, x]));
    },
    async llmCacheGet(contentHash, model, promptVersion) {
      const r = await db.query<{ text: string }>('SELECT text FROM llm_cache WHERE content_hash = $1 AND model = $2 AND prompt_version = $3',
        [contentHash, model, promptVersion]);
      return r.rows[0]?.text;
    },
    async llmCachePut(e) {
      await db.query(`INSERT INTO llm_cache (content_hash, model, prompt_version, kind, text, tokens, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (content_hash, model, prompt_version) DO UPDATE SET kind = excluded.kind, text = excluded.text,
          tokens = excluded.tokens, created_at = excluded.created_at`,
      [e.contentHash, e.model, e.promptVersion, e.kind, e.text, Math.max(0, Math.round(e.tokens)), now().toISOString()]);
    },
    async llmUsage(day) {
      const r = await db.query<LlmUsage>('SELECT tokens, calls, fallbacks, cache_hits AS "cacheHits" FROM llm_usage WHERE day = $1', [day]);
      return { ...ZERO, ...(r.rows[0] ?? {}) };
    },
    async llmRecord(day, d) {
      await db.query(`INSERT INTO llm_usage (day, tokens, calls, fallbacks, cache_hits) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (day) DO UPDATE SET tokens = llm_usage.tokens + excluded.tokens, calls = llm_usage.calls + excluded.calls,
          fallbacks = llm_usage.fallbacks + excluded.fallbacks, cache_hits = llm_usage.cache_hits + excluded.cache_hits`,
      [day, d.tokens ?? 0, d.calls ?? 0, d.fallbacks ?? 0, d.cacheHits ?? 0]);
    },
  };
}
