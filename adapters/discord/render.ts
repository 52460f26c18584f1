// Pure renderers for Discord: a neutral Briefing / Digest / text reply -> Discord message bodies (embeds and buttons),
// split so every message stays inside DISCORD_LIMITS. No I/O: the bot sends what these return.
// Article text is untrusted: it is escaped so markdown, @everyone and <@id> mentions in a headline show as typed
// (the bot also sends `allowed_mentions: { parse: [] }` with every message, so nothing can ping either way).
import { ButtonStyle, ComponentType } from 'discord.js';
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord.js';
import { isDateOnly } from '../../src/articles/dates.js';
import { formatAge, formatMoment } from '../../src/briefing/window.js';
import type { Reply } from '../../commands/types.js';
import { platformId, type Notice, type UpdatePost } from '../../src/schedule/delivery.js';
import type { Briefing, Digest, Story, StorySource } from '../../src/types.js';
import { creditLine, displayTags, languageMark, oneLine, plural, sourceCount, windowLabel } from '../present.js';
import { DISCORD_LIMITS as L, embedChars } from './limits.js';

/** One message body, in Discord API (snake_case) shape. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
}

export interface RenderOptions {
  now: Date;
  /** 1-based number of the first story shown (pages after the first start later). Default 1. */
  first?: number;
  /** When set, the last message carries a "More" button with this custom_id. */
  moreId?: string;
}

/** Embed accent colour (a calm blue). */
export const EMBED_COLOR = 0x3b6ea5;
/** Per-field budgets well inside the hard limits, so a story embed stays readable and ~4 fit a message. */
const BUDGET = { summary: 700, note: 1200, sourcesShown: 3, tagsShown: 4, footer: 300 } as const;

// Markdown Discord renders: emphasis, code, spoilers, masked links and "<" (mentions, channel links, timestamps,
// custom emoji) anywhere; quotes, headings and lists at a line start. A backslash before punctuation shows it as typed.
const ESCAPED = new Set(['\\', '*', '_', '~', '`', '|', '<', '[', ']']);
const LINE_START = new Set(['-', '+', '>', '#']);
const ZWSP = '\u200b';
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Strips control and bidi-override characters (they can reorder or hide text). */
export function sanitize(s: string): string {
  return s.replace(CONTROL_RE, ' ');
}

/** Escapes `s` for a markdown field (content, description, title), cut with "…" to at most `max` UTF-16 units. */
export function escapeMarkdown(s: string, max: number = Infinity): string {
  const text = sanitize(s);
  let out = '';
  let lineStart = true;
  let digits = false;
  let i = 0;
  for (const ch of text) {
    let piece: string;
    if (ch === '@' && (text.startsWith('everyone', i + 1) || text.startsWith('here', i + 1))) piece = `@${ZWSP}`;
    else if (ESCAPED.has(ch) || (lineStart && LINE_START.has(ch)) || (digits && ch === '.')) piece = `\\${ch}`;
    else piece = ch;
    digits = (lineStart || digits) && ch >= '0' && ch <= '9';
    lineStart = ch === '\n' || (lineStart && (ch === ' ' || ch === '\t'));
    i += ch.length;
    if (out.length + piece.length > max || (out.length + piece.length === max && i < text.length)) {
      return `${out}…`; // pieces are added whole, so `out` never ends inside an escape
    }
    out += piece;
  }
  return out;
}

/**
 * Plain text for fields Discord shows verbatim (footer, author name): sanitized and cut, never backslash-escaped;
 * mention syntax is broken with a zero-width space so it can never look like (or become) a ping.
 */
