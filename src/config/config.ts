// Configuration: one zod schema for the config file and one for the environment; loadConfig() reports every problem
// at once, naming what to fix.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import type { TopicDef } from '../types.js';
import type { Role } from '../store/types.js';
import { LLM_ENV_SHAPE, resolveLlmConfig, type LlmConfig } from '../llm/config.js';
import { HEARTBEAT_SECONDS, LIVE_SECONDS } from '../service/instance.js';

/** The repository (package) root, found from this file whether run from src/ or dist/. */
export const PACKAGE_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

const TopicSchema = z.object({
  name: z.string().min(1).max(50),
  keywords: z.array(z.string().min(1).max(100)).min(1).max(100),
});

/** Every role, in the order `NEWSBRIEF_ROLES` lists them by default. */
export const ROLES: readonly Role[] = ['http', 'scheduler', 'poller'];

const SinceSchema = z.string().regex(/^(\d{1,4}[hdw]|all)$/i, 'use 24h, 7d, 30d … or all');

export const FileConfigSchema = z.object({
  topics: z.array(TopicSchema).default([]),
  digest: z
    .object({
      cron: z.string().default('0 8 * * *'),
      timezone: z.string().default('UTC'),
      since: SinceSchema.default('24h'),
      maxStories: z.number().int().min(1).max(50).default(8),
      /** A slot missed while newsbrief was down is still posted on start if at most this old. */
      graceMinutes: z.number().int().min(0).max(24 * 60).default(120),
      /** A story gets at most one update in a digest's thread per this many minutes (what arrives meanwhile is batched). */
      updateMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
      /** Threads of digests posted more than this many hours ago get no more updates. */
      updateHorizonHours: z.number().int().min(1).max(30 * 24).default(48),
    })
    .prefault({}),
  briefing: z
    .object({
      defaultSince: SinceSchema.default('7d'),
      defaultLimit: z.number().int().min(1).max(50).default(5),
    })
    .prefault({}),
});
export type FileConfig = z.infer<typeof FileConfigSchema>;

export const EnvSchema = z.object({
  /** SQLite database file (default ./data/newsbrief.db). */
  NEWSBRIEF_DB: z.string().min(1).optional(),
  /** A PostgreSQL database (postgres://user:password@host:5432/db) instead of the SQLite file: for several instances. */
  NEWSBRIEF_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/i, 'a postgres:// URL, e.g. postgres://newsbrief:secret@db.example:5432/newsbrief').optional(),
  /** A YAML config file that replaces config/default.yaml. */
  NEWSBRIEF_CONFIG: z.string().min(1).optional(),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Port of /healthz and /metrics under `npm start` (default 8080; `off` disables the server). */
  NEWSBRIEF_HTTP_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default(8080),
  /** Interface it listens on (default 127.0.0.1; 0.0.0.0 in a container). */
  NEWSBRIEF_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** Seconds a command waits for another process's database write lock before answering "busy" (default 10). */
  NEWSBRIEF_DB_WAIT: z.coerce.number({ error: 'seconds, e.g. 10' }).min(0).max(600, 'at most 600 seconds').default(10),
  /** Seconds a platform may be disconnected before /healthz turns 503 (default 30). */
  NEWSBRIEF_HEALTH_GRACE: z.coerce.number({ error: 'seconds, e.g. 30' }).int('whole seconds, e.g. 30').min(0).max(3600, 'at most 3600 seconds').default(30),
  /** What `npm start` runs here, comma-separated: http, scheduler, poller (default all; docs/scaling.md). */
  NEWSBRIEF_ROLES: z.string().transform((v, ctx) => {
    const roles = [...new Set(v.split(',').map((r) => r.trim().toLowerCase()).filter(Boolean))];
    const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (roles.length === 0 || bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `${bad.length ? `unknown role ${bad.join(', ')}: ` : ''}use a comma-separated list of ${ROLES.join(', ')}` });
      return z.NEVER;
    }
    return roles as Role[];
  }).optional(),
  /** Seconds between this process's heartbeats in the instances table (default 5; docs/scaling.md). */
  NEWSBRIEF_HEARTBEAT_SECONDS: z.coerce.number({ error: 'seconds, e.g. 5' }).min(1, 'at least 1 second').max(60, 'at most 60 seconds').optional(),
  /** Seconds without a heartbeat after which an instance is dead and its claims are taken over (default 20). */
  NEWSBRIEF_DEAD_AFTER_SECONDS: z.coerce.number({ error: 'seconds, e.g. 20' }).min(3, 'at least 3 seconds').max(600, 'at most 600 seconds').optional(),
  // --- LLM (docs/llm.md): OPENAI_API_KEY, OPENAI_BASE_URL, NEWSBRIEF_LLM*, see src/llm/config.ts ---
  ...LLM_ENV_SHAPE,
  // --- feeds (docs/feeds.md) ---
  /** 1 lets feeds and article pages on loopback/private/link-local addresses be fetched (tests, intranets). */
  NEWSBRIEF_ALLOW_PRIVATE_FEEDS: z.enum(['0', '1', 'true', 'false'], { error: 'use 1 to allow private addresses, 0 (default) to refuse them' }).optional(),
  /** User-Agent sent with feed and article-page requests. */
  NEWSBRIEF_FEED_USER_AGENT: z.string().min(1).max(300).optional(),
  /** Default minutes between polls of a feed (5-1440, default 15). */
  NEWSBRIEF_FEED_INTERVAL: z.coerce.number({ error: 'minutes, e.g. 15' }).int().min(5, 'at least 5 minutes').max(1440, 'at most 1440 minutes').optional(),
});

/** Feed polling settings (from the environment; see .env.example). */
export interface FeedSettings {
  allowPrivate: boolean;
  userAgent: string;
  intervalMinutes: number;
}

