// Discord's message limits in one place (https://discord.com/developers/docs/resources/message and …/channel#embed-limits),
// plus a checker the renderer's tests and the e2e suite use to prove every message we send stays inside them.
import type { APIEmbed } from 'discord.js';

/** Hard limits Discord enforces; exceeding any of them makes the whole request fail with 400. */
export const DISCORD_LIMITS = {
  /** Message `content`; counted in UTF-16 code units here, which is never fewer than Discord's count. */
  content: 2000,
  /** Embeds per message. */
  embeds: 10,
  /** Embed title. Titles render a subset of markdown, so they are escaped like descriptions. */
  title: 256,
  /** Embed description. */
  description: 4096,
  /** Fields per embed. */
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  /** Footer text: plain text, no markdown and no mentions, so it is never escaped (a "\" would show). */
  footer: 2048,
  authorName: 256,
  /** Sum of title, description, field names and values, footer and author name over ALL embeds of one message. */
  embedTotal: 6000,
  /** Embed and button URLs: Discord answers 400 "Not a well formed URL" for non-http(s) or oversized URLs. */
  url: 2048,
  /** Button `custom_id` (and select ids). */
  customId: 100,
  /** Action rows per message, and buttons per row. */
  actionRows: 5,
  rowButtons: 5,
  /** Button label. */
  buttonLabel: 80,
  /** Autocomplete: at most 25 choices, each name and value at most 100 characters. */
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  /** Command and option descriptions; names are 1-32 lowercase characters. */
  commandDescription: 100,
  commandName: 32,
  /** Options (or subcommands) per command. */
  options: 25,
  /** An interaction must be answered (reply or defer) within 3 s, or its token stops accepting an initial response. */
  ackWindowMs: 3000,
  /** After the initial response the token accepts follow-ups and edits for 15 minutes. */
  tokenLifetimeMs: 15 * 60_000,
} as const;

/** The character count Discord sums towards `embedTotal`. */
export function embedChars(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** A message body as we send it (the subset of fields this adapter uses). */
export interface MessageShape {
  content?: string;
  embeds?: APIEmbed[];
  components?: { components: { custom_id?: string; label?: string; url?: string }[] }[];
}

/** Every limit a message breaks, as readable strings; empty when it is valid. */
export function limitProblems(m: MessageShape): string[] {
  const L = DISCORD_LIMITS;
  const p: string[] = [];
  const over = (what: string, len: number, max: number) => {
    if (len > max) p.push(`${what} is ${len} > ${max}`);
  };
  over('content', m.content?.length ?? 0, L.content);
  const embeds = m.embeds ?? [];
  over('embed count', embeds.length, L.embeds);
  if (!m.content && embeds.length === 0) p.push('message is empty');
  embeds.forEach((e, i) => {
    over(`embed ${i} title`, e.title?.length ?? 0, L.title);
    over(`embed ${i} description`, e.description?.length ?? 0, L.description);
    over(`embed ${i} footer`, e.footer?.text.length ?? 0, L.footer);
    over(`embed ${i} author`, e.author?.name.length ?? 0, L.authorName);
    over(`embed ${i} fields`, e.fields?.length ?? 0, L.fields);
    for (const f of e.fields ?? []) {
      over(`embed ${i} field name`, f.name.length, L.fieldName);
      over(`embed ${i} field value`, f.value.length, L.fieldValue);
    }
    if (e.url !== undefined && !/^https?:\/\/\S+$/.test(e.url)) p.push(`embed ${i} url is not http(s): ${e.url.slice(0, 40)}`);
    over(`embed ${i} url`, e.url?.length ?? 0, L.url);
  });
  over('embed total', embeds.reduce((n, e) => n + embedChars(e), 0), L.embedTotal);
  over('action rows', m.components?.length ?? 0, L.actionRows);
  for (const [r, row] of (m.components ?? []).entries()) {
    over(`row ${r} buttons`, row.components.length, L.rowButtons);
    for (const c of row.components) {
      over('custom_id', c.custom_id?.length ?? 0, L.customId);
      over('button label', c.label?.length ?? 0, L.buttonLabel);
    }
  }
  return p;
}
