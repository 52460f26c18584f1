// Story updates in a digest's thread on Discord: the reply's text (updateToDiscord, in render.ts) and posting it in
// the thread started on the digest message (POST /channels/{channel}/messages/{message}/threads; the thread's id is
// the message's, so a thread that already exists — code 160004 — is simply used). Mentions never ping: the poster
// sends `allowed_mentions: { parse: [] }`.
import { DiscordAPIError, Routes, type REST } from 'discord.js';

/** The update as one Discord message: in render.ts, which direct messages (noticeToDiscord) share. */
export { updateToDiscord } from './render.js';

/** "A thread has already been created for this message." */
const THREAD_EXISTS = 160004;
/** Thread names are at most 100 characters. */
const NAME_MAX = 100;

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
