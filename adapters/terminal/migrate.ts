// CLI: `newsbrief migrate sqlite-to-pg --from FILE [--to URL]`: copies a SQLite database into an empty PostgreSQL one
// (ids, digest ledger and watermarks included, so nothing is posted again), verifies the counts and says what it did.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../../src/clock.js';
import { UserError } from '../../src/errors.js';
import { copySqliteToPg } from '../../src/store/pg-import.js';
import { isPostgresUrl } from '../../src/store/pg.js';

export function addMigrateCommand(program: Command, io: { out: (s: string) => void }): void {
  program
    .command('migrate')
    .description('Move the data to another store (with the bot stopped)')
    .command('sqlite-to-pg')
    .description('Copy a SQLite database into an empty PostgreSQL database: every table with its ids, the digest ledger and watermarks')
    .requiredOption('--from <file>', 'the SQLite database (e.g. data/newsbrief.db)')
    .option('--to <url>', 'the PostgreSQL database (default: $NEWSBRIEF_DATABASE_URL)')
    .action(async (o: { from: string; to?: string }) => {
      const to = o.to ?? process.env.NEWSBRIEF_DATABASE_URL;
      if (!isPostgresUrl(to)) throw new UserError('Say where to copy to: --to postgres://user:password@host:5432/db, or set NEWSBRIEF_DATABASE_URL.');
      const from = path.resolve(o.from);
      if (!existsSync(from)) throw new UserError(`${from} does not exist: --from names the SQLite database to copy (e.g. data/newsbrief.db).`);
      const t0 = performance.now();
      const r = await copySqliteToPg(from, to, systemClock);
      const total = r.tables.reduce((n, t) => n + t.rows, 0);
      io.out(
        [
          `Copied ${r.from} into ${r.to} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${total} rows, counts verified.`,
          ...r.tables.map((t) => `  ${t.table.padEnd(18)} ${t.rows}`),
          'Ids were kept and the sequences continue after them; the digest ledger, posted stories and watermarks came along,',
          'so no slot is posted again. Set NEWSBRIEF_DATABASE_URL and start the bot.',
        ].join('\n') + '\n',
      );
    });
}
