// CLI options of the neutral commands, taken from their definitions in commands/: the same description (with its
// range and default) and, where the schema allows nothing else, the same choices as on Discord and Slack.
import { Option } from 'commander';
import { z } from 'zod';
import { findHandler } from '../../commands/run.js';

/** The commander option for option `name` of `/command sub`, with these flags (e.g. '--limit <n>'). */
export function definedOption(command: string, sub: string | undefined, name: string, flags: string): Option {
  const h = findHandler(command, sub);
  const spec = h?.options.find((o) => o.name === name);
  if (!h || !spec) throw new Error(`/${[command, sub].filter(Boolean).join(' ')} has no option ${name}`);
  // Choices are the only values when the schema is an enum; otherwise they are suggestions (since: 48h is fine too).
  const field = h.schema instanceof z.ZodObject ? (h.schema.shape as Record<string, z.ZodType>)[name] : undefined;
  const only = spec.choices !== undefined && (field instanceof z.ZodOptional ? field.unwrap() : field) instanceof z.ZodEnum;
  const described = spec.choices && !only ? `${spec.description}; e.g. ${spec.choices.join(', ')}` : spec.description;
  const option = new Option(flags, described);
  return only && spec.choices ? option.choices(spec.choices) : option;
}
