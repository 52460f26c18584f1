// The feed fetcher: node:http/https (not global fetch, so the socket's `lookup` can be vetted — see net.ts), http(s)
// only, at most 5 redirects each re-checked, one total deadline (10 s, so a slow-drip server times out), a size cap
// counted on the bytes received AND on the decompressed bytes (gzip, deflate, br), conditional GET (ETag /
// Last-Modified), a configurable User-Agent, and one request at a time per host. Every failure is a FetchError
// whose message is precise enough to show an admin ("DNS: …", "TLS: …", "HTTP 404 Not Found", "too large …").
import http from 'node:http';
import type { Clock } from '../clock.js';
import https from 'node:https';
import zlib from 'node:zlib';
import { checkLiteralHost, guardedLookup, PrivateAddressError, type Resolver } from './net.js';

/** Fetch limits and identity; defaults are the issue's: 10 s, 5 MB, 5 redirects. */
export interface FetcherOptions {
  /** Lift the private-address block (NEWSBRIEF_ALLOW_PRIVATE_FEEDS=1): tests and self-hosted intranets. */
  allowPrivate: boolean;
  /** User-Agent header (NEWSBRIEF_FEED_USER_AGENT). */
  userAgent: string;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** DNS resolver (tests inject answers). */
  resolver?: Resolver;
  /** The address policy (default net.ts blockedReason); tests exempt the fake server's own address. */
  blocked?: (address: string) => string | undefined;
  /** The program's clock (a Retry-After date is relative to it). */
  now: Clock;
  /** One request at a time per host across processes too (host-lease.ts); without it, only within this process. */
  hostLease?: HostLease;
}

/** A lease on a host shared by every process: `acquire` resolves, once this process may send, with the release. */
export interface HostLease {
  acquire(host: string): Promise<() => Promise<void>>;
}

export const FETCH_DEFAULTS = { timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 } as const;

/** Why a fetch failed: a short code for logic, the message for people. */
export type FetchErrorCode =
  | 'url' | 'private' | 'dns' | 'tls' | 'connect' | 'http' | 'timeout' | 'too-large' | 'redirects' | 'decompress' | 'network';

export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly code: FetchErrorCode,
    message: string,
    readonly extra: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
  }
}

export interface FetchRequest {
  url: string;
  accept: string;
  etag?: string;
  lastModified?: string;
}

export type FetchResult =
  | { kind: 'not-modified'; url: string }
  | { kind: 'ok'; url: string; status: number; body: Buffer; contentType?: string; etag?: string; lastModified?: string };

export interface FeedFetcher {
  /** GETs a URL under every limit above; throws FetchError. */
  fetch(req: FetchRequest): Promise<FetchResult>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const TLS_CODE_RE = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)|_CERT|HOSTNAME_MISMATCH/;

function mb(bytes: number): string {
  const v = bytes / (1024 * 1024);
  return `${Number.isInteger(v) ? v : v.toFixed(1)} MB`;
}

/** Turns a socket/request error into a FetchError with a precise message. */
function describeError(err: unknown, host: string): FetchError {
  if (err instanceof FetchError) return err;
  if (err instanceof PrivateAddressError) return new FetchError('private', err.message);
  const e = err as NodeJS.ErrnoException & { reason?: string };
  const code = e.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NODATA' || code === 'EAI_NONAME') {
    return new FetchError('dns', `DNS: ${host} could not be resolved (${code})`);
  }
  if (TLS_CODE_RE.test(code)) return new FetchError('tls', `TLS: ${e.reason ?? e.message} (${code})`);
  if (code === 'EPROTO' && /SSL routines/.test(e.message)) {
    // OpenSSL's text: "…:SSL routines:ssl3_get_record:wrong version number:…" -> "wrong version number".
    const what = /SSL routines:[^:]*:([^:]+)/.exec(e.message)?.[1] ?? 'handshake failed';
    return new FetchError('tls', `TLS: ${what} (${code})`);
  }
  if (code === 'ECONNREFUSED') return new FetchError('connect', `connection refused by ${host}`);
  if (code === 'ECONNRESET' || code === 'EPIPE') return new FetchError('network', `connection reset by ${host}`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new FetchError('connect', `${host} is unreachable (${code})`);
  if (code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) return new FetchError('network', `invalid HTTP response from ${host} (${code})`);
  return new FetchError('network', `${e.message || String(err)}${code ? ` (${code})` : ''}`);
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d{1,7}$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Runs `fn` after every earlier task of the same key has settled (one request at a time per host). */
function createHostQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const prev = tails.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

function decompress(body: Buffer, encoding: string, maxBytes: number): Buffer {
  const opts = { maxOutputLength: maxBytes + 1 };
  try {
    let out: Buffer;
    if (encoding === 'gzip' || encoding === 'x-gzip') out = zlib.gunzipSync(body, opts);
    else if (encoding === 'br') out = zlib.brotliDecompressSync(body, opts);
    // "deflate" is zlib-wrapped by the spec, raw deflate in practice on some servers: the first byte tells.
    else if (encoding === 'deflate') out = ((body[0] ?? 0) & 0x0f) === 8 ? zlib.inflateSync(body, opts) : zlib.inflateRawSync(body, opts);
    else return body;
    if (out.length > maxBytes) throw new FetchError('too-large', `too large: more than ${mb(maxBytes)} after decompression`);
    return out;
  } catch (err) {
    if (err instanceof FetchError) throw err;
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new FetchError('too-large', `too large: more than ${mb(maxBytes)} after decompression`);
    }
    throw new FetchError('decompress', `could not decompress the ${encoding} response: ${(err as Error).message}`);
  }
}

