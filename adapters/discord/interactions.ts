// The one Discord interaction handler, shared by both ways interactions arrive: the gateway bot (client.ts) and the
// HTTP interactions endpoint (http.ts). It turns discord.js interactions into neutral command runs (generic over
// commands/: name + subcommand + raw option values) and renders the replies; it acknowledges within Discord's 3 s
// window (deferring when a reply may take longer), pages briefings with a "More stories" button, answers autocomplete
// and the Sources buttons, turns unexpected errors into a private apology with an error id that is also logged, and
// drains replies in flight on stop. Replies go through the interaction's REST callback and follow-up webhooks.
import { setTimeout as sleep } from 'node:timers/promises';
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, Interaction, RepliableInteraction } from 'discord.js';
import { MAX_PAGE } from '../../commands/brief.js';
import { findHandler, runCommand } from '../../commands/run.js';
import { LLM_WAIT_MS, settle, type Settled } from '../../commands/settle.js';
import type { CommandContext, Reply } from '../../commands/types.js';
import type { App } from '../../src/app.js';
import { errorId, type Logger } from '../../src/log.js';
import { createSuggester } from './autocomplete.js';
import { DISCORD_LIMITS } from './limits.js';
import { createPageCodec, firstPage, pageOf, type OptionValue, type PageState } from '../paging.js';
import { briefingToDiscord, FOLLOW_PREFIX, replyToDiscord, type DiscordMessage } from './render.js';
import { keptRows, onSources, ownsSources } from './sources.js';
import { onFeedback, ownsFeedback } from './feedback.js';
import { apology } from '../present.js';
import { editSent, send, sendText, type MessageRef } from './reply.js';

export interface InteractionHandlerOptions {
  /** Logs with scope discord. */
  logger: Logger;
  /** Defer (show "thinking…") once a reply may take longer than this many ms. Default 1000. */
  deferAfterMs?: number;
  /** How long a reply waits for the LLM, from the interaction's creation, before the offline text is shown and the
   * LLM text edited in later (ms). Default LLM_WAIT_MS (2,000). */
  llmWaitMs?: number;
  /** The clock (default app.now). */
  now?: () => Date;
}

export interface InteractionHandler {
  /** Answers one interaction, however it arrived; never rejects (failures are logged). */
  handle(i: Interaction): Promise<void>;
  /** Interactions being handled right now. */
  inFlight(): number;
  /** Resolves once every interaction being handled has been answered. */
  idle(): Promise<void>;
  /** Stops taking commands (later ones hear that newsbrief is restarting) and waits up to `ms` for those in flight. */
  drain(ms: number): Promise<void>;
  /** Computes the autocomplete tag list now, so the first user does not wait. */
  warm(): Promise<void>;
}

const RESTARTING = 'newsbrief is restarting; try again in a minute.';
const EXPIRED = 'These results have expired: run the command again.';

/** The raw option values of a chat command (inside its subcommand, if any). */
function readOptions(i: ChatInputCommandInteraction): { sub?: string; args: Record<string, OptionValue> } {
  const sub = i.options.getSubcommand(false) ?? undefined;
  const data = sub ? (i.options.data.find((o) => o.name === sub)?.options ?? []) : i.options.data;
  const args: Record<string, OptionValue> = {};
  for (const o of data) if (o.value !== undefined && o.value !== null) args[o.name] = o.value;
  return { ...(sub ? { sub } : {}), args };
}

