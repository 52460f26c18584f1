// The digest scheduler: every minute (a node-cron tick, in UTC) it works out which subscription slots fell due since
// the previous tick (by each subscription's cron in its own timezone, see cron.ts), claims each slot in the
// `digest_runs` ledger, and delivers the claimed ones through a concurrency-limited queue per platform.
//
// Guarantees: a slot is posted once (the claim is a unique row; a crashed process's claim is taken over once its
// instance is dead, no heartbeat for deadOwnerMs, or once stale, and re-posted with the same Discord nonce; between
// ticks idle workers look for such claims every sweepMs); slots missed while down are posted once if within the grace
// window, older ones recorded as skipped; each subscription runs on its own (one failing never stops another);
// retryable errors back off honouring retry-after; fatal ones are recorded and, three in a row, pause the subscription
// and tell the admin who set it by direct message.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../clock.js';
import { enhanceDigest, type LlmService } from '../llm/index.js';
import type { Metrics } from '../metrics.js';
import type { DigestStore, Transactor } from '../store/ports.js';
import { errorId } from '../log.js';
import type { ClaimedSlot, DueSlot, Subscription } from '../store/types.js';
import type { Digest } from '../types.js';
import { composeDigest, recordPosted, type ComposedDigest, type DigestCache, type DigestDeps } from './compose.js';
import { parseCron, slotsBetween, type CronSpec } from './cron.js';
import { createLimiter, type Limiter } from '../limiter.js';
import { asDeliveryError, DeliveryError, platformOf, slotNonce, type DigestPoster, type Platform, type PostContent } from './delivery.js';
import { formatRun } from './schedule.js';
import { HEARTBEAT_SECONDS, LIVE_SECONDS } from '../service/instance.js';
import type { Scheduler, SchedulerOptions, Tally } from './scheduler-types.js';

export type { Scheduler, SchedulerOptions, SchedulerStatus, Tally } from './scheduler-types.js';

/** Thrown inside a delivery when the scheduler stops during a retry. */
class Stopping extends Error {}
/** Thrown inside a delivery whose claim another instance took over (this one was taken for dead): it posts it. */
class TakenOver extends Error {}

const emptyTally = (): Tally => ({ posted: 0, nothingNew: 0, failed: 0, skipped: 0 });
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** What the scheduler uses: digest composition, the run ledger (in a transaction store), the clock, the LLM, metrics. */
export type SchedulerDeps = DigestDeps & {
  store: Transactor & { digests: DigestStore };
  now: Clock;
  llm?: LlmService;
  metrics: Pick<Metrics, 'digest'>;
};

