// A digest's language: the `language` option `/digest set` and `/digest preview` share, `/digest language` to show or
// change it later, and the digest reply's LLM step, which writes summaries and the overview in that language (or, with
// no LLM, says once that they stay in their original language).
import { z } from 'zod';
import { languageName, noteUntranslated, parseLanguage } from '../src/briefing/language.js';
import { UserError } from '../src/errors.js';
import { enhanceDigest } from '../src/llm/index.js';
import type { Subscription } from '../src/store/types.js';
import type { Digest } from '../src/types.js';
import { subcommand, type CommandContext, type CommandDeps, type OptionSpec, type Reply } from './types.js';

export const LANGUAGE_OPTION: OptionSpec = {
  name: 'language',
  description: "Summaries' language, an ISO 639-1 code like ko, en, de (needs an LLM); off: each story's own",
  type: 'string',
};
export const LANGUAGE_SCHEMA = { language: z.string().max(100, 'language can be at most 100 characters').optional() };

/** The language option checked: absent (not given), or the code (undefined = cleared). A bad code is a UserError. */
export function languageArg(raw: string | undefined): { language: string | undefined } | undefined {
  return raw === undefined ? undefined : { language: parseLanguage(raw) };
}

/** "Korean (ko)". */
export const languageLabel = (code: string): string => `${languageName(code)} (${code})`;

/** What a digest in `language` does, as /digest set and /digest language say it. */
export function languageText(app: Pick<CommandDeps, 'llm'>, language: string | undefined): string {
  if (!language) return "Summaries stay in each story's own language.";
  return app.llm
    ? `Summaries and the overview are written in ${languageLabel(language)}; stories in other languages are marked with theirs.`
    : `Language: ${languageLabel(language)}. No LLM is configured, so summaries stay in their original language (each reply says so); stories in other languages are marked with theirs.`;
}

/** The subscription with its language replaced by `language` (undefined: none). */
export function inLanguage(sub: Subscription, language: string | undefined): Subscription {
  const { language: _old, ...rest } = sub;
  return language ? { ...rest, language } : rest;
}

/**
 * The digest reply with its LLM version on the way (when the LLM is configured and there is something to enhance).
 * Without an LLM, a digest in a language says once that its summaries stay in their original language.
 */
export function digestReply(app: Pick<CommandDeps, 'llm'>, reply: { kind: 'digest'; digest: Digest; private?: boolean }): Reply {
  const stories = reply.digest.sections.flatMap((s) => s.stories);
  if (stories.length === 0) return reply;
  if (!app.llm) return { ...reply, digest: noteUntranslated(reply.digest, stories, 'offline') };
  return { ...reply, enhanced: enhanceDigest(app.llm, reply.digest) };
}

const idOption: OptionSpec = { name: 'id', description: 'Which digest of this channel (see /digest status)', type: 'integer', min: 1 };

/** The subscription an optional id points at, or the channel's only one. */
async function subscriptionOf(app: CommandDeps, ctx: CommandContext, id: number | undefined): Promise<Subscription | undefined> {
  const subs = await app.store.digests.listSubscriptions(ctx.channelId);
  if (id === undefined) return subs[0];
  const s = subs.find((x) => x.id === id);
  if (!s) throw new UserError(`This channel has no digest #${id}. \`/digest status\` lists them.`);
  return s;
}

export const languageSubcommand = subcommand({
  name: 'language',
  description: "Show or change the language of this channel's digest (admins)",
  admin: true,
  options: [LANGUAGE_OPTION, idOption],
  schema: z.object({ ...LANGUAGE_SCHEMA, id: z.coerce.number({ error: 'id must be a number' }).int().min(1).optional() }),
  async run(app, ctx, args) {
    // The code is checked first: a bad one saves nothing, whatever else is wrong.
    const given = languageArg(args.language);
    const sub = await subscriptionOf(app, ctx, args.id);
    if (!sub) throw new UserError('This channel has no digest. Set one with `/digest set schedule:"daily 08:00" language:ko`.');
    if (!given) {
      return { kind: 'message', private: true, text: `Digest #${sub.id}: ${sub.language ? languageLabel(sub.language) : "each story's own language"}. ${languageText(app, sub.language)}` };
    }
    await app.store.digests.setLanguage(ctx.workspaceId, sub.id, given.language);
    return { kind: 'message', text: `Digest #${sub.id} is now in ${given.language ? languageLabel(given.language) : "each story's own language"}. ${languageText(app, given.language)}` };
  },
});
