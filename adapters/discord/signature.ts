// Ed25519 checks of the requests Discord sends to the HTTP interactions endpoint, with node:crypto alone: the
// signature in X-Signature-Ed25519 covers X-Signature-Timestamp followed by the raw body, under the application's
// public key (DISCORD_PUBLIC_KEY, 64 hex digits); a timestamp outside the replay window fails like a bad signature.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** DER prefix that turns a raw 32-byte Ed25519 public key into an SPKI structure node:crypto can import. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** How far (seconds) a request's timestamp may be from our clock, either way. */
export const REPLAY_WINDOW_SECONDS = 300;

/** The application's public key (64 hex digits, as the Developer Portal shows it) as a key object. */
export function discordPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('a Discord public key is 64 hexadecimal digits');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

export interface SignedRequest {
  /** X-Signature-Ed25519: 128 hex digits. */
  signature: string | undefined;
  /** X-Signature-Timestamp: Unix seconds. */
  timestamp: string | undefined;
  body: Buffer;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Whether Discord signed this request, recently: the reason names what failed. */
export function checkSignature(key: KeyObject, r: SignedRequest, nowMs: number, windowSeconds = REPLAY_WINDOW_SECONDS): SignatureCheck {
  if (!r.signature || !r.timestamp) return { ok: false, reason: 'missing X-Signature-Ed25519 or X-Signature-Timestamp' };
  if (!/^[0-9a-f]{128}$/i.test(r.signature)) return { ok: false, reason: 'malformed signature' };
  if (!/^\d{1,12}$/.test(r.timestamp)) return { ok: false, reason: 'malformed timestamp' };
  const ageSeconds = nowMs / 1000 - Number(r.timestamp);
  if (Math.abs(ageSeconds) > windowSeconds) return { ok: false, reason: `timestamp ${Math.round(ageSeconds)} s away from now (more than ${windowSeconds} s)` };
  const signed = Buffer.concat([Buffer.from(r.timestamp, 'utf8'), r.body]);
  return verify(null, signed, key, Buffer.from(r.signature, 'hex')) ? { ok: true } : { ok: false, reason: 'signature does not match' };
}