export function plain(s: string, max: number): string {
  const t = sanitize(s).replace(/\s+/g, ' ').trim().replace(/@(everyone|here)\b/g, `@${ZWSP}$1`).replace(/<(?=[@#])/g, `<${ZWSP}`);
  return t.length <= max ? t : t.slice(0, max - 1) + '…';
}

/** An http(s) URL Discord will accept in an embed or masked link, else undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url || url.length > L.url || !/^https?:\/\/[^\s<>]+$/i.test(url)) return undefined;
  try {
    return new URL(url).protocol.startsWith('http') ? url.replace(/[()]/g, encodeURIComponent) : undefined;
  } catch {
    return undefined;
  }
}

function sourceLink(s: StorySource): string {
  const name = escapeMarkdown(oneLine(s.name), 80);
  const url = safeUrl(s.url);
  return url ? `[${name}](${url})` : name;
}

/** The embed for one story: linked headline, one-sentence summary, source links; footer "N sources · age · tags". */
export function storyEmbed(s: Story, now: Date, n: number, topic?: string): APIEmbed {
  // "N sources" counts distinct outlets (articles only when no outlet is known).
  const count = sourceCount(s);
  const links = s.sources.slice(0, BUDGET.sourcesShown).map(sourceLink);
  if (s.sources.length > BUDGET.sourcesShown) links.push(`+${s.sources.length - BUDGET.sourcesShown} more`);
  const summary = escapeMarkdown(oneLine(s.summary), BUDGET.summary);
  const when = s.publishedAt ?? s.lastSeen;
  const footer = [languageMark(s), `${plural(count, 'source')}${creditLine(s)}`, formatAge(when, now), ...displayTags(s.tags, BUDGET.tagsShown)].filter(Boolean).join(' · ');
  const url = safeUrl(s.url);
  const embed: APIEmbed = {
    title: `${n}. ${s.update ? 'Update: ' : ''}${escapeMarkdown(oneLine(s.headline) || '(untitled)', L.title - String(n).length - (s.update ? 10 : 2))}`,
    description: [summary, links.join(' · ')].filter(Boolean).join('\n') || '—',
    footer: { text: plain(footer, BUDGET.footer) },
    color: EMBED_COLOR,
  };
  if (url) embed.url = url;
  // A date without a time stays a date (in the footer): an embed timestamp would show midnight UTC in the reader's zone.
  if (!isDateOnly(when) && !Number.isNaN(Date.parse(when))) embed.timestamp = new Date(when).toISOString();
  if (topic) embed.author = { name: plain(topic, L.authorName) };
  return embed;
}

function headerEmbed(title: string, lines: string[], note?: string): APIEmbed {
  const parts = [...lines];
  if (note) parts.push(escapeMarkdown(note, BUDGET.note));
  return { title: escapeMarkdown(title, L.title), description: parts.join('\n'), color: EMBED_COLOR };
}

/** A story shown in an embed: its number in the list and its id (for its "Sources" button). */
export interface StoryRef {
  n: number;
  id: number;
}

/** Stories per message: each has its own action row, and the "More stories" row must still fit in Discord's 5 rows. */
export const STORIES_PER_MESSAGE = 4;

/**
 * Packs embeds into as few messages as the limits allow (order kept): at most STORIES_PER_MESSAGE stories (`refs`,
 * parallel to `embeds`) a message, each with its own action row (storyActionRow), and the last message gets "More".
 */
export function packEmbeds(embeds: APIEmbed[], moreId?: string, refs: readonly (StoryRef | undefined)[] = []): DiscordMessage[] {
  const messages: DiscordMessage[] = [];
  let cur: APIEmbed[] = [];
  let curRefs: StoryRef[] = [];
  let chars = 0;
  const flush = () => {
    messages.push({ embeds: cur, components: curRefs.map(storyActionRow) });
    cur = [];
    curRefs = [];
    chars = 0;
  };
  for (const [k, e] of embeds.entries()) {
    const n = embedChars(e);
    const ref = refs[k];
    if (cur.length > 0 && (cur.length >= L.embeds || chars + n > L.embedTotal || (ref && curRefs.length >= STORIES_PER_MESSAGE))) flush();
    cur.push(e);
    if (ref) curRefs.push(ref);
    chars += n;
  }
  if (cur.length > 0) flush();
  const last = messages[messages.length - 1];
  if (last && moreId) last.components.push(moreButton(moreId));
  return messages;
}

/** custom_id prefix of the "Sources" buttons: `nb:src|<story id>|<page>` (src/stories/sources.ts, sources.ts here). */
export const SOURCES_PREFIX = 'nb:src|';

/** A story's "Sources n" button. */
export function sourcesButton(r: StoryRef): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, label: `Sources ${r.n}`, custom_id: `${SOURCES_PREFIX}${r.id}|0` };
}

/** custom_id prefix of the "Follow" buttons: `nb:fol|<story id>` (runs /follow story for whoever clicks, privately). */
export const FOLLOW_PREFIX = 'nb:fol|';

/** A story's "Follow n" button. */
export function followButton(r: StoryRef): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, label: `Follow ${r.n}`, custom_id: `${FOLLOW_PREFIX}${r.id}` };
}

