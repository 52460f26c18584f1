// The "Sources" button on Slack: a click answers privately (ephemeral, through the action's response_url) with page 1
// of the story's timeline — time, outlet, linked headline and the new facts each article added — and Prev/Next on
// that private message replace it in place. Merged story ids resolve; a story that is gone gets a clear private message.
import type { App as BoltApp, BlockAction, ButtonAction } from '@slack/bolt';
import type { App } from '../../src/app.js';
import { muteScreenFor } from '../../src/briefing/screen.js';
import { errorId, type Logger } from '../../src/log.js';
import { entryTime, sourcesFooter, sourcesPage, type SourcesPage } from '../../src/stories/sources.js';
import type { ButtonElement, SlackBlock, SlackMessage } from './limits.js';
import { apology, oneLine } from '../present.js';
import { fitEscaped, link } from './mrkdwn.js';
import { messageToSlack, SOURCES_ACTION_ID } from './render.js';

const PREV = `${SOURCES_ACTION_ID}_prev`;
const NEXT = `${SOURCES_ACTION_ID}_next`;
const ACTION_RE = new RegExp(`^${SOURCES_ACTION_ID}(?:_prev|_next)?$`);

/** A timeline page as one Slack message: a header line, a section per article, Prev/Next when paged. */
export function sourcesToSlack(p: SourcesPage): SlackMessage {
  const title = fitEscaped(oneLine(p.headline) || 'Untitled', 300);
  const blocks: SlackBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*Sources: ${title}*`, verbatim: true } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: fitEscaped(`${sourcesFooter(p)} · story ${p.storyId}`, 300), verbatim: true }] },
  ];
  for (const e of p.entries) {
    const lines = [`*${fitEscaped(entryTime(e.at), 40)}* · ${fitEscaped(oneLine(e.outlet ?? 'unknown source'), 80)} · ${link(e.url, fitEscaped(oneLine(e.title) || 'Untitled', 300))}`];
    for (const f of e.newFacts) lines.push(`> ${fitEscaped(oneLine(f), 600)}`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n'), verbatim: true } });
  }
  if (p.pages > 1) {
    const button = (action: string, label: string, page: number): ButtonElement => ({
      type: 'button',
      action_id: action,
      text: { type: 'plain_text', text: label, emoji: false },
      value: `${p.storyId}:${page}`,
    });
    const elements: ButtonElement[] = [];
    if (p.page > 0) elements.push(button(PREV, 'Prev', p.page - 1));
    if (p.page < p.pages - 1) elements.push(button(NEXT, 'Next', p.page + 1));
    blocks.push({ type: 'actions', block_id: 'sources_pages', elements });
  }
  return { text: `Sources: ${title} (${sourcesFooter(p)})`, blocks };
}

/** Listens for "Sources", Prev and Next clicks. */
export function listenForSources(bolt: BoltApp, core: App, log: Logger): void {
  bolt.action<BlockAction<ButtonAction>>(ACTION_RE, async ({ ack, action, body, respond }) => {
    await ack();
    const paging = action.action_id !== SOURCES_ACTION_ID;
    let page: SlackMessage;
    try {
      const m = /^(\d{1,15}):(\d{1,6})$/.exec(action.value ?? '');
      // The clicker's mutes (theirs and the workspace's): a muted outlet's reports are not in the timeline shown to them.
      const team = body.team?.id ?? body.user.team_id;
      const screen = m && team ? await muteScreenFor(core.store, `slack:${team}`, `slack:${body.user.id}`) : undefined;
      const found = m ? await sourcesPage(core.store, Number(m[1]), Number(m[2]), undefined, screen?.hides) : undefined;
      if (!found) page = messageToSlack('This button is not valid any more: run the command again.');
      else page = found.kind === 'page' ? sourcesToSlack(found.page) : messageToSlack(found.text);
    } catch (err) {
      const id = errorId();
      log.error({ err, errorId: id }, `sources failed (${id})`);
      page = messageToSlack(apology(id, 'showing the sources'));
    }
    // Prev/Next replace the private timeline; a story's button answers with a new private message.
    await respond({ response_type: 'ephemeral', replace_original: paging, text: page.text, ...(page.blocks ? { blocks: page.blocks } : {}), unfurl_links: false, unfurl_media: false });
  });
}
