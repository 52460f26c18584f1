// /brief TOPIC [since] [limit] — the most important recent stories on a topic, one line each, with sources.
import { z } from 'zod';
import { buildBriefing, MAX_BRIEFING_LIMIT } from '../src/briefing/briefing.js';
import { enhanceBriefing } from '../src/llm/index.js';
import { topicsFor } from '../src/briefing/topics.js';
import { loadFeedback } from '../src/briefing/feedback.js';
import { muteScreenFor } from '../src/briefing/screen.js';
import { handler, type CommandDefinition } from './types.js';

export const SINCE_CHOICES = ['24h', '3d', '7d', '30d', 'all'] as const;
/** Most stories one page of a briefing shows (`limit`); "More" shows the next ones, up to MAX_BRIEFING_LIMIT in all. */
export const MAX_PAGE = 10;

const schema = z.object({
  topic: z.string({ error: 'Give a topic, e.g. korea' }),
  since: z
    .string()
    .regex(/^(\d{1,4}[hdw]|all)$/i, 'since must look like 24h, 3d, 7d, 30d or all')
    .optional(),
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be at least 1').max(MAX_PAGE, `limit can be at most ${MAX_PAGE}`).optional(),
});

export const briefCommand: CommandDefinition = {
  name: 'brief',
  description: 'Brief me on a topic: the top recent stories, one line each, with sources',
  handler: handler({
    admin: false,
    options: [
      { name: 'topic', description: 'A topic (korea, climate…) or any words', type: 'string', required: true, autocomplete: true },
      { name: 'since', description: 'How far back to look (default 7d)', type: 'string', choices: [...SINCE_CHOICES] },
      { name: 'limit', description: `How many stories (1-${MAX_PAGE}, default 5)`, type: 'integer', min: 1, max: MAX_PAGE },
    ],
    paged: true,
    schema,
    async run(app, ctx, args) {
      const topics = await topicsFor(app.store.topics, app.config.topics, ctx.workspaceId);
      const briefing = await buildBriefing(app.store, {
        query: args.topic,
        since: args.since ?? app.config.briefing.defaultSince,
        // A page: the stories up to its end, and one more to tell whether there is a next page.
        limit: ctx.page ? Math.min(ctx.page.offset + ctx.page.size + 1, MAX_BRIEFING_LIMIT) : (args.limit ?? app.config.briefing.defaultLimit),
        now: ctx.now,
        topics,
        suggest: async () => (await app.store.articles.topTags('place', 5)).map((t) => t.value.toLowerCase()),
        feedback: await loadFeedback(app.store.tuning, ctx.workspaceId, ctx.now),
        ...(ctx.page ? { pageSize: ctx.page.size } : {}),
        // The workspace's mutes and the asker's own.
        screen: await muteScreenFor(app.store, ctx.workspaceId, ctx.userId),
      });
      // With the LLM configured: one-sentence abstractive summaries and a cited overview; offline text on any failure.
      // The overview covers the first page only, when the adapter pages. The adapter decides how long to wait for it.
      if (!app.llm || briefing.stories.length === 0) return { kind: 'briefing', briefing };
      return { kind: 'briefing', briefing, enhanced: enhanceBriefing(app.llm, briefing, ctx.page ? { overviewStories: ctx.page.size } : {}) };
    },
  }),
};
