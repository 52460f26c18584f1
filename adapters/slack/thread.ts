// Story updates in a digest's thread on Slack: the reply ("Update — <headline>: …" and up to three new sentences,
// each linked to its source) as escaped mrkdwn, so `<!channel>`, `<@U…>` and @here in article text show as typed and
// never notify; the poster sends it with `thread_ts` = the digest message's ts.
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
