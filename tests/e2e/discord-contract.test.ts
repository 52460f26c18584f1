// The shared adapter contract (tests/contract/suite.ts) run against Discord, over both ways interactions arrive: the
// REAL discord.js bot (adapters/discord/client.ts) connected to the fake Discord's gateway, and the HTTP interactions
// endpoint (adapters/discord/http.ts) to which the fake POSTs signed interactions; each over a fresh temporary SQLite
// database. One R = one message body the bot sent: an interaction callback's data, an edit of the deferred reply or a
// follow-up.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { APIEmbed } from 'discord.js';
import { NO_MENTIONS, startDiscordBot, type DiscordBot } from '../../adapters/discord/client.js';
import { startDiscordInteractions } from '../../adapters/discord/http.js';
import { deployCommands } from '../../adapters/discord/deploy.js';
import { limitProblems } from '../../adapters/discord/limits.js';
import { replyToDiscord, type DiscordMessage } from '../../adapters/discord/render.js';
import type { Reply } from '../../commands/types.js';
import { createApp, type App } from '../../src/app.js';
import { FileConfigSchema, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { startHttpServer } from '../../src/service/http.js';
import { runAdapterContract, type AdapterHarness } from '../contract/suite.js';
import { runFiltersContract } from '../contract/filters-suite.js';
import { createInteractionSigner } from '../fakes/discord-interactions.js';
import { PERMISSIONS, startFakeDiscord, type FakeDiscord, type SentInteraction } from '../fakes/discord.js';

const EPHEMERAL = 64;

/** One message body as the bot sends it. */
type DiscordBody = Partial<DiscordMessage> & { flags?: number; allowed_mentions?: { parse?: unknown[] } };

/** Message bodies the bot sent for an interaction, in order (reply, edit of the deferred reply, follow-ups). */
function bodies(s: SentInteraction): DiscordBody[] {
  return s.requests().flatMap((r) => {
    if (r.status >= 300) return [];
    const b = r.body as Record<string, unknown>;
    if (r.path.endsWith('/callback')) return b.type === 4 || b.type === 7 ? [b.data as DiscordBody] : [];
    if (r.method === 'PATCH' || (r.method === 'POST' && r.path.startsWith('/webhooks/'))) return [b as DiscordBody];
    return [];
  });
}

/** Every text a user can read in a message: content, embed titles, descriptions, fields, footers, authors, buttons. */
function visibleText(r: DiscordBody): string {
  const embed = (e: APIEmbed) => [e.author?.name, e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text];
  const buttons = (r.components ?? []).flatMap((row) => row.components.map((c) => c.label));
  return [r.content, ...(r.embeds ?? []).flatMap(embed), ...buttons].filter((t): t is string => typeof t === 'string' && t !== '').join('\n');
}

// A mention Discord would resolve: @everyone / @here (the renderer breaks them with a zero-width space) or
// <@id>, <@!id>, <@&role>, <#channel> not preceded by the backslash that makes it show as typed.
const BROADCAST_RE = /@(everyone|here)/;
const MENTION_RE = /(^|[^\\])<(@[!&]?|#)/;

/** The bot's own renderer (adapters/discord/render.ts) with the fields the bot adds to every message it sends. */
function renderReply(reply: Reply, now: Date): DiscordBody[] {
  const { messages, ephemeral } = replyToDiscord(reply, now);
  return messages.map((m) => ({ ...m, allowed_mentions: NO_MENTIONS, ...(ephemeral ? { flags: EPHEMERAL } : {}) }));
}

interface Env {
  fake: FakeDiscord;
  core: App;
  bot: DiscordBot;
  dir: string;
  guilds: { a: string; b: string };
  closeHttp?: () => Promise<void>;
}

/** The harness over the gateway, or over signed HTTP POSTs to the interactions endpoint. */
function harnessFor(transport: 'gateway' | 'http'): AdapterHarness<DiscordBody> {
  let env: Env | undefined;
  const need = (): Env => {
    if (!env) throw new Error('discord contract harness: start() has not run');
    return env;
  };

  /** The bot over `transport`, answering the fake. */
  const startBot = async (core: App, fake: FakeDiscord): Promise<Pick<Env, 'bot' | 'closeHttp'>> => {
    if (transport === 'gateway') return { bot: await startDiscordBot(core, { token: fake.token, apiUrl: fake.apiUrl, logger: createLogger('silent'), restRetries: 0 }) };
    const signer = createInteractionSigner();
    const bot = await startDiscordInteractions(core, { token: fake.token, apiUrl: fake.apiUrl, publicKey: signer.publicKeyHex, logger: createLogger('silent'), restRetries: 0 });
    const http = await startHttpServer(core, { port: 0, host: '127.0.0.1', sources: [], routes: [bot.route] });
    signer.at(`http://127.0.0.1:${http.port}/discord/interactions`);
    fake.deliverOverHttp((payload) => signer.post(payload));
    return { bot, closeHttp: () => http.close() };
  };

  return {
    async start() {
      const fake = await startFakeDiscord();
      const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-discord-contract-'));
      const dbPath = path.join(dir, 'contract.db');
      const file = FileConfigSchema.parse({ topics: [{ name: 'korea', keywords: ['korea', 'north korea', 'pyongyang', 'seoul', 'kim jong un'] }] });
      const config: Config = { dbPath, configFile: '(test)', topics: file.topics, digest: file.digest, briefing: file.briefing, logLevel: 'silent' };
      const core = createApp({ dbPath, config });
      const started = await startBot(core, fake);
      const [a, b] = fake.guilds;
      if (!a || !b) throw new Error('the fake Discord needs two guilds');
      env = { fake, core, dir, guilds: { a: a.id, b: b.id }, ...started };
    },
    async stop() {
      await env?.closeHttp?.();
      await env?.bot.stop();
      await env?.fake.close();
      await env?.core.close();
      if (env) rmSync(env.dir, { recursive: true, force: true });
      env = undefined;
    },
    get core(): App {
      return need().core;
    },
    async registeredCommands() {
      const { fake, guilds } = need();
      await deployCommands({ token: fake.token, applicationId: fake.applicationId, guildId: guilds.a, apiUrl: fake.apiUrl, retries: 0 });
      const put = fake.requests.findLast((r) => r.method === 'PUT' && r.path === `/applications/${fake.applicationId}/guilds/${guilds.a}/commands`);
      return ((put?.body ?? []) as { name: string }[]).map((c) => c.name);
    },
    async invoke(command, sub, args, opts = {}) {
      const { fake, bot, guilds } = need();
      const user = opts.admin
        ? { id: '777777777777777777', name: 'ada', permissions: PERMISSIONS.manager }
        : { id: '666666666666666666', name: 'bob', permissions: PERMISSIONS.member };
      const s = fake.command(command, args, { ...user, guildId: guilds[opts.workspace ?? 'a'] }, sub);
      await s.waitFor(() => true);
      await bot.idle();
      return bodies(s);
    },
    render: (reply) => renderReply(reply, new Date()),
    visibleText,
    isPrivate: (r) => ((r.flags ?? 0) & EPHEMERAL) !== 0,
    mentionsSafe: (r) => {
      const parse = r.allowed_mentions?.parse;
      const text = visibleText(r);
      return Array.isArray(parse) && parse.length === 0 && !BROADCAST_RE.test(text) && !MENTION_RE.test(text);
    },
    limitProblems: (r) => limitProblems(r),
  };
}

runAdapterContract('discord', harnessFor('gateway'));
runFiltersContract('discord', harnessFor('gateway'));
runAdapterContract('discord over HTTP interactions', harnessFor('http'));
