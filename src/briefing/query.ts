// Turns what a user typed into a neutral text query (store/types.ts TextQuery) that each store compiles. User text
// never reaches a query language raw: it is reduced to word tokens (letters, digits, inner apostrophes), so operators
// (OR, NEAR, *, ^, :, parens) and stray quotes are just words or nothing.
import { UserError } from '../errors.js';
import { STOPWORDS, words } from '../text/tokens.js';
import type { TextQuery } from '../store/types.js';
import type { TopicDef } from '../types.js';

/** Longest query we read; the rest is ignored (a 10,000-character topic is not an error, just trimmed). */
export const MAX_QUERY_CHARS = 300;
/** Most words used from free text. */
export const MAX_QUERY_TERMS = 8;
const MAX_TERM_CHARS = 40;

export interface BuiltQuery {
  /** What to search: every word of free text, or any keyword of a topic. */
  text: TextQuery;
  /** The looser second try (any of the words), when it differs from `text`. */
  loose?: TextQuery;
  /** What was searched, for messages: "korea" or "north korea". */
  display: string;
  /** The topic it resolved to, if any. */
  topic?: TopicDef;
  /** Set when part of the input was ignored. */
  trimmed: boolean;
}

/** Normalizes a topic name the way users type it: "US Politics" -> "us-politics". */
export function normalizeTopicName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_]+/g, '-').replace(/[^\p{L}\p{N}-]/gu, '').replace(/-+/g, '-').replace(/^-|-$/g, '');
}

/** The topics a digest covers: those named in `names` (in `all`'s order), or all of them when `names` is empty. */
export function selectTopics<T extends { name: string }>(all: readonly T[], names: readonly string[]): T[] {
  if (names.length === 0) return [...all];
  const wanted = new Set(names.map(normalizeTopicName));
  return all.filter((t) => wanted.has(normalizeTopicName(t.name)));
}

/** A query matching any of the topic's keywords (each keyword a phrase); no phrases when it has no words. */
export function topicQuery(topic: TopicDef): TextQuery {
  const phrases = topic.keywords.map((k) => words(k).filter((w) => w.length <= MAX_TERM_CHARS)).filter((p) => p.length > 0);
  // A topic name is itself evidence ("climate"), unless it is a made-up slug like "us-politics".
  const nameWords = words(topic.name);
  if (nameWords.length === 1 && !STOPWORDS.has(nameWords[0] as string)) phrases.push(nameWords);
  const seen = new Set<string>();
  return { mode: 'any', phrases: phrases.filter((p) => !seen.has(p.join(' ')) && seen.add(p.join(' '))) };
}

/**
 * Resolves a query: a known topic name gives that topic's keywords; anything else is a full-text query
 * of its words (all must match; `loose` lets any match).
 */
export function buildQuery(input: string, topics: TopicDef[]): BuiltQuery {
  const raw = input.trim();
  if (raw.length === 0) throw new UserError('Tell me what to brief on, for example `brief korea` or `brief "north korea"`.');
  const trimmedInput = raw.length > MAX_QUERY_CHARS;
  const text = trimmedInput ? raw.slice(0, MAX_QUERY_CHARS) : raw;

  const name = normalizeTopicName(text);
  const topic = topics.find((t) => normalizeTopicName(t.name) === name);
  if (topic) {
    const text = topicQuery(topic);
    if (text.phrases.length > 0) return { text, display: topic.name, topic, trimmed: false };
  }

  const all = words(text).map((w) => w.slice(0, MAX_TERM_CHARS));
  if (all.length === 0) {
    throw new UserError(`"${text.slice(0, 40)}" has no words to search for. Try a topic name or a few words, like \`brief korea\`.`);
  }
  const content = all.filter((w) => !STOPWORDS.has(w));
  if (content.length === 0) {
    // Searching "a" or "the of" would return whatever mentions those words: random stories. Say so instead.
    throw new UserError(
      `"${text.slice(0, 40)}" has only common words (${[...new Set(all)].slice(0, 5).join(', ')}), nothing meaningful to search for. ` +
        'Try a topic name or a more specific word, like `brief korea`.',
    );
  }
  const chosen = [...new Set(content)];
  const terms = chosen.slice(0, MAX_QUERY_TERMS);
  return {
    text: { mode: 'all', phrases: terms.map((t) => [t]) },
    ...(terms.length > 1 ? { loose: { mode: 'any' as const, phrases: terms.map((t) => [t]) } } : {}),
    display: terms.join(' '),
    trimmed: trimmedInput || chosen.length > terms.length,
  };
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] as number;
      prev[j] = Math.min((prev[j] as number) + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] as number;
}

/**
 * Topic names close to what was typed (a typo, or one starts with the other), best first; none when nothing is
 * close — an unrelated suggestion ("quokka? Try: china") only confuses.
 */
export function nearestTopics(input: string, names: string[], max = 3): string[] {
  const q = normalizeTopicName(input).slice(0, 40);
  if (q.length < 2) return [];
  return names
    .map((raw) => {
      const n = normalizeTopicName(raw);
      const d = editDistance(q, n);
      const prefix = Math.min(q.length, n.length) >= 3 && (n.startsWith(q) || q.startsWith(n));
      return { n: raw, d: prefix ? Math.min(d, 1) - 1 : d, close: prefix || d <= Math.max(1, Math.floor(Math.min(q.length, n.length) * 0.4)) };
    })
    .filter((x) => x.close)
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, max)
    .map((x) => x.n);
}
