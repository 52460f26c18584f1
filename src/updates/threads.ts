// Story updates in digest threads: every minute, the stories posted in digests (with updates:thread) that gained
// articles since they were last looked at get their delta for that thread (deltaFor: what the digest showed, plus what
// earlier replies showed); a delta with new facts is claimed in the update ledger, then posted as a reply in the
// digest message's thread. At most one reply per story and thread per interval (digest.updateMinutes): what arrives
// meanwhile waits and goes out together. A claim whose process died is taken over and posted again with its payload
// and nonce (Discord's enforce_nonce turns back a copy), so restarts and several processes never post one twice.
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../log.js';
import type { PreferenceStore, StoryStore, ThreadStore, UpdateLedger } from '../store/ports.js';
import type { StoryThread, UpdateDelivery } from '../store/update-types.js';
import { asDeliveryError, DeliveryError, platformOf, type DigestPoster, type ThreadRef, type UpdatePost } from '../schedule/delivery.js';
import type { LlmService } from '../llm/service.js';
import { showWithout } from '../briefing/muted-outlets.js';
import { compileScreen } from '../briefing/screen.js';
import { screenDelta } from '../follows/mutes.js';
import { deltaFor, nextClaim } from './ledger.js';
import { renderUpdate } from './rewrite.js';
import { LIVE_SECONDS } from '../service/instance.js';

export { updatePost } from './rewrite.js';

/** What is stored with each claim, to post it again after a crash. */
interface Payload {
  thread: ThreadRef;
  update: UpdatePost;
}

export interface UpdateTally {
  posted: number;
  /** Stories that gained articles without new facts for the thread. */
  nothingNew: number;
  /** Stories with new facts held back by the interval (posted later, batched). */
  held: number;
  failed: number;
}

export interface ThreadUpdates {
  /** Takes over stale claims, then posts the updates due at `at` (default: the app clock's now); resolves when done. */
  tick(at?: Date): Promise<UpdateTally>;
  /** Ticks every minute (and renews this process's claims). */
  start(): void;
  /** Stops ticking and waits for a tick in flight. */
  stop(): Promise<void>;
}

