// Texts passed here (notes, DMs) are our own and may use mrkdwn (`<#C…>` links); article text only reaches Slack
// through the renderers, which escape it.
// Posts scheduled digests to Slack channels with chat.postMessage (the bolt app's Web API client, which waits out
// 429s for the Retry-After it is given); with OAuth, each with the token of the channel's workspace. Every page of the digest is posted in order, without "More" buttons.
// Failures are classified for the scheduler: channel_not_found, not_in_channel, is_archived and auth errors are fatal;
// rate limits, 5xx and network errors are retryable. Slack has no nonce: the ledger keeps a slot to one post, except
// for a crash in the moment between Slack accepting the message and the ledger recording it (docs/decisions/004).
// Story updates are replies in the digest message's thread (thread_ts; thread.ts renders them), carrying their nonce
// in message metadata: one that may have been posted (a claim taken over after a crash) is looked for first.
import type { WebClient } from '@slack/web-api';
import { DeliveryError, platformId, type DigestPoster, type PostContent } from '../../src/schedule/delivery.js';
import type { SlackMessage } from './limits.js';
import { digestToBlockKit, noticeToSlack } from './render.js';
import { findUpdate, updateMetadata, updateToSlack } from './thread.js';

/** Slack error strings that no retry will fix, with what to tell the admin. */
const FATAL: Record<string, string> = {
  channel_not_found: 'the channel no longer exists or newsbrief cannot see it (Slack: channel_not_found)',
  not_in_channel: 'newsbrief is not a member of the channel: invite it with /invite @newsbrief (Slack: not_in_channel)',
  is_archived: 'the channel is archived (Slack: is_archived)',
  channel_is_archived: 'the channel is archived (Slack: channel_is_archived)',
  restricted_action: 'the workspace does not let newsbrief post there (Slack: restricted_action)',
  missing_scope: 'the app lacks the chat:write scope (Slack: missing_scope)',
  invalid_auth: 'Slack rejected the bot token (invalid_auth)',
  not_authed: 'Slack rejected the bot token (not_authed)',
  token_revoked: 'the bot token was revoked (token_revoked)',
  account_inactive: 'the app was uninstalled (account_inactive)',
  access_denied: 'Slack denied access (access_denied)',
  user_not_found: 'the user no longer exists (user_not_found)',
  user_disabled: 'the user was deactivated (user_disabled)',
  cannot_dm_bot: 'Slack does not let newsbrief message this user (cannot_dm_bot)',
};

/** A Web API error as a DeliveryError the scheduler understands. */
export function classifySlackError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number; message?: string; original?: { code?: string } };
  if (e.code === 'slack_webapi_platform_error') {
    const code = e.data?.error ?? 'unknown_error';
    if (code === 'ratelimited') return new DeliveryError('rate limited by Slack', 'retryable', code);
    const known = FATAL[code];
    if (known) return new DeliveryError(known, 'fatal', code);
    if (code === 'fatal_error' || code === 'internal_error' || code === 'service_unavailable') return new DeliveryError(`Slack failed (${code})`, 'retryable', code);
    return new DeliveryError(`Slack refused the message (${code})`, 'fatal', code);
  }
  if (e.code === 'slack_webapi_rate_limited_error') {
    return new DeliveryError('rate limited by Slack', 'retryable', '429', (e.retryAfter ?? 1) * 1000);
  }
  if (e.code === 'slack_webapi_http_error') {
    const status = e.statusCode ?? 0;
    return new DeliveryError(`Slack answered HTTP ${status}`, status >= 500 || status === 429 || status === 0 ? 'retryable' : 'fatal', String(status));
  }
  const m = /retry-after: (\d+)/i.exec(e.message ?? '');
  if (m) return new DeliveryError('rate limited by Slack', 'retryable', '429', Number(m[1]) * 1000);
  return new DeliveryError(`could not reach Slack (${e.original?.code ?? e.code ?? e.message ?? 'network error'})`, 'retryable', e.original?.code ?? e.code ?? 'network');
}

