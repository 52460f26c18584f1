// How the Discord bot answers an interaction: a neutral Reply rendered to messages, sent as the reply (or the edit of
// a deferred one) plus follow-ups, and, when the LLM text arrives later, those same messages edited in place.
import { MessageFlags } from 'discord.js';
import type { RepliableInteraction } from 'discord.js';
import { textToDiscord, type DiscordMessage } from './render.js';

/** Every message we send: never ping anyone, whatever the text says. */
export const NO_MENTIONS = { parse: [] as [] };

/** discord.js reply options for one rendered message. */
export function toOptions(m: DiscordMessage, ephemeral: boolean) {
  return {
    ...(m.content !== undefined ? { content: m.content } : {}),
    embeds: m.embeds,
    components: m.components,
    allowedMentions: NO_MENTIONS,
    ...(ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}),
  };
}

/** Where a sent message is, for editing it later: '@original' (the interaction's reply) or a follow-up's id. */
export type MessageRef = string;

/** Sends messages as the answer to `i`: reply, or edit the deferred reply, then follow-ups for the rest. */
export async function send(i: RepliableInteraction, messages: DiscordMessage[], ephemeral: boolean): Promise<MessageRef[]> {
  const [first, ...rest] = messages;
  if (!first) return [];
  const refs: MessageRef[] = [];
  const followUp = async (m: DiscordMessage, priv: boolean) => refs.push((await i.followUp(toOptions(m, priv))).id);
  if (i.deferred && !i.replied) {
    if (ephemeral && !i.ephemeral) {
      // A deferred reply cannot become private: remove the public "thinking…" and answer privately instead.
      await i.deleteReply();
      for (const m of messages) await followUp(m, true);
      return refs;
    }
    const { flags: _flags, ...edit } = toOptions(first, false);
    await i.editReply(edit);
    refs.push('@original');
  } else if (i.replied) {
    await followUp(first, ephemeral);
  } else {
    await i.reply(toOptions(first, ephemeral));
    refs.push('@original');
  }
  for (const m of rest) await followUp(m, ephemeral);
  return refs;
}

/** Replaces messages sent earlier (`refs`) with `messages` in place: extra messages are followed up, spare ones deleted. */
export async function editSent(i: RepliableInteraction, refs: MessageRef[], messages: DiscordMessage[], ephemeral: boolean): Promise<void> {
  for (const [k, m] of messages.entries()) {
    const ref = refs[k];
    const { flags: _flags, ...edit } = toOptions(m, false);
    // An edit keeps fields it does not name: clear text the new version does not have.
    if (ref) await i.editReply({ content: '', ...edit, message: ref });
    else await i.followUp(toOptions(m, ephemeral));
  }
  for (const ref of refs.slice(messages.length)) await i.deleteReply(ref);
}

export const sendText = async (i: RepliableInteraction, text: string): Promise<void> => void (await send(i, textToDiscord(text), true));

