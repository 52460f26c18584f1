// /topics add|remove|list — the workspace's topics. add/remove need admin rights; list is open to everyone and private.
import { z } from 'zod';
import { UserError } from '../src/errors.js';
import { normalizeTopicName } from '../src/briefing/query.js';
import { topicsFor } from '../src/briefing/topics.js';
import { subcommand, type CommandDefinition, type CommandDeps } from './types.js';

const MAX_TOPICS = 50;
/** Topics per /topics list page, and the longest line: a page fits one Discord message (2,000 characters). */
export const TOPICS_PER_PAGE = 20;
const LINE_MAX = 80;

/** The built-in topic of this name, if any (config/default.yaml). */
const builtIn = (app: CommandDeps, name: string) =>
  app.config.topics.find((t) => normalizeTopicName(t.name) === name);
const keywordList = (k: string[], max = 8) => `${k.slice(0, max).join(', ')}${k.length > max ? ', …' : ''}`;

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
      description: 'List the topics you can brief on (only you see the list)',
      admin: false,
      options: [{ name: 'page', description: `Which page of ${TOPICS_PER_PAGE} topics (default 1)`, type: 'integer', min: 1 }],
      schema: z.object({ page: z.coerce.number({ error: 'page must be a number' }).int('page must be a whole number').min(1, 'page must be at least 1').optional() }),
      async run(app, ctx, args) {
        const topics = await topicsFor(app.store.topics, app.config.topics, ctx.workspaceId);
        const pages = Math.max(1, Math.ceil(topics.length / TOPICS_PER_PAGE));
        const page = Math.min(args.page ?? 1, pages);
        const line = (t: (typeof topics)[number]) => {
          const full = `• ${t.name}${t.custom ? (builtIn(app, normalizeTopicName(t.name)) ? ' (yours, replaces the built-in)' : '') : ' (built-in)'} — ${keywordList(t.keywords)}`;
          return full.length > LINE_MAX ? `${full.slice(0, LINE_MAX - 1)}…` : full;
        };
        const shown = topics.slice((page - 1) * TOPICS_PER_PAGE, page * TOPICS_PER_PAGE);
        const head = pages === 1 ? `Topics (${topics.length}):` : `Topics (${topics.length}), page ${page} of ${pages}:`;
        const more = page < pages ? [`\`/topics list page:${page + 1}\` shows the next ${Math.min(TOPICS_PER_PAGE, topics.length - page * TOPICS_PER_PAGE)}.`] : [];
        // Private: a list of everything is noise in the channel.
        return { kind: 'message', private: true, text: [head, ...shown.map(line), ...more].join('\n') };
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
      async run(app, ctx, args) {
        const own = await app.store.topics.listTopics(ctx.workspaceId);
        if (own.length >= MAX_TOPICS && !own.some((t) => t.name === args.name)) {
          throw new UserError(`This workspace already has ${MAX_TOPICS} topics; remove one first.`);
        }
        const replaced = await app.store.topics.saveTopic(ctx.workspaceId, { name: args.name, keywords: args.keywords }, ctx.userId);
        const base = builtIn(app, args.name);
        const text = replaced
          ? `Updated topic **${args.name}**: ${args.keywords.join(', ')}`
          : base
            ? `Topic **${args.name}** now uses your keywords instead of the built-in ones: ${args.keywords.join(', ')}. \`/topics remove name:${args.name}\` brings the built-in keywords back.`
            : `Added topic **${args.name}**: ${args.keywords.join(', ')}`;
        return { kind: 'message', text };
      },
    }),
    subcommand({
      name: 'remove',
      description: 'Remove a topic (admins)',
      admin: true,
      options: [{ name: 'name', description: 'Topic name', type: 'string', required: true, autocomplete: true }],
      schema: z.object({ name: nameSchema }),
      async run(app, ctx, args) {
        const base = builtIn(app, args.name);
        if (await app.store.topics.removeTopic(ctx.workspaceId, args.name)) {
          // Removing an override brings the built-in topic back: say so rather than "Removed".
          if (base) return { kind: 'message', text: `Removed your keywords for **${args.name}**; the built-in topic **${args.name}** is back: ${keywordList(base.keywords)}.` };
          return { kind: 'message', text: `Removed topic **${args.name}**.` };
        }
        const isDefault = base !== undefined;
        throw new UserError(
          isDefault
            ? `**${args.name}** is a built-in topic; it cannot be removed, but \`/topics add\` can replace its keywords.`
            : `There is no topic named **${args.name}**. \`/topics list\` shows them.`,
        );
      },
    }),
  ],
};
