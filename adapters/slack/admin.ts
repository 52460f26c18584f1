// Who may run admin-only subcommands on Slack: workspace admins and owners (users.info: is_admin, is_owner,
// is_primary_owner — needs the users:read scope), plus the user ids listed in NEWSBRIEF_SLACK_ADMINS. Lookups are
// cached for a few minutes (users.info is rate-limited, Tier 4) and concurrent lookups of one user share a request.

/** Reads users.info for one user: true when the user is an admin or owner of the workspace. */
export type AdminLookup = (teamId: string, userId: string) => Promise<boolean>;

export interface AdminCheckOptions {
  lookup: AdminLookup;
  /** Slack user ids that are always admins (NEWSBRIEF_SLACK_ADMINS). */
  admins?: ReadonlySet<string>;
  /** How long a lookup is trusted (default 5 minutes). */
  ttlMs?: number;
  /** Most users cached (default 5,000). */
  max?: number;
  now?: () => number;
}

/** Returns `isAdmin(teamId, userId)`. A failed lookup is not cached and rejects (the caller answers with an error id). */
export function createAdminCheck(o: AdminCheckOptions): (teamId: string, userId: string) => Promise<boolean> {
  const ttl = o.ttlMs ?? 5 * 60_000;
  const max = o.max ?? 5000;
  const now = o.now ?? Date.now;
  const admins = o.admins ?? new Set<string>();
  const cache = new Map<string, { value: Promise<boolean>; expires: number }>();
  return (teamId, userId) => {
    if (admins.has(userId)) return Promise.resolve(true);
    const key = `${teamId}:${userId}`;
    const hit = cache.get(key);
    if (hit && hit.expires > now()) return hit.value;
    const value = o.lookup(teamId, userId);
    cache.delete(key);
    cache.set(key, { value, expires: now() + ttl });
    value.catch(() => {
      if (cache.get(key)?.value === value) cache.delete(key);
    });
    while (cache.size > max) cache.delete(cache.keys().next().value as string);
    return value;
  };
}

const USER_ID_RE = /^[UW][A-Z0-9]{2,}$/;

/** Parses NEWSBRIEF_SLACK_ADMINS ("U012AB3CD, W0456EF"): the ids, and any entries that are not Slack user ids. */
export function parseAdminList(value: string | undefined): { ids: Set<string>; invalid: string[] } {
  const ids = new Set<string>();
  const invalid: string[] = [];
  for (const part of (value ?? '').split(/[\s,;]+/)) {
    if (!part) continue;
    if (USER_ID_RE.test(part)) ids.add(part);
    else invalid.push(part);
  }
  return { ids, invalid };
}
