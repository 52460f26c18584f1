// CLI commands over digests and mutes, through the same neutral commands as Discord and Slack (workspace "cli:local"):
// `digest` (what a digest would post now, with --include/--exclude and the other filters, in --language), `explain`
// (what it would leave out and why), `mute add|list|remove` and `feedback reset`.
import { Option, type Command } from 'commander';
import { FILTER_OPTIONS } from '../../commands/digest-filter.js';
import { definedOption } from './options.js';
import type { Format } from './render.js';

/** Runs a neutral command against the database `db` and prints its reply. */
type Neutral = (db: string | undefined, name: string, sub: string, args: Record<string, unknown>, format?: Format) => Promise<void>;

const dbOption = () => new Option('--db <file>', 'SQLite database (default: $NEWSBRIEF_DB, else ./data/newsbrief.db)');
const flag = (name: string): string => `--${name.replace(/_/g, '-')}`;
const key = (name: string): string => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Adds the filter options of `/digest <sub>` to a CLI command (`--deny-sources <value>` for deny_sources). */
function withFilters(cmd: Command, sub: string): Command {
  for (const o of FILTER_OPTIONS) cmd.addOption(definedOption('digest', sub, o.name, `${flag(o.name)} <${o.type === 'integer' ? 'n' : 'value'}>`));
  return cmd;
}

/** The filter options given on the command line, under the neutral names. */
const filterArgs = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(FILTER_OPTIONS.map((f) => [f.name, o[key(f.name)]]).filter(([, v]) => v !== undefined));

export function addDigestCommands(program: Command, run: Neutral): void {
  withFilters(program
    .command('digest')
    .description('What a digest would post now: stories new since --since, grouped by topic, with the filters given')
    .addOption(definedOption('digest', 'preview', 'topics', '--topics <list>'))
    .addOption(definedOption('digest', 'preview', 'since', '--since <window>'))
    .addOption(definedOption('digest', 'preview', 'language', '--language <code>')), 'preview')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .addOption(dbOption())
    .action(async (o: Record<string, unknown> & { topics?: string; since?: string; language?: string; format: Format; db?: string }) => {
      const given = { ...(o.topics ? { topics: o.topics } : {}), ...(o.since ? { since: o.since } : {}), ...(o.language !== undefined ? { language: o.language } : {}) };
      await run(o.db, 'digest', 'preview', { ...given, ...filterArgs(o) }, o.format);
    });

  withFilters(program
    .command('explain')
    .description('Why stories would not be posted: what a digest of all topics now leaves out (filtered, muted, below the cut …) and why')
    .addOption(definedOption('digest', 'explain', 'story', '--story <number|words>')), 'explain')
    .addOption(dbOption())
    .action(async (o: Record<string, unknown> & { story?: string; db?: string }) => {
      await run(o.db, 'digest', 'explain', { ...(o.story ? { story: o.story } : {}), ...filterArgs(o) });
    });

  const mute = program.command('mute').description('Words and sources the local workspace never wants to see');
  for (const sub of ['add', 'remove'] as const) {
    mute
      .command(`${sub} <kind> <value>`)
      .description(sub === 'add' ? 'Mute a word (or "phrase") or a source: mute add word celebrity, mute add source "Tabloid Daily"' : 'Unmute a word or a source')
      .addOption(definedOption('mute', sub, 'scope', '--scope <me|workspace>'))
      .addOption(dbOption())
      .action(async (kind: string, value: string, o: { scope?: string; db?: string }) => {
        await run(o.db, 'mute', sub, { kind, value, ...(o.scope ? { scope: o.scope } : {}) });
      });
  }
  mute
    .command('list')
    .description('The mutes of the local workspace')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      await run(o.db, 'mute', 'list', {});
    });

  program
    .command('feedback')
    .description("The local workspace's 👍/👎 feedback on stories")
    .command('reset')
    .description('Forget every vote of the local workspace: ranking goes back to normal')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      await run(o.db, 'feedback', 'reset', {});
    });
}