/** Creates a fetcher; one per process, so the per-host queue is shared by the poller and the commands. */
export function createFetcher(o: FetcherOptions): FeedFetcher {
  const timeoutMs = o.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const maxBytes = o.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const maxRedirects = o.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const lookup = guardedLookup({ allowPrivate: o.allowPrivate, ...(o.resolver ? { resolver: o.resolver } : {}), ...(o.blocked ? { blocked: o.blocked } : {}) });
  const perHost = createHostQueue();

  /** One request (no redirect following); resolves with the status, headers and the raw (compressed) body. */
  const once = (url: URL, req: FetchRequest, deadline: number) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        reject(new FetchError('timeout', `timed out after ${timeoutMs / 1000} s`));
        return;
      }
      const headers: Record<string, string> = {
        'user-agent': o.userAgent,
        accept: req.accept,
        'accept-encoding': 'gzip, deflate, br',
      };
      if (req.etag) headers['if-none-match'] = req.etag;
      if (req.lastModified) headers['if-modified-since'] = req.lastModified;
      const mod = url.protocol === 'https:' ? https : http;
      let settled = false;
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        r.destroy();
        reject(describeError(err, url.hostname));
      };
      const r = mod.request(url, { method: 'GET', headers, lookup, agent: false }, (res) => {
        const status = res.statusCode ?? 0;
        // Only the body of a 200 matters; anything else is drained up to a small amount.
        const cap = status === 200 ? maxBytes : 64 * 1024;
        const declared = Number(res.headers['content-length']);
        if (status === 200 && Number.isFinite(declared) && declared > maxBytes) {
          fail(new FetchError('too-large', `too large: ${mb(declared)} (the limit is ${mb(maxBytes)})`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          res.destroy();
          resolve({ status, headers: res.headers, body: Buffer.concat(chunks) });
        };
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > cap) {
            if (status === 200) fail(new FetchError('too-large', `too large: more than ${mb(maxBytes)}`));
            else finish();
            return;
          }
          chunks.push(c);
        });
        res.on('end', finish);
        res.on('error', fail);
        res.on('aborted', () => fail(new FetchError('network', `connection closed by ${url.hostname} before the end of the response`)));
      });
      const timer = setTimeout(() => fail(new FetchError('timeout', `timed out after ${timeoutMs / 1000} s`)), remaining);
      r.on('error', fail);
      r.end();
    });

  return {
    async fetch(req) {
      // The clock starts when the first request gets its turn at the host, not while it waits behind others.
      let deadline: number | undefined;
      let current: URL;
      try {
        current = new URL(req.url);
      } catch {
        throw new FetchError('url', `not a valid URL: ${req.url.slice(0, 200)}`);
      }
      for (let hop = 0; ; hop++) {
        if (current.protocol !== 'http:' && current.protocol !== 'https:') {
          throw new FetchError('url', `only http and https URLs can be fetched, not ${current.protocol.replace(/:$/, '')}`);
        }
        try {
          checkLiteralHost(current.hostname, o.allowPrivate, o.blocked);
        } catch (err) {
          throw describeError(err, current.hostname);
        }
        const target = current;
        const res = await perHost(target.host, async () => {
          const release = o.hostLease ? await o.hostLease.acquire(target.host) : undefined;
          try {
            return await once(target, req, (deadline ??= performance.now() + timeoutMs));
          } finally {
            await release?.();
          }
        });
        const { status, headers } = res;
        if (REDIRECTS.has(status)) {
          const location = headers.location;
          if (!location) throw new FetchError('http', `HTTP ${status} redirect without a Location header`, { status });
          if (hop >= maxRedirects) throw new FetchError('redirects', `too many redirects (more than ${maxRedirects})`);
          try {
            current = new URL(location, target);
          } catch {
            throw new FetchError('http', `HTTP ${status} redirect to an invalid URL`, { status });
          }
          continue;
        }
        if (status === 304) return { kind: 'not-modified', url: target.href };
        if (status !== 200) {
          const text = http.STATUS_CODES[status] ?? '';
          const wait = retryAfterMs(headers['retry-after'], o.now().getTime());
          throw new FetchError('http', `HTTP ${status}${text ? ` ${text}` : ''}`, { status, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
        }
        const encoding = String(headers['content-encoding'] ?? '').trim().toLowerCase();
        const body = decompress(res.body, encoding, maxBytes);
        const etag = headers.etag;
        const lastModified = headers['last-modified'];
        const contentType = headers['content-type'];
        return {
          kind: 'ok',
          url: target.href,
          status,
          body,
          ...(contentType ? { contentType } : {}),
          ...(etag ? { etag } : {}),
          ...(lastModified ? { lastModified } : {}),
        };
      }
    },
  };
}
