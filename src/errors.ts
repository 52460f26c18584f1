// Errors with a known meaning (no error codes): commands/run.ts alone decides how each becomes a reply.

/** A problem the user can fix; its message is safe to show as-is. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** Configuration is missing or invalid; the message names the variable or file to fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** An input (file, record) that cannot become an article; the batch goes on without it. */
export class RejectedInput extends Error {
  override readonly name = 'RejectedInput';
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
};

/** "connection refused (ECONNREFUSED)" when `err` (or an error it wraps) is a network failure, else undefined. */
export function networkProblem(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const o = e as { code?: unknown; errno?: unknown; cause?: unknown; original?: unknown; errors?: unknown };
    const code = typeof o.code === 'string' ? o.code : undefined;
    if (code && NETWORK_CODES[code]) return `${NETWORK_CODES[code]} (${code})`;
    if (Array.isArray(o.errors) && o.errors.length > 0) e = o.errors[0];
    else e = o.cause ?? o.original;
  }
  return undefined;
}
