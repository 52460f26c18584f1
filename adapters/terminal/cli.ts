// The `newsbrief` CLI: the terminal adapter. Ingest, brief, digest, topics, article, stats — no chat platform needed.
// brief/digest/topics go through the same neutral commands as Discord and Slack (workspace "cli:local").
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { MAX_PAGE } from '../../commands/brief.js';
import { runCommand } from '../../commands/run.js';
import { complete } from '../../commands/settle.js';
import type { CommandContext, Reply } from '../../commands/types.js';
import { createApp, type App } from '../../src/app.js';
import { MAX_BRIEFING_LIMIT } from '../../src/briefing/briefing.js';
import { formatDay } from '../../src/briefing/window.js';
import { ConfigError, UserError } from '../../src/errors.js';
import { emptyReport, expandPaths, ingestFiles, reportedArticles, tally, type IngestReport } from '../../src/ingest/files.js';
import { createPreparePool } from '../../src/ingest/workers.js';
import { exportOpml, importOpml } from '../../src/feeds/import.js';
import { FeedParseError } from '../../src/feeds/parse.js';
import { startFeedPoller } from '../../src/feeds/poller.js';
import { createLogger } from '../../src/log.js';
import { llmStatusLine } from '../../src/llm/index.js';
import { addStoryCommands } from './stories.js';
import { addMigrateCommand } from './migrate.js';
import { addDigestCommands } from './digest.js';
import { addFollowCommands } from './follow.js';
import { firstPage, pageOf } from '../paging.js';
import { plural } from '../present.js';
import { definedOption } from './options.js';
import { replyToTerminal, safe, wrap, type Format } from './render.js';


/** Batches of at least this many files are prepared in worker threads. */
const POOL_MIN_FILES = 24;
interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
  readStdin: () => string;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  readStdin: () => readFileSync(0, 'utf8'),
};

const cliContext = (app: App): CommandContext => ({
  platform: 'cli',
  workspaceId: 'cli:local',
  channelId: 'cli:local',
  userId: 'cli:local',
  isAdmin: true,
  now: app.now(),
});

/** The page `newsbrief brief --page N` shows: `size` stories (--limit, else the default) after the earlier pages. */
function briefingPage(pageArg: string, limitArg: string | undefined, defaultLimit: number): { offset: number; size: number } {
  const n = Number(pageArg);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--page must be a whole number from 1, not "${pageArg}".`);
  // Sized like the chat platforms' first page; a bad --limit is explained by the command itself.
  const { size } = firstPage(limitArg, defaultLimit, MAX_PAGE);
  const offset = (n - 1) * size;
  if (offset >= MAX_BRIEFING_LIMIT) {
    throw new UserError(`--page ${n} starts after story ${MAX_BRIEFING_LIMIT}, and a briefing holds ${MAX_BRIEFING_LIMIT} stories at most: narrow the topic or the window (--since).`);
  }
  return { offset, size };
}

const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text');
const dbOption = () => new Option('--db <file>', 'SQLite database (default: $NEWSBRIEF_DB, else ./data/newsbrief.db)');

/** Prints a neutral Reply in the chosen format (replyToTerminal). Returns the exit code. */
function printReply(io: Io, reply: Reply, format: Format, now: Date, page: { first?: number } = {}): number {
  const r = replyToTerminal(reply, now, format, page);
  for (const m of r.messages) (r.ephemeral ? io.err : io.out)(m);
  return r.ephemeral ? 1 : 0;
}

function reportText(r: IngestReport): string {
  const lines = r.rejected.map((x) => `rejected: ${x.origin} — ${x.reason}`);
  lines.push(
    `Ingested ${r.files} input${r.files === 1 ? '' : 's'}: ${r.added} added, ${r.joined} joined an existing story, ` +
      `${r.updated} updated, ${r.duplicates} exact duplicate${r.duplicates === 1 ? '' : 's'}, ${r.rejected.length} rejected.`,
  );
  return lines.join('\n') + '\n';
}

function progressBar(io: Io): (done: number, total: number) => void {
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    io.out(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} files`);
    if (done === total) io.out('\r' + ' '.repeat(width + 20) + '\r');
  };
}

