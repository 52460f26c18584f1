// The 👍/👎 buttons under a story on Discord: a click records the member's vote for this server (commands/feedback.ts)
// and answers only them (ephemeral), saying what the vote changes.
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { castVote } from '../../commands/feedback.js';
import type { App } from '../../src/app.js';
import { FEEDBACK_PREFIX } from './render.js';
import { NO_MENTIONS } from './reply.js';

/** True for the custom_ids this module answers. */
export const ownsFeedback = (customId: string): boolean => customId.startsWith(FEEDBACK_PREFIX);

/** The story and direction behind a custom_id. */
export function parseFeedbackId(customId: string): { storyId: number; vote: 1 | -1 } | undefined {
  const m = /^(\d{1,15})\|(up|down)$/.exec(customId.slice(FEEDBACK_PREFIX.length));
  return m ? { storyId: Number(m[1]), vote: m[2] === 'up' ? 1 : -1 } : undefined;
}

/** Answers a 👍 or 👎 click privately. */
export async function onFeedback(app: App, i: ButtonInteraction, now: Date): Promise<void> {
  const parsed = parseFeedbackId(i.customId);
  const content = parsed && i.guildId
    ? await castVote(app, { workspaceId: `discord:${i.guildId}`, userId: `discord:${i.user.id}`, storyId: parsed.storyId, vote: parsed.vote, now })
    : 'This button is not valid any more: run the command again.';
  await i.reply({ content, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
}
