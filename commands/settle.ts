// Turns a reply whose LLM version is still being written into what an adapter shows now and what it edits in later.
// A chat platform gives a reply a short window (Discord and Slack: 3 s), and an LLM server may take 20 s or hang: the
// adapter waits for the LLM only until its deadline, shows the offline text, and edits the message in place once
// the LLM text arrives. The CLI and benchmarks have no window and wait for the final text.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Reply } from './types.js';

/** How long an interactive reply waits for the LLM before showing the offline text, counted from the moment the
 * platform delivered the command. Leaves room for rendering and the HTTP round trip inside a 2.5 s target. */
export const LLM_WAIT_MS = 2000;

const LATE = 'late' as const;

/** What to show now and, when the LLM was late, the reply to edit in when it is ready (undefined: nothing changed). */
export interface Settled {
  now: Reply;
  later?: Promise<Reply | undefined>;
}

/** The reply as it would be once its LLM version is in (the reply itself when it has none). */
function withEnhanced(reply: Reply): Promise<Reply> | undefined {
  if (reply.kind === 'briefing' && reply.enhanced) {
    const { enhanced, ...rest } = reply;
    return enhanced.then((briefing) => ({ ...rest, briefing }), () => rest);
  }
  if (reply.kind === 'digest' && reply.enhanced) {
    const { enhanced, ...rest } = reply;
    return enhanced.then((digest) => ({ ...rest, digest }), () => rest);
  }
  return undefined;
}

/** The reply without its pending LLM version. */
function offline(reply: Reply): Reply {
  if ((reply.kind === 'briefing' || reply.kind === 'digest') && reply.enhanced) {
    const { enhanced: _enhanced, ...rest } = reply;
    return rest;
  }
  return reply;
}

/** True when the two replies would render the same (the LLM fell back everywhere). */
function sameText(a: Reply, b: Reply): boolean {
  const body = (r: Reply) => (r.kind === 'briefing' ? r.briefing : r.kind === 'digest' ? r.digest : r);
  return JSON.stringify(body(a)) === JSON.stringify(body(b));
}

/**
 * Waits up to `waitMs` for the reply's LLM version. In time: shows it. Late: shows the offline text now and hands
 * back the LLM version for an edit (undefined when the LLM changed nothing, e.g. every call fell back).
 */
export async function settle(reply: Reply, waitMs: number): Promise<Settled> {
  const pending = withEnhanced(reply);
  if (!pending) return { now: reply };
  const ac = new AbortController();
  const first = await Promise.race([pending, sleep(Math.max(0, waitMs), undefined, { signal: ac.signal }).then(() => LATE, () => LATE)]);
  ac.abort();
  if (first !== LATE) return { now: first };
  const shown = offline(reply);
  return { now: shown, later: pending.then((r) => (sameText(r, shown) ? undefined : r)) };
}

/** The reply with its LLM version, however long that takes (the CLI, benchmarks). */
export async function complete(reply: Reply): Promise<Reply> {
  return (await withEnhanced(reply)) ?? reply;
}
