// `npm run deploy:discord`: registers every command from commands/ with Discord — in one server when DISCORD_GUILD_ID
// is set (instant; for development), else globally. A PUT replaces the whole set, so removed commands disappear too.
// With DISCORD_PUBLIC_KEY (HTTP interactions) it also prints the Interactions Endpoint URL to enter in the Developer
// Portal, from NEWSBRIEF_PUBLIC_URL.
import { fileURLToPath } from 'node:url';
import { REST, Routes } from 'discord.js';
import { createLogger } from '../../src/log.js';
import { discordEnv, DEFAULT_DISCORD_API, type DiscordConfig } from './config.js';
import { INTERACTIONS_PATH, interactionsEndpoint } from './http.js';
import { registrationPayload } from './registration.js';

export interface DeployResult {
  scope: 'guild' | 'global';
  names: string[];
}

/** PUTs the registration payload; resolves with what was registered. */
export async function deployCommands(c: Pick<DiscordConfig, 'token' | 'applicationId' | 'guildId'> & { apiUrl?: string; retries?: number }): Promise<DeployResult> {
  const body = registrationPayload();
  const rest = new REST({ api: c.apiUrl ?? DEFAULT_DISCORD_API, retries: c.retries ?? 3 }).setToken(c.token);
  try {
    const route = c.guildId ? Routes.applicationGuildCommands(c.applicationId, c.guildId) : Routes.applicationCommands(c.applicationId);
    await rest.put(route, { body });
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
  return { scope: c.guildId ? 'guild' : 'global', names: body.map((b) => b.name) };
}

async function main(): Promise<number> {
  let log: ReturnType<typeof createLogger>;
  try {
    log = createLogger().child({ scope: 'deploy' });
  } catch (err) {
    process.stderr.write(`Cannot register Discord commands: ${(err as Error).message}\n`);
    return 1;
  }
  const env = discordEnv(process.env);
  if (!env.enabled || 'problems' in env) {
    const problems = env.enabled && 'problems' in env ? env.problems : ['DISCORD_TOKEN and DISCORD_APPLICATION_ID are not set (see docs/discord.md)'];
    log.fatal({ problems }, `Cannot register Discord commands: ${problems.join('; ')}`);
    return 1;
  }
  try {
    const r = await deployCommands(env.config);
    const where = r.scope === 'guild' ? `in server ${env.config.guildId} (available now)` : 'globally (may take a few minutes to show up)';
    log.info({ commands: r.names, registered: r.scope }, `Registered /${r.names.join(', /')} ${where}`);
    const c = env.config;
    if (c.publicKey && c.publicUrl) {
      const url = interactionsEndpoint(c.publicUrl);
      log.info({ interactionsEndpoint: url }, `Interactions Endpoint URL: ${url} (Developer Portal → General Information; Discord checks it with a signed PING, so newsbrief must be running there with DISCORD_PUBLIC_KEY set)`);
    } else if (c.publicKey) {
      log.warn(`DISCORD_PUBLIC_KEY is set but NEWSBRIEF_PUBLIC_URL is not: the Interactions Endpoint URL is your public https base URL followed by ${INTERACTIONS_PATH}; set NEWSBRIEF_PUBLIC_URL to have it printed here`);
    }
    return 0;
  } catch (err) {
    log.fatal({ err }, `Registering Discord commands failed: ${(err as Error).message}`);
    return 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main();
