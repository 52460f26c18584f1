// Slack OAuth distribution: the app installed in many workspaces, each with its own bot token in newsbrief's store.
// /slack/install starts an install (@slack/oauth's InstallProvider: a signed state, in a cookie too), and
// /slack/oauth_redirect exchanges the code (oauth.v2.access) and saves the installation; both answer with a short page.
// `authorize` gives bolt the token of the workspace (or organization) an event comes from, refreshing a rotating token
// that expires within REFRESH_MARGIN_MS under a lease in the store (no database lock is held while Slack answers), so
// that two instances never spend one refresh token twice. app_uninstalled and tokens_revoked delete the installation
// and pause the workspace's digests. Tokens and secrets are never logged nor shown: the pages carry only ids and names.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { App as BoltApp, AuthorizeResult, AuthorizeSourceData, CustomRoute, Logger as BoltLogger } from '@slack/bolt';
import { ErrorCode, InstallProvider, type CodedError, type Installation } from '@slack/oauth';
import type { WebClient } from '@slack/web-api';
import type { App } from '../../src/app.js';
import type { Logger } from '../../src/log.js';
import { fromRecord, installationId, oauthInstallationStore, signedStateStore, toRecord, type InstallationKey } from './installations.js';

/** Where an install starts and where Slack sends the browser back (set the second as the app's Redirect URL). */
export const SLACK_INSTALL_PATH = '/slack/install';
export const SLACK_REDIRECT_PATH = '/slack/oauth_redirect';

/** A rotating token is refreshed when less than this is left of it (Slack's tokens live 12 hours). */
export const REFRESH_MARGIN_MS = 2 * 60 * 60 * 1000;
/** How long one instance may hold a token refresh (Slack's answer, with the Web API client's retries). */
const REFRESH_LEASE_MS = 120_000;
/** How long a caller waits for another instance's refresh while its own token still works (bolt acks within 3 s). */
const REFRESH_WAIT_VALID_MS = 1_000;
/** How long it waits when its token has expired. */
const REFRESH_WAIT_EXPIRED_MS = 15_000;

/** Why a workspace's digests are paused when the app is removed from it. */
export const UNINSTALLED_REASON = 'newsbrief was uninstalled from this workspace: install it again, then /digest resume';

export interface SlackOAuthOptions {
  /** SLACK_CLIENT_ID, SLACK_CLIENT_SECRET (Basic Information → App Credentials). */
  clientId: string;
  clientSecret: string;
  /** SLACK_STATE_SECRET: signs the OAuth state (any long random string, the same on every instance). */
  stateSecret: string;
  /** The bot scopes to ask for. */
  scopes: readonly string[];
  /** SLACK_REDIRECT_URI: the public URL of /slack/oauth_redirect (needed when the app lists several). */
  redirectUri?: string;
}

export interface SlackOAuth {
  /** The install and redirect pages, for bolt's HTTP receiver. */
  routes: CustomRoute[];
  /** bolt's authorize: the installation of the workspace or organization an event comes from. */
  authorize(source: AuthorizeSourceData<boolean>): Promise<AuthorizeResult>;
  /** The bot token for a workspace (team id), refreshed when it is about to expire; undefined when not installed. */
  tokenFor(teamId: string): Promise<string | undefined>;
  /** Listens for app_uninstalled and tokens_revoked. */
  listen(bolt: BoltApp): void;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small HTML page (the install, success and failure pages). */
function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family:sans-serif;max-width:40em;margin:3em auto"><h1>${escapeHtml(title)}</h1>${body}</body></html>`);
}

/** What the redirect page says when an install fails, and its status. */
function failure(err: CodedError): { status: number; text: string } {
  const again = `Start again at <a href="${SLACK_INSTALL_PATH}">${SLACK_INSTALL_PATH}</a>.`;
  switch (err.code) {
    case ErrorCode.InvalidStateError:
    case ErrorCode.MissingStateError:
      return { status: 400, text: `This install link is not valid here: it is forged, has expired (after 10 minutes) or was started in another browser. ${again}` };
    case ErrorCode.AuthorizationError:
      return { status: 400, text: `The installation was cancelled in Slack. ${again}` };
    case ErrorCode.MissingCodeError:
      return { status: 400, text: `Slack sent no authorization code. ${again}` };
    default: {
      const slack = (err as { data?: { error?: unknown } }).data?.error;
      return { status: 502, text: `Slack did not complete the installation${typeof slack === 'string' ? ` (${escapeHtml(slack)})` : ''}. ${again}` };
    }
  }
}

/** Slack's error code of a failed Web API call (never its message, which may quote the request). */
const slackCode = (err: unknown): string => {
  const e = err as { data?: { error?: unknown }; code?: unknown };
  return typeof e.data?.error === 'string' ? e.data.error : typeof e.code === 'string' ? e.code : 'error';
};

