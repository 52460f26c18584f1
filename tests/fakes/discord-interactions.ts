// Discord's side of HTTP interactions, for tests: an Ed25519 key pair made here (the application's key; the bot gets
// the public half as DISCORD_PUBLIC_KEY), requests signed as Discord signs them (timestamp + raw body), and POSTs to
// the bot's interactions endpoint on 127.0.0.1, signed, unsigned, stale or tampered.
import { generateKeyPairSync, sign } from 'node:crypto';
import type { HttpAnswer } from './discord.js';

export interface SignedPost {
  /** Unix seconds to sign with (default: now). */
  timestamp?: number;
  /** Headers to leave out, e.g. ['x-signature-ed25519']. */
  omit?: string[];
  /** Change the body after signing it. */
  tamper?: (body: string) => string;
  /** Extra headers. */
  headers?: Record<string, string>;
}

/** A signing key pair and a poster for one endpoint URL (set later with `at`). */
export function createInteractionSigner() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The raw 32-byte key is the end of its SPKI encoding; the Developer Portal shows it as hex.
  const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  let url = '';
  const signature = (timestamp: string, body: string) => sign(null, Buffer.from(timestamp + body, 'utf8'), privateKey).toString('hex');

  /** POSTs `body` (a string is sent as is) to the endpoint, signed unless told otherwise. */
  async function post(body: unknown, o: SignedPost = {}): Promise<HttpAnswer> {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-signature-ed25519': signature(timestamp, text),
      'x-signature-timestamp': timestamp,
      ...o.headers,
    };
    for (const h of o.omit ?? []) delete headers[h];
    const res = await fetch(url, { method: 'POST', headers, body: o.tamper ? o.tamper(text) : text });
    return { status: res.status, body: await res.text() };
  }

  return {
    publicKeyHex,
    /** Points later posts at the bot's endpoint. */
    at(endpoint: string) {
      url = endpoint;
    },
    post,
    signature,
  };
}
