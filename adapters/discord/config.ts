// Discord settings from the environment (one zod schema). Discord is on only when its variables are present;
// every problem names the variable and where to find its value. DISCORD_PUBLIC_KEY switches from the gateway to HTTP
// interactions; NEWSBRIEF_PUBLIC_URL is the public base URL the interactions endpoint is reached at.
import { z } from 'zod';

/** Where discord.js sends REST calls unless DISCORD_API_URL says otherwise (it appends /v10 itself). */
export const DEFAULT_DISCORD_API = 'https://discord.com/api';

const snowflake = (name: string, where: string) =>
  z.string().regex(/^\d{17,20}$/, `${name} must be a numeric id (17-20 digits): ${where}`);

const Schema = z.object({
  /** Bot token: Developer Portal → your application → Bot → Reset Token. */
  DISCORD_TOKEN: z.string().min(20, 'DISCORD_TOKEN looks too short: copy it from the Developer Portal → Bot → Reset Token'),
  /** Application id: Developer Portal → General Information → Application ID. */
  DISCORD_APPLICATION_ID: snowflake('DISCORD_APPLICATION_ID', 'copy "Application ID" from the Developer Portal → General Information'),
  /** Optional: register commands in this one server (instant, for development) instead of globally. */
  DISCORD_GUILD_ID: snowflake('DISCORD_GUILD_ID', 'right-click the server → Copy Server ID (Developer Mode on)').optional(),
  /** Optional: REST base URL (proxies, tests), default https://discord.com/api — without /v10. */
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/, error: 'DISCORD_API_URL must be an http(s) URL such as https://discord.com/api' })
    .refine((u) => !/\/v\d+\/?$/.test(u), 'DISCORD_API_URL must not end in /v10: discord.js adds the version')
    .optional(),
  /** Optional: the application's public key (Developer Portal → General Information → Public Key); when set, Discord
   * sends interactions to newsbrief's HTTP server instead of the gateway. */
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'DISCORD_PUBLIC_KEY must be 64 hexadecimal digits: copy "Public Key" from the Developer Portal → General Information')
    .optional(),
  /** Optional: the public https base URL of newsbrief's HTTP server (behind a proxy or load balancer). */
  NEWSBRIEF_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'NEWSBRIEF_PUBLIC_URL must be an http(s) URL such as https://newsbrief.example.org' })
    .optional(),
});

export interface DiscordConfig {
  token: string;
  applicationId: string;
  guildId?: string;
  /** REST base without version, no trailing slash. */
  apiUrl: string;
  /** DISCORD_PUBLIC_KEY (hex): set = HTTP interactions mode, no gateway connection. */
  publicKey?: string;
  /** NEWSBRIEF_PUBLIC_URL without a trailing slash. */
  publicUrl?: string;
}

export type DiscordEnv = { enabled: false } | { enabled: true; config: DiscordConfig } | { enabled: true; problems: string[] };

const blankToUndefined = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());

/** Reads DISCORD_* from `env`: off when none of token, application id and public key is set, else a config or every problem. */
export function discordEnv(env: NodeJS.ProcessEnv): DiscordEnv {
  const raw = {
    DISCORD_TOKEN: blankToUndefined(env.DISCORD_TOKEN),
    DISCORD_APPLICATION_ID: blankToUndefined(env.DISCORD_APPLICATION_ID),
    DISCORD_GUILD_ID: blankToUndefined(env.DISCORD_GUILD_ID),
    DISCORD_API_URL: blankToUndefined(env.DISCORD_API_URL),
    DISCORD_PUBLIC_KEY: blankToUndefined(env.DISCORD_PUBLIC_KEY),
    NEWSBRIEF_PUBLIC_URL: blankToUndefined(env.NEWSBRIEF_PUBLIC_URL),
  };
  if (raw.DISCORD_TOKEN === undefined && raw.DISCORD_APPLICATION_ID === undefined && raw.DISCORD_PUBLIC_KEY === undefined) return { enabled: false };
  const parsed = Schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? '');
      return raw[key as keyof typeof raw] === undefined
        ? `${key} is not set: ${key === 'DISCORD_TOKEN' ? 'copy the bot token from the Developer Portal → Bot → Reset Token' : 'copy "Application ID" from the Developer Portal → General Information'}`
        : i.message;
    });
    return { enabled: true, problems };
  }
  const d = parsed.data;
  return {
    enabled: true,
    config: {
      token: d.DISCORD_TOKEN,
      applicationId: d.DISCORD_APPLICATION_ID,
      ...(d.DISCORD_GUILD_ID ? { guildId: d.DISCORD_GUILD_ID } : {}),
      apiUrl: (d.DISCORD_API_URL ?? DEFAULT_DISCORD_API).replace(/\/+$/, ''),
      ...(d.DISCORD_PUBLIC_KEY ? { publicKey: d.DISCORD_PUBLIC_KEY.toLowerCase() } : {}),
      ...(d.NEWSBRIEF_PUBLIC_URL ? { publicUrl: d.NEWSBRIEF_PUBLIC_URL.replace(/\/+$/, '') } : {}),
    },
  };
}
