// Story updates in a digest's thread on Slack: the reply ("Update — <headline>: …" and up to three new sentences,
// each linked to its source) as escaped mrkdwn, so `<!channel>`, `<@U…>` and @here in article text show as typed and
// never notify; the poster sends it with `thread_ts` = the digest message's ts and the update's nonce in its metadata,
// so a reply that may have been posted already (a claim taken over after a crash) is looked for in the thread first.
import type { WebClient } from '@slack/web-api';
import type { UpdatePost } from '../../src/schedule/delivery.js';
import type { SlackMessage } from './limits.js';
import { fitEscaped, link } from './mrkdwn.js';

/** Each sentence's share of the message (a section's text is at most 3,000 characters). */
const SENTENCE_MAX = 700;

/** The update as one Slack message (a section block, and the same text as the notification fallback). */
export function updateToSlack(u: UpdatePost): SlackMessage {
  const head = `*Update — ${link(u.url, fitEscaped(u.headline, 300))}:*`;
  const sources = (s: UpdatePost['sentences'][number]): string =>
    s.cites ? s.cites.map((c, i) => `[${i + 1}] ${link(c.url, fitEscaped(c.outlet ?? 'source', 80))}`).join(', ') : link(s.url, fitEscaped(s.outlet ?? 'source', 80));
  const lines = u.sentences.map((s) => `• ${fitEscaped(s.text, SENTENCE_MAX)} (${sources(s)})`);
  if (u.more > 0) lines.push(`…and ${u.more} more new fact${u.more === 1 ? '' : 's'}, in the next update.`);
  const text = [head, ...lines].join('\n');
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } }] };
}

/** The metadata event type of a story update reply; its payload carries the update's nonce. */
export const UPDATE_EVENT = 'newsbrief_update';
/** Pages of a thread's replies read when looking for an update (200 each: far more than a digest thread holds). */
const MAX_PAGES = 5;

/** The metadata a story update reply is posted with. */
export const updateMetadata = (nonce: string) => ({ event_type: UPDATE_EVENT, event_payload: { nonce } });

/**
 * The ts of the reply in thread `threadTs` of `channel` posted with update `nonce`, or undefined when there is none.
 * Needs the channels:history (groups:history for private channels) scope: a Slack error is thrown to the caller.
 */
export async function findUpdate(client: WebClient, channel: string, threadTs: string, nonce: string, token?: string): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await client.conversations.replies({
      ...(token ? { token } : {}), channel, ts: threadTs, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}),
    });
    for (const m of res.messages ?? []) {
      const md = m.metadata as { event_type?: string; event_payload?: { nonce?: unknown } } | undefined;
      if (md?.event_type === UPDATE_EVENT && md.event_payload?.nonce === nonce && m.ts) return m.ts;
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}
