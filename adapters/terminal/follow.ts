// CLI `follow story|topic|list|off|quiet` for the local user, through the same neutral /follow command as Discord and
// Slack (user "cli:local"), and `follow check`: one run of the follow delivery with the terminal as that user's inbox,
// so what a direct message would say is printed to stdout (a followed story's new facts, each once: the same update
// ledger as on chat platforms; new stories on followed topics within the daily cap; quiet hours and mutes obeyed).
import { Option, type Command } from 'commander';
import type { App } from '../../src/app.js';
import { createFollowDelivery } from '../../src/follows/deliver.js';
import { noticeText, type DigestPoster } from '../../src/schedule/delivery.js';
import { definedOption } from './options.js';
import type { Format } from './render.js';

type Neutral = (db: string | undefined, name: string, sub: string, args: Record<string, unknown>, format?: Format) => Promise<void>;
type Open = (db: string | undefined) => App;

const dbOption = () => new Option('--db <file>', 'SQLite database (default: $NEWSBRIEF_DB, else ./data/newsbrief.db)');

/** The terminal as the local user's inbox: each direct message printed, without chat markup and naming the CLI's
 * commands instead of /follow, then a blank line. */
function terminalInbox(out: (s: string) => void): DigestPoster & { sent: () => number } {
  let sent = 0;
  return {
    platform: 'cli',
    post: () => Promise.reject(new Error('the terminal has no channels')),
    async dm(_userId, notice) {
      sent++;
      const text = noticeText(notice).replace(/\*\*/g, '').replace(/\/follow list/g, 'newsbrief follow list').replace(/\/follow story:(\d+)/g, 'newsbrief follow story $1');
      out(`${text}\n\n`);
    },
    connected: () => true,
    concurrency: 1,
    sent: () => sent,
  };
}

export function addFollowCommands(program: Command, run: Neutral, open: Open, io: { out: (s: string) => void }): void {
  const follow = program.command('follow').description('Follow a story or a topic as the local user; `follow check` prints what is new');
  follow
    .command('story <id>')
    .description('Follow a story: `follow check` prints its new facts, each once')
    .addOption(dbOption())
    .action(async (id: string, o: { db?: string }) => {
      await run(o.db, 'follow', 'story', { id });
    });
  follow
    .command('topic <words...>')
    .description('Follow a topic or words (as for brief): `follow check` prints each new story that matches, at most the daily cap')
    .addOption(dbOption())
    .action(async (words: string[], o: { db?: string }) => {
      await run(o.db, 'follow', 'topic', { topic: words.join(' ') });
    });
  follow
    .command('list')
    .description('What the local user follows, the daily cap and quiet hours')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      await run(o.db, 'follow', 'list', {});
    });
  follow
    .command('off [id]')
    .description('Stop following one (its # from follow list), or everything when no # is given')
    .addOption(dbOption())
    .action(async (id: string | undefined, o: { db?: string }) => {
      await run(o.db, 'follow', 'off', { follow: id ?? 'all' });
    });
  follow
    .command('quiet <hours>')
    .description('Quiet hours like 22:00-07:00 (or off): follow check holds alerts then')
    .addOption(definedOption('follow', 'quiet', 'timezone', '--timezone <zone>'))
    .addOption(definedOption('follow', 'quiet', 'cap', '--cap <n>'))
    .addOption(dbOption())
    .action(async (hours: string, o: { timezone?: string; cap?: string; db?: string }) => {
      await run(o.db, 'follow', 'quiet', { hours, ...(o.timezone ? { timezone: o.timezone } : {}), ...(o.cap ? { cap: o.cap } : {}) });
    });
  follow
    .command('check')
    .description('Print what is new for what the local user follows (each update once), as a direct message would say it')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      const app = open(o.db);
      const inbox = terminalInbox(io.out);
      const tally = await createFollowDelivery(app, { posters: [inbox], owner: `cli:${process.pid}` }).tick(app.now());
      if (tally.held > 0) io.out('Quiet hours: nothing printed now; what is new is printed by the first check after them.\n');
      else if (inbox.sent() === 0) io.out('Nothing new for what you follow.\n');
    });
}
