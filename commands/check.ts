// Keeps a command's two descriptions of its options in step: the option list (what Discord registers, Slack parses and
// the CLI offers, with its help) and the zod schema (what runCommand accepts). The registry refuses a definition
// whose lists disagree, so a limit, a choice or a required flag cannot drift between platforms and validation.
import { z } from 'zod';
import type { CommandDefinition, Handler } from './types.js';

const accepts = (field: z.ZodType, value: unknown): boolean => field.safeParse(value).success;

/** What the options of one handler and its schema disagree on (empty when they agree). */
export function handlerProblems(label: string, h: Handler): string[] {
  if (!(h.schema instanceof z.ZodObject)) return [`${label}: the schema is not an object of options`];
  const shape = h.schema.shape as Record<string, z.ZodType>;
  const problems: string[] = [];
  for (const key of Object.keys(shape)) if (!h.options.some((o) => o.name === key)) problems.push(`${label}: ${key} is validated but not an option`);
  for (const o of h.options) {
    const field = shape[o.name];
    const at = `${label} ${o.name}`;
    if (!field) {
      problems.push(`${at}: an option the schema does not know`);
      continue;
    }
    if (accepts(field, undefined) === Boolean(o.required)) problems.push(`${at}: required is ${Boolean(o.required)} but the schema ${o.required ? 'lets it out' : 'needs it'}`);
    for (const c of o.choices ?? []) if (!accepts(field, c)) problems.push(`${at}: the schema refuses the choice ${c}`);
    if (o.type === 'integer') {
      if (o.min !== undefined && (!accepts(field, o.min) || accepts(field, o.min - 1))) problems.push(`${at}: min is ${o.min} but the schema does not start there`);
      if (o.max !== undefined && (!accepts(field, o.max) || accepts(field, o.max + 1))) problems.push(`${at}: max is ${o.max} but the schema does not end there`);
      if (o.max === undefined && accepts(field, 1) && !accepts(field, 1_000_000)) problems.push(`${at}: the schema has a maximum the option does not state`);
      if (accepts(field, 1.5)) problems.push(`${at}: an integer option whose schema accepts 1.5`);
    }
  }
  return problems;
}

/** Every disagreement in a command (its handler, or each subcommand). */
export function definitionProblems(def: CommandDefinition): string[] {
  if (def.handler) return handlerProblems(`/${def.name}`, def.handler);
  return def.subcommands.flatMap((s) => handlerProblems(`/${def.name} ${s.name}`, s));
}
