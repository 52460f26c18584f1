// The platform-neutral command contract: adapters derive Discord registration JSON and Slack argument parsing
// from these definitions, call `run`, and render the Reply.
import type { z } from 'zod';
import type { Clock } from '../src/clock.js';
import type { Config } from '../src/config/config.js';
import type { Pipeline } from '../src/ingest/pipeline.js';
import type { LlmService } from '../src/llm/service.js';
import type { Metrics } from '../src/metrics.js';
import type { StoreAvailability } from '../src/store/availability.js';
import type { Store } from '../src/store/ports.js';
import type { DigestRun, Subscription } from '../src/store/types.js';
import type { Briefing, Digest } from '../src/types.js';

/**
 * What commands use, built once by an entry point (the service's main or the CLI: `createApp` in src/app.ts gives
 * one). Commands never import the composition root.
 */
export interface CommandDeps {
  config: Config;
  /** The one clock. */
  now: Clock;
  store: Store;
  /** Whether the store can serve a command now (busy, read-only). */
  availability: StoreAvailability;
  /** Ingest, for feeds added by a command. */
  pipeline: Pipeline;
  metrics: Metrics;
  /** Present when an LLM is configured. */
  llm?: LlmService;
  /** Present in the service: posts a digest now as a scheduler run (App.postDigestNow). */
  postDigestNow?: (sub: Subscription) => Promise<DigestRun | undefined>;
}

export interface CommandContext {
  /** The adapter's id, opaque here (metrics label; the prefix of the ids below). */
  platform: string;
  /** '<platform>:<workspace>' (a Discord server, a Slack team, 'cli:local'). */
  workspaceId: string;
  /** '<platform>:<workspace>:<channel>', or 'cli:local'. */
  channelId: string;
  userId: string;
  isAdmin: boolean;
  /** The right admin-only commands need, in the platform's words ("the Manage Server permission"): named in refusals.
   * Default: "admin rights". */
  adminRight?: string;
  locale?: string;
  now: Date;
  /** Acknowledges the interaction now (Discord: "thinking…"), before the command waits, e.g. for a database lock. */
  acknowledge?: () => void;
  /** For a paged command (`Handler.paged`): the page the adapter shows, `size` stories from `offset`. The command returns
   * the stories up to the end of that page and one more when there is one, so the adapter knows whether to offer "More". */
  page?: { offset: number; size: number };
}

/**
 * A briefing or digest may come with its LLM version still being written (`enhanced`): adapters show the offline
 * text when the LLM is late for the platform's window and edit the LLM text in when it arrives (see settle.ts).
 * `enhanced` never rejects; it resolves to the offline text when the LLM fails.
 */
export type Reply =
  | { kind: 'briefing'; briefing: Briefing; enhanced?: Promise<Briefing> }
  | { kind: 'digest'; digest: Digest; /** Only the caller sees it (/digest preview). */ private?: boolean; enhanced?: Promise<Digest> }
  | { kind: 'message'; text: string; private?: boolean; /** A refusal or a problem the user can fix (runCommand sets it): the CLI exits 1. */ problem?: boolean }
  | { kind: 'error'; text: string };

export interface OptionSpec {
  name: string;
  description: string;
  type: 'string' | 'integer';
  required?: boolean;
  /** Fixed choices offered by the platform UI. */
  choices?: string[];
  min?: number;
  max?: number;
  /** Offer suggestions while typing (Discord autocomplete). */
  autocomplete?: boolean;
}

/** What runs: its permission, options, validation and handler. */
export interface Handler<S extends z.ZodType = z.ZodType> {
  /** Needs the workspace's admin right (the adapter decides who has it: `CommandContext.isAdmin`, `adminRight`). */
  admin: boolean;
  /** Open to everyone, but checks `CommandContext.isAdmin` itself for some arguments (/mute scope:workspace): the
   * adapter must work out admin rights for it too. */
  checksAdmin?: boolean;
  options: OptionSpec[];
  /** When the adapter must defer (Discord's "thinking…"), only the caller sees it, and so the answer: for commands
   * that may be slow and whose failures are private (a feed fetched at once). Default: a public deferral. */
  privateDefer?: boolean;
  /** Answers in pages (adapters/paging.ts, the same on every platform): the adapter shows `ctx.page.size` stories (the
   * `limit` option, else the configured default) with a "More" button that runs the command again for the next page. */
  paged?: boolean;
  /** Validates the raw option values; its messages reach the user. Must agree with `options` (see definitionProblems). */
  schema: S;
  run(app: CommandDeps, ctx: CommandContext, args: z.infer<S>): Reply | Promise<Reply>;
}

export interface SubcommandDefinition<S extends z.ZodType = z.ZodType> extends Handler<S> {
  name: string;
  description: string;
}

/** A slash command: either one handler (`/brief`) or subcommands (`/topics add|remove|list`). */
export type CommandDefinition =
  | { name: string; description: string; handler: Handler; subcommands?: undefined }
  | { name: string; description: string; handler?: undefined; subcommands: SubcommandDefinition[] };

/** Types a handler's args from its schema, then erases the type for the registry. */
export function handler<S extends z.ZodType>(def: Handler<S>): Handler {
  return def as unknown as Handler;
}

/** Same as `handler`, for a named subcommand. */
export function subcommand<S extends z.ZodType>(def: SubcommandDefinition<S>): SubcommandDefinition {
  return def as unknown as SubcommandDefinition;
}
