// Feedback on stories: a 👍 or 👎 button under a story records the user's vote (one per user and story, changeable)
// for this workspace (castVote, called by the adapters' button handlers), and `/feedback reset` (admins) forgets the
// workspace's votes. How votes move the ranking: src/briefing/feedback.ts.
import { z } from 'zod';
import { FEEDBACK, loadFeedback, storyFeatures } from '../src/briefing/feedback.js';
import { subcommand, type CommandDefinition, type CommandDeps } from './types.js';

/** What a vote button carries, with who clicked where. */
export interface VoteInput {
  workspaceId: string;
  userId: string;
  storyId: number;
  vote: 1 | -1;
  now: Date;
}

const thumb = (v: 1 | -1): string => (v > 0 ? '👍' : '👎');

/** Records a vote and returns the private acknowledgement (what the vote is about, and what it changes). */
export async function castVote(app: Pick<CommandDeps, 'store'>, v: VoteInput): Promise<string> {
  const storyId = await app.store.stories.resolveStory(v.storyId);
  const [story] = await app.store.stories.getStories([storyId]);
  if (!story) return 'This story is no longer stored, so there is nothing to vote on: run the command again.';
  const features = storyFeatures(story);
  const { previous } = await app.store.tuning.recordVote({
    workspaceId: v.workspaceId, userId: v.userId, storyId, vote: v.vote, features, votedAt: v.now.toISOString(),
  });
  const about = features.filter((f) => !f.startsWith('term:')).map((f) => f.slice(f.indexOf(':') + 1)).slice(0, 3);
  const direction = v.vote > 0 ? 'a little higher' : 'a little lower';
  const lead =
    previous === v.vote ? `You already gave this story ${thumb(v.vote)}; your vote stands.`
    : previous !== undefined ? `Changed your vote on this story to ${thumb(v.vote)}.`
    : `Thanks for the ${thumb(v.vote)}.`;
  const fb = await loadFeedback(app.store.tuning, v.workspaceId, v.now);
  const what = about.length > 0 ? `Stories like it (${about.join(', ')})` : 'Stories like it';
  const scope = fb.votes < FEEDBACK.minVotes
    ? ` With ${fb.votes} of ${FEEDBACK.minVotes} votes in this workspace so far, feedback only reorders stories within a page.`
    : '';
  return `${lead} ${what} will rank ${direction} in this workspace's briefings and digests; a vote fades over a few weeks and never hides a story.${scope}`;
}

export const feedbackCommand: CommandDefinition = {
  name: 'feedback',
  description: "This workspace's 👍/👎 feedback on stories",
  subcommands: [
    subcommand({
      name: 'reset',
      description: "Forget every vote of this workspace: ranking goes back to normal (admins)",
      admin: true,
      options: [],
      schema: z.object({}),
      async run(app, ctx) {
        const n = await app.store.tuning.resetFeedback(ctx.workspaceId);
        return {
          kind: 'message',
          text: n === 0 ? 'This workspace has no feedback to reset.' : `Forgot ${n} vote${n === 1 ? '' : 's'}: briefings and digests in this workspace rank stories without feedback again.`,
        };
      },
    }),
  ],
};
