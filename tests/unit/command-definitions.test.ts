// One source of truth per command: the option list (Discord registration, Slack parsing, CLI options and help) and the
// zod schema (validation) must agree, and the registry refuses a definition where they do not (commands/check.ts).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commandToDiscord } from '../../adapters/discord/registration.js';
import { parseCommandText, usage } from '../../adapters/slack/args.js';
import { main } from '../../adapters/terminal/cli.js';
import { definitionProblems } from '../../commands/check.js';
import { COMMANDS, registry } from '../../commands/index.js';
import { handler, type CommandDefinition } from '../../commands/types.js';

const drifting = (limitMax: number): CommandDefinition => ({
  name: 'drift',
  description: 'A command whose option and schema disagree',
  handler: handler({
    admin: false,
    options: [
      { name: 'topic', description: 'Any words', type: 'string', required: true },
      { name: 'limit', description: 'How many (1-10)', type: 'integer', min: 1, max: 10 },
      { name: 'since', description: 'How far back', type: 'string', choices: ['24h', '7d'] },
    ],
    schema: z.object({ topic: z.string(), limit: z.coerce.number().int().min(1).max(limitMax).optional(), since: z.enum(['24h']).optional() }),
    run: () => ({ kind: 'message', text: 'ok' }),
  }),
});

describe('command definitions', () => {
  it('agree with their schemas for every command and subcommand', () => {
    for (const def of COMMANDS.values()) expect(definitionProblems(def), `/${def.name}`).toEqual([]);
  });

  it('names each disagreement, and the registry refuses such a command at start-up', () => {
    expect(definitionProblems(drifting(50))).toEqual(['/drift limit: max is 10 but the schema does not end there', '/drift since: the schema refuses the choice 7d']);
    expect(() => registry([drifting(50)])).toThrow(/The options of \/drift disagree with its schema/);
  });

  it("gives /brief's limit one range on Discord, on Slack and in validation", () => {
    const brief = COMMANDS.get('brief') as CommandDefinition;
    const limit = commandToDiscord(brief).options?.find((o) => o.name === 'limit') as { min_value?: number; max_value?: number; description: string };
    expect([limit.min_value, limit.max_value]).toEqual([1, 10]);
    expect(limit.description).toContain('1-10');
    expect(usage(brief)).toContain('How many stories (1-10, default 5)');
    expect(parseCommandText(brief, 'korea limit:10')).toEqual({ kind: 'run', args: { topic: 'korea', limit: 10 } });
    const schema = brief.handler?.schema as z.ZodType;
    expect(schema.safeParse({ topic: 'korea', limit: 10 }).success).toBe(true);
    expect(schema.safeParse({ topic: 'korea', limit: 11 }).error?.issues[0]?.message).toBe('limit can be at most 10');
  });

  it('gives the CLI the same option descriptions and exclusive choices', async () => {
    const help = async (...argv: string[]) => {
      let out = '';
      const code = await main([...argv, '--help'], { out: (t) => void (out += t), err: (t) => void (out += t), isTTY: false, readStdin: () => '' });
      expect(code).toBe(0);
      return out.replace(/\s+/g, ' ');
    };
    expect(await help('brief')).toContain('--limit <n> How many stories (1-10, default 5)');
    expect(await help('brief')).toContain('How far back to look (default 7d); e.g. 24h, 3d, 7d, 30d, all');
    expect(await help('feeds', 'add')).toMatch(/--interval <minutes> Minutes between polls \(5-1440, default 15\)/);
    expect(await help('feeds', 'add')).toContain('(choices: "on", "off")');
  });
});