export interface ThreadUpdatesOptions {
  posters: DigestPoster[];
  logger: Logger;
  /** This process's name in the ledger. */
  owner: string;
  /** A claim not finished or renewed for this long belongs to a dead process (default 3 min, within Discord's nonce window). */
  staleMs?: number;
  /** Claims of another instance whose heartbeat is this old are taken over at once (default LIVE_SECONDS, as digests). */
  deadOwnerMs?: number;
  /** Threads looked at per tick (default 200; the rest on the next tick). */
  batch?: number;
  /** Attempts per update on retryable failures (default 3). */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type ThreadUpdateDeps = {
  store: {
    threads: ThreadStore; updates: UpdateLedger; stories: Pick<StoryStore, 'resolveStory' | 'getStories' | 'storyArticles'>;
    /** The workspace's mutes and the digest's deny_sources apply to its thread updates as to the digest. */
    preferences?: Pick<PreferenceStore, 'mutesFor' | 'getDigestFilters'>;
  };
  config: Pick<Config, 'digest'>;
  now: Clock;
  /** With an LLM, a delta may be posted rewritten as one cited sentence (rewrite.ts). */
  llm?: LlmService;
};

/** The ledger's target for a digest message's thread. */
export const threadTarget = (messageRef: string): string => `thread:${messageRef}`;

export function createThreadUpdates(app: ThreadUpdateDeps, opts: ThreadUpdatesOptions): ThreadUpdates {
  const log = opts.logger.child({ scope: 'thread-updates' });
  const posters = new Map(opts.posters.filter((p) => p.postUpdate).map((p) => [p.platform, p]));
  const platforms = [...posters.keys()];
  const intervalMs = app.config.digest.updateMinutes * 60_000;
  const horizonMs = app.config.digest.updateHorizonHours * 3600_000;
  const staleMs = opts.staleMs ?? 3 * 60_000;
  const deadOwnerMs = opts.deadOwnerMs ?? LIVE_SECONDS * 1000;
  const batch = opts.batch ?? 200;
  const attempts = opts.attempts ?? 3;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const iso = (ms: number) => new Date(ms).toISOString();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  /** Posts a claimed update (retrying what may pass) and records how it ended; true when posted. */
  async function deliver(u: Pick<UpdateDelivery, 'target' | 'storyId' | 'seq' | 'nonce' | 'payload' | 'platform'>, takenOver = false): Promise<boolean> {
    const poster = posters.get(u.platform);
    const { thread, update } = JSON.parse(u.payload) as Payload;
    const finish = (o: Parameters<UpdateLedger['finishUpdate']>[4]) => app.store.updates.finishUpdate(u.target, u.storyId, u.seq, opts.owner, o, app.now().toISOString());
    for (let attempt = 1; ; attempt++) {
      try {
        if (!poster?.postUpdate) throw new DeliveryError(`no ${u.platform} poster here`, 'fatal', 'no_poster');
        if (update.sentences.length === 0) throw new DeliveryError('an update without new sentences is never posted', 'fatal', 'empty');
        // A claim taken over, or a retry, may have been posted already: platforms without nonces look for it first.
        const ref = await poster.postUpdate(thread, update, { nonce: u.nonce, ...(takenOver || attempt > 1 ? { maybePosted: true } : {}) });
        await finish({ status: 'posted', messageRef: ref });
        return true;
      } catch (err) {
        const de = asDeliveryError(err);
        if (de.kind === 'retryable' && attempt < attempts) {
          await sleep(Math.min(30_000, Math.max(de.retryAfterMs ?? 0, 1000 * 2 ** (attempt - 1))));
          continue;
        }
        log.warn({ target: u.target, story: u.storyId, code: de.code }, `story update not posted: ${de.message}`);
        await finish({ status: 'failed', error: de.message });
        return false;
      }
    }
  }

  /** One thread whose story gained articles. */
  async function update(t: StoryThread, atMs: number, tally: UpdateTally): Promise<void> {
    const at = iso(atMs);
    const target = threadTarget(t.messageRef);
    const prefs = app.store.preferences;
    const denied = (await prefs?.getDigestFilters(t.workspaceId, t.subscriptionId))?.denySources;
    const screen = prefs ? compileScreen({ mutes: await prefs.mutesFor(t.workspaceId), filters: denied ? { denySources: denied } : {} }) : undefined;
    const found = await deltaFor(app.store, target, t.liveStoryId, { ingestedUntil: t.postedAt }, screen ? Number.MAX_SAFE_INTEGER : undefined);
    // A fact only a muted or denied outlet reported is not posted; a story only they reported gets no update.
    let shown = found && screen ? (await app.store.stories.getStories([found.delta.storyId]))[0] : undefined;
    if (found && screen) {
      const story = shown;
      [shown] = story ? await showWithout(app.store.stories, [story], screen.hides) : [];
      found.delta = screenDelta(found.delta, story, screen, shown);
    }
    if (!found || found.delta.sentences.length === 0) {
      if (found && found.delta.articleIds.length > 0) await app.store.updates.markShown(target, found.delta.storyId, found.delta.articleIds, [], at);
      await app.store.threads.checkThread(t.subscriptionId, t.storyId, t.lastIngestedAt, at);
      tally.nothingNew++;
      return;
    }
    // The last claim's time is the lease clock (PostgreSQL: the database's, one clock for every instance), held against
    // this process's: with the machines' clocks synchronized, as the schedule needs anyway, the interval holds.
    const lastMs = found.lastAt ? Date.parse(found.lastAt) : -Infinity;
    if (atMs - lastMs < intervalMs) {
      // Held back: nothing is marked looked at, so everything that arrives until then goes out in one reply.
      await app.store.threads.checkThread(t.subscriptionId, t.storyId, t.checkedAt, iso(lastMs + intervalMs));
      tally.held++;
      return;
    }
    const platform = platformOf(t.channelId) ?? '';
    const [story] = shown ? [shown] : await app.store.stories.getStories([found.delta.storyId]);
    const payload: Payload = { thread: { channelId: t.channelId, messageRef: t.messageRef }, update: await renderUpdate(app.llm, found.delta, story?.url) };
    const claim = nextClaim(target, found, { platform, owner: opts.owner }, JSON.stringify(payload));
    // Checked first: a thread whose update another process claimed is not looked at again before the interval. With
    // facts left out (more than three), it stays due: they go out in the next reply, after the interval.
    const checkedUpTo = found.delta.pending.length > 0 ? t.checkedAt : t.lastIngestedAt;
    await app.store.threads.checkThread(t.subscriptionId, t.storyId, checkedUpTo, iso(atMs + intervalMs));
    if (!(await app.store.updates.claimUpdate(claim, at))) return; // another process claimed this update: it posts it
    if (await deliver(claim)) tally.posted++;
    else tally.failed++;
    log.info({ target, story: claim.storyId, seq: claim.seq, sentences: found.delta.sentences.length }, 'story update in thread');
  }

  async function tick(at: Date = app.now()): Promise<UpdateTally> {
    const tally: UpdateTally = { posted: 0, nothingNew: 0, held: 0, failed: 0 };
    if (platforms.length === 0) return tally;
    const atMs = at.getTime();
    await app.store.updates.renewUpdates(opts.owner, at.toISOString());
    // Claims of processes that died: posted again with their payload and nonce.
    for (const u of await app.store.updates.takeOverUpdates(opts.owner, platforms, batch, at.toISOString(), staleMs, threadTarget(''), deadOwnerMs)) {
      if (await deliver(u, true)) tally.posted++;
      else tally.failed++;
    }
    for (const t of await app.store.threads.dueThreads(platforms, at.toISOString(), iso(atMs - horizonMs), batch)) {
      try {
        await update(t, atMs, tally);
      } catch (err) {
        tally.failed++;
        log.error({ err, subscription: t.subscriptionId, story: t.storyId }, 'story update failed');
      }
    }
    return tally;
  }

  return {
    tick,
    start() {
      timer ??= setInterval(() => {
        running = running.then(() => tick()).catch((err: unknown) => log.error({ err }, 'thread updates tick failed'));
      }, 60_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
