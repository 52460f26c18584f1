// The adapter contract (adapters/platform.ts): every adapter renders a neutral Reply the same way in substance, and
// the chat adapters mirror each other's file names, so one folder maps onto the other.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replyToDiscord } from '../../adapters/discord/render.js';
import type { ReplyRenderer } from '../../adapters/platform.js';
import { replyToSlack } from '../../adapters/slack/render.js';
import { replyToTerminal } from '../../adapters/terminal/render.js';
import type { Reply } from '../../commands/types.js';
import { hostileBriefing } from '../contract/suite.js';

const now = new Date('2026-11-30T12:00:00Z');
const renderers: Record<string, ReplyRenderer<unknown>> = {
  discord: replyToDiscord,
  slack: (reply, at) => replyToSlack(reply, { now: at }),
  terminal: (reply, at) => replyToTerminal(reply, at),
};

describe('adapter contract', () => {
  it.each(Object.keys(renderers))('%s renders every kind of reply, private ones privately', (name) => {
    const render = renderers[name] as ReplyRenderer<unknown>;
    const cases: [Reply, boolean][] = [
      [{ kind: 'briefing', briefing: hostileBriefing() }, false],
      [{ kind: 'message', text: 'Added topic **x**.' }, false],
      [{ kind: 'message', text: 'Only members with admin rights can use /topics add.', private: true }, true],
      [{ kind: 'error', text: 'Sorry (error E-000001).' }, true],
    ];
    for (const [reply, ephemeral] of cases) {
      const r = render(reply, now);
      expect(r.messages.length, reply.kind).toBeGreaterThan(0);
      expect(r.ephemeral, JSON.stringify(reply).slice(0, 60)).toBe(ephemeral);
    }
  });

  it('gives Discord and Slack the same file for the same role', () => {
    const root = path.resolve(import.meta.dirname, '..', '..', 'adapters');
    for (const file of ['adapter.ts', 'client.ts', 'config.ts', 'limits.ts', 'poster.ts', 'registration.ts', 'render.ts', 'sources.ts']) {
      for (const platform of ['discord', 'slack']) expect(existsSync(path.join(root, platform, file)), `${platform}/${file}`).toBe(true);
    }
  });
});
