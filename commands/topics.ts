// /topics add|remove|list — the workspace's topics. add/remove need admin rights; list is open to everyone.
import { z } from 'zod';
import { UserError } from '../src/errors.js';
import { normalizeTopicName } from '../src/briefing/query.js';
import { subcommand, type CommandDefinition } from './types.js';

const MAX_TOPICS = 50;

/** "north korea, pyongyang ,, kim jong un" -> ["north korea", "pyongyang", "kim jong un"]. */
export function parseKeywords(text: string): string[] {
  return [...new Set(text.split(/[,;\n]/).map((k) => k.trim().replace(/\s+/g, ' ')).filter((k) => k.length > 0))];
}

const nameSchema = z
  .string({ error: 'Give the topic a name' })
  .transform(normalizeTopicName)
  .pipe(z.string().min(2, 'A topic name needs at least 2 letters or digits').max(40, 'A topic name can be at most 40 characters'));

const addSchema = z.object({
  name: nameSchema,
  keywords: z
    .string({ error: 'Give keywords separated by commas, e.g. "north korea, pyongyang"' })
    .transform(parseKeywords)
    .pipe(
      z
        .array(z.string().max(60, 'Each keyword can be at most 60 characters'))
        .min(1, 'Give at least one keyword, separated by commas')
        .max(30, 'A topic can have at most 30 keywords'),
    ),
});

export const topicsCommand: CommandDefinition = {
  name: 'topics',
  description: "Manage this workspace's topics",
  subcommands: [
    subcommand({
      name: 'list',
      description: 'List the topics you can brief on',
      admin: false,
      options: [],
      schema: z.object({}),
      run(app, ctx) {
        const topics = app.topicsFor(ctx.workspaceId);
        const line = (t: (typeof topics)[number]) =>
          `• ${t.name}${t.custom ? '' : ' (default)'} — ${t.keywords.slice(0, 8).join(', ')}${t.keywords.length > 8 ? ', …' : ''}`;
        return { kind: 'message', text: `Topics (${topics.length}):\n${topics.map(line).join('\n')}` };
      },
    }),
    subcommand({
      name: 'add',
      description: 'Add or replace a topic (admins)',
      admin: true,
      options: [
        { name: 'name', description: 'Topic name, e.g. korea', type: 'string', required: true },
        { name: 'keywords', description: 'Comma-separated keywords, e.g. "north korea, pyongyang"', type: 'string', required: true },
      ],
      schema: addSchema,
      run(app, ctx, args) {
        const own = app.store.listTopics(ctx.workspaceId);
        if (own.length >= MAX_TOPICS && !own.some((t) => t.name === args.name)) {
          throw new UserError(`This workspace already has ${MAX_TOPICS} topics; remove one first.`);
        }
        const replaced = app.store.saveTopic(ctx.workspaceId, { name: args.name, keywords: args.keywords }, ctx.userId);
        return {
          kind: 'message',
          text: `${replaced ? 'Updated' : 'Added'} topic **${args.name}**: ${args.keywords.join(', ')}`,
        };
      },
    }),
    subcommand({
      name: 'remove',
      description: 'Remove a topic (admins)',
      admin: true,
      options: [{ name: 'name', description: 'Topic name', type: 'string', required: true, autocomplete: true }],
      schema: z.object({ name: nameSchema }),
      run(app, ctx, args) {
        if (app.store.removeTopic(ctx.workspaceId, args.name)) {
          return { kind: 'message', text: `Removed topic **${args.name}**.` };
        }
        const isDefault = app.config.topics.some((t) => normalizeTopicName(t.name) === args.name);
        throw new UserError(
          isDefault
            ? `**${args.name}** is a built-in topic; it cannot be removed, but \`/topics add\` can replace its keywords.`
            : `There is no topic named **${args.name}**. \`/topics list\` shows them.`,
        );
      },
    }),
  ],
};
