// Slack installations in newsbrief's own store (the InstallationStore port): the key of a workspace or an organization
// install, the conversion between @slack/oauth's Installation and the stored record (the whole Installation as JSON,
// the bot token's expiry beside it), @slack/oauth's InstallationStore over the port (what the OAuth redirect saves
// through), and the signed, stateless OAuth state (any instance can finish an install another one started).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Installation, InstallationQuery, InstallationStore as OAuthInstallationStore, InstallURLOptions } from '@slack/oauth';
import { InvalidStateError } from '@slack/oauth';
import type { Clock } from '../../src/clock.js';
import type { InstallationStore } from '../../src/store/ports.js';
import type { AppInstallation, NewAppInstallation } from '../../src/store/types.js';

/** Which installation serves a request or a channel: a workspace (team) or a whole Enterprise Grid organization. */
export interface InstallationKey {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}

/** The stored id: 'slack:T…' for a workspace install, 'slack:enterprise:E…' for an organization-wide install. */
export function installationId(k: InstallationKey): string | undefined {
  if (k.isEnterpriseInstall && k.enterpriseId) return `slack:enterprise:${k.enterpriseId}`;
  if (k.teamId) return `slack:${k.teamId}`;
  return k.enterpriseId ? `slack:enterprise:${k.enterpriseId}` : undefined;
}

/** The workspace an installation's digests and topics belong to (the ids commands use); none for an organization. */
export const installationWorkspace = (i: Installation): string | undefined =>
  i.isEnterpriseInstall || !i.team?.id ? undefined : `slack:${i.team.id}`;

/** The record to store: the whole Installation (tokens included) as JSON, and when its bot token expires. */
export function toRecord(i: Installation): NewAppInstallation {
  const id = installationId({ teamId: i.team?.id, enterpriseId: i.enterprise?.id, isEnterpriseInstall: i.isEnterpriseInstall });
  if (!id) throw new Error('a Slack installation without a team or an enterprise id cannot be stored');
  const workspaceId = installationWorkspace(i);
  const expiresAt = i.bot?.expiresAt;
  return {
    id,
    ...(workspaceId ? { workspaceId } : {}),
    data: JSON.stringify(i),
    ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt * 1000).toISOString() }),
  };
}

export const fromRecord = (r: AppInstallation): Installation => JSON.parse(r.data) as Installation;

/** @slack/oauth's InstallationStore over newsbrief's store: what the OAuth redirect saves the installation through. */
export function oauthInstallationStore(store: InstallationStore, now: Clock): OAuthInstallationStore {
  const find = async (q: InstallationQuery<boolean>): Promise<Installation | undefined> => {
    const exact = installationId(q);
    const row = exact ? await store.getInstallation(exact) : undefined;
    // An org-wide install also serves each workspace of the organization.
    const org = !row && q.enterpriseId ? await store.getInstallation(`slack:enterprise:${q.enterpriseId}`) : undefined;
    const found = row ?? org;
    return found ? fromRecord(found) : undefined;
  };
  return {
    async storeInstallation(i) {
      await store.saveInstallation(toRecord(i as Installation), now().toISOString());
    },
    async fetchInstallation(q) {
      const i = await find(q);
      if (!i) throw new Error(`newsbrief is not installed in ${installationId(q) ?? 'this workspace'}`);
      return i;
    },
    async deleteInstallation(q) {
      const id = installationId(q);
      if (id) await store.deleteInstallation(id);
    },
  };
}

/**
 * The OAuth `state`: the install options and the time, signed with SLACK_STATE_SECRET (HMAC-SHA256), valid for
 * `maxAgeSeconds`. Nothing is stored, so the redirect may reach any instance. Times come from the program's clock.
 */
export function signedStateStore(secret: string, now: Clock, maxAgeSeconds = 600) {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  return {
    async generateStateParam(installOptions: InstallURLOptions): Promise<string> {
      const payload = Buffer.from(JSON.stringify({ o: installOptions, t: now().getTime(), r: randomBytes(8).toString('hex') })).toString('base64url');
      return `${payload}.${sign(payload)}`;
    },
    async verifyStateParam(_now: Date, state: string): Promise<InstallURLOptions> {
      const [payload = '', mac = ''] = state.split('.');
      const want = Buffer.from(sign(payload));
      const got = Buffer.from(mac);
      if (!payload || got.length !== want.length || !timingSafeEqual(got, want)) throw new InvalidStateError('The state parameter is not signed by this app.');
      const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { o: InstallURLOptions; t: number };
      const age = (now().getTime() - decoded.t) / 1000;
      if (!(age <= maxAgeSeconds && age >= -60)) throw new InvalidStateError('The state parameter has expired.');
      return decoded.o;
    },
  };
}
