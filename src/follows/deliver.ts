// Personal follow delivery: one tick reads every active follow and sends each user, by direct message, (1) for a
// followed story, only the new facts it gained (the delta engine, claimed in the update ledger before sending, with a
// Discord nonce, so each update reaches each user once; rendered as in a digest's thread, by renderUpdate: with an
// LLM, one checked sentence citing its articles, else the offline delta; asked once per tick for every follower with
// the same delta), and (2) for a followed topic, one alert per new matching story, at most the user's daily cap a day
// (claimed in follow_alerts before sending); stories past the cap are held and summarized in one message on the
// user's next day. In quiet hours nothing is sent (the next tick after them
// sends what was held). A refused DM (blocked, left the server or workspace) pauses the user's follows, never retried;
// a story update whose DM failed for a retryable reason (5xx, network, rate limit) stays claimed in the ledger for a
// retry (retryAt: after 1, 5, 15, 40 minutes; any process takes it, same nonce), at most MAX_DM_ATTEMPTS sends, then
// given up with a log line.
// The user's and the workspace's mutes apply as to the user's /brief replies (src/follows/mutes.ts).
// Sends go through the platform's poster, paced by the same rate budget as digests, at most its concurrency at once.
import { showWithout } from '../briefing/muted-outlets.js';
import { muteScreenFor, type Screen } from '../briefing/screen.js';
import { topicsFor } from '../briefing/topics.js';
import { buildQuery, topicQuery } from '../briefing/query.js';
import { createLimiter } from '../limiter.js';
import { groupCommit } from '../store/group-commit.js';
import type { Logger } from '../log.js';
import type { LlmService } from '../llm/service.js';
import { asDeliveryError, platformOf, type DigestPoster, type Notice, type UpdatePost } from '../schedule/delivery.js';
import type { Follow, FollowUser } from '../store/follow-types.js';
import type { UpdateDelivery, UpdateOutcome } from '../store/update-types.js';
import type { Store, UpdateLedger } from '../store/ports.js';
import type { TopicDef } from '../types.js';
import { screenDelta } from './mutes.js';
import { deltaCache, deltaFor, nextClaim, type DeltaCache } from '../updates/ledger.js';
import type { StoryDelta } from '../updates/delta.js';
import { renderUpdate } from '../updates/rewrite.js';
import { DEFAULT_DAILY_CAP, inQuietHours, localDay } from './settings.js';
import { LIVE_SECONDS } from '../service/instance.js';

export interface FollowTally {
  updates: number;
  alerts: number;
  summaries: number;
  held: number;
  paused: number;
  failed: number;
  /** Story update DMs that failed for a retryable reason and wait for a retry. */
  retrying: number;
}

/** Sends of one story update DM at most: the first and the retries. */
export const MAX_DM_ATTEMPTS = 5;
/** Minutes before retry n (after failed send n): about an hour from the first send to the last. */
const RETRY_MINUTES = [1, 5, 15, 40];
/** A retry that comes due in the user's quiet hours waits this long (not sent). */
const QUIET_RETRY_MS = 15 * 60_000;

export interface FollowDeliveryDeps {
  store: Store;
  config: { topics: TopicDef[] };
  /** With an LLM, a story update may be sent rewritten as one cited sentence (updates/rewrite.ts), as in threads. */
  llm?: LlmService;
}

/** The update ledger's target of a user's story follows. */
export const followTarget = (workspaceId: string, userId: string): string => `${FOLLOW_PREFIX}${workspaceId}:${userId}`;
const FOLLOW_PREFIX = 'follow:';

