// CLI subcommands over stories and the archive: `story ID` (the timeline: who reported what, when, and what was new;
// with --since, only the delta: the new facts of reports published after that time, as a thread update would give them)
// `stories rebuild` (re-cluster the archive with the current assigner) and `export` (every stored article as JSON
// Lines, for backups and analysis).
import { Option, type Command } from 'commander';
import type { App } from '../../src/app.js';
import { withoutMuted } from '../../src/briefing/muted-outlets.js';
import { muteScreenFor } from '../../src/briefing/screen.js';
import { UserError } from '../../src/errors.js';
import { buildTimeline, type StoryTimeline } from '../../src/stories/timeline.js';
import { parseSince } from '../../src/briefing/window.js';
import { buildDelta, type StoryDelta } from '../../src/updates/delta.js';
import { safe, wrap } from './render.js';

interface Out {
  out: (s: string) => void;
}

type Open = (db: string | undefined) => App;

/** The CLI's one workspace and user (as for `brief`). */
const LOCAL = 'cli:local';

const dbOption = () => new Option('--db <file>', 'SQLite database (default: $NEWSBRIEF_DB, else ./data/newsbrief.db)');

/** "2026-09-14 03:10 UTC" from an ISO time. */
function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function timelineToText(t: StoryTimeline, headline: string): string {
  const lines = [`Story ${t.storyId}: ${safe(headline)}`, `${t.outlets.length} source${t.outlets.length === 1 ? '' : 's'}: ${t.outlets.map(safe).join(', ') || '—'}`, ''];
  for (const e of t.entries) {
    lines.push(`${when(e.at)}  ${safe(e.outlet ?? 'unknown source')}  #${e.articleId}  ${safe(e.title)}`);
    if (e.url) lines.push(`  ${e.url}`);
    for (const f of e.newFacts) lines.push(wrap(`+ ${safe(f)}`, 100, '    ').replace(/^ {4}/, '  '));
    lines.push('');
  }
  return lines.join('\n');
}

