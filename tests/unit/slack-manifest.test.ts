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
    expect(manifest.oauth_config.scopes.bot).toEqual(['chat:write', 'commands', 'users:read']);
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
