// Pure renderers for Slack: neutral Briefing / Digest / Reply -> Block Kit messages (https://docs.slack.dev/block-kit).
// A briefing is a header, a context line, then one section per story: linked headline, a one-sentence summary and a
// meta line ("N sources · age · tags"). Long lists are split into messages of at most STORIES_PER_PAGE stories, all
// posted; a paged briefing's page ends with a "More stories" button (adapters/paging.ts). Every text from an
// article or a user is escaped (mrkdwn.ts) and cut to fit SLACK_LIMITS. No I/O.
import { formatAge, formatMoment } from '../../src/briefing/window.js';
import { splitSentences } from '../../src/text/sentences.js';
import type { Briefing, Digest, Story } from '../../src/types.js';
import type { Reply } from '../../commands/types.js';
import { platformId, type Notice } from '../../src/schedule/delivery.js';
import { SLACK_LIMITS, type ButtonElement, type SlackBlock, type SlackMessage } from './limits.js';
import type { Rendered } from '../platform.js';
import { displayTags, languageMark, oneLine, plural, sourcesLine, windowLabel } from '../present.js';
import { cutLines, fitEscaped, link, neutralToMrkdwn } from './mrkdwn.js';
import { updateToSlack } from './thread.js';

/** Stories per message: long enough to be useful, short enough to read without scrolling forever. */
export const STORIES_PER_PAGE = 10;
/** action_id of the "More" button; client.ts listens for it. */
export const MORE_ACTION_ID = 'newsbrief_more';
/** action_id of a story's "Sources" button (value: the story id) and of Prev/Next on its timeline (slack/sources.ts). */
export const SOURCES_ACTION_ID = 'newsbrief_sources';
/** action_id of a story's "Follow" button (value: the story id). */
export const FOLLOW_ACTION_ID = 'newsbrief_follow';

// Per-story budgets (escaped characters). Their sum plus markup stays under SLACK_LIMITS.sectionText (3,000);
// note + overview (each NOTE_MAX) plus the window line stay under the 3,000 of the intro's context text.
const HEADLINE_MAX = 300;
const SUMMARY_MAX = 1200;
const META_MAX = 400;
const NOTE_MAX = 1200;

export interface RenderOptions {
  /** "now" for ages ("3h ago"). */
  now: Date;
  /** 1-based number of the first story shown (later pages of a paged briefing start later). Default 1. */
  first?: number;
  /** When set, the last message ends with a "More stories" button carrying this value (adapters/paging.ts). */
  more?: string;
}

/** The first sentence of a summary (the briefing line is one sentence). */
export function firstSentence(summary: string): string {
  const text = oneLine(summary);
  return splitSentences(text)[0] ?? text;
}

/** One story as a section: "*1. <url|headline>*", the summary sentence, then the meta line (its buttons follow in storyActions). */
export function storySection(s: Story, n: number, now: Date): SlackBlock {
  const headline = fitEscaped(oneLine(s.headline) || 'Untitled', HEADLINE_MAX);
  const summary = fitEscaped(firstSentence(s.summary), SUMMARY_MAX);
  const meta = [languageMark(s), sourcesLine(s), formatAge(s.publishedAt ?? s.lastSeen, now)].filter(Boolean);
  const tags = displayTags(s.tags);
  if (tags.length > 0) meta.push(tags.join(', '));
  const lines = [`*${n}. ${s.update ? 'Update: ' : ''}${link(s.url, headline)}*`];
  if (summary) lines.push(summary);
  lines.push(fitEscaped(meta.join(' · '), META_MAX));
  return { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n'), verbatim: true } };
}

/** A story's "Sources" button: its timeline, privately (slack/sources.ts). */
export function sourcesButton(storyId: number): ButtonElement {
  return { type: 'button', action_id: SOURCES_ACTION_ID, text: { type: 'plain_text', text: 'Sources', emoji: false }, value: `${storyId}:0` };
}

/**
 * The one actions block under a story in a briefing or digest: "Sources" first; other per-story buttons are added to
 * this same block (action_ids differ within a block; up to 25 elements).
 */
export function storyActions(storyId: number): SlackBlock & { type: 'actions' } {
  return { type: 'actions', elements: [sourcesButton(storyId), followButton(storyId), ...feedbackButtons(storyId)] };
}

/** action_ids of a story's 👍 and 👎 buttons (value: the story id; slack/feedback.ts). */
export const FEEDBACK_UP_ACTION_ID = 'newsbrief_feedback_up';
export const FEEDBACK_DOWN_ACTION_ID = 'newsbrief_feedback_down';

/** A story's 👍 and 👎 buttons (a click answers privately and adjusts this workspace's ranking). */
export function feedbackButtons(storyId: number): ButtonElement[] {
  return [
    { type: 'button', action_id: FEEDBACK_UP_ACTION_ID, text: { type: 'plain_text', text: '👍', emoji: true }, value: String(storyId) },
    { type: 'button', action_id: FEEDBACK_DOWN_ACTION_ID, text: { type: 'plain_text', text: '👎', emoji: true }, value: String(storyId) },
  ];
}

/** A story's "Follow" button: /follow story for whoever clicks, answered privately (client.ts). */
export function followButton(storyId: number): ButtonElement {
  return { type: 'button', action_id: FOLLOW_ACTION_ID, text: { type: 'plain_text', text: 'Follow', emoji: false }, value: String(storyId) };
}

const context = (mrkdwn: string): SlackBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn, verbatim: true }] });
const header = (raw: string): SlackBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: fitEscaped(oneLine(raw) || 'newsbrief', SLACK_LIMITS.headerText), emoji: false },
});