/**
 * The one action row of a story in a briefing or digest: "Sources n", "Follow n"; other per-story buttons are added to
 * this same row (at most 5 buttons a row).
 */
export function storyActionRow(r: StoryRef): APIActionRowComponent<APIButtonComponentWithCustomId> {
  return { type: ComponentType.ActionRow, components: [sourcesButton(r), followButton(r), ...feedbackButtons(r)] };
}

/** custom_id prefix of the 👍/👎 buttons: `nb:fb|<story id>|up` or `|down` (feedback.ts). */
export const FEEDBACK_PREFIX = 'nb:fb|';

/** A story's 👍 and 👎 buttons (a click answers privately and adjusts this server's ranking). */
export function feedbackButtons(r: StoryRef): APIButtonComponentWithCustomId[] {
  const button = (emoji: string, dir: 'up' | 'down'): APIButtonComponentWithCustomId =>
    ({ type: ComponentType.Button, style: ButtonStyle.Secondary, emoji: { name: emoji }, custom_id: `${FEEDBACK_PREFIX}${r.id}|${dir}` });
  return [button('👍', 'up'), button('👎', 'down')];
}

/** The action row with one "More" button. */
export function moreButton(customId: string): APIActionRowComponent<APIButtonComponentWithCustomId> {
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'More stories', custom_id: customId }],
  };
}

/** A briefing as messages: a header embed (topic, window, story count) and one embed per story. */
export function briefingToDiscord(b: Briefing, o: RenderOptions): DiscordMessage[] {
  const first = o.first ?? 1;
  const count = b.stories.length;
  let counted: string;
  if (count === 0) counted = 'no stories';
  else if (first === 1 && !o.moreId) counted = plural(count, 'story');
  else counted = count === 1 ? `story ${first}` : `stories ${first}–${first + count - 1}`;
  const header = headerEmbed(first === 1 ? b.title : `${b.title} (continued)`, [`${windowLabel(b.window)} · ${counted}`], b.note);
  // The overview cites stories as [n] = the story numbers below; it opens the first page only.
  if (b.overview && first === 1) header.description += `\n\n${escapeMarkdown(oneLine(b.overview), BUDGET.note)}`;
  const embeds = [header, ...b.stories.map((s, i) => storyEmbed(s, o.now, first + i))];
  const refs = [undefined, ...b.stories.map((s, i) => ({ n: first + i, id: s.id }))];
  return packEmbeds(embeds, count > 0 ? o.moreId : undefined, refs);
}

/** A digest as messages: a header embed, then each section's stories with the topic as the embed author. */
export function digestToDiscord(d: Digest, o: { now: Date }): DiscordMessage[] {
  const total = d.sections.reduce((n, s) => n + s.stories.length, 0);
  const since = `new since ${formatMoment(d.window.since ?? d.window.until, d.timezone)}`;
  // Nothing new: the note says so once (no "no new stories" next to "Nothing new since …").
  const header = headerEmbed(d.title, [total === 0 && d.note ? since : `${since} · ${total === 0 ? 'no new stories' : plural(total, 'story')}`], d.note);
  if (d.overview) header.description += `\n\n${escapeMarkdown(oneLine(d.overview), BUDGET.note)}`;
  const embeds = [header];
  const refs: (StoryRef | undefined)[] = [undefined];
  // Numbered across sections, so the overview's [n] citations point at the n-th story of the digest.
  let n = 0;
  for (const sec of d.sections) {
    for (const s of sec.stories) {
      embeds.push(storyEmbed(s, o.now, ++n, sec.topic));
      refs.push({ n, id: s.id });
    }
  }
  return packEmbeds(embeds, undefined, refs);
}

/** A text reply (already markdown, written by a command) split at line breaks into messages of at most 2,000 characters. */
export function textToDiscord(text: string): DiscordMessage[] {
  return splitContent(sanitizeText(text));
}

