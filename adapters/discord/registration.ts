// Discord slash-command registration JSON, derived from the neutral definitions in commands/ — never written by hand,
// so a new command or subcommand appears on Discord after `npm run deploy:discord` with no adapter change.
// Follows https://discord.com/developers/docs/interactions/application-commands (CHAT_INPUT commands).
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
} from 'discord.js';
import type {
  APIApplicationCommandBasicOption,
  APIApplicationCommandSubcommandOption,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { COMMANDS } from '../../commands/index.js';
import type { CommandDefinition, Handler, OptionSpec } from '../../commands/types.js';
import { DISCORD_LIMITS as L } from './limits.js';

/** The Manage Server permission bit (1 << 5) as Discord's permission string. */
export const MANAGE_GUILD = String(1 << 5);

const NAME_RE = /^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u;

function check(what: string, name: string, description: string): void {
  if (!NAME_RE.test(name)) throw new Error(`Discord ${what} name "${name}" must be 1-${L.commandName} lowercase letters, digits, - or _`);
  if (description.length < 1 || description.length > L.commandDescription) {
    throw new Error(`Discord ${what} "${name}" needs a description of 1-${L.commandDescription} characters (has ${description.length})`);
  }
}

/** One neutral option -> a Discord STRING or INTEGER option. */
export function optionToDiscord(o: OptionSpec): APIApplicationCommandBasicOption {
  check('option', o.name, o.description);
  if (o.autocomplete && o.choices?.length) throw new Error(`Option "${o.name}" cannot have both choices and autocomplete on Discord`);
  if ((o.choices?.length ?? 0) > L.choices) throw new Error(`Option "${o.name}" has more than ${L.choices} choices`);
  const base = { name: o.name, description: o.description, ...(o.required ? { required: true } : {}) };
  switch (o.type) {
    case 'integer':
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(o.choices?.length ? { choices: o.choices.map((c) => ({ name: c, value: Number(c) })) } : {}),
        ...(o.min !== undefined ? { min_value: o.min } : {}),
        ...(o.max !== undefined ? { max_value: o.max } : {}),
        ...(o.autocomplete ? { autocomplete: true } : {}),
      } as APIApplicationCommandBasicOption;
    case 'string':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...(o.choices?.length ? { choices: o.choices.map((c) => ({ name: c, value: c })) } : {}),
        ...(o.min !== undefined ? { min_length: o.min } : {}),
        ...(o.max !== undefined ? { max_length: o.max } : {}),
        ...(o.autocomplete ? { autocomplete: true } : {}),
      } as APIApplicationCommandBasicOption;
    default: {
      // A new neutral option type needs a Discord mapping here (the compiler points at this line).
      const unknown: never = o.type;
      throw new Error(`No Discord option type for "${String(unknown)}"`);
    }
  }
}

function optionsToDiscord(owner: string, options: OptionSpec[]): APIApplicationCommandBasicOption[] {
  if (options.length > L.options) throw new Error(`"${owner}" has more than ${L.options} options`);
  // Discord rejects a required option after an optional one.
  const firstOptional = options.findIndex((o) => !o.required);
  if (firstOptional >= 0 && options.slice(firstOptional).some((o) => o.required)) {
    throw new Error(`"${owner}": required options must come before optional ones on Discord`);
  }
  return options.map(optionToDiscord);
}

/** All handlers of a command (its own, or each subcommand's). */
export function handlersOf(def: CommandDefinition): Handler[] {
  return def.handler ? [def.handler] : def.subcommands;
}

/**
 * One command's registration body. Discord sets permissions per top-level command, so `default_member_permissions`
 * is Manage Server only when every handler is admin-only; mixed commands (/topics: list is open) stay visible and
 * the admin check happens at run time (commands/run.ts), which also covers permission overrides.
 */
export function commandToDiscord(def: CommandDefinition): RESTPostAPIChatInputApplicationCommandsJSONBody {
  check('command', def.name, def.description);
  const adminOnly = handlersOf(def).every((h) => h.admin);
  let options: (APIApplicationCommandBasicOption | APIApplicationCommandSubcommandOption)[];
  if (def.handler) {
    options = optionsToDiscord(def.name, def.handler.options);
  } else {
    if (def.subcommands.length > L.options) throw new Error(`"${def.name}" has more than ${L.options} subcommands`);
    options = def.subcommands.map((s) => {
      check('subcommand', s.name, s.description);
      return {
        type: ApplicationCommandOptionType.Subcommand,
        name: s.name,
        description: s.description,
        options: optionsToDiscord(`${def.name} ${s.name}`, s.options),
      };
    });
  }
  return {
    name: def.name,
    description: def.description,
    type: ApplicationCommandType.ChatInput,
    default_member_permissions: adminOnly ? MANAGE_GUILD : null,
    // Workspaces are servers: the commands are offered in servers only, for a server-installed app.
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options,
  };
}

/** The body of `PUT /applications/{app}/commands` (or the guild variant): every command in the registry. */
export function registrationPayload(
  commands: Iterable<CommandDefinition> = COMMANDS.values(),
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [...commands].map(commandToDiscord);
}