/** Wires OAuth for `core`: `client` is a Web API client without a token (bolt's own, in OAuth mode). */
export function createSlackOAuth(core: App, o: SlackOAuthOptions & { client: () => WebClient; logger: Logger; installerLogger: BoltLogger; apiUrl?: string; retries?: number }): SlackOAuth {
  const log = o.logger;
  const now = core.now;
  const store = core.store.installations;
  const refreshOwner = `oauth:${randomBytes(6).toString('hex')}`;
  const installer = new InstallProvider({
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    stateStore: signedStateStore(o.stateSecret, now),
    installationStore: oauthInstallationStore(store, now),
    installUrlOptions: { scopes: [...o.scopes], ...(o.redirectUri ? { redirectUri: o.redirectUri } : {}) },
    renderHtmlForInstallPath: (url) =>
      '<p>Add newsbrief to your Slack workspace: news briefings on any topic with <code>/brief</code>, and scheduled digests with <code>/digest</code>.</p>' +
      `<p><a id="add-to-slack" href="${escapeHtml(url)}">Add to Slack</a></p>`,
    logger: o.installerLogger,
    clientOptions: { ...(o.apiUrl ? { slackApiUrl: o.apiUrl } : {}), retryConfig: { retries: o.retries ?? 2 } },
  });

  const routes: CustomRoute[] = [
    {
      path: SLACK_INSTALL_PATH,
      method: ['GET'],
      handler: (req: IncomingMessage, res: ServerResponse) => {
        // The page with the "Add to Slack" link; the response also sets the state cookie the redirect checks.
        installer.handleInstallPath(req, res).catch((err: unknown) => {
          log.error({ error: slackCode(err) }, 'slack install page failed');
          if (!res.headersSent) page(res, 500, 'newsbrief', '<p>The install page could not be built; the log says why.</p>');
        });
      },
    },
    {
      path: SLACK_REDIRECT_PATH,
      method: ['GET'],
      handler: (req: IncomingMessage, res: ServerResponse) => {
        void installer.handleCallback(req, res, {
          success: (i: Installation) => {
            const where = i.isEnterpriseInstall ? (i.enterprise?.name ?? i.enterprise?.id ?? 'your organization') : (i.team?.name ?? i.team?.id ?? 'your workspace');
            log.info({ installation: installationId({ teamId: i.team?.id, enterpriseId: i.enterprise?.id, isEnterpriseInstall: i.isEnterpriseInstall }) }, 'slack app installed');
            page(res, 200, 'newsbrief is installed', `<p>newsbrief is now installed in <b>${escapeHtml(where)}</b>. Type <code>/brief</code> in any channel; invite <code>@newsbrief</code> to channels that get digests.</p>`);
          },
          failure: (err: CodedError) => {
            const f = failure(err);
            log.warn({ code: err.code, error: slackCode(err) }, 'slack install refused');
            page(res, f.status, 'newsbrief was not installed', `<p>${f.text}</p>`);
          },
        });
      },
    },
  ];

  const expiresWithin = (i: Installation, ms: number) => {
    const b = i.bot;
    return Boolean(b?.refreshToken && b.expiresAt !== undefined && b.expiresAt * 1000 - now().getTime() < ms);
  };

  /**
   * Refreshes the bot token of installation `id` once across every instance on the database: the refresher holds a
   * time-limited lease (a row in host_leases keyed `oauth-refresh/ID`, judged by the database's clock on PostgreSQL)
   * while it calls Slack, outside any transaction, so no database lock is held over the network; it then saves the new
   * token in a short transaction that locks the row (an uninstall in the meantime wins: nothing is written back). A
   * caller meeting a refresh in progress waits for it (briefly while its token still works, longer once it has expired)
   * and then reads the fresh token; if the refresh is still not done, it keeps using a token that has not expired yet.
   */
  const refresh = async (id: string): Promise<Installation | undefined> => {
    const key = `oauth-refresh/${id}`;
    const t0 = performance.now();
    let pause = 25;
    for (;;) {
      const row = await store.getInstallation(id);
      if (!row) return undefined;
      const current = fromRecord(row);
      if (!current.bot?.refreshToken || !expiresWithin(current, REFRESH_MARGIN_MS)) return current;
      if (await core.store.feeds.leaseHost(key, refreshOwner, now().toISOString(), REFRESH_LEASE_MS)) {
        try {
          return await refreshHeld(id);
        } finally {
          await core.store.feeds.releaseHost(key, refreshOwner);
        }
      }
      const waited = performance.now() - t0;
      if (!expiresWithin(current, 0) && waited > REFRESH_WAIT_VALID_MS) return current;
      if (waited > REFRESH_WAIT_EXPIRED_MS) throw new Error(`another instance has been refreshing the token of ${id} for ${Math.round(waited / 1000)} s`);
      await sleep(pause);
      pause = Math.min(pause * 2, 250);
    }
  };

  /** The refresh itself, by the holder of the lease. */
  const refreshHeld = async (id: string): Promise<Installation | undefined> => {
    // Read again under the lease: another instance may have refreshed between the caller's read and the lease.
    const row = await store.getInstallation(id);
    if (!row) return undefined;
    const current = fromRecord(row);
    const bot = current.bot;
    if (!bot?.refreshToken || !expiresWithin(current, REFRESH_MARGIN_MS)) return current;
    const r = (await o.client().oauth.v2.access({ client_id: o.clientId, client_secret: o.clientSecret, grant_type: 'refresh_token', refresh_token: bot.refreshToken })) as {
      access_token?: string; refresh_token?: string; expires_in?: number;
    };
    if (!r.access_token || !r.refresh_token || r.expires_in === undefined) throw new Error('oauth.v2.access answered without a new token');
    const next: Installation = { ...current, bot: { ...bot, token: r.access_token, refreshToken: r.refresh_token, expiresAt: Math.floor(now().getTime() / 1000) + r.expires_in } };
    const saved = await core.store.transaction(async (tx) => {
      if (!(await tx.installations.lockInstallation(id))) return false;
      await tx.installations.saveInstallation(toRecord(next), now().toISOString());
      return true;
    });
    if (!saved) {
      log.warn({ installation: id }, 'slack token refreshed, but the installation was removed meanwhile: not saved');
      return undefined;
    }
    log.info({ installation: id }, 'slack token refreshed');
    return next;
  };

  /** The installation serving `k` with a usable bot token (refreshed when needed), or undefined. */
  const installationFor = async (k: InstallationKey): Promise<Installation | undefined> => {
    const exact = installationId(k);
    let row = exact ? await store.getInstallation(exact) : undefined;
    if (!row && k.enterpriseId) row = await store.getInstallation(`slack:enterprise:${k.enterpriseId}`);
    if (!row) return undefined;
    const i = fromRecord(row);
    if (!expiresWithin(i, REFRESH_MARGIN_MS)) return i;
    try {
      return await refresh(row.id);
    } catch (err) {
      // The old token still works until it expires: use it and try again on the next event.
      log.warn({ installation: row.id, error: slackCode(err) }, 'slack token refresh failed');
      if (expiresWithin(i, 0)) throw new Error(`the token of ${row.id} expired and could not be refreshed (${slackCode(err)})`, { cause: err });
      return i;
    }
  };

  /** Deletes the installation serving `k` and pauses the digests of its workspace. */
  const uninstall = async (k: InstallationKey, why: string) => {
    const id = installationId(k);
    if (!id) return;
    const removed = await store.deleteInstallation(id);
    const workspaceId = k.isEnterpriseInstall ? undefined : `slack:${k.teamId ?? ''}`;
    let paused = 0;
    if (workspaceId) {
      for (const s of await core.store.digests.activeSubscriptions()) {
        if (s.workspaceId !== workspaceId) continue;
        await core.store.digests.setPaused(s.id, UNINSTALLED_REASON);
        paused++;
      }
    }
    log.info({ installation: id, removed, pausedDigests: paused, event: why }, 'slack app uninstalled: installation deleted');
  };

  return {
    routes,
    async authorize(source) {
      const i = await installationFor(source);
      if (!i?.bot?.token) throw new Error(`newsbrief is not installed in ${installationId(source) ?? 'this workspace'}`);
      return {
        botToken: i.bot.token,
        botId: i.bot.id,
        botUserId: i.bot.userId,
        ...(source.teamId ? { teamId: source.teamId } : i.team?.id ? { teamId: i.team.id } : {}),
        ...(source.enterpriseId ? { enterpriseId: source.enterpriseId } : i.enterprise?.id ? { enterpriseId: i.enterprise.id } : {}),
      };
    },
    async tokenFor(teamId) {
      return (await installationFor({ teamId }))?.bot?.token;
    },
    listen(bolt) {
      type EventBody = { team_id?: string; enterprise_id?: string; authorizations?: { is_enterprise_install?: boolean }[] };
      const keyOf = (body: EventBody): InstallationKey => ({
        teamId: body.team_id,
        enterpriseId: body.enterprise_id,
        isEnterpriseInstall: body.authorizations?.[0]?.is_enterprise_install ?? false,
      });
      bolt.event('app_uninstalled', async ({ body }) => uninstall(keyOf(body as EventBody), 'app_uninstalled'));
      bolt.event('tokens_revoked', async ({ body, event }) => {
        // Only the bot's tokens matter: newsbrief keeps no user tokens.
        if ((event.tokens.bot ?? []).length > 0) await uninstall(keyOf(body as EventBody), 'tokens_revoked');
      });
    },
  };
}