export interface SlackPosterOptions {
  connected: () => boolean;
  /** OAuth mode: the bot token of a workspace (team id), undefined when newsbrief is not installed there. Without it,
   * the client's own token posts everywhere (one workspace). */
  tokenFor?: (teamId: string) => Promise<string | undefined>;
  /** Posts in flight at once (default 4; Slack allows about one message per second per channel). */
  concurrency?: number;
  /** The program's clock (app.now). */
  now: () => Date;
  /** Told when a thread could not be searched for an update already posted (e.g. no channels:history scope). */
  onLookupFailed?: (err: DeliveryError) => void;
}

/** The Slack side of the scheduler's Poster port. */
export function createSlackPoster(client: WebClient, opts: SlackPosterOptions): DigestPoster {
  const now = opts.now;
  /** The token to post with in workspace `team` (OAuth), or undefined for the client's own. */
  const tokenOf = async (team: string | undefined): Promise<string | undefined> => {
    if (!opts.tokenFor) return undefined;
    const token = team ? await opts.tokenFor(team) : undefined;
    if (!token) throw new DeliveryError(`newsbrief is not installed in this Slack workspace${team ? ` (${team})` : ''}: install it again, then /digest resume`, 'fatal', 'not_installed');
    return token;
  };
  const send = async (channel: string, m: SlackMessage, token: string | undefined, threadTs?: string, nonce?: string): Promise<string> => {
    const res = await client.chat.postMessage({
      ...(token ? { token } : {}), channel, text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}), ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(nonce ? { metadata: updateMetadata(nonce) } : {}), unfurl_links: false, unfurl_media: false,
    });
    return String(res.ts ?? '');
  };
  return {
    platform: 'slack',
    concurrency: opts.concurrency ?? 4,
    connected: opts.connected,
    async post(channelId, content: PostContent) {
      const channel = platformId(channelId);
      const pages = content.kind === 'digest' ? digestToBlockKit(content.digest, { now: now() }) : [{ text: content.text }];
      let first: string | undefined;
      try {
        // 'slack:<team>:<channel>': the team picks the installation.
        const token = await tokenOf(channelId.split(':')[1]);
        for (const p of pages) {
          const ts = await send(channel, p, token);
          first ??= ts;
        }
      } catch (err) {
        throw classifySlackError(err);
      }
      return `slack:${channel}:${first ?? ''}`;
    },
    async postUpdate(thread, update, { nonce, maybePosted }) {
      // messageRef is 'slack:<channel>:<ts>' (what post() returned); the channel id carries the workspace.
      const [, channel = '', ts = ''] = thread.messageRef.split(':');
      try {
        const token = await tokenOf(thread.channelId.split(':')[1]);
        // Slack has no nonce: a reply that may be posted already (a takeover, a retry) is looked for in the thread by
        // the nonce in its metadata. Without the history scopes the lookup fails and the reply is posted (as before).
        if (maybePosted) {
          const found = await findUpdate(client, channel, ts, nonce, token).catch((err: unknown) => {
            opts.onLookupFailed?.(classifySlackError(err));
            return undefined;
          });
          if (found) return `slack:${channel}:${found}`;
        }
        return `slack:${channel}:${await send(channel, updateToSlack(update), token, ts, nonce)}`;
      } catch (err) {
        throw classifySlackError(err);
      }
    },
    async dm(userId, notice, o) {
      try {
        const token = await tokenOf(o?.workspaceId?.split(':')[1]);
        // The user's direct message channel (an error here: the user left, was deactivated, or cannot be messaged).
        const open = await client.conversations.open({ ...(token ? { token } : {}), users: platformId(userId) });
        await send(open.channel?.id ?? platformId(userId), noticeToSlack(notice), token);
      } catch (err) {
        throw classifySlackError(err);
      }
    },
  };
}
