// The 👍/👎 buttons under a story on Slack: a click records the member's vote for this workspace
// (commands/feedback.ts) and answers only them (ephemeral, through the action's response_url), saying what it changes.
import type { App as BoltApp, BlockAction, ButtonAction } from '@slack/bolt';
import { castVote } from '../../commands/feedback.js';
import type { App } from '../../src/app.js';
import { errorId, type Logger } from '../../src/log.js';
import { apology } from '../present.js';
import { FEEDBACK_DOWN_ACTION_ID, FEEDBACK_UP_ACTION_ID, messageToSlack } from './render.js';

const ACTION_RE = new RegExp(`^(?:${FEEDBACK_UP_ACTION_ID}|${FEEDBACK_DOWN_ACTION_ID})$`);

/** Listens for 👍 and 👎 clicks. */
export function listenForFeedback(bolt: BoltApp, core: App, log: Logger, now: () => Date = core.now): void {
  bolt.action<BlockAction<ButtonAction>>(ACTION_RE, async ({ ack, action, body, respond }) => {
    await ack();
    let text: string;
    try {
      const team = body.team?.id ?? body.user.team_id;
      const storyId = /^\d{1,15}$/.test(action.value ?? '') ? Number(action.value) : undefined;
      text = team && storyId !== undefined
        ? await castVote(core, { workspaceId: `slack:${team}`, userId: `slack:${body.user.id}`, storyId, vote: action.action_id === FEEDBACK_UP_ACTION_ID ? 1 : -1, now: now() })
        : 'This button is not valid any more: run the command again.';
    } catch (err) {
      const id = errorId();
      log.error({ err, errorId: id }, `feedback failed (${id})`);
      text = apology(id, 'recording your vote');
    }
    const m = messageToSlack(text);
    await respond({ response_type: 'ephemeral', replace_original: false, text: m.text });
  });
}
