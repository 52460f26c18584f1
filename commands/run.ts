// Runs a command for any adapter: finds the handler, checks admin rights again at run time, validates arguments and
// turns UserErrors into private replies. Anything else propagates to the adapter, which logs it with an error id.
import type { ZodError } from 'zod';
import { UserError } from '../src/errors.js';
import { retryWhileBusy } from '../src/store/availability.js';
import { COMMANDS } from './index.js';
import type { CommandContext, CommandDeps, Handler, Reply } from './types.js';

/** The handler for `name` (+ `sub`), or undefined. */
export function findHandler(name: string, sub?: string): Handler | undefined {
  const cmd = COMMANDS.get(name);
  if (!cmd) return undefined;
  if (cmd.handler) return cmd.handler;
  return cmd.subcommands.find((s) => s.name === sub);
}

/** The first validation problem, phrased for a user. */
export function describeZodError(err: ZodError): string {
  const issue = err.issues[0];
  if (!issue) return 'Invalid arguments.';
  const field = issue.path.join('.');
  return field && !issue.message.toLowerCase().includes(field) ? `${field}: ${issue.message}` : issue.message;
}

/** How long a command waits for another process's write lock by default (NEWSBRIEF_DB_WAIT). */
export const DEFAULT_DB_WAIT_SECONDS = 10;

export const BUSY_REPLY = 'The database is busy: another process is writing to it right now. Please try again in a moment.';
export const READ_ONLY_REPLY = 'newsbrief cannot save anything right now: its database is read-only. Please tell whoever runs this bot (/healthz says which file).';

/**
 * Runs a command. While another process holds the database's write lock, the handler is re-run after asynchronous
 * pauses (nothing blocks other commands), `ctx.acknowledge` is called first so the platform shows "thinking…", and
 * after NEWSBRIEF_DB_WAIT seconds the user gets BUSY_REPLY; a read-only database gets READ_ONLY_REPLY.
 */
export async function runCommand(
  app: CommandDeps,
  ctx: CommandContext,
  name: string,
  sub: string | undefined,
  rawArgs: Record<string, unknown>,
): Promise<Reply> {
  const t0 = performance.now();
  let outcome = 'ok';
  try {
    const h = findHandler(name, sub);
    if (!h) {
      outcome = 'unknown';
      return { kind: 'message', private: true, problem: true, text: `Unknown command: ${[name, sub].filter(Boolean).join(' ')}` };
    }
    if (h.admin && !ctx.isAdmin) {
      outcome = 'refused';
      return { kind: 'message', private: true, problem: true, text: `Only members with ${ctx.adminRight ?? 'admin rights'} can use /${name} ${sub ?? ''}`.trim() + '.' };
    }
    const parsed = h.schema.safeParse(rawArgs);
    if (!parsed.success) {
      outcome = 'invalid';
      return { kind: 'message', private: true, problem: true, text: describeZodError(parsed.error) };
    }
    try {
      const waitMs = (app.config.dbWaitSeconds ?? DEFAULT_DB_WAIT_SECONDS) * 1000;
      const reply = await retryWhileBusy(() => h.run(app, ctx, parsed.data), app.availability, { waitMs, ...(ctx.acknowledge ? { onBusy: ctx.acknowledge } : {}) });
      if (reply.kind === 'error') outcome = 'error';
      return reply;
    } catch (err) {
      if (err instanceof UserError) {
        outcome = 'user_error';
        return { kind: 'message', private: true, problem: true, text: err.message };
      }
      const problem = app.availability.problemOf(err);
      if (problem === 'busy') {
        outcome = 'busy';
        return { kind: 'message', private: true, problem: true, text: BUSY_REPLY };
      }
      if (problem === 'read_only') {
        outcome = 'read_only';
        return { kind: 'message', private: true, problem: true, text: READ_ONLY_REPLY };
      }
      outcome = 'error';
      throw err;
    }
  } finally {
    app.metrics.command(ctx.platform, [name, sub].filter(Boolean).join(' '), outcome, (performance.now() - t0) / 1000);
  }
}