/** Runs the CLI with argv (without "node newsbrief"); resolves to the exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let exitCode = 0;
  let app: App | undefined;
  // `llm: false` (brief --llm off) keeps this run offline even when the LLM is configured.
  const open = (db: string | undefined, o: { llm?: false } = {}): App => (app ??= createApp({ ...(db ? { dbPath: db } : {}), ...o }));

  const program = new Command('newsbrief')
    .description('News briefings from your own archive: ingest articles, then brief on a topic.')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(add --help for usage)');

  program
    .command('ingest')
    .description('Ingest articles: files, folders (recursive) and - for stdin (text, Markdown, HTML, JSON, JSONL)')
    .argument('<paths...>', 'files, folders, or - for standard input')
    .addOption(dbOption())
    .action(async (paths: string[], o: { db?: string }) => {
      const a = open(o.db);
      const report = emptyReport();
      if (paths.includes('-')) {
        report.files++;
        const r = await a.pipeline.ingestContent(io.readStdin(), 'stdin');
        tally(report, r.outcomes, r.rejections);
      }
      const { files, missing } = expandPaths(paths.filter((p) => p !== '-'));
      report.rejected.push(...missing);
      report.files += missing.length;
      // Worker threads pay off from a few dozen files on; small batches run in-process.
      const pool = files.length >= POOL_MIN_FILES ? createPreparePool(a.pipeline.topics) : undefined;
      try {
        await ingestFiles(a.pipeline, files, report, {
          ...(pool ? { pool } : {}),
          ...(io.isTTY && files.length >= 50 ? { onProgress: progressBar(io) } : {}),
        });
      } finally {
        await pool?.close();
      }
      io.out(reportText(report));
      if (report.files > 0 && report.rejected.length === report.files && reportedArticles(report) === 0) exitCode = 1;
    });

  program
    .command('brief')
    .description('A briefing: the most important recent stories on a topic, one line each, with sources')
    .argument('<topic...>', 'a topic name (see `topics list`) or any words')
    .addOption(definedOption('brief', undefined, 'since', '--since <window>'))
    .addOption(definedOption('brief', undefined, 'limit', '--limit <n>'))
    .addOption(new Option('--page <n>', `which page of --limit stories (a briefing holds ${MAX_BRIEFING_LIMIT} stories at most)`).default('1'))
    .addOption(new Option('--llm <mode>', 'LLM summaries and overview (when configured): on, or off for the offline text').choices(['on', 'off']).default('on'))
    .addOption(formatOption())
    .addOption(dbOption())
    .action(async (topic: string[], o: { since?: string; limit?: string; page: string; llm: 'on' | 'off'; format: Format; db?: string }) => {
      const a = open(o.db, o.llm === 'off' ? { llm: false } : {});
      const page = briefingPage(o.page, o.limit, a.config.briefing.defaultLimit);
      const ctx: CommandContext = { ...cliContext(a), page };
      // No platform window here: wait for the LLM text (bounded by its own timeout).
      const reply = await complete(await runCommand(a, ctx, 'brief', undefined, {
        topic: topic.join(' '),
        ...(o.since ? { since: o.since } : {}),
        ...(o.limit ? { limit: o.limit } : {}),
      }));
      if (reply.kind !== 'briefing') {
        exitCode = printReply(io, reply, o.format, ctx.now);
        return;
      }
      const all = reply.briefing.stories;
      const slice = pageOf(all, page.offset, page.size);
      if (!slice) throw new UserError(`Page ${o.page} is empty: this briefing has ${plural(all.length, 'story')}.`);
      const { more } = slice;
      const shown = { ...reply, briefing: { ...reply.briefing, stories: slice.stories } };
      if (o.format === 'json') {
        io.out(JSON.stringify({ ...shown.briefing, page: { number: Number(o.page), size: page.size, more } }, null, 2) + '\n');
        return;
      }
      exitCode = printReply(io, shown, o.format, ctx.now, { first: page.offset + 1 });
      if (more) io.out(`More: add --page ${Number(o.page) + 1}\n`);
    });

  /** Runs a neutral command for the terminal: a private answer is the output (stdout) unless it is a problem (stderr, exit 1). */
  const neutral = async (db: string | undefined, name: string, sub: string, args: Record<string, unknown>, format: Format = 'text'): Promise<void> => {
    const a = open(db);
    const reply = await complete(await runCommand(a, cliContext(a), name, sub, args));
    exitCode = printReply(io, reply.kind === 'message' && !reply.problem ? { ...reply, private: false } : reply, format, a.now());
  };
  addDigestCommands(program, neutral);
  addFollowCommands(program, neutral, (db) => open(db), io);

  const topics = program.command('topics').description('Topics of the local workspace');
  topics
    .command('list')
    .description('List topics (yours and the defaults)')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      // Private on a chat platform; on a terminal it is the output (stdout), like feeds list.
      const a = open(o.db);
      const reply = await runCommand(a, cliContext(a), 'topics', 'list', { page: 1 });
      exitCode = printReply(io, reply.kind === 'message' ? { ...reply, private: false } : reply, 'text', a.now());
    });
  topics
    .command('add')
    .description('Add or replace a topic')
    .argument('<name>', 'topic name')
    .addOption(definedOption('topics', 'add', 'keywords', '--keywords <list>').makeOptionMandatory())
    .addOption(dbOption())
    .action(async (name: string, o: { keywords: string; db?: string }) => {
      const reply = await runCommand(open(o.db), cliContext(open(o.db)), 'topics', 'add', { name, keywords: o.keywords });
      exitCode = printReply(io, reply, 'text', open(o.db).now());
    });
  topics
    .command('remove')
    .description('Remove a topic')
    .argument('<name>', 'topic name')
    .addOption(dbOption())
    .action(async (name: string, o: { db?: string }) => {
      exitCode = printReply(io, await runCommand(open(o.db), cliContext(open(o.db)), 'topics', 'remove', { name }), 'text', open(o.db).now());
    });

  // --- feeds (docs/feeds.md): add/list/remove go through the neutral /feeds command; poll/import/export are CLI-only ---
  const feeds = program.command('feeds').description('News feeds (RSS, Atom, JSON Feed) of the local workspace');
  feeds
    .command('add')
    .description('Add a feed: fetched at once (its items are stored), then polled by `npm start`')
    .argument('<url>', 'feed URL, or a site page that links to its feed')
    .addOption(definedOption('feeds', 'add', 'topics', '--topics <list>'))
    .addOption(definedOption('feeds', 'add', 'interval', '--interval <minutes>'))
    .addOption(definedOption('feeds', 'add', 'pages', '--pages <on|off>'))
    .addOption(dbOption())
    .action(async (url: string, o: { topics?: string; interval?: string; pages?: string; db?: string }) => {
      const args = { url, ...(o.topics ? { topics: o.topics } : {}), ...(o.interval ? { interval: o.interval } : {}), ...(o.pages ? { pages: o.pages } : {}) };
      exitCode = printReply(io, await runCommand(open(o.db), cliContext(open(o.db)), 'feeds', 'add', args), 'text', open(o.db).now());
    });
  feeds
    .command('list')
    .description('List feeds with their last success, last error and article count')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      const reply = await runCommand(open(o.db), cliContext(open(o.db)), 'feeds', 'list', {});
      exitCode = printReply(io, reply.kind === 'message' ? { ...reply, private: false } : reply, 'text', open(o.db).now());
    });
  feeds
    .command('remove')
    .description('Stop polling a feed (its articles stay)')
    .argument('<feed>', 'feed number (from `feeds list`) or URL')
    .addOption(dbOption())
    .action(async (feed: string, o: { db?: string }) => {
      exitCode = printReply(io, await runCommand(open(o.db), cliContext(open(o.db)), 'feeds', 'remove', { feed }), 'text', open(o.db).now());
    });
  feeds
    .command('poll')
    .description('Poll every enabled feed now and store new items')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      const a = open(o.db);
      const poller = startFeedPoller(a, { logger: createLogger('silent'), tickMs: 0 });
      const s = await poller.pollNow({ all: true });
      await poller.stop();
      for (const r of s.results) {
        io.out(`#${r.feedId} ${r.url}: ${r.status === 'ok' ? `${r.added ?? 0} new article${r.added === 1 ? '' : 's'}` : r.status}${r.error ? ` — ${r.error}` : ''}\n`);
      }
      io.out(`Polled ${s.polled} feed${s.polled === 1 ? '' : 's'}: ${s.added} new article${s.added === 1 ? '' : 's'}, ${s.notModified} unchanged, ${s.failed + s.disabled} failed.\n`);
      if (s.failed + s.disabled > 0 && s.ok + s.notModified === 0) exitCode = 1;
    });
  feeds
    .command('import')
    .description('Add every feed of an OPML file (folders/categories become topics when they exist)')
    .argument('<file>', 'OPML file')
    .addOption(dbOption())
    .action(async (file: string, o: { db?: string }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new UserError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      let lines;
      try {
        lines = await importOpml(open(o.db), 'cli:local', text, 'cli:local');
      } catch (err) {
        if (err instanceof FeedParseError) throw new UserError(`${file}: ${err.message}`);
        throw err;
      }
      for (const l of lines) (l.ok ? io.out : io.err)(`${l.ok ? 'added' : 'failed'}: ${l.text}\n`);
      const ok = lines.filter((l) => l.ok).length;
      io.out(`Imported ${ok} of ${lines.length} feed${lines.length === 1 ? '' : 's'}.\n`);
      if (lines.length > 0 && ok === 0) exitCode = 1;
    });
  feeds
    .command('export')
    .description('Print the feeds as OPML (for other feed readers)')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      io.out(await exportOpml(open(o.db), 'cli:local'));
    });
  // --- end feeds ---

  program
    .command('article')
    .description('One stored article: cleaned body, summary, tags, story')
    .argument('<id>', 'article id (from `brief --format json` or `ingest`)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(dbOption())
    .action(async (id: string, o: { format: Format; db?: string }) => {
      if (!/^\d{1,15}$/.test(id)) throw new UserError(`"${id.slice(0, 20)}" is not an article id (a positive number).`);
      const article = await open(o.db).store.articles.getArticle(Number(id));
      if (!article) throw new UserError(`There is no article ${id}. \`newsbrief stats\` shows how many are stored.`);
      if (o.format === 'json') {
        const { gist: _gist, ingestedAt: _ingestedAt, ...shown } = article;
        io.out(JSON.stringify(shown, null, 2) + '\n');
        return;
      }
      const meta = [article.author && `by ${article.author}`, article.source, article.publishedAt && formatDay(article.publishedAt), `lang ${article.lang}`, `story ${article.storyId}`];
      const byKind = (k: string) => article.tags.filter((t) => t.kind === k).map((t) => t.value).join(', ') || '—';
      io.out(
        [
          `#${article.id}  ${safe(article.title)}`,
          meta.filter(Boolean).join(' · '),
          ...(article.url ? [article.url] : []),
          '',
          'Summary:',
          wrap(safe(article.summary), 100, '  '),
          '',
          `Topics: ${byKind('topic')}`,
          `People: ${byKind('person')}`,
          `Places: ${byKind('place')}`,
          `Organizations: ${byKind('org')}`,
          `Keywords: ${byKind('keyword')}`,
          '',
          safe(article.body),
          '',
        ].join('\n'),
      );
    });

  addStoryCommands(program, (db) => open(db), io);
  addMigrateCommand(program, io);

  program
    .command('serve')
    .description('Run the bot: every configured platform (Discord, Slack), digests, feed polling, /healthz and /metrics. ' +
      'SIGINT/SIGTERM to this process drain replies and posts in flight, then exit; use it as the container command.')
    .action(async () => {
      // Loaded only here: the other subcommands never load the platform libraries.
      const { serve } = await import('../main.js');
      exitCode = await serve(process.env);
    });

  program
    .command('stats')
    .description('Counts of articles, stories, sources, topics, and the date range')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      const s = await open(o.db).store.stats();
      io.out(
        [
          `Articles: ${s.articles}`,
          `Stories:  ${s.stories}`,
          `Sources:  ${s.sources}`,
          `Topics:   ${s.topics} custom, ${open(o.db).config.topics.length} default`,
          `Languages: ${s.languages.map((l) => `${l.lang} ${l.count}`).join(', ') || '—'}`,
          `Dates:    ${s.earliest && s.latest ? `${formatDay(s.earliest)} – ${formatDay(s.latest)}` : '—'}`,
          (await llmStatusLine(open(o.db).llm)) ?? 'LLM: off (set OPENAI_API_KEY or OPENAI_BASE_URL to turn on)',
        ].join('\n') + '\n',
      );
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) exitCode = err.exitCode;
    else if (err instanceof UserError || err instanceof ConfigError) {
      io.err(`${err.message}\n`);
      exitCode = err instanceof UserError ? 1 : 78;
    } else {
      io.err(`newsbrief: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
      exitCode = 70;
    }
  } finally {
    await (app as App | undefined)?.close();
  }
  return exitCode;
}
