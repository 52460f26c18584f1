// The command registry: every slash command, once. Duplicate names, and options that disagree with their schema
// (commands/check.ts), fail at start-up.
import { briefCommand } from './brief.js';
import { definitionProblems } from './check.js';
import { digestCommand } from './digest.js';
import { feedbackCommand } from './feedback.js';
import { feedsCommand } from './feeds.js';
import { followCommand } from './follow.js';
import { muteCommand } from './mute.js';
import { topicsCommand } from './topics.js';
import type { CommandDefinition } from './types.js';

export function registry(commands: CommandDefinition[]): ReadonlyMap<string, CommandDefinition> {
  const map = new Map<string, CommandDefinition>();
  for (const c of commands) {
    if (map.has(c.name)) throw new Error(`Two commands are named "${c.name}"`);
    const problems = definitionProblems(c);
    if (problems.length > 0) throw new Error(`The options of /${c.name} disagree with its schema:\n- ${problems.join('\n- ')}`);
    map.set(c.name, c);
  }
  return map;
}

export const COMMANDS = registry([briefCommand, topicsCommand, digestCommand, feedsCommand, feedbackCommand, muteCommand, followCommand]);
export type { CommandContext, CommandDefinition, Reply } from './types.js';