export function createScheduler(app: SchedulerDeps, opts: SchedulerOptions): Scheduler {
  const log = opts.logger.child({ scope: 'scheduler' });
  const now = app.now;
  const graceMs = opts.graceMs ?? app.config.digest.graceMinutes * 60_000;
  const staleMs = opts.staleMs ?? 3 * 60_000;
  const deadOwnerMs = opts.deadOwnerMs ?? LIVE_SECONDS * 1000;
  const sweepMs = opts.sweepMs ?? HEARTBEAT_SECONDS * 1000;
  const owner = opts.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const attempts = opts.retry?.attempts ?? 6;
  const baseMs = opts.retry?.baseMs ?? 2000;
  const maxMs = opts.retry?.maxMs ?? 5 * 60_000;
  const fatalLimit = opts.fatalLimit ?? 3;
  const enhance = opts.enhance ?? ((d: Digest) => enhanceDigest(app.llm, d));
  const baseSleep = opts.sleep ?? realSleep;
  const sleepers = new Set<() => void>();
  /** A backoff wait that stop() cuts short. */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      sleepers.add(resolve);
      void baseSleep(ms).then(() => {
        sleepers.delete(resolve);
        resolve();
      });
    });
  const posters = new Map<Platform, DigestPoster>(opts.posters.map((p) => [p.platform, p]));
  // One FIFO queue per platform: deliveries beyond the poster's concurrency wait their turn, none is dropped.
  const queues = new Map<Platform, Limiter>(opts.posters.map((p) => [p.platform, createLimiter(p.concurrency)]));
  const outstanding = new Set<Promise<void>>(); // deliveries claimed and not finished, for stop()
  const specs = new Map<string, CronSpec>();
  let lastTickMs: number | undefined;
  let lastTickAt: string | undefined;
  let lastError: { at: string; message: string } | undefined;
  let task: ScheduledTask | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  const claiming = new Map<Platform, number>(); // claims asked for and not queued yet, per platform
  let stopping = false;
  let cache: { minute: number; digests: DigestCache } = { minute: -1, digests: new Map() };

  const spec = (expr: string) => {
    let s = specs.get(expr);
    if (!s) specs.set(expr, (s = parseCron(expr)));
    return s;
  };
  const fail = (message: string) => {
    lastError = { at: now().toISOString(), message };
  };
  const digestCache = (at: Date): DigestCache => {
    const minute = Math.floor(at.getTime() / 60_000);
    if (cache.minute !== minute) cache = { minute, digests: new Map() };
    return cache.digests;
  };

  /** Slots of `sub` in (fromMs, toMs]: records the ones not to post, returns the one to post, if any. */
  async function dueSlot(sub: Subscription, fromMs: number, toMs: number, at: string): Promise<string | undefined> {
    const start = Math.max(fromMs, Date.parse(sub.createdAt));
    const slots = [...slotsBetween(spec(sub.cron), sub.timezone, start, toMs)].map((d) => d.toISOString());
    const latest = slots.pop();
    if (latest === undefined) return undefined;
    const hours = Math.round(graceMs / 360_000) / 10;
    const tooOld = `missed while newsbrief was not running (older than the ${hours} h grace window)`;
    const postLatest = toMs - Date.parse(latest) <= graceMs;
    for (const s of slots) await app.store.digests.skipSlot(sub.id, s, postLatest ? 'missed while newsbrief was not running; only the latest missed run is posted' : tooOld, at);
    if (!postLatest) {
      if (await app.store.digests.skipSlot(sub.id, latest, tooOld, at)) app.metrics.digest(platformOf(sub.channelId) ?? 'unknown', 'skipped');
      return undefined;
    }
    return latest;
  }

  async function post(poster: DigestPoster, sub: Subscription, slot: string, content: PostContent, composed: ComposedDigest, claimedAt: number): Promise<string> {
    const nonce = slotNonce(sub.id, slot);
    for (let attempt = 1; ; attempt++) {
      // Still this process's claim? One frozen past the dead-after time may have lost it: no second post. Asked only
      // once half that time has passed since the claim (monotonic: it runs on while frozen): a live process's heartbeat
      // is at most a beat old when it claims, so no claim is taken from it sooner (dead-after >= three beats).
      const lost = performance.now() - claimedAt >= deadOwnerMs / 2 && !(await app.store.digests.renewClaim(sub.id, slot, owner, now().toISOString()));
      if (lost) throw new TakenOver();
      try {
        const ref = await poster.post(sub.channelId, content, { nonce });
        // The slot and the stories it posted are recorded together: a crash between the two would leave the slot
        // posted with its watermark behind, and the next digest would repeat these stories. If recording fails, the
        // retry posts again with the same nonce.
        await app.store.transaction(async (tx) => {
          if (await tx.digests.finishRun(sub.id, slot, owner, { status: 'posted', messageRef: ref }, now().toISOString())) {
            await recordPosted({ store: tx }, sub, composed, now(), content.kind === 'digest' ? ref : undefined);
          }
        });
        return ref;
      } catch (err) {
        const de = asDeliveryError(err);
        if (de.kind === 'retryable' && stopping) throw new Stopping();
        if (de.kind === 'retryable' && attempt < attempts) {
          const wait = Math.min(maxMs, Math.max(de.retryAfterMs ?? 0, baseMs * 2 ** (attempt - 1)));
          log.warn({ subscription: sub.id, slot, attempt, waitMs: wait, code: de.code }, `digest delivery failed, retrying: ${de.message}`);
          await app.store.digests.renewClaim(sub.id, slot, owner, now().toISOString()); // kept through the wait
          await sleep(wait);
          if (stopping) throw new Stopping();
          continue;
        }
        throw de;
      }
    }
  }

  /** Delivers one claimed slot; never throws (isolation). */
  async function deliver(subscriptionId: number, slot: string, tally: Tally, claimedAt: number): Promise<void> {
    const t0 = performance.now();
    const sub = await app.store.digests.getSubscription(subscriptionId);
    const platform = sub ? platformOf(sub.channelId) : undefined;
    const poster = platform ? posters.get(platform) : undefined;
    const at = () => now().toISOString();
    if (!sub || !poster || !sub.enabled || sub.pausedReason) {
      await app.store.digests.finishRun(subscriptionId, slot, owner, { status: 'skipped', error: sub ? 'paused' : 'removed' }, at());
      tally.skipped++;
      return;
    }
    const seconds = () => (performance.now() - t0) / 1000;
    try {
      const composed = await composeDigest(app, sub, now(), digestCache(now()));
      if (composed.empty && !sub.postEmpty) {
        await app.store.digests.finishRun(sub.id, slot, owner, { status: 'nothing_new' }, at());
        await recordPosted(app, sub, composed, now());
        tally.nothingNew++;
        app.metrics.digest(poster.platform, 'nothing_new', seconds());
        return;
      }
      let content: PostContent;
      if (composed.empty) {
        content = { kind: 'text', text: `Nothing new for this digest since ${formatRun(new Date(sub.lastWatermark ?? sub.createdAt), sub.timezone)}.` };
      } else {
        let digest = composed.digest;
        if (enhance) digest = await enhance(digest).catch(() => digest);
        content = { kind: 'digest', digest };
      }
      await post(poster, sub, slot, content, composed, claimedAt);
      await app.store.digests.noteSuccess(sub.id);
      tally.posted++;
      app.metrics.digest(poster.platform, 'posted', seconds());
      log.info({ subscription: sub.id, channel: sub.channelId, slot, stories: composed.stories.length }, 'digest posted');
    } catch (err) {
      if (err instanceof Stopping) {
        await app.store.digests.releaseClaim(sub.id, slot, owner); // due again on the next start, within the grace window
        return;
      }
      if (err instanceof TakenOver) {
        log.warn({ subscription: sub.id, slot }, 'digest claim taken over by another instance (this one missed its heartbeats): not posted here');
        return;
      }
      const de = err instanceof DeliveryError ? err : undefined;
      const id = de ? undefined : errorId();
      const reason = de ? de.message : `internal error ${id}`;
      if (!de) log.error({ err, errorId: id, subscription: sub.id, slot }, `digest failed (${id})`);
      else log.warn({ subscription: sub.id, slot, code: de.code, kind: de.kind }, `digest delivery failed: ${de.message}`);
      await app.store.digests.finishRun(sub.id, slot, owner, { status: 'failed', error: reason }, at());
      tally.failed++;
      fail(`digest #${sub.id}: ${reason}`);
      app.metrics.digest(poster.platform, 'failed', seconds());
      const fatalCount = await app.store.digests.noteFailure(sub.id, reason, de?.kind === 'fatal');
      if (fatalCount >= fatalLimit) await pause(poster, sub, reason);
    }
  }

  async function pause(poster: DigestPoster, sub: Subscription, reason: string): Promise<void> {
    const why = `${fatalLimit} deliveries in a row failed: ${reason}`;
    await app.store.digests.setPaused(sub.id, why);
    log.warn({ subscription: sub.id, channel: sub.channelId }, `digest paused: ${why}`);
    if (!sub.createdBy) return;
    // The channel is a neutral reference: each platform shows it as a link to the channel.
    const notice = [
      `Your newsbrief digest #${sub.id} in `,
      { channel: sub.channelId },
      ` is paused: ${why}. Fix the cause (for example give newsbrief access to the channel), then run \`/digest resume id:${sub.id}\` there, or remove it with \`/digest off id:${sub.id}\`.`,
    ];
    await poster.dm(sub.createdBy, notice, { workspaceId: sub.workspaceId }).catch((err: unknown) => {
      log.warn({ err, subscription: sub.id }, 'could not tell the admin by direct message');
    });
  }

  /**
   * Claims and delivers the due slots of one platform, only as many at a time as its queue can start (so a process
   * that dies strands at most that many), until none is left; other instances' workers drain the same rows.
   */
  async function drain(platform: Platform, tally: Tally, iso: string, notBefore: string): Promise<void> {
    const queue = queues.get(platform) as Limiter;
    const limit = (posters.get(platform) as DigestPoster).concurrency;
    const running = new Set<Promise<void>>();
    // A claim is stamped with the time it is made (never earlier than the tick), so a long drain's claims are fresh.
    const stamp = () => {
      const t = now().toISOString();
      return t > iso ? t : iso;
    };
    const asking = (n: number) => claiming.set(platform, (claiming.get(platform) ?? 0) + n);
    for (;;) {
      // A tick's drain and a sweep's may overlap: claims asked for and not queued yet take room too.
      const free = stopping ? 0 : limit - queue.active() - queue.waiting() - (claiming.get(platform) ?? 0);
      let claimed: ClaimedSlot[] = [];
      const claimedAt = performance.now(); // at the latest
      if (free > 0) {
        asking(free);
        claimed = await app.store.digests.claimDue(owner, [platform], free, stamp(), staleMs, notBefore, deadOwnerMs).finally(() => asking(-free));
      }
      for (const c of claimed) {
        const job = queue.run(async () => {
          // Stopping: give the claim back untouched, so the slot is due again for any instance.
          if (stopping) await app.store.digests.releaseClaim(c.subscriptionId, c.slot, owner);
          else await deliver(c.subscriptionId, c.slot, tally, claimedAt);
        });
        const tracked: Promise<void> = job.catch(() => undefined).finally(() => {
          outstanding.delete(tracked);
          running.delete(tracked);
        });
        outstanding.add(tracked);
        running.add(tracked);
      }
      if (running.size === 0) return;
      await Promise.race(running);
    }
  }

  async function tick(at: Date = now()): Promise<Tally> {
    const tally = emptyTally();
    const toMs = at.getTime();
    const fromMs = lastTickMs ?? toMs - graceMs - 24 * 3600_000;
    if (toMs <= fromMs) return tally;
    lastTickMs = toMs;
    lastTickAt = at.toISOString();
    const iso = at.toISOString();
    const notBefore = new Date(toMs - graceMs).toISOString();
    try {
      await app.store.digests.renewClaims(owner, iso); // heartbeat: claims queued or in flight here are not stale
    } catch (err) {
      log.warn({ err }, 'could not renew claims');
    }
    try {
      // Record what fell due (every instance does, idempotently); the workers below claim from the ledger.
      const due: DueSlot[] = [];
      for (const sub of await app.store.digests.activeSubscriptions()) {
        const platform = platformOf(sub.channelId);
        if (!platform || !posters.has(platform)) continue; // another process (or a later start) serves this platform
        try {
          const slot = await dueSlot(sub, fromMs, toMs, iso);
          if (slot) due.push({ subscriptionId: sub.id, slot, platform });
        } catch (err) {
          fail(`digest #${sub.id}: ${(err as Error).message}`);
          log.error({ err, subscription: sub.id }, 'could not evaluate the schedule');
        }
      }
      await app.store.digests.enqueueSlots(due, iso);
      const hours = Math.round(graceMs / 360_000) / 10;
      await app.store.digests.expireDue(notBefore, `not posted within the ${hours} h grace window (no scheduler was running)`, iso);
    } catch (err) {
      fail(`scheduler tick: ${(err as Error).message}`);
      log.error({ err }, 'scheduler tick failed');
      return tally;
    }
    const drains = [...posters.keys()].map((p) =>
      drain(p, tally, iso, notBefore).catch((err: unknown) => {
        fail(`scheduler tick: ${(err as Error).message}`);
        log.error({ err, platform: p }, 'could not claim due digests');
      }),
    );
    await Promise.all(drains);
    return tally;
  }

  /** Between ticks: workers with room claim and deliver what became claimable (a dead instance's claims, mostly). */
  function sweep(): void {
    const at = now();
    const notBefore = new Date(at.getTime() - graceMs).toISOString();
    for (const p of posters.keys()) {
      if (stopping) return;
      drain(p, emptyTally(), at.toISOString(), notBefore).catch((err: unknown) => log.warn({ err, platform: p }, 'could not look for claims to take over'));
    }
  }

  return {
    async start() {
      stopping = false;
      await tick().catch((err: unknown) => log.error({ err }, 'catch-up tick failed'));
      // A late or missed tick loses nothing (the next one covers the whole interval since the last), so node-cron's
      // missed-execution warning is noise; its other messages go to our log, not the console.
      task = cron.schedule('* * * * *', () => void tick(), {
        name: 'newsbrief-digests',
        timezone: 'UTC',
        suppressMissedWarning: true,
        logger: {
          info: (m) => log.debug(m),
          debug: (m) => log.debug(String(m)),
          warn: (m) => log.warn(m),
          error: (m, err) => log.error({ err: err ?? m }, 'node-cron error'),
        },
      });
      // Between ticks too: a delivery waiting out a long rate limit keeps its claim.
      heartbeat = setInterval(() => {
        app.store.digests.renewClaims(owner, now().toISOString()).catch((err: unknown) => log.warn({ err }, 'could not renew claims'));
      }, Math.max(1000, staleMs / 4));
      heartbeat.unref();
      if (sweepMs > 0) (sweeper = setInterval(sweep, sweepMs)).unref();
    },
    tick,
    async status() {
      const ageMs = lastTickMs === undefined ? 0 : now().getTime() - lastTickMs;
      let queued = 0;
      let inFlight = 0;
      for (const q of queues.values()) {
        queued += q.waiting();
        inFlight += q.active();
      }
      let subscriptions = 0;
      try {
        subscriptions = (await app.store.digests.activeSubscriptions()).length;
      } catch {
        // the database is down: /healthz reports that separately
      }
      return {
        running: task !== undefined && !stopping,
        alive: task !== undefined && !stopping && ageMs < 2 * 60_000 + 5_000,
        subscriptions,
        queued,
        inFlight,
        ...(lastTickAt ? { lastTickAt } : {}),
        ...(lastError ? { lastError } : {}),
      };
    },
    async stop() {
      stopping = true;
      for (const wake of sleepers) wake();
      sleepers.clear();
      if (task) await task.destroy();
      task = undefined;
      clearInterval(heartbeat);
      clearInterval(sweeper);
      heartbeat = sweeper = undefined;
      while (outstanding.size > 0) await Promise.all([...outstanding]);
    },
  };
}
