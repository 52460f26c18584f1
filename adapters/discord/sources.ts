// The "Sources n" button on Discord: a click answers privately (ephemeral) with page 1 of the story's timeline — time,
// outlet, linked headline and the new facts each article added — and Prev/Next buttons on that private message page
// through it in place. Merged story ids resolve; a story that is gone gets a clear private message.
import { ButtonStyle, ComponentType, MessageFlags } from 'discord.js';
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed, ButtonInteraction } from 'discord.js';
import type { App } from '../../src/app.js';
import { muteScreenFor } from '../../src/briefing/screen.js';
import { entryTime, sourcesFooter, sourcesPage, type SourcesPage } from '../../src/stories/sources.js';
import type { TimelineEntry } from '../../src/stories/timeline.js';
import { DISCORD_LIMITS as L } from './limits.js';
import { EMBED_COLOR, escapeMarkdown, plain, safeUrl, SOURCES_PREFIX, type DiscordMessage } from './render.js';
import { NO_MENTIONS } from './reply.js';

/** custom_id prefix of Prev/Next on a timeline (the message being paged is edited, not answered anew). */
const PAGE_PREFIX = 'nb:srcp|';
/** Budgets per line, so 8 entries fit one embed description. */
const BUDGET = { outlet: 60, headline: 180, fact: 200, linkUrl: 400, description: 4000 } as const;

/** True for the custom_ids this module answers. */
export function ownsSources(customId: string): boolean {
  return customId.startsWith(SOURCES_PREFIX) || customId.startsWith(PAGE_PREFIX);
}

/** The story id and page behind a custom_id, and whether it pages an already shown timeline. */
export function parseSourcesId(customId: string): { id: number; page: number; paging: boolean } | undefined {
  const paging = customId.startsWith(PAGE_PREFIX);
  const m = /^(\d{1,15})\|(\d{1,6})$/.exec(customId.slice(paging ? PAGE_PREFIX.length : SOURCES_PREFIX.length));
  if (!m) return undefined;
  return { id: Number(m[1]), page: Number(m[2]), paging };
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** One timeline entry as description lines, with `facts` of its new facts. */
function entryLines(e: TimelineEntry, facts: number): string {
  const headline = escapeMarkdown(oneLine(e.title) || '(untitled)', BUDGET.headline);
  const url = safeUrl(e.url);
  const title = url && url.length <= BUDGET.linkUrl ? `[${headline}](${url})` : headline;
  const lines = [`**${entryTime(e.at)}** · ${escapeMarkdown(oneLine(e.outlet ?? 'unknown source'), BUDGET.outlet)} · ${title}`];
  for (const f of e.newFacts.slice(0, facts)) lines.push(`  + ${escapeMarkdown(oneLine(f), BUDGET.fact)}`);
  return lines.join('\n');
}

/** A timeline page as one private message: an embed with one entry per line group, Prev/Next when paged. */
export function sourcesToDiscord(p: SourcesPage): DiscordMessage {
  const parts: string[] = [];
  let used = 0;
  for (const e of p.entries) {
    // Fewer facts (down to none) rather than a cut line, when the page would not fit the description.
    let text = '';
    for (let facts = e.newFacts.length; facts >= 0; facts--) {
      text = entryLines(e, facts);
      if (used + text.length + 2 <= BUDGET.description) break;
    }
    if (used + text.length + 2 > BUDGET.description) break;
    parts.push(text);
    used += text.length + 2;
  }
  const embed: APIEmbed = {
    title: escapeMarkdown(`Sources: ${oneLine(p.headline) || '(untitled)'}`, L.title),
    description: parts.join('\n\n') || '—',
    footer: { text: plain(`${sourcesFooter(p)} · story ${p.storyId}`, 300) },
    color: EMBED_COLOR,
  };
  const components: APIActionRowComponent<APIButtonComponentWithCustomId>[] = [];
  if (p.pages > 1) {
    const button = (label: string, page: number, disabled: boolean): APIButtonComponentWithCustomId => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label,
      // Prev and Next always point at different pages, so their custom_ids differ as Discord requires.
      custom_id: `${PAGE_PREFIX}${p.storyId}|${page}`,
      disabled,
    });
    components.push({
      type: ComponentType.ActionRow,
      components: [button('Prev', Math.max(0, p.page - 1), p.page === 0), button('Next', Math.min(p.pages - 1, p.page + 1), p.page >= p.pages - 1)],
    });
  }
  return { embeds: [embed], components };
}

/** Answers a "Sources" or Prev/Next click (privately). */
export async function onSources(app: App, i: ButtonInteraction): Promise<void> {
  const parsed = parseSourcesId(i.customId);
  // The clicker's mutes (theirs and the workspace's): a muted outlet's reports are not in the timeline shown to them.
  const screen = parsed && i.guildId ? await muteScreenFor(app.store, `discord:${i.guildId}`, `discord:${i.user.id}`) : undefined;
  const found = parsed ? await sourcesPage(app.store, parsed.id, parsed.page, undefined, screen?.hides) : undefined;
  if (!parsed || !found || found.kind === 'missing') {
    const content = found?.kind === 'missing' ? found.text : 'This button is not valid any more: run the command again.';
    await i.reply({ content, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
    return;
  }
  const m = sourcesToDiscord(found.page);
  // Prev/Next edit the private timeline in place; a story's button answers with a new private message.
  if (parsed.paging) await i.update({ embeds: m.embeds, components: m.components, allowedMentions: NO_MENTIONS });
  else await i.reply({ embeds: m.embeds, components: m.components, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
}

/** The clicked message's button rows without the clicked "More" button's row: a page keeps its Sources buttons. */
export function keptRows(i: ButtonInteraction): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const rows = i.message.components.map((r) => r.toJSON()) as { type: number; components?: { custom_id?: string }[] }[];
  return rows.filter((r) => r.type === ComponentType.ActionRow && !(r.components ?? []).some((c) => c.custom_id === i.customId)) as APIActionRowComponent<APIButtonComponentWithCustomId>[];
}
