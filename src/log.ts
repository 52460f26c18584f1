// Structured JSON logs (pino). Secrets are redacted by key name wherever they appear in a logged object.
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { ConfigError } from './errors.js';

export type { Logger };

const REDACT = ['token', 'apiKey', 'password', 'secret', 'authorization', '*.token', '*.apiKey', '*.secret', '*.authorization', 'headers.authorization'];

/** The levels LOG_LEVEL accepts, most severe first. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Creates the root logger; `LOG_LEVEL` picks the level (default info; an unknown one is a ConfigError listing the
 * valid ones). Child loggers add `{ scope }`. */
export function createLogger(level: string = process.env.LOG_LEVEL?.trim() || 'info', destination?: NodeJS.WritableStream): Logger {
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`LOG_LEVEL=${level.slice(0, 40)} is not a log level: use one of ${LOG_LEVELS.join(', ')}`);
  }
  const opts = { level, base: { app: 'newsbrief' }, redact: { paths: REDACT, censor: '[redacted]' } };
  return destination ? pino(opts, destination as Parameters<typeof pino>[1]) : pino(opts);
}

/** A short id a user can quote when something went wrong ("E-7F3A2C"); the same id is in the log line. */
export function errorId(): string {
  return `E-${randomBytes(3).toString('hex').toUpperCase()}`;
}
