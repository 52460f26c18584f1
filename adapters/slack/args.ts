// Free-text slash-command arguments -> the neutral command's raw option values, derived from the definitions in
// commands/ (no per-command code). Grammar, in order of the words:
//   [subcommand] then any mix of   key:value | key:"quoted value" | key: value | positional | "quoted positional"
// Positional words fill the required options not given by key, in definition order; the last of them takes all the
// remaining words ("/brief north korea" -> topic "north korea"). When every required option is given, positional
// words fill the optional ones, one word each ("/digest off 2" -> id 2). `help` (alone, or after a subcommand) asks
// for usage generated from the definition. Values are validated later by the definition's zod schema (runCommand).
import type { CommandDefinition, Handler, OptionSpec } from '../../commands/types.js';

/** What a command's text asked for. `text` of help/invalid is neutral light Markdown (rendered by render.ts). */
export type ParsedCommand =
  | { kind: 'run'; sub?: string; args: Record<string, string | number> }
  | { kind: 'help'; text: string }
  | { kind: 'invalid'; text: string };

interface Token {
  key?: string;
  value: string;
  quoted: boolean;
}

// Slack sends &, < and > of the typed text as entities (its escaping applies to incoming text too).
const ENTITY_RE = /&(amp|lt|gt);/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/** The text as the user typed it: Slack's `&amp;`, `&lt;`, `&gt;` decoded. */
export function unescapeSlack(text: string): string {
  return text.replace(ENTITY_RE, (_, e: string) => ENTITIES[e] ?? '');
}

// Slack sends a URL typed in a command as link markup: <https://example.com|example.com> or <https://example.com>.
// Only links with a scheme; channel, user and broadcast references (<#C…>, <@U…>, <!here>) stay as they are.
const LINK_RE = /<([a-z][a-z0-9+.-]*:[^|<>\s]+)(?:\|[^<>]*)?>/gi;

/** The text with Slack's link markup replaced by the bare URL (still entity-escaped, like the rest of the text). */
export function unwrapLinks(text: string): string {
  return text.replace(LINK_RE, '$1');
}

const KEY_RE = /([a-z][a-z0-9_-]{0,31}):(?!\/\/)/iy; // "https://…" is a value, not an option named https
// Straight and typographic double quotes (Slack clients on macOS often turn " into “ ”).
const isQuote = (c: string | undefined) => c === '"' || c === '\u201c' || c === '\u201d';
const isSpace = (c: string | undefined) => c !== undefined && (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0');

/** Splits the text into words, `key:value` pairs and quoted values; a problem is returned as a string. */
export function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    while (i < n && isSpace(text[i])) i++;
    if (i >= n) return tokens;
    let key: string | undefined;
    KEY_RE.lastIndex = i;
    const m = isQuote(text[i]) ? null : KEY_RE.exec(text);
    if (m) {
      key = (m[1] as string).toLowerCase();
      i = KEY_RE.lastIndex;
      while (i < n && isSpace(text[i])) i++;
      if (i >= n) return `\`${key}:\` needs a value, e.g. ${key}:"…"`;
    }
    if (isQuote(text[i])) {
      const start = i + 1;
      let j = start;
      while (j < n && !isQuote(text[j])) j++;
      if (j >= n) return `A quote is not closed: ${text.slice(i, i + 30)}`;
      tokens.push({ ...(key ? { key } : {}), value: text.slice(start, j), quoted: true });
      i = j + 1;
    } else {
      let j = i;
      while (j < n && !isSpace(text[j])) j++;
      tokens.push({ ...(key ? { key } : {}), value: text.slice(i, j), quoted: false });
      i = j;
    }
  }
}

const INT_RE = /^[+-]?\d+$/;
const toValue = (o: OptionSpec, v: string): string | number => (o.type === 'integer' && INT_RE.test(v.trim()) ? Number(v) : v);

function optionUsage(o: OptionSpec, positional: boolean): string {
  const shape = o.choices?.length ? o.choices.join('|') : o.type === 'integer' ? 'number' : 'value';
  return positional ? `<${o.name}>` : `[${o.name}:${shape}]`;
}

/** One line: "/brief <topic> [since:24h|3d|7d|30d|all] [limit:number]". */
export function usageLine(command: string, h: Handler, sub?: string): string {
  const parts = [`/${command}`, ...(sub ? [sub] : [])];
  for (const o of h.options) if (o.required) parts.push(optionUsage(o, true));
  for (const o of h.options) if (!o.required) parts.push(optionUsage(o, false));
  return parts.join(' ');
}

