// Structured JSON logs (pino). Secrets are redacted by key name wherever they appear in a logged object.
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';

export type { Logger };

const REDACT = ['token', 'apiKey', 'password', 'secret', 'authorization', '*.token', '*.apiKey', '*.secret', '*.authorization', 'headers.authorization'];

/** Creates the root logger; `LOG_LEVEL` picks the level (default info). Child loggers add `{ scope }`. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: NodeJS.WritableStream): Logger {
  const opts = { level, base: { app: 'newsbrief' }, redact: { paths: REDACT, censor: '[redacted]' } };
  return destination ? pino(opts, destination as Parameters<typeof pino>[1]) : pino(opts);
}

/** A short id a user can quote when something went wrong ("E-7F3A2C"); the same id is in the log line. */
export function errorId(): string {
  return `E-${randomBytes(3).toString('hex').toUpperCase()}`;
}
