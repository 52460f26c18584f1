// The Slack app manifest, derived from the neutral command definitions (commands/index.ts), so that
// config/slack-manifest.yaml never drifts from what the bot answers; config/slack-manifest-oauth.yaml is the same app
// distributed by OAuth to many workspaces (HTTP, a redirect URL, the uninstall events). tests/unit/slack-manifest.test.ts
// fails when a file is stale; regenerate them with `npm run build && node dist/adapters/slack/registration.js >
// config/slack-manifest.yaml` and `… registration.js --oauth > config/slack-manifest-oauth.yaml`.
// Manifest reference: https://docs.slack.dev/reference/app-manifest
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { COMMANDS } from '../../commands/index.js';
import type { CommandDefinition } from '../../commands/types.js';
import { usageLine } from './args.js';
import { SLACK_EVENTS_PATH } from './client.js';
import { SLACK_REDIRECT_PATH } from './oauth.js';
import { SLACK_LIMITS } from './limits.js';

/**
 * The bot scopes and why each is needed — and nothing more:
 * commands (slash commands), users:read (users.info: is the caller a workspace admin/owner?),
 * chat:write (scheduled digests are posted with chat.postMessage in channels the bot was invited to),
 * channels:history and groups:history (conversations.replies on the bot's own digest threads only: a story update
 * that may have been posted before a crash is looked for by its nonce instead of being posted twice),
 * im:write (conversations.open: the direct message channel of a user who follows a story or a topic).
 * Replies to commands go through response_url, which needs no scope.
 */
export const SLACK_BOT_SCOPES = ['channels:history', 'chat:write', 'commands', 'groups:history', 'im:write', 'users:read'] as const;

/** Placeholder host for HTTP mode; Socket Mode ignores request URLs. docs/slack.md says what to replace. */
export const PLACEHOLDER_URL = `https://newsbrief.example.com${SLACK_EVENTS_PATH}`;

/** "korea [since:…] [limit:…]"-style hint shown by Slack's command picker. */
export function usageHint(def: CommandDefinition): string {
  const hint = def.handler
    ? usageLine(def.name, def.handler).replace(`/${def.name} `, '')
    : def.subcommands.map((s) => usageLine(def.name, s, s.name).replace(`/${def.name} `, '')).join(' | ');
  return hint.length <= SLACK_LIMITS.usageHint ? hint : `${hint.slice(0, SLACK_LIMITS.usageHint - 1)}…`;
}

/** The events an OAuth-distributed app listens for: a workspace removing it (its installation is then deleted). */
export const SLACK_OAUTH_EVENTS = ['app_uninstalled', 'tokens_revoked'] as const;

/** The manifest as an object (YAML/JSON-ready); `oauth` for distribution to many workspaces over HTTP. */
export function buildSlackManifest(commands: Iterable<CommandDefinition> = COMMANDS.values(), url = PLACEHOLDER_URL, o: { oauth?: boolean } = {}) {
  const redirect = new URL(SLACK_REDIRECT_PATH, url).toString();
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'newsbrief',
      description: 'News briefings on any topic and scheduled digests, from the articles your team ingests.',
      background_color: '#1f3a5f',
    },
    features: {
      bot_user: { display_name: 'newsbrief', always_online: false },
      slash_commands: [...commands].map((c) => ({
        command: `/${c.name}`,
        description: c.description.slice(0, SLACK_LIMITS.commandDescription),
        usage_hint: usageHint(c),
        url,
        should_escape: false,
      })),
    },
    oauth_config: { ...(o.oauth ? { redirect_urls: [redirect] } : {}), scopes: { bot: [...SLACK_BOT_SCOPES] } },
    settings: {
      ...(o.oauth ? { event_subscriptions: { request_url: url, bot_events: [...SLACK_OAUTH_EVENTS] } } : {}),
      interactivity: { is_enabled: true, request_url: url },
      org_deploy_enabled: false,
      socket_mode_enabled: !o.oauth,
      token_rotation_enabled: false,
    },
  };
}

/** The manifest file's text (`oauth`: config/slack-manifest-oauth.yaml). */
export function slackManifestYaml(o: { oauth?: boolean } = {}): string {
  const head = '# Slack app manifest for newsbrief. Generated from commands/ by adapters/slack/registration.ts — do not edit by hand.\n' +
    '# Create the app at https://api.slack.com/apps → Create New App → From a manifest (see docs/slack.md).\n';
  const how = o.oauth
    ? '# OAuth distribution to many workspaces: replace newsbrief.example.com with your public host (every URL).\n'
    : '# HTTP mode only: replace newsbrief.example.com with your public host and turn socket_mode_enabled off.\n';
  return head + how + stringify(buildSlackManifest(COMMANDS.values(), PLACEHOLDER_URL, o), { lineWidth: 0 });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(slackManifestYaml({ oauth: process.argv.includes('--oauth') }));