const updateLink = (label: string, url: string | undefined): string => {
  const u = safeUrl(url);
  return u ? `[${label}](<${u}>)` : label;
};

/** A story update as one Discord message, in its thread and in a direct message: "Update — <headline>: …" and up to
 * three new sentences, each linked to its source, article text escaped; within the 2,000-character limit (sentences
 * are cut, never dropped whole unless they cannot fit). */
export function updateToDiscord(u: UpdatePost): DiscordMessage {
  const head = `**Update — ${updateLink(escapeMarkdown(u.headline, 300), u.url)}:**`;
  const tail = u.more > 0 ? `…and ${u.more} more new fact${u.more === 1 ? '' : 's'}, in the next update.` : '';
  const room = L.content - head.length - tail.length - 8;
  const per = Math.max(60, Math.floor(room / Math.max(1, u.sentences.length)) - 60);
  const sources = (s: UpdatePost['sentences'][number]): string =>
    s.cites ? s.cites.map((c, i) => `[${i + 1}] ${updateLink(escapeMarkdown(c.outlet ?? 'source', 60), c.url)}`).join(', ') : updateLink(escapeMarkdown(s.outlet ?? 'source', 60), s.url);
  const lines = u.sentences.map((s) => `• ${escapeMarkdown(s.text, per)} (${sources(s)})`);
  const content = [head, ...lines, ...(tail ? [tail] : [])].join('\n');
  return { content: content.length <= L.content ? content : `${content.slice(0, L.content - 1)}…`, embeds: [], components: [] };
}

/** A neutral notice (a direct message): its text as in textToDiscord, each channel reference a working <#id> link,
 * a story update as in its thread (updateToDiscord). */
export function noticeToDiscord(notice: Notice): DiscordMessage[] {
  return splitContent(notice.map((p) => (typeof p === 'string' ? sanitizeText(p) : 'channel' in p ? `<#${platformId(p.channel)}>` : updateToDiscord(p.update).content)).join(''));
}

/** Safe message text split at line breaks into messages of at most 2,000 characters. */
function splitContent(safe: string): DiscordMessage[] {
  const chunks: string[] = [];
  let cur = '';
  for (const raw of safe.split('\n')) {
    let line = raw;
    while (line.length > L.content) {
      if (cur) chunks.push(cur);
      cur = '';
      chunks.push(line.slice(0, L.content));
      line = line.slice(L.content);
    }
    const next = cur ? `${cur}\n${line}` : line;
    if (next.length > L.content) {
      chunks.push(cur);
      cur = line;
    } else cur = next;
  }
  if (cur || chunks.length === 0) chunks.push(cur || '(empty reply)');
  return chunks.map((content) => ({ content, embeds: [], components: [] }));
}

/** Any neutral Reply as Discord messages, and whether only the caller may see them (the bot sends exactly these). */
export function replyToDiscord(reply: Reply, now: Date): { messages: DiscordMessage[]; ephemeral: boolean } {
  switch (reply.kind) {
    case 'briefing':
      return { messages: briefingToDiscord(reply.briefing, { now }), ephemeral: false };
    case 'digest':
      return { messages: digestToDiscord(reply.digest, { now }), ephemeral: reply.private ?? false };
    case 'message':
      return { messages: textToDiscord(reply.text), ephemeral: reply.private ?? false };
    case 'error':
      return { messages: textToDiscord(reply.text), ephemeral: true };
    default: {
      const unknown: never = reply;
      throw new Error(`Unhandled reply kind: ${JSON.stringify(unknown).slice(0, 80)}`);
    }
  }
}

// Keeps newlines; drops other control characters.
// Command replies keep their own markdown (**name**) but may quote user or article text: mentions in them are shown
// as typed, never rendered (`@` + zero-width space before everyone/here, a backslash before <@, <@!, <@& and <#).
const MENTION_RE = /@(everyone|here)\b|(?<!\\)<(@[!&]?|#)/g;
const sanitizeText = (s: string): string =>
  s
    .replace(CONTROL_RE, (c) => (c === '\t' ? ' ' : ''))
    .replace(MENTION_RE, (m, word: string | undefined) => (word ? `@${ZWSP}${word}` : `\\${m}`));
