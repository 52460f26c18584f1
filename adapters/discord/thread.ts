// Story updates in a digest's thread on Discord: the reply's text ("Update — <headline>: …" and up to three new
// sentences, each linked to its source; article text escaped) and posting it in the thread started on the digest
// message (POST /channels/{channel}/messages/{message}/threads; the thread's id is the message's, so a thread that
// already exists — code 160004 — is simply used). Mentions never ping: the poster sends `allowed_mentions: { parse: [] }`.
import { DiscordAPIError, Routes, type REST } from 'discord.js';
import type { UpdatePost } from '../../src/schedule/delivery.js';
import { escapeMarkdown, safeUrl, type DiscordMessage } from './render.js';
import { DISCORD_LIMITS as L } from './limits.js';

/** "A thread has already been created for this message." */
const THREAD_EXISTS = 160004;
/** Thread names are at most 100 characters. */
const NAME_MAX = 100;

const link = (label: string, url: string | undefined): string => {
  const u = safeUrl(url);
  return u ? `[${label}](<${u}>)` : label;
};

/** The update as one Discord message (content within the 2,000-character limit: sentences are cut, never dropped whole unless they cannot fit). */
export function updateToDiscord(u: UpdatePost): DiscordMessage {
  const head = `**Update — ${link(escapeMarkdown(u.headline, 300), u.url)}:**`;
  const tail = u.more > 0 ? `…and ${u.more} more new fact${u.more === 1 ? '' : 's'}, in the next update.` : '';
  const room = L.content - head.length - tail.length - 8;
  const per = Math.max(60, Math.floor(room / Math.max(1, u.sentences.length)) - 60);
  const sources = (s: UpdatePost['sentences'][number]): string =>
    s.cites ? s.cites.map((c, i) => `[${i + 1}] ${link(escapeMarkdown(c.outlet ?? 'source', 60), c.url)}`).join(', ') : link(escapeMarkdown(s.outlet ?? 'source', 60), s.url);
  const lines = u.sentences.map((s) => `• ${escapeMarkdown(s.text, per)} (${sources(s)})`);
  const content = [head, ...lines, ...(tail ? [tail] : [])].join('\n');
  return { content: content.length <= L.content ? content : `${content.slice(0, L.content - 1)}…`, embeds: [], components: [] };
}

/** The thread's name: the digest's topic line, plain. */
export const threadName = (headline: string): string => {
  const t = `Updates: ${headline.replace(/\s+/g, ' ').trim()}`;
  return t.length <= NAME_MAX ? t : `${t.slice(0, NAME_MAX - 1)}…`;
};

/**
 * Makes sure the digest message `messageId` in `channel` has a thread (starting one named after the first update's
 * story) and returns the thread's channel id.
 */
export async function ensureThread(rest: REST, channel: string, messageId: string, name: string): Promise<string> {
  try {
    const t = (await rest.post(Routes.threads(channel, messageId), { body: { name, auto_archive_duration: 1440 } })) as { id: string };
    return t.id;
  } catch (err) {
    if (err instanceof DiscordAPIError && err.code === THREAD_EXISTS) return messageId; // a message's thread has its id
    throw err;
  }
}
