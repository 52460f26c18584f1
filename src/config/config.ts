// Configuration: one zod schema for the config file and one for the environment; loadConfig() reports every problem
// at once, naming what to fix.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import type { TopicDef } from '../types.js';

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

const SinceSchema = z.string().regex(/^(\d{1,4}[hdw]|all)$/i, 'use 24h, 7d, 30d … or all');

export const FileConfigSchema = z.object({
  topics: z.array(TopicSchema).default([]),
  digest: z
    .object({
      cron: z.string().default('0 8 * * *'),
      timezone: z.string().default('UTC'),
      since: SinceSchema.default('24h'),
      maxStories: z.number().int().min(1).max(50).default(8),
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
  /** A YAML config file that replaces config/default.yaml. */
  NEWSBRIEF_CONFIG: z.string().min(1).optional(),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  dbPath: string;
  configFile: string;
  topics: TopicDef[];
  digest: FileConfig['digest'];
  briefing: FileConfig['briefing'];
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
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
    configFile,
    topics: file.topics,
    digest: file.digest,
    briefing: file.briefing,
    logLevel: e.LOG_LEVEL,
  };
}
