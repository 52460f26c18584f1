// The Slack adapter's environment, for adapters/main.ts (started in adapter.ts). Slack is on when SLACK_BOT_TOKEN (or
// any other SLACK_* token) is set; then either SLACK_APP_TOKEN (Socket Mode, no public URL needed) or
// SLACK_SIGNING_SECRET (HTTP on PORT, default 3000, at /slack/events) must be set too. OAuth for many workspaces
// instead of one token: SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET with SLACK_SIGNING_SECRET (HTTP,
// /slack/install and /slack/oauth_redirect; SLACK_REDIRECT_URI when the app lists several redirect URLs). Every
// problem is reported at once, naming the variable and where in the Slack app settings its value is found.
import { z } from 'zod';
import { ConfigError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import { parseAdminList } from './admin.js';
import { SLACK_EVENTS_PATH, type SlackBotOptions } from './client.js';
import { SLACK_REDIRECT_PATH } from './oauth.js';
import { SLACK_BOT_SCOPES } from './registration.js';

/** The environment variables this adapter reads. */
export const SLACK_ENV_VARS = [
  'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_API_URL', 'PORT', 'NEWSBRIEF_SLACK_ADMINS',
  'SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_REDIRECT_URI',
] as const;

/** The variables that turn on OAuth distribution (all three are needed). */
const OAUTH_VARS = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

const SlackEnvSchema = z.object({
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'must be the Bot User OAuth Token (starts with xoxb-): Slack app settings → OAuth & Permissions')
    .optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must be an App-Level Token with connections:write (starts with xapp-): Basic Information → App-Level Tokens')
    .optional(),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' }).optional(),
  PORT: z.coerce.number({ error: 'must be a port number' }).int('must be a port number').min(0).max(65535).default(3000),
  NEWSBRIEF_SLACK_ADMINS: z.string().optional(),
  SLACK_CLIENT_ID: z.string().optional(),
  SLACK_CLIENT_SECRET: z.string().optional(),
  SLACK_STATE_SECRET: z.string().min(16, 'must be a long random string (at least 16 characters), the same on every instance').optional(),
  SLACK_REDIRECT_URI: z.url({ protocol: /^https?$/, error: `must be the public URL of ${SLACK_REDIRECT_PATH}, e.g. https://newsbrief.example.com${SLACK_REDIRECT_PATH}` }).optional(),
});

/** Only the variables we read, trimmed, with empty values treated as unset. */
function pick(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of SLACK_ENV_VARS) {
    const v = env[k]?.trim();
    if (v) out[k] = v;
  }
  return out;
}

/** True when the environment asks for Slack (any of its tokens or secrets is set). */
export function slackConfigured(env: NodeJS.ProcessEnv): boolean {
  const e = pick(env);
  return Boolean(e.SLACK_BOT_TOKEN || e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET || OAUTH_VARS.some((k) => e[k]));
}

/** The bot's options from the environment (without the logger), or every problem with them. */
export function checkSlackEnv(env: NodeJS.ProcessEnv): { problems: string[]; options?: Omit<SlackBotOptions, 'logger'> } {
  const raw = pick(env);
  const parsed = SlackEnvSchema.safeParse(raw);
  const problems: string[] = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
  const oauth = OAUTH_VARS.some((k) => raw[k]);
  if (oauth) {
    for (const k of OAUTH_VARS.filter((v) => !raw[v])) {
      problems.push(`${k} is not set: OAuth distribution needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (Basic Information → App Credentials) and SLACK_STATE_SECRET (any long random string)`);
    }
    if (raw.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN is set with SLACK_CLIENT_ID: with OAuth every workspace gets its own token at install; unset SLACK_BOT_TOKEN (or the SLACK_CLIENT_* variables for one workspace)');
    if (raw.SLACK_APP_TOKEN) problems.push('SLACK_APP_TOKEN is set with SLACK_CLIENT_ID: OAuth distribution runs over HTTP, not Socket Mode; unset SLACK_APP_TOKEN');
    if (!raw.SLACK_SIGNING_SECRET) problems.push(`SLACK_SIGNING_SECRET is not set: OAuth distribution runs over HTTP on PORT at ${SLACK_EVENTS_PATH} (Basic Information → App Credentials → Signing Secret)`);
  } else if (!raw.SLACK_BOT_TOKEN) {
    problems.push('SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions after installing the app');
  }
  if (!oauth && !raw.SLACK_APP_TOKEN && !raw.SLACK_SIGNING_SECRET) {
    problems.push(
      'set SLACK_APP_TOKEN (Socket Mode: Basic Information → App-Level Tokens, scope connections:write) ' +
        `or SLACK_SIGNING_SECRET (HTTP mode on PORT at ${SLACK_EVENTS_PATH}: Basic Information → App Credentials)`,
    );
  }
  const admins = parseAdminList(raw.NEWSBRIEF_SLACK_ADMINS);
  if (admins.invalid.length > 0) {
    problems.push(`NEWSBRIEF_SLACK_ADMINS has entries that are not Slack user ids (U… or W…): ${admins.invalid.slice(0, 5).join(', ')}`);
  }
  if (problems.length > 0 || !parsed.success) return { problems };
  const e = parsed.data;
  const apiUrl = e.SLACK_API_URL ? (e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`) : undefined;
  return {
    problems,
    options: {
      ...(oauth
        ? {
            oauth: {
              clientId: e.SLACK_CLIENT_ID as string,
              clientSecret: e.SLACK_CLIENT_SECRET as string,
              stateSecret: e.SLACK_STATE_SECRET as string,
              scopes: [...SLACK_BOT_SCOPES],
              ...(e.SLACK_REDIRECT_URI ? { redirectUri: e.SLACK_REDIRECT_URI } : {}),
            },
          }
        : { botToken: e.SLACK_BOT_TOKEN as string }),
      // Socket Mode wins when both are set: it needs no public URL.
      ...(e.SLACK_APP_TOKEN
        ? { socket: { appToken: e.SLACK_APP_TOKEN } }
        : { http: { signingSecret: e.SLACK_SIGNING_SECRET as string, port: e.PORT } }),
      ...(apiUrl ? { apiUrl } : {}),
      admins: admins.ids,
    },
  };
}

/** The bot's options from the environment; throws one ConfigError listing every problem. */
export function slackOptionsFromEnv(env: NodeJS.ProcessEnv, logger: Logger): SlackBotOptions {
  const { problems, options } = checkSlackEnv(env);
  if (!options) throw new ConfigError(`Slack configuration problems:\n- ${problems.join('\n- ')}`);
  return { ...options, logger };
}
