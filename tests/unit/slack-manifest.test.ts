// config/slack-manifest.yaml is derived from the neutral commands: exactly those commands, Socket Mode on, minimal scopes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type buildSlackManifest, slackManifestYaml } from '../../adapters/slack/registration.js';
import { COMMANDS } from '../../commands/index.js';

const file = path.resolve(import.meta.dirname, '..', '..', 'config', 'slack-manifest.yaml');
const text = readFileSync(file, 'utf8');
const manifest = parse(text) as ReturnType<typeof buildSlackManifest>;

describe('config/slack-manifest.yaml', () => {
  it('lists exactly the slash commands in COMMANDS', () => {
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual([...COMMANDS.keys()].map((n) => `/${n}`).sort());
  });

  it('has Socket Mode on and interactivity enabled for the More button', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('asks only for the scopes the bot uses', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(['channels:history', 'chat:write', 'commands', 'groups:history', 'im:write', 'users:read']);
    expect(manifest.oauth_config.scopes).not.toHaveProperty('user');
  });

  it('points every command and the interactivity URL at the HTTP receiver path', () => {
    for (const c of manifest.features.slash_commands) expect(new URL(c.url).pathname).toBe('/slack/events');
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe('/slack/events');
  });

  it('stays within the manifest limits', () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    for (const c of manifest.features.slash_commands) {
      expect(c.command.length).toBeLessThanOrEqual(32);
      expect(c.usage_hint.length).toBeLessThanOrEqual(1000);
    }
  });

  it('is up to date with the generator (regenerate it as the file header says)', () => {
    expect(text).toBe(slackManifestYaml());
  });
});

describe('config/slack-manifest-oauth.yaml (distribution to many workspaces)', () => {
  const oauthText = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'config', 'slack-manifest-oauth.yaml'), 'utf8');
  const m = parse(oauthText) as ReturnType<typeof buildSlackManifest> & {
    oauth_config: { redirect_urls: string[] };
    settings: { event_subscriptions: { request_url: string; bot_events: string[] } };
  };

  it('runs over HTTP with the redirect URL and the uninstall events, same commands and scopes', () => {
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.oauth_config.redirect_urls.map((u) => new URL(u).pathname)).toEqual(['/slack/oauth_redirect']);
    expect(new URL(m.settings.event_subscriptions.request_url).pathname).toBe('/slack/events');
    expect(m.settings.event_subscriptions.bot_events).toEqual(['app_uninstalled', 'tokens_revoked']);
    expect(m.oauth_config.scopes.bot).toEqual(manifest.oauth_config.scopes.bot);
    expect(m.features.slash_commands).toEqual(manifest.features.slash_commands);
  });

  it('is up to date with the generator', () => {
    expect(oauthText).toBe(slackManifestYaml({ oauth: true }));
  });
});
