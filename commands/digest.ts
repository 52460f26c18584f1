// /digest preview — what a digest would post now. (Scheduling subcommands set/off/status/now come with the scheduler.)
import { z } from 'zod';
import { buildDigest } from '../src/briefing/digest.js';
import { normalizeTopicName } from '../src/briefing/query.js';
import { parseSince } from '../src/briefing/window.js';
import { UserError } from '../src/errors.js';
import { subcommand, type CommandDefinition } from './types.js';

const previewSchema = z.object({
  topics: z.string().optional(),
  since: z.string().optional(),
});

export const digestCommand: CommandDefinition = {
  name: 'digest',
  description: "This channel's news digest",
  subcommands: [
    subcommand({
      name: 'preview',
      description: 'Show what the digest would post now',
      admin: false,
      options: [
        { name: 'topics', description: 'Comma-separated topics (default: all of this workspace’s topics)', type: 'string' },
        { name: 'since', description: 'New since how long ago (default 24h)', type: 'string' },
      ],
      schema: previewSchema,
      run(app, ctx, args) {
        const all = app.topicsFor(ctx.workspaceId);
        let topics = all;
        if (args.topics) {
          const wanted = args.topics.split(',').map(normalizeTopicName).filter(Boolean);
          const unknown = wanted.filter((w) => !all.some((t) => normalizeTopicName(t.name) === w));
          if (unknown.length > 0) {
            throw new UserError(`Unknown topic${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. \`topics list\` shows them.`);
          }
          topics = wanted.map((w) => all.find((t) => normalizeTopicName(t.name) === w)).filter((t) => t !== undefined);
        }
        const window = parseSince(args.since ?? app.config.digest.since, ctx.now);
        const digest = buildDigest(app.store, {
          topics,
          watermark: window.since ?? new Date(0).toISOString(),
          now: ctx.now,
          maxStories: app.config.digest.maxStories,
        });
        return { kind: 'digest', digest };
      },
    }),
  ],
};
