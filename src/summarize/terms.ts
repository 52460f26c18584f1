// The words the extractive summarizer scores: a one-pass tokenizer, content words keyed by their Porter stem (stopwords
// dropped, stems cached across documents), a document-local vocabulary of dense ids, and the overlap measures on them.
import { porterStem } from '../text/stem.js';
import { STOPWORDS } from '../text/tokens.js';

const WORD_CHAR_RE = /[\p{L}\p{N}]/u;
const CURLY_RE = /’/g;

function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  return WORD_CHAR_RE.test(text[i] as string);
}

/** Lowercased word tokens (letters/digits, inner apostrophes kept), like tokens.ts `words` in one char scan. */
export function tokenize(text: string): string[] {
  const t = text.toLowerCase();
  const out: string[] = [];
  const n = t.length;
  let i = 0;
  while (i < n) {
    if (!isWordChar(t, i)) {
      i++;
      continue;
    }
    const start = i;
    let curly = false;
    for (;;) {
      while (i < n && isWordChar(t, i)) i++;
      const c = t.charCodeAt(i);
      if ((c === 39 || c === 0x2019) && i + 1 < n && isWordChar(t, i + 1)) {
        if (c === 0x2019) curly = true;
        i++;
        continue;
      }
      break;
    }
    const tok = t.slice(start, i);
    out.push(curly ? tok.replace(CURLY_RE, "'") : tok);
  }
  return out;
}

const STEM_CACHE_LIMIT = 50_000;
/** token -> Porter stem of a content word, or '' for stopwords and one-letter tokens (shared across documents). */
const stemCache = new Map<string, string>();

/** Content-word key of a token (its Porter stem), or '' for stopwords and one-letter tokens. */
function contentKey(token: string): string {
  let stem = stemCache.get(token);
  if (stem === undefined) {
    const t = token.endsWith("'s") ? token.slice(0, -2) : token;
    stem = t.length > 1 && !STOPWORDS.has(t) ? porterStem(t) : '';
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(token, stem);
  }
  return stem;
}

/** A sentence's content words as the scorer sees them. */
export interface Terms {
  /** Content-word ids (document-local), in order. */
  ids: number[];
  /** The same ids, distinct (first-occurrence order). */
  uniq: number[];
}

/** Document-local vocabulary (token -> dense content-word id, -1 for stopwords) in front of the shared stem cache. */
export class Vocab {
  private readonly byToken = new Map<string, number>();
  private readonly byKey = new Map<string, number>();
  /** Per id, the last call that saw it (distinct ids without sorting). */
  private readonly lastSeen: number[] = [];
  private stamp = 0;

  /** Content-word ids of the tokens (stopwords dropped), and the distinct ones. */
  terms(tokens: readonly string[]): Terms {
    const ids: number[] = [];
    const uniq: number[] = [];
    const stamp = ++this.stamp;
    for (const tok of tokens) {
      let id = this.byToken.get(tok);
      if (id === undefined) {
        const key = contentKey(tok);
        id = -1;
        if (key) {
          id = this.byKey.get(key) ?? this.byKey.size;
          if (id === this.byKey.size) {
            this.byKey.set(key, id);
            this.lastSeen.push(0);
          }
        }
        this.byToken.set(tok, id);
      }
      if (id < 0) continue;
      ids.push(id);
      if (this.lastSeen[id] !== stamp) {
        this.lastSeen[id] = stamp;
        uniq.push(id);
      }
    }
    return { ids, uniq };
  }

  get size(): number {
    return this.byKey.size;
  }
}

/** Overlap coefficient |A∩B| / min(|A|, |B|) of two distinct-id lists (short lists: a plain scan is cheapest). */
export function overlap(a: readonly number[], b: readonly number[]): number {
  const m = Math.min(a.length, b.length);
  if (m === 0) return 0;
  let n = 0;
  for (const x of a) if (b.includes(x)) n++;
  return n / m;
}

/** How many of the ids belong to the title, whose ids are the first `titleSize` of the vocabulary. */
export function titleHits(uniq: readonly number[], titleSize: number): number {
  let n = 0;
  for (const id of uniq) if (id < titleSize) n++;
  return n;
}