/** The handler both transports feed. */
export function createInteractionHandler(app: App, opts: InteractionHandlerOptions): InteractionHandler {
  const log = opts.logger;
  const deferAfterMs = opts.deferAfterMs ?? 1000;
  const llmWaitMs = opts.llmWaitMs ?? LLM_WAIT_MS;
  const clock = opts.now ?? app.now;
  const codec = createPageCodec(DISCORD_LIMITS.customId, { pages: app.store.pages, now: clock, onError: (err) => log.warn({ err }, 'could not store a paging state') });
  const suggester = createSuggester(app);
  const lastRunMs = new Map<string, number>();
  const inflight = new Set<Promise<void>>();
  let accepting = true;

  const context = (i: Interaction & { guildId: string }, now = clock()): CommandContext => ({
    platform: 'discord',
    workspaceId: `discord:${i.guildId}`,
    channelId: `discord:${i.guildId}:${i.channelId ?? 'unknown'}`,
    userId: `discord:${i.user.id}`,
    // Checked from this interaction's member permissions, which already include channel overrides.
    isAdmin: i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    adminRight: 'the Manage Server permission',
    locale: i.locale,
    // To the millisecond: a "More" page re-runs exactly this time window, so an article stored just before the command
    // is on every page, and what the command stamps (a digest's creation time) is not moved.
    now,
  });

  const apologize = async (i: RepliableInteraction, err: unknown, command: string): Promise<void> => {
    const id = errorId();
    log.error({ err, errorId: id, command, guildId: i.guildId, channelId: i.channelId, userId: i.user.id }, `command failed (${id})`);
    try {
      await sendText(i, apology(id, command === 'sources' ? 'showing the sources' : command === 'feedback' ? 'recording your vote' : `running /${command}`));
    } catch (sendErr) {
      log.warn({ err: sendErr, errorId: id }, 'could not send the apology');
    }
  };

  /** Runs `work`; defers the reply first if the interaction is already old or this command was slow last time,
   *  or when `work` (if it awaits) is still running after deferAfterMs. */
  const withDeferral = async <T>(i: ChatInputCommandInteraction, key: string, work: (defer: () => void) => Promise<T>, privately = false): Promise<T> => {
    let deferring: Promise<void> | undefined;
    let deferError: unknown;
    const defer = () => {
      deferring ??= i.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {}).then(
        () => undefined,
        (err: unknown) => {
          deferError = err;
        },
      );
    };
    const age = Math.max(0, clock().getTime() - i.createdTimestamp);
    if (age >= deferAfterMs || (lastRunMs.get(key) ?? 0) >= deferAfterMs) defer();
    const timer = setTimeout(defer, Math.max(0, deferAfterMs - age));
    const t0 = performance.now();
    try {
      return await work(defer);
    } finally {
      clearTimeout(timer);
      lastRunMs.set(key, performance.now() - t0);
      if (deferring) await deferring;
      if (deferError) throw deferError; // eslint-disable-line no-unsafe-finally
    }
  };

  /** Once the LLM version of a reply shown offline is ready, edits it into the messages already sent. */
  const editLater = async (i: RepliableInteraction, later: Settled['later'], refs: MessageRef[], toMessages: (r: Reply) => { messages: DiscordMessage[]; ephemeral: boolean }, key: string) => {
    if (!later || refs.length === 0) return;
    const next = await later;
    if (!next) return;
    try {
      const r = toMessages(next);
      if (r.messages.length === 0) return;
      await editSent(i, refs, r.messages, r.ephemeral);
      log.debug({ command: key, guildId: i.guildId }, 'edited the LLM text into the reply');
    } catch (err) {
      // The offline text is already shown: a failed edit (message deleted, token expired) costs only the LLM text.
      log.warn({ err, command: key, guildId: i.guildId }, 'could not edit the LLM text into the reply');
    }
  };

  const onCommand = async (i: ChatInputCommandInteraction): Promise<void> => {
    if (!accepting) return sendText(i, RESTARTING);
    if (!i.inGuild()) return sendText(i, 'newsbrief works inside a server: use this command in a server channel.');
    const { sub, args } = readOptions(i);
    const key = sub ? `${i.commandName} ${sub}` : i.commandName;
    const t0 = performance.now();
    // The LLM gets until llmWaitMs after Discord created the interaction; then the offline text goes out.
    const deadline = t0 + llmWaitMs - Math.max(0, clock().getTime() - i.createdTimestamp);
    try {
      const ctx = context(i);
      // A paged command (adapters/paging.ts) shows `limit` stories (else the default) and a "More" button for the rest.
      const h = findHandler(i.commandName, sub);
      const page = h?.paged ? firstPage(args.limit, app.config.briefing.defaultLimit, MAX_PAGE) : undefined;
      const runCtx = page ? { ...ctx, page } : ctx;
      const privately = h?.privateDefer ?? false;
      // A command that must wait (another process holds the database lock) acknowledges first; the LLM gets until
      // the deadline, then the offline text goes out and the LLM text is edited in later.
      const settled = await withDeferral(i, key, async (defer) =>
        settle(await runCommand(app, { ...runCtx, acknowledge: defer }, i.commandName, sub, args), deadline - performance.now()),
        privately,
      );
      const reply = settled.now;
      if (reply.kind === 'briefing' && page) {
        // The button's state leaves `limit` out (the page size stands for it): custom_id has 100 characters.
        const { limit: _limit, ...rest } = args;
        const state: PageState = { command: i.commandName, ...(sub ? { sub } : {}), args: rest, offset: 0, pageSize: page.size, now: ctx.now.getTime() };
        const refs = await sendPage(i, reply.briefing, state);
        log.debug({ command: key, guildId: i.guildId, ms: Math.round(performance.now() - t0) }, 'command answered');
        await editLater(i, settled.later, refs, (r) => ({ messages: r.kind === 'briefing' ? (pageMessages(r.briefing, state) ?? []) : [], ephemeral: false }), key);
      } else {
        const r = replyToDiscord(reply, clock());
        const refs = await send(i, r.messages, r.ephemeral);
        log.debug({ command: key, guildId: i.guildId, ms: Math.round(performance.now() - t0) }, 'command answered');
        await editLater(i, settled.later, refs, (next) => replyToDiscord(next, clock()), key);
      }
    } catch (err) {
      await apologize(i, err, key);
    }
  };

  /** Stories [offset, offset + pageSize) of a briefing as messages, with a "More stories" button when there are more;
   *  undefined for a page past the end. */
  const pageMessages = (b: Extract<Reply, { kind: 'briefing' }>['briefing'], state: PageState): DiscordMessage[] | undefined => {
    const page = pageOf(b.stories, state.offset, state.pageSize);
    if (!page) return undefined;
    const moreId = page.more ? codec.encode({ ...state, offset: state.offset + state.pageSize }) : undefined;
    return briefingToDiscord({ ...b, stories: page.stories }, { now: clock(), first: state.offset + 1, ...(moreId ? { moreId } : {}) });
  };

  /** Sends one page of a briefing (see pageMessages). */
  const sendPage = async (i: RepliableInteraction, b: Extract<Reply, { kind: 'briefing' }>['briefing'], state: PageState): Promise<MessageRef[]> => {
    const messages = pageMessages(b, state);
    await codec.saved(); // a "More" state too long for custom_id is in the database before anyone can click it
    if (!messages) {
      await sendText(i, 'No more stories in this briefing.');
      return [];
    }
    return send(i, messages, false);
  };

  const onMore = async (i: ButtonInteraction): Promise<void> => {
    if (!accepting) return sendText(i, RESTARTING);
    const state = await codec.decode(i.customId);
    if (!state || !i.inGuild()) return sendText(i, EXPIRED);
    const deadline = performance.now() + llmWaitMs - Math.max(0, clock().getTime() - i.createdTimestamp);
    try {
      // Acknowledge at once by taking the button off the clicked message, so each page is fetched once.
      await i.update({ components: keptRows(i) });
      const ctx = context(i, new Date(state.now));
      const run = await runCommand(app, { ...ctx, page: { offset: state.offset, size: state.pageSize } }, state.command, state.sub, state.args);
      const settled = await settle(run, deadline - performance.now());
      const reply = settled.now;
      if (reply.kind === 'briefing') {
        const refs = await sendPage(i, reply.briefing, state);
        await editLater(i, settled.later, refs, (r) => ({ messages: r.kind === 'briefing' ? (pageMessages(r.briefing, state) ?? []) : [], ephemeral: false }), `${state.command} more`);
      } else {
        const r = replyToDiscord(reply, clock());
        await send(i, r.messages, r.ephemeral);
      }
    } catch (err) {
      await apologize(i, err, `${state.command} more`);
    }
  };

  const onAutocomplete = async (i: AutocompleteInteraction): Promise<void> => {
    if (!accepting || !i.inGuild()) return i.respond([]);
    try {
      const focused = i.options.getFocused(true);
      await i.respond(await suggester.suggest(`discord:${i.guildId}`, focused.name, String(focused.value)));
    } catch (err) {
      log.warn({ err, command: i.commandName }, 'autocomplete failed');
      if (!i.responded) await i.respond([]).catch(() => undefined);
    }
  };

  /** A story's Follow button: /follow story for whoever clicked, answered privately. */
  const onFollow = async (i: ButtonInteraction): Promise<void> => {
    if (!accepting) return sendText(i, RESTARTING);
    if (!i.inGuild()) return sendText(i, 'Follow stories from a server: the button works in the channel where the story was posted.');
    const id = /^\d{1,15}$/.test(i.customId.slice(FOLLOW_PREFIX.length)) ? Number(i.customId.slice(FOLLOW_PREFIX.length)) : 0;
    const reply = await runCommand(app, context(i), 'follow', 'story', { id });
    await sendText(i, reply.kind === 'briefing' || reply.kind === 'digest' ? '' : reply.text);
  };

  const dispatch = (i: Interaction): Promise<void> => {
    if (i.isAutocomplete()) return onAutocomplete(i);
    if (i.isChatInputCommand()) return onCommand(i);
    if (i.isButton() && codec.owns(i.customId)) return onMore(i);
    if (i.isButton() && i.customId.startsWith(FOLLOW_PREFIX)) return onFollow(i).catch((err: unknown) => apologize(i, err, 'follow'));
    if (i.isButton() && ownsSources(i.customId)) return accepting ? onSources(app, i).catch((err: unknown) => apologize(i, err, 'sources')) : sendText(i, RESTARTING);
    if (i.isButton() && ownsFeedback(i.customId)) return accepting ? onFeedback(app, i, clock()).catch((err: unknown) => apologize(i, err, 'feedback')) : sendText(i, RESTARTING);
    return Promise.resolve();
  };


  const idle = async (): Promise<void> => {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  };

  return {
    handle(i) {
      const p = dispatch(i).catch((err: unknown) => log.error({ err, errorId: errorId() }, 'interaction handling failed'));
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      return p;
    },
    inFlight: () => inflight.size,
    idle,
    async drain(ms) {
      accepting = false;
      const ac = new AbortController();
      await Promise.race([idle(), sleep(ms, undefined, { signal: ac.signal }).catch(() => undefined)]);
      ac.abort();
      if (inflight.size > 0) log.warn({ inFlight: inflight.size }, 'stopping with replies still in flight');
    },
    warm: () => suggester.warm(),
  };
}
