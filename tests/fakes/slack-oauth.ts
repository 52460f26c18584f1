// The OAuth side of the fake Slack (tests/fakes/slack.ts): oauth.v2.access exchanging install codes for per-workspace
// bot tokens, and (with rotation on) refresh tokens for new ones, each refresh token usable once, as Slack does.
// Plug it in with startFakeSlack({ tokenTeam: o.tokenTeam, methods: o.methods }).

export interface FakeWorkspace {
  teamId: string;
  teamName: string;
}

export interface FakeSlackOAuth {
  /** The team a bot token belongs to (undefined: not a token Slack issued, or revoked). */
  tokenTeam(token: string | undefined): string | undefined;
  methods: Record<string, (params: Record<string, unknown>) => unknown>;
  /** A code the redirect can exchange once for an install in `ws`. */
  grant(ws: FakeWorkspace): string;
  /** Every token issued to a team, oldest first. */
  tokensOf(teamId: string): string[];
  /** Every refresh token and bot token issued (for "never in a log" checks). */
  readonly issued: string[];
  /** refresh_token grants answered, and refused because the refresh token was already spent. */
  readonly refreshes: { ok: number; spent: number };
  /** Revokes every token of a team (what uninstalling does). */
  revoke(teamId: string): void;
  /** Holds the next refresh_token grant (before it spends the refresh token) until `release()`; `arrived` resolves
   *  when it reaches the fake. */
  holdRefresh(): { arrived: Promise<void>; release(): void };
}

/** `expiresIn` (seconds) turns token rotation on: installs and refreshes then carry a refresh token. */
export function fakeSlackOAuth(o: { clientId: string; clientSecret: string; expiresIn?: number; refreshedExpiresIn?: number }): FakeSlackOAuth {
  const tokens = new Map<string, string>();
  const refreshTokens = new Map<string, string>();
  const codes = new Map<string, FakeWorkspace>();
  const names = new Map<string, string>();
  const issued: string[] = [];
  const refreshes = { ok: 0, spent: 0 };
  let n = 0;
  let hold: { arrive(): void; released: Promise<void> } | undefined;
  const issue = (teamId: string, expiresIn: number | undefined) => {
    n++;
    const token = `xoxb-${teamId}-${n}-fakebottoken`;
    tokens.set(token, teamId);
    issued.push(token);
    if (expiresIn === undefined) return { access_token: token };
    const refresh = `xoxe-1-${teamId}-${n}-fakerefresh`;
    refreshTokens.set(refresh, teamId);
    issued.push(refresh);
    return { access_token: token, refresh_token: refresh, expires_in: expiresIn };
  };
  const common = (teamId: string) => ({
    ok: true, app_id: 'A0TEST', scope: 'channels:history,chat:write,commands,groups:history,im:write,users:read', token_type: 'bot', bot_user_id: 'U0BOT',
    team: { id: teamId, name: names.get(teamId) ?? teamId }, enterprise: null, is_enterprise_install: false,
  });
  return {
    tokenTeam: (token) => (token ? tokens.get(token) : undefined),
    methods: {
      async 'oauth.v2.access'(p) {
        if (p.client_id !== o.clientId) return { ok: false, error: 'invalid_client_id' };
        if (p.client_secret !== o.clientSecret) return { ok: false, error: 'bad_client_secret' };
        if (p.grant_type === 'refresh_token') {
          const held = hold;
          hold = undefined;
          if (held) {
            held.arrive();
            await held.released;
          }
          const teamId = refreshTokens.get(String(p.refresh_token));
          if (!teamId) {
            refreshes.spent++;
            return { ok: false, error: 'invalid_refresh_token' };
          }
          refreshTokens.delete(String(p.refresh_token));
          refreshes.ok++;
          return { ...common(teamId), ...issue(teamId, o.refreshedExpiresIn ?? 43_200) };
        }
        const ws = codes.get(String(p.code));
        if (!ws) return { ok: false, error: 'invalid_code' };
        codes.delete(String(p.code));
        return { ...common(ws.teamId), authed_user: { id: 'U0INSTALLER' }, ...issue(ws.teamId, o.expiresIn) };
      },
    },
    grant(ws) {
      const code = `code-${ws.teamId}-${codes.size + n + 1}`;
      codes.set(code, ws);
      names.set(ws.teamId, ws.teamName);
      return code;
    },
    tokensOf: (teamId) => [...tokens].filter(([, t]) => t === teamId).map(([k]) => k),
    issued,
    refreshes,
    revoke(teamId) {
      for (const [k, t] of tokens) if (t === teamId) tokens.delete(k);
    },
    holdRefresh() {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((r) => (arrive = r));
      hold = { arrive, released: new Promise<void>((r) => (release = r)) };
      return { arrived, release };
    },
  };
}
