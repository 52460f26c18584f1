// The LLM answer cache and the daily usage ledger on SQLite (part of the SQLite Store; migration 6).
import type Database from 'better-sqlite3';
import type { Clock } from '../clock.js';
import type { SyncPort } from './gate.js';
import type { LlmStore } from './ports.js';
import type { LlmStoryText, LlmUsage } from './types.js';

const ZERO: LlmUsage = { tokens: 0, calls: 0, fallbacks: 0, cacheHits: 0 };

export function sqliteLlm(db: Database.Database, now: Clock): SyncPort<LlmStore> {
  const st = {
    cacheGet: db.prepare('SELECT text FROM llm_cache WHERE content_hash = ? AND model = ? AND prompt_version = ?').pluck(),
    cachePut: db.prepare(`INSERT INTO llm_cache (content_hash, model, prompt_version, kind, text, tokens, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (content_hash, model, prompt_version) DO UPDATE SET kind = excluded.kind, text = excluded.text,
        tokens = excluded.tokens, created_at = excluded.created_at`),
    usage: db.prepare('SELECT tokens, calls, fallbacks, cache_hits AS cacheHits FROM llm_usage WHERE day = ?'),
    record: db.prepare(`INSERT INTO llm_usage (day, tokens, calls, fallbacks, cache_hits) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (day) DO UPDATE SET tokens = tokens + excluded.tokens, calls = calls + excluded.calls,
        fallbacks = fallbacks + excluded.fallbacks, cache_hits = cache_hits + excluded.cache_hits`),
  };
  return {
    llmStoryTexts(storyIds) {
      const out = new Map<number, LlmStoryText>();
      for (let i = 0; i < storyIds.length; i += 500) {
        const chunk = storyIds.slice(i, i + 500);
        if (chunk.length === 0) continue;
        const rows = db.prepare(`SELECT s.id AS storyId, a.id AS articleId, a.content_hash AS contentHash, a.title, a.body,
            a.summary, a.lang FROM stories s JOIN articles a ON a.id = s.headline_article_id
          WHERE s.id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as LlmStoryText[];
        for (const r of rows) out.set(r.storyId, r);
      }
      return out;
    },
    llmCacheGet: (contentHash, model, promptVersion) => st.cacheGet.get(contentHash, model, promptVersion) as string | undefined,
    llmCachePut(e) {
      st.cachePut.run(e.contentHash, e.model, e.promptVersion, e.kind, e.text, Math.max(0, Math.round(e.tokens)), now().toISOString());
    },
    llmUsage: (day) => ({ ...ZERO, ...((st.usage.get(day) as LlmUsage | undefined) ?? {}) }),
    llmRecord(day, d) {
      st.record.run(day, d.tokens ?? 0, d.calls ?? 0, d.fallbacks ?? 0, d.cacheHits ?? 0);
    },
  };
}
