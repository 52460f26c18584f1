// The Ed25519 check of Discord's interaction requests (adapters/discord/signature.ts) with keys made here: a request
// signed over timestamp + body passes inside the replay window, and every other case names why it fails.
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignature, discordPublicKey, REPLAY_WINDOW_SECONDS } from '../../adapters/discord/signature.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const hex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const key = discordPublicKey(hex);
const NOW_MS = 1_800_000_000_000;
const ts = String(NOW_MS / 1000);
const body = Buffer.from('{"type":1}');
const sig = (t: string, b: Buffer) => sign(null, Buffer.concat([Buffer.from(t), b]), privateKey).toString('hex');

describe('Discord request signatures', () => {
  it('accepts a request signed over timestamp + body, at both ends of the window', () => {
    expect(checkSignature(key, { signature: sig(ts, body), timestamp: ts, body }, NOW_MS)).toEqual({ ok: true });
    for (const edge of [-REPLAY_WINDOW_SECONDS, REPLAY_WINDOW_SECONDS]) {
      const t = String(NOW_MS / 1000 + edge);
      expect(checkSignature(key, { signature: sig(t, body), timestamp: t, body }, NOW_MS)).toEqual({ ok: true });
    }
  });

  it('refuses, naming why: missing headers, malformed values, outside the window, another body, another key', () => {
    const reason = (r: ReturnType<typeof checkSignature>) => (r.ok ? 'ok' : r.reason);
    expect(reason(checkSignature(key, { signature: undefined, timestamp: ts, body }, NOW_MS))).toMatch(/^missing/);
    expect(reason(checkSignature(key, { signature: sig(ts, body), timestamp: undefined, body }, NOW_MS))).toMatch(/^missing/);
    expect(reason(checkSignature(key, { signature: 'zz', timestamp: ts, body }, NOW_MS))).toBe('malformed signature');
    expect(reason(checkSignature(key, { signature: sig(ts, body), timestamp: '12ab', body }, NOW_MS))).toBe('malformed timestamp');
    const old = String(NOW_MS / 1000 - REPLAY_WINDOW_SECONDS - 1);
    expect(reason(checkSignature(key, { signature: sig(old, body), timestamp: old, body }, NOW_MS))).toMatch(/^timestamp 301 s away/);
    expect(reason(checkSignature(key, { signature: sig(ts, body), timestamp: ts, body: Buffer.from('{"type":2}') }, NOW_MS))).toBe('signature does not match');
    const other = discordPublicKey(generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex'));
    expect(reason(checkSignature(other, { signature: sig(ts, body), timestamp: ts, body }, NOW_MS))).toBe('signature does not match');
  });

  it('takes the public key as the 64 hex digits the Developer Portal shows, and nothing else', () => {
    expect(() => discordPublicKey(hex.slice(2))).toThrow(/64 hexadecimal digits/);
    expect(() => discordPublicKey(`${hex.slice(1)}g`)).toThrow(/64 hexadecimal digits/);
  });
});