/** The User-Agent used when NEWSBRIEF_FEED_USER_AGENT is unset. */
export const DEFAULT_FEED_USER_AGENT = 'newsbrief/0.1 (feed reader; set NEWSBRIEF_FEED_USER_AGENT to add a contact)';

/** Feed settings of a config, with defaults for configs built without them (tests). */
export function feedSettings(config: { feeds?: FeedSettings }): FeedSettings {
  return config.feeds ?? { allowPrivate: false, userAgent: DEFAULT_FEED_USER_AGENT, intervalMinutes: 15 };
}

export interface Config {
  dbPath: string;
  /** PostgreSQL instead of the SQLite file at dbPath (NEWSBRIEF_DATABASE_URL); absent = SQLite. */
  databaseUrl?: string;
  configFile: string;
  topics: TopicDef[];
  digest: FileConfig['digest'];
  briefing: FileConfig['briefing'];
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** /healthz and /metrics under `npm start`; absent = off. */
  http?: { port: number; host: string };
  /** Seconds a command waits for another process's write lock before answering "busy"; absent = 10. */
  dbWaitSeconds?: number;
  /** Seconds a platform may be disconnected before /healthz reports it unhealthy; absent = 30. */
  healthGraceSeconds?: number;
  /** Optional LLM summaries (docs/llm.md); absent = offline only. */
  llm?: LlmConfig;
  /** Feed polling (docs/feeds.md); absent = defaults (feedSettings()). */
  feeds?: FeedSettings;
  /** What `npm start` runs in this process (NEWSBRIEF_ROLES); absent = every role. */
  roles?: Role[];
  /** Heartbeats and when an instance counts as dead (docs/scaling.md); absent = defaults (instanceTiming()). */
  instances?: { heartbeatSeconds: number; deadAfterSeconds: number };
}

const issues = (prefix: string, err: z.ZodError): string[] =>
  err.issues.map((i) => `${prefix}${i.path.length ? i.path.join('.') : ''}: ${i.message}`);

/** Reads env and the config file; throws one ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: { dbPath?: string } = {}): Config {
  const problems: string[] = [];
  // An empty variable (`NEWSBRIEF_DB=` in .env) means unset.
  const envParsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!envParsed.success) problems.push(...issues('environment variable ', envParsed.error));
  const e = envParsed.success ? envParsed.data : EnvSchema.parse({});
  const llm = resolveLlmConfig(e); // LLM (docs/llm.md)
  problems.push(...llm.problems);
  const heartbeatSeconds = e.NEWSBRIEF_HEARTBEAT_SECONDS ?? HEARTBEAT_SECONDS;
  const deadAfterSeconds = e.NEWSBRIEF_DEAD_AFTER_SECONDS ?? LIVE_SECONDS;
  // A live instance that misses a beat or two (a slow database, a GC pause) must not be taken for dead.
  if (deadAfterSeconds < 3 * heartbeatSeconds) {
    problems.push(`environment variable NEWSBRIEF_DEAD_AFTER_SECONDS: ${deadAfterSeconds} s is under three heartbeats of ${heartbeatSeconds} s (NEWSBRIEF_HEARTBEAT_SECONDS): use at least ${3 * heartbeatSeconds}`);
  }

  const configFile = path.resolve(e.NEWSBRIEF_CONFIG ?? path.join(PACKAGE_ROOT, 'config', 'default.yaml'));
  let file: FileConfig = FileConfigSchema.parse({});
  if (!existsSync(configFile)) {
    problems.push(`config file ${configFile} does not exist (set NEWSBRIEF_CONFIG to a YAML file, or unset it)`);
  } else {
    try {
      const parsed = FileConfigSchema.safeParse(parseYaml(readFileSync(configFile, 'utf8')) ?? {});
      if (parsed.success) file = parsed.data;
      else problems.push(...issues(`${path.basename(configFile)}: `, parsed.error));
    } catch (err) {
      problems.push(`${configFile} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(`Configuration problems:\n- ${problems.join('\n- ')}`);
  return {
    dbPath: overrides.dbPath ?? e.NEWSBRIEF_DB ?? path.join('data', 'newsbrief.db'),
    // An explicit file (--db) means that SQLite file, even where NEWSBRIEF_DATABASE_URL is set.
    ...(e.NEWSBRIEF_DATABASE_URL && !overrides.dbPath ? { databaseUrl: e.NEWSBRIEF_DATABASE_URL } : {}),
    configFile,
    topics: file.topics,
    digest: file.digest,
    briefing: file.briefing,
    logLevel: e.LOG_LEVEL,
    ...(e.NEWSBRIEF_HTTP_PORT === 'off' ? {} : { http: { port: e.NEWSBRIEF_HTTP_PORT, host: e.NEWSBRIEF_HTTP_HOST } }),
    healthGraceSeconds: e.NEWSBRIEF_HEALTH_GRACE,
    dbWaitSeconds: e.NEWSBRIEF_DB_WAIT,
    ...(llm.llm ? { llm: llm.llm } : {}),
    ...(e.NEWSBRIEF_ROLES ? { roles: e.NEWSBRIEF_ROLES } : {}),
    instances: { heartbeatSeconds, deadAfterSeconds },
    feeds: {
      allowPrivate: e.NEWSBRIEF_ALLOW_PRIVATE_FEEDS === '1' || e.NEWSBRIEF_ALLOW_PRIVATE_FEEDS === 'true',
      userAgent: e.NEWSBRIEF_FEED_USER_AGENT ?? DEFAULT_FEED_USER_AGENT,
      intervalMinutes: e.NEWSBRIEF_FEED_INTERVAL ?? 15,
    },
  };
}