function moreButton(value: string): SlackBlock {
  const button: ButtonElement = { type: 'button', action_id: MORE_ACTION_ID, text: { type: 'plain_text', text: 'More stories', emoji: false }, value };
  return { type: 'actions', block_id: 'more', elements: [button] };
}

/** One listed story and, for digests, the topic it is shown under. */
interface Unit {
  story: Story;
  topic?: string;
}

/** Splits units into pages of at most STORIES_PER_PAGE stories and within the block limit. */
function splitPages(units: Unit[], firstHead: number): Unit[][] {
  const pages: Unit[][] = [];
  let page: Unit[] = [];
  let blocks = firstHead;
  let lastTopic: string | undefined;
  for (const u of units) {
    let heading = u.topic !== undefined && (page.length === 0 || u.topic !== lastTopic) ? 1 : 0;
    // Reserve one block for the "More" actions block of a paged briefing.
    if (page.length > 0 && (page.length >= STORIES_PER_PAGE || blocks + heading + 2 > SLACK_LIMITS.blocks - 1)) {
      pages.push(page);
      page = [];
      blocks = 1; // later pages open with one context line
      heading = u.topic !== undefined ? 1 : 0;
    }
    page.push(u);
    blocks += heading + 2; // the story's section and its actions block
    lastTopic = u.topic;
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}

interface ListSpec {
  title: string;
  /** Context line under the header on the first page (mrkdwn, escaped). */
  intro: string;
  /** Said when there are no stories (mrkdwn, escaped). */
  empty: string;
  /** A paragraph in normal text under the intro on the first page (the LLM overview; mrkdwn, escaped). */
  lead?: string;
  units: Unit[];
}

function renderList(spec: ListSpec, o: RenderOptions): SlackMessage[] {
  const head: SlackBlock[] = [header(spec.title), context(spec.intro)];
  if (spec.lead) head.push({ type: 'section', text: { type: 'mrkdwn', text: spec.lead, verbatim: true } });
  const pages = splitPages(spec.units, head.length);
  const total = spec.units.length;
  const fallbackTitle = fitEscaped(oneLine(spec.title), 200);
  const first = o.first ?? 1;
  let n = first - 1;
  return pages.map((units, p) => {
    const blocks: SlackBlock[] =
      p === 0 ? [...head] : [context(`${fallbackTitle} — stories ${n + 1}–${n + units.length} of ${first - 1 + total} (page ${p + 1} of ${pages.length})`)];
    if (total === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: spec.empty, verbatim: true } });
    let lastTopic: string | undefined;
    units.forEach((u, i) => {
      if (u.topic !== undefined && (i === 0 || u.topic !== lastTopic)) {
        const cont = i === 0 && p > 0 && pages[p - 1]?.at(-1)?.topic === u.topic ? ' (continued)' : '';
        blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${fitEscaped(oneLine(u.topic), 200)}*${cont}`, verbatim: true } });
      }
      lastTopic = u.topic;
      blocks.push(storySection(u.story, ++n, o.now), storyActions(u.story.id));
    });
    if (p === pages.length - 1 && o.more && total > 0) blocks.push(moreButton(o.more));
    const text = total === 0 ? fallbackTitle : `${fallbackTitle}: ${plural(total, 'story')}${pages.length > 1 ? ` (page ${p + 1} of ${pages.length})` : ''}`;
    return { text, blocks };
  });
}

/** A briefing as Block Kit messages, posted together (or one page of a paged briefing, with `first` and `more`). */
export function briefingToBlockKit(b: Briefing, o: RenderOptions): SlackMessage[] {
  const first = o.first ?? 1;
  const count = b.stories.length;
  const counted = count === 0 || (first === 1 && !o.more) ? plural(count, 'story') : count === 1 ? `story ${first}` : `stories ${first}–${first + count - 1}`;
  const intro = [`${windowLabel(b.window)} · ${counted}`];
  if (b.note) intro.push(fitEscaped(oneLine(b.note), NOTE_MAX));
  return renderList(
    {
      title: first === 1 ? b.title : `${b.title} (continued)`,
      intro: intro.join('\n'),
      // The LLM overview is read like the stories: a section in normal text, not the small grey context line.
      ...(b.overview && first === 1 ? { lead: fitEscaped(oneLine(b.overview), NOTE_MAX) } : {}),
      empty: b.note ? '_No stories to show._' : `No stories match “${fitEscaped(oneLine(b.query), 200)}”.`,
      units: b.stories.map((story) => ({ story })),
    },
    o,
  );
}

/** A digest as Block Kit messages, posted together: stories grouped under their topic, each story once. */
export function digestToBlockKit(d: Digest, o: RenderOptions): SlackMessage[] {
  const units = d.sections.flatMap((sec) => sec.stories.map((story) => ({ story, topic: sec.topic })));
  const since = formatMoment(d.window.since ?? d.window.until, d.timezone);
  // Nothing new: one line saying so (the note, if any), not "0 stories" and the same news twice.
  const empty = d.note ? fitEscaped(oneLine(d.note), NOTE_MAX) : `Nothing new since ${since}.`;
  const intro = [units.length === 0 ? `New since ${since}` : `New since ${since} · ${plural(units.length, 'story')}`];
  if (d.note && units.length > 0) intro.push(fitEscaped(oneLine(d.note), NOTE_MAX));
  // Stories are numbered across sections (renderList), matching the overview's [n] citations.
  return renderList({ title: d.title, intro: intro.join('\n'), empty, units, ...(d.overview ? { lead: fitEscaped(oneLine(d.overview), NOTE_MAX) } : {}) }, o);
}

/** A neutral text message (light Markdown) as a Slack message: escaped mrkdwn, cut at a line if it is too long. */
export function messageToSlack(text: string): SlackMessage {
  return { text: cutLines(neutralToMrkdwn(text), SLACK_LIMITS.messageText) };
}

/** A neutral notice (a direct message) as a Slack message: text as in messageToSlack, channels as <#C…> links, a story
 * update as in its thread (updateToSlack). */
export function noticeToSlack(notice: Notice): SlackMessage {
  const text = notice.map((p) => (typeof p === 'string' ? neutralToMrkdwn(p) : 'channel' in p ? `<#${platformId(p.channel)}>` : updateToSlack(p.update).text)).join('');
  return { text: cutLines(text, SLACK_LIMITS.messageText) };
}

/** How a reply goes out on Slack: its messages and whether only the user sees them. */
export type RenderedReply = Rendered<SlackMessage>;

/**
 * Any neutral Reply as Slack messages, all sent. Briefings and digests are public unless marked private (e.g.
 * /digest preview); messages are ephemeral when marked private; errors always are.
 */
export function replyToSlack(reply: Reply, o: RenderOptions): RenderedReply {
  switch (reply.kind) {
    case 'briefing':
      return { messages: briefingToBlockKit(reply.briefing, o), ephemeral: false };
    case 'digest':
      return { messages: digestToBlockKit(reply.digest, o), ephemeral: reply.private === true };
    case 'message':
      return { messages: [messageToSlack(reply.text)], ephemeral: reply.private === true };
    case 'error':
      return { messages: [messageToSlack(reply.text)], ephemeral: true };
  }
}
