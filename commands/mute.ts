// /mute add|list|remove — words and sources a user never wants in their own /brief replies (and direct messages), or,
// for admins with scope:workspace, in anything the bot posts in this workspace. Answers are private.
import { z } from 'zod';
import { parseTerm } from '../src/briefing/filter.js';
import { sourceKey } from '../src/briefing/screen.js';
import { UserError } from '../src/errors.js';
import type { Mute, MuteKind } from '../src/store/preference-types.js';
import { subcommand, type CommandContext, type CommandDefinition, type CommandDeps } from './types.js';

/** Most mutes one user keeps, and one workspace. */
export const MAX_USER_MUTES = 50;
export const MAX_WORKSPACE_MUTES = 100;

const kindOption = { name: 'kind', description: 'What to mute: a word (or phrase) or a source', type: 'string' as const, required: true, choices: ['word', 'source'] };
const valueOption = { name: 'value', description: 'The word, "phrase" or source name', type: 'string' as const, required: true };
const scopeOption = { name: 'scope', description: 'Only for you (default), or for everything posted in this workspace (admins)', type: 'string' as const, choices: ['me', 'workspace'] };
const kindSchema = z.enum(['word', 'source'], { error: 'kind must be word or source' });
const valueSchema = z.string({ error: 'Give the word or source to mute' }).max(200, 'value can be at most 200 characters');
const scopeSchema = z.enum(['me', 'workspace'], { error: 'scope must be me or workspace' }).optional();

/** The user a scope stands for (null: the workspace), refusing a workspace scope to non-admins. */
function owner(ctx: CommandContext, scope: 'me' | 'workspace' | undefined): string | null {
  if (scope !== 'workspace') return ctx.userId;
  if (!ctx.isAdmin) throw new UserError(`Only members with ${ctx.adminRight ?? 'admin rights'} can mute for the whole workspace; \`scope:me\` mutes it for you.`);
  return null;
}

/** A mute's stored value: a word's or phrase's words, or a known source's lowercase name. */
async function muteValue(app: CommandDeps, kind: MuteKind, raw: string): Promise<string> {
  if (kind === 'word') return parseTerm(raw, 'word').text;
  const name = sourceKey(raw);
  if (name.length === 0) throw new UserError('Give a source name, e.g. `value:"Tabloid Daily"`.');
  if (!(await app.store.preferences.knownSources([name])).has(name)) {
    throw new UserError(`Unknown source "${name.slice(0, 60)}": name it as a story lists it (an outlet like "Yonhap", or a site like example.com). Nothing was muted.`);
  }
  return name;
}

const describe = (m: Mute): string => `${m.kind} "${m.value}"`;

export const muteCommand: CommandDefinition = {
  name: 'mute',
  description: 'Words and sources you never want to see (admins: for the whole workspace)',
  subcommands: [
    subcommand({
      name: 'add',
      description: 'Mute a word or a source (only you see the answer)',
      admin: false,
      checksAdmin: true,
      options: [kindOption, valueOption, scopeOption],
      schema: z.object({ kind: kindSchema, value: valueSchema, scope: scopeSchema }),
      async run(app, ctx, args) {
        const userId = owner(ctx, args.scope);
        const value = await muteValue(app, args.kind, args.value);
        const existing = await app.store.preferences.listMutes(ctx.workspaceId, userId);
        const cap = userId === null ? MAX_WORKSPACE_MUTES : MAX_USER_MUTES;
        if (existing.length >= cap) throw new UserError(`${userId === null ? 'This workspace has' : 'You have'} ${existing.length} mutes, the most there can be; remove one with \`/mute remove\` first.`);
        const added = await app.store.preferences.addMute({ workspaceId: ctx.workspaceId, ...(userId === null ? {} : { userId }), kind: args.kind, value, createdBy: ctx.userId });
        const where = userId === null ? 'in everything newsbrief posts in this workspace' : 'in your /brief replies and direct messages';
        return { kind: 'message', private: true, text: added ? `Muted ${args.kind} "${value}" ${where}.` : `${args.kind === 'word' ? 'Word' : 'Source'} "${value}" was already muted ${where}.` };
      },
    }),
    subcommand({
      name: 'list',
      description: 'Your mutes and this workspace’s',
      admin: false,
      options: [],
      schema: z.object({}),
      async run(app, ctx) {
        const mine = await app.store.preferences.listMutes(ctx.workspaceId, ctx.userId);
        const shared = await app.store.preferences.listMutes(ctx.workspaceId, null);
        const lines = [
          mine.length > 0 ? `Yours (${mine.length}/${MAX_USER_MUTES}): ${mine.map(describe).join(', ')}` : 'You have muted nothing. `/mute add kind:word value:celebrity` mutes a word for you.',
          shared.length > 0 ? `This workspace's (${shared.length}/${MAX_WORKSPACE_MUTES}), applied to everything posted here: ${shared.map(describe).join(', ')}` : 'This workspace has muted nothing.',
        ];
        return { kind: 'message', private: true, text: lines.join('\n') };
      },
    }),
    subcommand({
      name: 'remove',
      description: 'Unmute a word or a source',
      admin: false,
      checksAdmin: true,
      options: [kindOption, valueOption, scopeOption],
      schema: z.object({ kind: kindSchema, value: valueSchema, scope: scopeSchema }),
      async run(app, ctx, args) {
        const userId = owner(ctx, args.scope);
        const value = args.kind === 'word' ? parseTerm(args.value, 'word').text : sourceKey(args.value);
        const removed = await app.store.preferences.removeMute(ctx.workspaceId, userId, args.kind, value);
        const whose = userId === null ? "this workspace's mutes" : 'your mutes';
        if (!removed) throw new UserError(`${args.kind === 'word' ? 'Word' : 'Source'} "${value}" is not among ${whose}. \`/mute list\` shows them.`);
        return { kind: 'message', private: true, text: `Unmuted ${args.kind} "${value}" (${whose}).` };
      },
    }),
  ],
};
