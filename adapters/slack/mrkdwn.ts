// Text for Slack: escaping (https://docs.slack.dev/messaging/formatting-message-text#escaping), length-safe truncation
// of escaped text, safe links, and the neutral replies' light Markdown (**bold**, `code`) turned into mrkdwn.
// Everything that came from an article or a user goes through `escapeText` so that `<!channel>`, `<!here>`,
// `<@U…>` and `<#C…>` arrive as visible text and never notify anyone.

// One pass over the text: the three control characters, plus the "@" of a bare broadcast word, which gets a word
// joiner (U+2060, invisible) so that even a client that links bare names cannot turn it into a mention.
const ESCAPE_RE = /[&<>]|@(?=(?:everyone|channel|here)\b)/gi;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const escapeChar = (c: string): string => ENTITY[c] ?? `${c}\u2060`;

/** Escapes `&`, `<`, `>` (and defuses bare @everyone/@channel/@here) for any Slack text object. */
export function escapeText(s: string): string {
  return s.replace(ESCAPE_RE, escapeChar);
}

/** Escaped width of raw[i] — an upper bound ("@" is counted as 2 in case it gets a word joiner). */
function escapedWidth(code: number): number {
  if (code === 38) return 5; // &amp;
  if (code === 60 || code === 62) return 4; // &lt; &gt;
  if (code === 64) return 2; // @ + word joiner
  return 1;
}

/** `raw` escaped, cut (with "…") so that the escaped result has at most `max` characters. Never splits an entity. */
export function fitEscaped(raw: string, max: number): string {
  const full = escapeText(raw);
  if (full.length <= max) return full;
  const budget = max - 1;
  let n = 0;
  let i = 0;
  for (; i < raw.length; i++) {
    const w = escapedWidth(raw.charCodeAt(i));
    if (n + w > budget) break;
    n += w;
  }
  // Do not leave half of a surrogate pair (an emoji) at the end.
  const last = raw.charCodeAt(i - 1);
  if (i > 0 && last >= 0xd800 && last <= 0xdbff) i--;
  return escapeText(raw.slice(0, i).trimEnd()) + '…';
}

const URL_OK_RE = /^https?:\/\/[^\s]+$/i;
const URL_SPECIAL_RE = /[<>|&]/g;
const AT_RE = /@/g;
const URL_ENCODE: Record<string, string> = { '<': '%3C', '>': '%3E', '|': '%7C', '&': '&amp;' };

/** Longest URL we link; longer ones (tracking monsters) are left out rather than cut. */
export const MAX_LINK_URL = 1000;

/**
 * The URL ready to sit inside `<url|label>`, or undefined when it is not a plain http(s) URL we can link.
 * `<`, `>`, `|` are percent-encoded (they would end the link), `&` becomes `&amp;`, and "@" after the host becomes
 * %40 (same resource) so that no "@here" survives anywhere in the text.
 */
export function linkUrl(url: string | undefined): string | undefined {
  if (!url || url.length > MAX_LINK_URL || !URL_OK_RE.test(url)) return undefined;
  const pathStart = url.indexOf('/', url.indexOf('//') + 2);
  const head = pathStart === -1 ? url : url.slice(0, pathStart);
  if (head.includes('@')) return undefined; // user:password@host — never link those
  const rest = pathStart === -1 ? '' : url.slice(pathStart).replace(AT_RE, '%40');
  return (head + rest).replace(URL_SPECIAL_RE, (c) => URL_ENCODE[c] ?? c);
}

/** `<url|label>` when the URL is linkable, else just the label. `label` must already be escaped. */
export function link(url: string | undefined, escapedLabel: string): string {
  const u = linkUrl(url);
  return u ? `<${u}|${escapedLabel}>` : escapedLabel;
}

const BOLD_RE = /\*\*(.+?)\*\*/g;

/** A neutral reply text (light Markdown: **bold**, `code`) as escaped Slack mrkdwn (*bold*, `code`). */
export function neutralToMrkdwn(text: string): string {
  return escapeText(text).replace(BOLD_RE, '*$1*');
}

/** Cuts already-built mrkdwn at a line boundary so it fits `max` (used for long lists such as /topics list). */
export function cutLines(mrkdwn: string, max: number): string {
  if (mrkdwn.length <= max) return mrkdwn;
  const tail = '\n…';
  let cut = mrkdwn.lastIndexOf('\n', max - tail.length);
  if (cut <= 0) cut = max - tail.length;
  // Never end inside an entity such as "&amp;".
  const amp = mrkdwn.lastIndexOf('&', cut);
  if (amp !== -1 && amp > cut - 5 && mrkdwn.indexOf(';', amp) >= cut) cut = amp;
  return mrkdwn.slice(0, cut) + tail;
}