/** What a claimed follow update holds, so that a process taking it over sends the same message with the same nonce. */
interface FollowPayload {
  workspaceId: string;
  userId: string;
  notice: Notice;
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A story's update as a direct message: the update as its thread shows it (each platform renders it), then a footer. */
export function deltaNotice(storyId: number, update: UpdatePost): Notice {
  return [{ update }, `\nStory ${storyId} · /follow list shows what you follow.`];
}

/** What decides a delta's rendering: the story, its link and the new facts (followers with the same delta share it). */
const deltaKey = (d: StoryDelta, url: string | undefined): string => JSON.stringify([d.storyId, d.headline, url ?? '', d.more, d.sentences.map((s) => s.key)]);

export function createFollowDelivery(app: FollowDeliveryDeps, opts: { posters: DigestPoster[]; owner: string; logger?: Logger; staleMs?: number; deadOwnerMs?: number }) {
  const posters = new Map(opts.posters.map((p) => [p.platform, p]));
  const queues = new Map(opts.posters.map((p) => [p.platform, createLimiter(p.concurrency)]));
  const log = opts.logger;
  const staleMs = opts.staleMs ?? 3 * 60_000;
  // A dead instance's claims (no heartbeat for LIVE_SECONDS) are taken over without waiting for them to go stale.
  const deadOwnerMs = opts.deadOwnerMs ?? LIVE_SECONDS * 1000;
  // The claims and finishes of a tick's concurrent sends, committed a batch at a time (store/group-commit.ts).
  const claimUpdate = groupCommit(app.store, (tx, a: Parameters<UpdateLedger['claimUpdate']>) => tx.updates.claimUpdate(...a));
  const finishUpdate = groupCommit(app.store, (tx, a: Parameters<UpdateLedger['finishUpdate']>) => tx.updates.finishUpdate(...a));

  type Claimed = Pick<UpdateDelivery, 'target' | 'storyId' | 'seq' | 'attempts'>;
  /**
   * Records a story update DM that failed: refused for good, the user paused (never retried); retryable and sent fewer
   * than MAX_DM_ATTEMPTS times, left for a retry; else given up.
   */
  async function failed(c: Claimed, workspaceId: string, userId: string, err: unknown, now: Date, tally: FollowTally): Promise<void> {
    const iso = now.toISOString();
    const e = asDeliveryError(err);
    const finish = (o: UpdateOutcome) => app.store.updates.finishUpdate(c.target, c.storyId, c.seq, opts.owner, o, iso);
    if (e.kind === 'fatal') {
      if (await app.store.follows.pauseFollowUser(workspaceId, userId, e.message, iso)) tally.paused++;
      log?.info({ userId, workspaceId, code: e.code }, 'direct messages refused: follows paused');
      await finish({ status: 'failed', error: e.message });
      tally.failed++;
    } else if (c.attempts < MAX_DM_ATTEMPTS) {
      const waitMs = Math.max((RETRY_MINUTES[c.attempts - 1] ?? 60) * 60_000, e.retryAfterMs ?? 0);
      await finish({ status: 'retry', error: e.message, retryAt: new Date(now.getTime() + waitMs).toISOString() });
      log?.warn({ userId, story: c.storyId, attempt: c.attempts, code: e.code }, `follow update not sent (${e.message}): retried in ${Math.round(waitMs / 60_000)} min`);
      tally.retrying++;
    } else {
      await finish({ status: 'failed', error: e.message });
      log?.warn({ userId, story: c.storyId, attempts: c.attempts, code: e.code }, `follow update given up after ${c.attempts} attempts: ${e.message}`);
      tally.failed++;
    }
  }

  /**
   * Follow updates claimed by a process that died, or due for a retry: sent again with their message and nonce (never a
   * thread's), through the platform's queue like the tick's own sends, so many retries after an outage go out at the
   * poster's concurrency and the shared pace, not one round-trip after another.
   */
  async function takeOver(now: Date, tally: FollowTally): Promise<void> {
    const iso = now.toISOString();
    await app.store.updates.renewUpdates(opts.owner, iso);
    const jobs: Promise<void>[] = [];
    for (const u of await app.store.updates.takeOverUpdates(opts.owner, [...posters.keys()], 500, iso, staleMs, FOLLOW_PREFIX, deadOwnerMs)) {
      const queue = queues.get(u.platform);
      const again = () => resend(u, now, iso, tally);
      jobs.push((queue ? queue.run(again) : again()).catch((err: unknown) => {
        log?.error({ err, story: u.storyId }, 'follow update retry failed');
      }));
    }
    await Promise.all(jobs);
  }

  /** One taken-over follow update: sent again, or held, paused or failed as its user's state says. */
  async function resend(u: UpdateDelivery, now: Date, iso: string, tally: FollowTally): Promise<void> {
    const poster = posters.get(u.platform);
    const p = JSON.parse(u.payload) as Partial<FollowPayload>;
    if (!poster || !p.userId || !p.workspaceId || !Array.isArray(p.notice)) {
      await app.store.updates.finishUpdate(u.target, u.storyId, u.seq, opts.owner, { status: 'failed', error: 'unreadable claim' }, iso);
      return;
    }
    const user = await app.store.follows.followUser(p.workspaceId, p.userId);
    if (user?.pausedAt) {
      await app.store.updates.finishUpdate(u.target, u.storyId, u.seq, opts.owner, { status: 'failed', error: 'follows paused' }, iso);
      return;
    }
    if (user && inQuietHours(user, now)) {
      await app.store.updates.finishUpdate(u.target, u.storyId, u.seq, opts.owner, { status: 'retry', retryAt: new Date(now.getTime() + QUIET_RETRY_MS).toISOString() }, iso);
      tally.held++;
      return;
    }
    try {
      await poster.dm(p.userId, p.notice, { workspaceId: p.workspaceId, nonce: u.nonce });
    } catch (err) {
      await failed(u, p.workspaceId, p.userId, err, now, tally);
      return;
    }
    await app.store.updates.finishUpdate(u.target, u.storyId, u.seq, opts.owner, { status: 'posted', messageRef: `dm:${p.userId}` }, iso);
    tally.updates++;
  }

  /** Everything one user gets this tick; `render` and `cache` are the tick's (shared by followers with the same delta). */
  async function deliverUser(follows: Follow[], poster: DigestPoster, now: Date, tally: FollowTally, render: Render, cache: DeltaCache): Promise<void> {
    const first = follows[0] as Follow;
    const { workspaceId, userId } = first;
    const u: FollowUser = (await app.store.follows.followUser(workspaceId, userId)) ?? { workspaceId, userId, timezone: 'UTC', dailyCap: DEFAULT_DAILY_CAP };
    if (u.pausedAt) return;
    if (inQuietHours(u, now)) {
      tally.held++;
      return;
    }
    const iso = now.toISOString();
    const target = followTarget(workspaceId, userId);
    /** Sends one alert DM; on failure the user's deliveries stop this tick (and the user is paused when refused). */
    const send = async (notice: Notice): Promise<boolean> => {
      try {
        await poster.dm(userId, notice, { workspaceId });
        return true;
      } catch (err) {
        const e = asDeliveryError(err);
        if (e.kind === 'fatal') {
          if (await app.store.follows.pauseFollowUser(workspaceId, userId, e.message, iso)) tally.paused++;
          log?.info({ userId, workspaceId, code: e.code }, 'direct messages refused: follows paused');
        } else log?.warn({ err: e, userId }, 'follow direct message failed');
        tally.failed++;
        throw new Stop();
      }
    };
    // The user's and the workspace's mutes, as for their /brief replies.
    const screen = await muteScreenFor(app.store, workspaceId, userId);
    try {
      for (const f of follows.filter((x) => x.kind === 'story' && x.storyId !== undefined)) {
        const found = await deltaFor(app.store, target, f.storyId as number, { ingestedUntil: f.createdAt }, screen ? Number.MAX_SAFE_INTEGER : undefined, cache);
        if (!found || found.delta.articleIds.length === 0) continue;
        const story = (await cache.reads.get(f.storyId as number))?.story; // read once this tick, by deltaFor
        // The story as this user sees it: a muted outlet's headline and link replaced by another outlet's.
        const [shown] = screen && story ? await showWithout(app.store.stories, [story], screen.hides) : [story];
        if (screen) found.delta = screenDelta(found.delta, story, screen, shown);
        if (found.delta.sentences.length === 0) {
          await app.store.updates.markShown(target, found.delta.storyId, found.delta.articleIds, [], iso);
          continue;
        }
        const notice = deltaNotice(found.delta.storyId, await render(found.delta, shown?.url));
        const payload: FollowPayload = { workspaceId, userId, notice };
        const claim = nextClaim(target, found, { platform: poster.platform, owner: opts.owner }, JSON.stringify(payload));
        if (!(await claimUpdate([claim, iso]))) continue; // another process sends it
        try {
          await poster.dm(userId, notice, { workspaceId, nonce: claim.nonce });
        } catch (err) {
          await failed({ ...claim, attempts: 1 }, workspaceId, userId, err, now, tally);
          throw new Stop();
        }
        await finishUpdate([target, claim.storyId, claim.seq, opts.owner, { status: 'posted', messageRef: `dm:${userId}` }, iso]);
        tally.updates++;
      }
      await deliverTopics(follows.filter((x) => x.kind === 'topic'), u, send, now, tally, screen);
    } catch (err) {
      if (!(err instanceof Stop)) throw err;
    }
  }

  async function deliverTopics(follows: Follow[], u: FollowUser, send: (n: Notice) => Promise<boolean>, now: Date, tally: FollowTally, screen: Screen | undefined): Promise<void> {
    const { workspaceId, userId } = u;
    const iso = now.toISOString();
    const today = localDay(now, u.timezone);
    // What was held past yesterday's cap: one summary message.
    const pending = await app.store.follows.pendingAlerts(workspaceId, userId);
    const old = pending.filter((p) => p.day < today);
    if (old.length > 0) {
      // Muted since they were held: left out of the summary (no message when nothing is left).
      const stories = await showWithout(app.store.stories, (await app.store.stories.getStories(old.map((p) => p.storyId))).filter((s) => !screen?.(s)), screen?.hides);
      if (stories.length > 0) {
        const lines = [`**${stories.length} more ${stories.length === 1 ? 'story' : 'stories'} matched what you follow** (past your daily limit of ${u.dailyCap}):`];
        for (const s of stories.slice(0, 15)) lines.push(`• ${cut(s.headline, 160)}${s.url ? ` ${s.url}` : ''}`);
        if (stories.length > 15) lines.push(`…and ${stories.length - 15} more.`);
        await send([lines.join('\n')]);
        tally.summaries++;
      }
      await app.store.follows.setAlerts(workspaceId, userId, old.map((p) => p.storyId), 'summarized', iso);
    }
    if (follows.length === 0) return;
    const topics = await topicsFor(app.store.topics, app.config.topics, workspaceId);
    let sent = await app.store.follows.alertsOn(workspaceId, userId, today);
    for (const f of follows) {
      const q = buildQuery(f.query ?? f.label, topics);
      const tagged = q.topic?.tagged ? q.topic.name : undefined;
      const text = q.topic ? topicQuery(q.topic) : q.text;
      const hits = await app.store.articles.search({ ...(tagged ? { topic: tagged } : { text }), ingestedAfter: f.watermark, limit: 200 });
      const ids = [...new Set(hits.map((h) => h.storyId))];
      // Muted for this user: never alerted, never counted; a muted outlet is not seen in the others.
      const fresh = (await app.store.stories.getStories(ids)).filter((s) => !screen?.(s));
      for (const s of await showWithout(app.store.stories, fresh, screen?.hides)) {
        const state = sent < u.dailyCap ? 'claimed' : 'pending';
        if (!(await app.store.follows.claimAlert({ workspaceId, userId, storyId: s.id, followId: f.id, day: today, state }, iso))) continue;
        if (state === 'pending') continue;
        sent++;
        const lines = [`**New on ${cut(f.label, 80)}:** ${cut(s.headline, 200)}`];
        if (s.summary) lines.push(cut(s.summary.replace(/\s+/g, ' '), 300));
        lines.push(`${s.url ?? ''}${s.url ? ' · ' : ''}story ${s.id} · /follow story:${s.id} for its updates`);
        try {
          await send([lines.join('\n')]);
        } catch (err) {
          await app.store.follows.setAlerts(workspaceId, userId, [s.id], 'failed', iso);
          throw err;
        }
        await app.store.follows.setAlerts(workspaceId, userId, [s.id], 'sent', iso);
        tally.alerts++;
      }
      await app.store.follows.setWatermark(f.id, iso);
    }
  }

  return {
    /** Delivers what every active follower is owed now; resolves when every send of this tick is done. */
    async tick(now: Date): Promise<FollowTally> {
      const tally: FollowTally = { updates: 0, alerts: 0, summaries: 0, held: 0, paused: 0, failed: 0, retrying: 0 };
      await takeOver(now, tally);
      // One rendering per delta this tick: a thousand followers with the same new facts make one LLM request (a
      // valid answer is also cached across ticks and processes; a refused one is asked again next tick at most).
      const rendered = new Map<string, Promise<UpdatePost>>();
      const render: Render = (d, url) => {
        const key = deltaKey(d, url);
        let p = rendered.get(key);
        if (!p) rendered.set(key, (p = renderUpdate(app.llm, d, url)));
        return p;
      };
      const byUser = new Map<string, Follow[]>();
      for (const f of await app.store.follows.activeFollows()) {
        const key = `${f.workspaceId}|${f.userId}`;
        byUser.set(key, [...(byUser.get(key) ?? []), f]);
      }
      const jobs: Promise<void>[] = [];
      const cache = deltaCache(); // each followed story read once this tick, each delta built once per what was shown
      for (const follows of byUser.values()) {
        const platform = platformOf((follows[0] as Follow).userId) ?? '';
        const poster = posters.get(platform);
        const queue = queues.get(platform);
        if (!poster || !queue || !poster.connected()) continue;
        jobs.push(queue.run(() => deliverUser(follows, poster, now, tally, render, cache)).catch((err: unknown) => {
          tally.failed++;
          log?.error({ err }, 'follow delivery failed');
        }));
      }
      await Promise.all(jobs);
      return tally;
    },
  };
}

/** A delta as it is sent (renderUpdate), shared within one tick. */
type Render = (d: StoryDelta, url: string | undefined) => Promise<UpdatePost>;

/** Stops the rest of one user's deliveries this tick (a send failed). */
class Stop extends Error {}

/** Ticks follow delivery every `everyMs` (one tick at a time); stop() waits for the tick in flight. */
export function startFollowTicker(app: FollowDeliveryDeps & { now: () => Date }, opts: { posters: DigestPoster[]; owner: string; logger?: Logger; everyMs?: number; deadOwnerMs?: number }) {
  const delivery = createFollowDelivery(app, opts);
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= delivery
      .tick(app.now())
      .catch((err: unknown) => opts.logger?.error({ err }, 'follow tick failed'))
      .finally(() => (running = undefined));
  }, opts.everyMs ?? 60_000);
  timer.unref();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
