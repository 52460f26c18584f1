// Bytes → text for feeds and article pages. Feeds: a BOM, else the XML declaration's encoding, else the HTTP charset,
// else UTF-8 — decoded strictly, so invalid UTF-8 is a clear error rather than silent mojibake. Pages: BOM, HTTP
// charset, <meta charset>, else UTF-8, decoded leniently (a page only feeds the extractor). Node 20's TextDecoder has
// full ICU, so Latin-1, windows-125x, Shift_JIS, EUC-KR … need no extra package.
import { TextDecoder } from 'node:util';

/** A feed that cannot be read as text: the message says why. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

const XML_DECL_RE = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/;
const CHARSET_RE = /;\s*charset\s*=\s*"?([A-Za-z0-9._:-]{1,40})"?/i;
const META_CHARSET_RE = /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})/i;

/** The charset parameter of a Content-Type header. */
export function charsetOf(contentType: string | undefined): string | undefined {
  return contentType ? CHARSET_RE.exec(contentType)?.[1]?.toLowerCase() : undefined;
}

function bomEncoding(b: Buffer): { encoding: string; skip: number } | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return undefined;
}

/** Offset of the first byte that breaks UTF-8, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function decoderFor(label: string, fatal: boolean): TextDecoder {
  try {
    return new TextDecoder(label, { fatal });
  } catch {
    throw new DecodeError(`unsupported character encoding "${label}"`);
  }
}

/** Decodes a feed document; throws DecodeError for an unknown encoding or invalid UTF-8. */
export function decodeFeed(body: Buffer, contentType?: string): string {
  const bom = bomEncoding(body);
  const bytes = bom ? body.subarray(bom.skip) : body;
  // The declaration is ASCII in every encoding a feed uses (UTF-16 has a BOM), so a latin1 view of the head finds it.
  const declared = bom ? undefined : XML_DECL_RE.exec(bytes.subarray(0, 512).toString('latin1'))?.[1]?.toLowerCase();
  const label = bom?.encoding ?? declared ?? charsetOf(contentType) ?? 'utf-8';
  const decoder = decoderFor(label, true);
  try {
    return decoder.decode(bytes);
  } catch {
    // Only a failed decode pays for finding where the bad byte is.
    if (decoder.encoding !== 'utf-8') throw new DecodeError(`invalid ${decoder.encoding} text`);
    const bad = Math.max(0, firstInvalidUtf8(bytes));
    const line = bytes.subarray(0, bad).reduce((n, c) => (c === 10 ? n + 1 : n), 1);
    const how = declared || charsetOf(contentType) ? 'declared UTF-8' : 'no encoding declared, so UTF-8';
    throw new DecodeError(`invalid UTF-8 at byte ${bad} (line ${line}; ${how})`);
  }
}

/** Decodes an HTML page for extraction (never throws for bad bytes; an unknown charset falls back to UTF-8). */
export function decodePage(body: Buffer, contentType?: string): string {
  const bom = bomEncoding(body);
  const bytes = bom ? body.subarray(bom.skip) : body;
  const label = bom?.encoding ?? charsetOf(contentType) ?? META_CHARSET_RE.exec(bytes.subarray(0, 2048).toString('latin1'))?.[1] ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}
