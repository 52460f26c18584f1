// Pure renderers for the terminal: a neutral Reply (Briefing, Digest, text) -> plain text, Markdown or JSON. No I/O.
import { formatAge, formatMoment } from '../../src/briefing/window.js';
import type { Reply } from '../../commands/types.js';
import type { Briefing, Digest, Story } from '../../src/types.js';
import type { Rendered } from '../platform.js';
import { displayTags, languageMark, plural, sourcesLine, windowLabel } from '../present.js';

export interface TextOptions {
  now: Date;
  /** Wrap width for summaries (default 100). */
  width?: number;
  /** The number of the first story shown (a later page of a briefing starts after the earlier pages). */
  first?: number;
}

// Article text is untrusted: strip terminal control sequences and other control characters.
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /\u001b\[[0-9;?]*[ -/]*[@-~]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
export const safe = (s: string): string => s.replace(CONTROL_RE, '');

/** Greedy word wrap with a hanging indent. */
export function wrap(text: string, width: number, indent: string): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out.join('\n');
}

/** A heading line with a rule under it as long as the heading (capped at the wrap width). */
function underline(head: string, o: TextOptions): string {
  return `${head}\n${'='.repeat(Math.min(head.length, o.width ?? 100))}`;
}

function storyText(s: Story, i: number, o: TextOptions): string {
  const width = o.width ?? 100;
  const lines = [`${String((o.first ?? 1) + i).padStart(2)}. ${s.update ? '[update] ' : ''}${safe(s.headline)}`];
  if (s.summary) lines.push(wrap(safe(s.summary), width, '    '));
  const meta = [languageMark(s), sourcesLine(s), formatAge(s.publishedAt ?? s.lastSeen, o.now)].filter(Boolean);
  const tags = displayTags(s.tags);
  if (tags.length > 0) meta.push(tags.map(safe).join(', '));
  lines.push(`    ${meta.map(safe).join(' · ')}`);
  if (s.url) lines.push(`    ${safe(s.url)}`);
  return lines.join('\n');
}

/** Plain text, as a person reads it in a terminal. */
export function briefingToText(b: Briefing, o: TextOptions): string {
  const head = `${safe(b.title)} — ${windowLabel(b.window)} · ${plural(b.stories.length, 'story')}`;
  const parts: string[] = [];
  if (b.note) parts.push(wrap(safe(b.note), o.width ?? 100, ''));
  if (b.overview) parts.push(wrap(safe(b.overview), o.width ?? 100, ''));
  parts.push(...b.stories.map((s, i) => storyText(s, i, o)));
  return `${underline(head, o)}\n\n${parts.join('\n\n')}\n`;
}

/** Markdown (GitHub-flavoured): headline links, italic meta lines. */
export function briefingToMarkdown(b: Briefing, o: TextOptions): string {
  const esc = (s: string) => safe(s).replace(/([\\`*_[\]<>#|])/g, '\\$1');
  const parts = [`## ${esc(b.title)}`, `_${windowLabel(b.window)} · ${plural(b.stories.length, 'story')}_`];
  if (b.note) parts.push(`> ${esc(b.note)}`);
  if (b.overview) parts.push(esc(b.overview));
  b.stories.forEach((s, i) => {
    const head = s.url ? `[${esc(s.headline)}](${s.url.replace(/[()\s]/g, encodeURIComponent)})` : esc(s.headline);
    const meta = [languageMark(s), sourcesLine(s), formatAge(s.publishedAt ?? s.lastSeen, o.now), ...displayTags(s.tags).map((t) => `#${t}`)].filter(Boolean);
    parts.push(`${(o.first ?? 1) + i}. **${head}** — ${esc(s.summary)}  \n   _${esc(meta.join(' · '))}_`);
  });
  return parts.join('\n\n') + '\n';
}

/** A digest as text: one block per topic. */
export function digestToText(d: Digest, o: TextOptions): string {
  const total = d.sections.reduce((n, s) => n + s.stories.length, 0);
  const head = `${d.title} — new since ${formatMoment(d.window.since ?? d.window.until, d.timezone)} · ${plural(total, 'story')}`;
  const parts: string[] = [];
  if (d.note) parts.push(d.note);
  if (d.overview) parts.push(wrap(safe(d.overview), o.width ?? 100, ''));
  // Numbered across sections, so the overview's [n] citations point at the n-th story of the digest.
  let n = 0;
  for (const sec of d.sections) {
    parts.push(`[${safe(sec.topic)}]\n` + sec.stories.map((s) => storyText(s, n++, o)).join('\n'));
  }
  return `${underline(head, o)}\n\n${parts.join('\n\n')}\n`;
}

/** A digest as Markdown. */
export function digestToMarkdown(d: Digest, o: TextOptions): string {
  const parts = [`## ${safe(d.title)}`, `_new since ${formatMoment(d.window.since ?? d.window.until, d.timezone)}_`];
  if (d.note) parts.push(`> ${safe(d.note)}`);
  if (d.overview) parts.push(safe(d.overview).replace(/([\\`*_[\]<>#|])/g, '\\$1'));
  // Numbered across sections (an ordered list starting at the section's first number), matching [n] citations.
  let first = 1;
  for (const sec of d.sections) {
    const b: Briefing = { title: sec.topic, query: sec.topic, window: d.window, stories: sec.stories };
    const list = briefingToMarkdown(b, o).replace(/^## .*\n\n_.*_\n\n/, '').trimEnd();
    const start = first;
    parts.push(`### ${safe(sec.topic)}\n\n` + list.replace(/^(\d+)\. /gm, (_m, k: string) => `${start + Number(k) - 1}. `));
    first += sec.stories.length;
  }
  return parts.join('\n\n') + '\n';
}

/** How the CLI prints briefings and digests. */
export type Format = 'text' | 'json' | 'markdown';

/**
 * Any neutral Reply as terminal output (the terminal's ReplyRenderer). A terminal shows everything to its one user:
 * `ephemeral` marks a refusal or a problem (a private message, an error), which the CLI prints on stderr and exits 1.
 */
export function replyToTerminal(reply: Reply, now: Date, format: Format = 'text', page: { first?: number } = {}): Rendered<string> {
  switch (reply.kind) {
    case 'briefing':
      if (format === 'json') return { messages: [JSON.stringify(reply.briefing, null, 2) + '\n'], ephemeral: false };
      return { messages: [(format === 'markdown' ? briefingToMarkdown : briefingToText)(reply.briefing, { now, ...page })], ephemeral: false };
    case 'digest':
      if (format === 'json') return { messages: [JSON.stringify(reply.digest, null, 2) + '\n'], ephemeral: false };
      return { messages: [(format === 'markdown' ? digestToMarkdown : digestToText)(reply.digest, { now })], ephemeral: false };
    case 'message':
      return { messages: [`${reply.text.replace(/\*\*/g, '')}\n`], ephemeral: reply.private === true };
    case 'error':
      return { messages: [`${reply.text}\n`], ephemeral: true };
  }
}
