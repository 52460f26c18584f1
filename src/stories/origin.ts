// Origin credit: which outlet broke a story, said only when it is clear — the earliest outlet by a clear margin, or the
// outlet later reports attribute the news to ("told Reuters", "according to Yonhap", "Yonhap reported").
/** How far ahead of every other outlet the first one must be to be credited on time alone. */
export const ORIGIN_MARGIN_MS = 2 * 3_600_000;

export interface OriginMember {
  outlet?: string;
  /** ISO time. */
  at: string;
  /** Title and the start of the body: where attributions appear. */
  text: string;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Each outlet's attribution pattern, compiled once (outlets are few; the cache is emptied if it ever grows large). */
const PATTERNS = new Map<string, RegExp>();
const MAX_PATTERNS = 2000;

function attributionPattern(outlet: string): RegExp {
  let re = PATTERNS.get(outlet);
  if (re === undefined) {
    const o = escapeRe(outlet);
    re = new RegExp(
      `(?:according to|told|cited by|citing|reported by|first reported by|said in an interview with)\\s+(?:the\\s+)?${o}\\b|\\b${o}\\s+(?:reported|first reported|said|reports|revealed)\\b`,
      'i',
    );
    if (PATTERNS.size >= MAX_PATTERNS) PATTERNS.clear();
    PATTERNS.set(outlet, re);
  }
  return re;
}

/** True when `text` attributes the news to `outlet`. */
export function attributes(text: string, outlet: string): boolean {
  return attributionPattern(outlet).test(text);
}

/** The outlet that clearly broke the story, or undefined (one outlet, a close race, or no attribution). */
export function firstReportedBy(members: readonly OriginMember[]): string | undefined {
  const firstAt = new Map<string, number>();
  for (const m of members) {
    if (!m.outlet) continue;
    const t = Date.parse(m.at);
    if (Number.isNaN(t)) continue;
    const prev = firstAt.get(m.outlet);
    if (prev === undefined || t < prev) firstAt.set(m.outlet, t);
  }
  if (firstAt.size < 2) return undefined;
  const order = [...firstAt].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  const [first, second] = order as [[string, number], [string, number]];
  // Attribution: later reports by other outlets name one of the story's outlets as the source of the news.
  const credited = new Map<string, number>();
  for (const m of members) {
    for (const [outlet] of order) {
      if (outlet !== m.outlet && attributes(m.text, outlet)) credited.set(outlet, (credited.get(outlet) ?? 0) + 1);
    }
  }
  if (credited.size === 1) return [...credited.keys()][0];
  if (credited.size > 1) return undefined;
  return second[1] - first[1] >= ORIGIN_MARGIN_MS ? first[0] : undefined;
}