function handlerUsage(command: string, h: Handler, sub?: string): string {
  const lines = [`Usage: \`${usageLine(command, h, sub)}\``];
  for (const o of h.options) lines.push(`• ${o.name} — ${o.description}${o.required ? '' : ' (optional)'}`);
  if (h.options.length > 0) lines.push('Put values with spaces in quotes: name:"two words".');
  return lines.join('\n');
}

/** Usage text for a command (or one of its subcommands), generated from its definition. */
export function usage(def: CommandDefinition, sub?: string): string {
  if (def.handler) return `/${def.name} — ${def.description}\n${handlerUsage(def.name, def.handler)}`;
  const s = sub === undefined ? undefined : def.subcommands.find((x) => x.name === sub);
  if (s) return `/${def.name} ${s.name} — ${s.description}\n${handlerUsage(def.name, s, s.name)}`;
  const lines = [`/${def.name} — ${def.description}`, `Usage: \`/${def.name} ${def.subcommands.map((x) => x.name).join('|')} …\``];
  for (const x of def.subcommands) lines.push(`• \`${usageLine(def.name, x, x.name)}\` — ${x.description}`);
  lines.push(`\`/${def.name} <subcommand> help\` explains one of them.`);
  return lines.join('\n');
}

const invalid = (problem: string, def: CommandDefinition, sub?: string): ParsedCommand => ({
  kind: 'invalid',
  text: `${problem}\n${usage(def, sub)}`,
});

/** Parses the text typed after a slash command against its definition. */
export function parseCommandText(def: CommandDefinition, rawText: string): ParsedCommand {
  const tokens = tokenize(unescapeSlack(unwrapLinks(rawText)));
  let sub: string | undefined;
  let h: Handler;
  let rest: Token[];
  if (typeof tokens === 'string') return invalid(tokens, def);
  const first = tokens[0];
  const isWord = (t: Token | undefined, w: string) => t !== undefined && !t.key && !t.quoted && t.value.toLowerCase() === w;
  if (def.handler) {
    if (tokens.length === 1 && isWord(first, 'help')) return { kind: 'help', text: usage(def) };
    h = def.handler;
    rest = tokens;
  } else {
    if (!first || isWord(first, 'help')) return first ? { kind: 'help', text: usage(def) } : invalid(`Choose what to do: ${def.subcommands.map((x) => x.name).join(', ')}.`, def);
    const found = first.key || first.quoted ? undefined : def.subcommands.find((x) => x.name === first.value.toLowerCase());
    if (!found) return invalid(`\`${first.key ? `${first.key}:` : ''}${first.value.slice(0, 40)}\` is not one of: ${def.subcommands.map((x) => x.name).join(', ')}.`, def);
    sub = found.name;
    h = found;
    rest = tokens.slice(1);
    if (rest.length === 1 && isWord(rest[0], 'help')) return { kind: 'help', text: usage(def, sub) };
  }

  const args: Record<string, string | number> = {};
  const positional: string[] = [];
  for (const t of rest) {
    if (t.key === undefined) {
      positional.push(t.value);
      continue;
    }
    const o = h.options.find((x) => x.name === t.key);
    if (!o) {
      const names = h.options.map((x) => x.name);
      return invalid(`Unknown option \`${t.key}\`.${names.length ? ` Options: ${names.join(', ')}.` : ' This command takes no options.'}`, def, sub);
    }
    if (o.name in args) return invalid(`\`${o.name}\` is given twice.`, def, sub);
    args[o.name] = toValue(o, t.value);
  }

  const missing = h.options.filter((o) => o.required && !(o.name in args));
  if (missing.length > 0) {
    if (positional.length < missing.length) {
      const m = missing[positional.length] as OptionSpec;
      return invalid(`Missing ${m.name}: ${m.description}.`, def, sub);
    }
    missing.forEach((o, i) => {
      const last = i === missing.length - 1;
      args[o.name] = toValue(o, last ? positional.slice(i).join(' ') : (positional[i] as string));
    });
  } else if (positional.length > 0) {
    const free = h.options.filter((o) => !(o.name in args));
    if (positional.length > free.length) {
      const extra = positional.slice(free.length).join(' ').slice(0, 60);
      return invalid(`I don't know what to do with \`${extra}\`.`, def, sub);
    }
    positional.forEach((v, i) => {
      const o = free[i] as OptionSpec;
      args[o.name] = toValue(o, v);
    });
  }
  return sub === undefined ? { kind: 'run', args } : { kind: 'run', sub, args };
}