export function timelineToMarkdown(t: StoryTimeline, headline: string): string {
  const esc = (s: string) => safe(s).replace(/([\\`*_[\]])/g, '\\$1');
  const lines = [`## ${esc(headline)}`, '', `${t.outlets.length} source${t.outlets.length === 1 ? '' : 's'}: ${t.outlets.map(esc).join(', ')}`, ''];
  for (const e of t.entries) {
    const title = e.url ? `[${esc(e.title)}](${e.url})` : esc(e.title);
    lines.push(`- **${when(e.at)}** · ${esc(e.outlet ?? 'unknown source')} · ${title}`);
    for (const f of e.newFacts) lines.push(`  - ${esc(f)}`);
  }
  return lines.join('\n') + '\n';
}

/** `--since` as an instant: an ISO date or time, or a window back from now (24h, 7d). */
function sinceInstant(value: string, now: Date): string {
  if (/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    const t = Date.parse(value.trim());
    if (Number.isNaN(t)) throw new UserError(`"${value.slice(0, 40)}" is not a date or time: use 2026-09-14, 2026-09-14T06:00Z, or a window like 24h or 7d.`);
    return new Date(t).toISOString();
  }
  const w = parseSince(value, now);
  if (w.since === null) throw new UserError('--since all would show the whole story: leave --since out for its timeline.');
  return w.since;
}

export function deltaToText(d: StoryDelta, since: string): string {
  const lines = [`Story ${d.storyId}: ${safe(d.headline)}`, `New since ${when(since)}: ${d.sentences.length === 0 ? 'nothing' : `${d.sentences.length + d.more} new fact${d.sentences.length + d.more === 1 ? '' : 's'} from ${d.articleIds.length} report${d.articleIds.length === 1 ? '' : 's'}`}`, ''];
  for (const s of d.sentences) {
    lines.push(wrap(`+ ${safe(s.text)}`, 100, '    ').replace(/^ {4}/, '  '));
    lines.push(`  ${when(s.at)}  ${safe(s.outlet ?? 'unknown source')}  #${s.articleId}${s.url ? `  ${s.url}` : ''}`);
  }
  if (d.more > 0) lines.push(`…and ${d.more} more: \`newsbrief story ${d.storyId}\` shows every report.`);
  return lines.join('\n') + '\n';
}

function deltaToMarkdown(d: StoryDelta, since: string): string {
  const esc = (s: string) => safe(s).replace(/([\\`*_[\]])/g, '\\$1');
  const lines = [`## Update — ${esc(d.headline)}`, '', `New since ${when(since)}:`, ''];
  for (const s of d.sentences) lines.push(`- ${esc(s.text)} (${s.url ? `[${esc(s.outlet ?? 'source')}](${s.url})` : esc(s.outlet ?? 'unknown source')})`);
  if (d.sentences.length === 0) lines.push('Nothing new.');
  if (d.more > 0) lines.push(`- …and ${d.more} more`);
  return lines.join('\n') + '\n';
}

/** Adds `story` and `export` to the CLI. */
export function addStoryCommands(program: Command, open: Open, io: Out): void {
  program
    .command('story')
    .description("A story's timeline: its articles in time order with outlet, link and the new facts each added")
    .argument('<id>', 'story id (from `brief --format json` or `article`)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .addOption(new Option('--since <time>', 'only the delta: new facts of reports published after this (2026-09-14T06:00Z, or 24h, 7d back from now), at most three'))
    .addOption(dbOption())
    .action(async (id: string, o: { format: 'text' | 'json' | 'markdown'; since?: string; db?: string }) => {
      if (!/^\d{1,15}$/.test(id)) throw new UserError(`"${id.slice(0, 20)}" is not a story id (a positive number).`);
      const { store } = open(o.db);
      const all = await store.stories.storyArticles(Number(id));
      const [found] = await store.stories.getStories([Number(id)]);
      if (!found || all.length === 0) throw new UserError(`There is no story ${id}. \`newsbrief stats\` shows how many are stored.`);
      // The local workspace's and user's mutes, as for `brief`: a muted outlet's reports are left out of what is shown.
      const { story, articles } = withoutMuted(found, all, (await muteScreenFor(store, LOCAL, LOCAL))?.hides);
      if (o.since !== undefined) {
        const since = sinceInstant(o.since, open(o.db).now());
        const d = buildDelta(story, articles, { publishedUntil: since });
        if (o.format === 'json') io.out(JSON.stringify({ id: d.storyId, headline: d.headline, since, sentences: d.sentences.map(({ key: _key, ...s }) => s), more: d.more, articleIds: d.articleIds }, null, 2) + '\n');
        else io.out(o.format === 'markdown' ? deltaToMarkdown(d, since) : deltaToText(d, since));
        return;
      }
      const t = buildTimeline(story.id, articles);
      if (o.format === 'json') io.out(JSON.stringify({ id: story.id, headline: story.headline, outlets: t.outlets, entries: t.entries }, null, 2) + '\n');
      else io.out(o.format === 'markdown' ? timelineToMarkdown(t, story.headline) : timelineToText(t, story.headline));
    });

  program
    .command('stories')
    .description('Story maintenance over the whole archive')
    .command('rebuild')
    .description('Re-cluster every stored article in time order with the current assigner; ids digests recorded are kept (the rest become aliases)')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      const app = open(o.db);
      const r = await app.store.stories.rebuildStories(app.now().toISOString());
      io.out(
        [
          `Rebuilt stories from ${r.articles} article${r.articles === 1 ? '' : 's'}: ${r.storiesBefore} stories before, ${r.storiesAfter} after.`,
          `${r.merged} old stor${r.merged === 1 ? 'y' : 'ies'} merged into another (their ids now point to it); ${r.split} split over several stories.`,
          `${r.recordedKept} stor${r.recordedKept === 1 ? 'y' : 'ies'} recorded by digests kept resolving; nothing already posted will be posted again.`,
        ].join('\n') + '\n',
      );
    });

  program
    .command('export')
    .description('Every stored article as JSON Lines: id, storyId, title, source, url, publishedAt, tags, summary')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl']).default('jsonl'))
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      const { store } = open(o.db);
      for await (const a of store.articles.eachArticle()) {
        const row = {
          id: a.id,
          storyId: a.storyId,
          title: a.title,
          ...(a.source ? { source: a.source } : {}),
          ...(a.url ? { url: a.url } : {}),
          ...(a.publishedAt ? { publishedAt: a.publishedAt } : {}),
          tags: a.tags.map((t) => ({ kind: t.kind, value: t.value })),
          summary: a.summary,
        };
        io.out(JSON.stringify(row) + '\n');
      }
    });
}
