// A digest's language: the ISO 639-1 codes a user may give (`language:ko`), their English names for prompts and
// replies, the "[de]" mark on stories in another language than the reader's, and the one line a reply carries when its
// summaries stay in their original language (no LLM, or the LLM failed).
import { UserError } from '../errors.js';
import type { Digest, Story } from '../types.js';

/** Every ISO 639-1 code (183 current ones and the withdrawn "bh", still seen in feeds). */
const ISO_639_1 = new Set(
  ('aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo ' +
    'es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki ' +
    'kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr ' +
    'nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ' +
    'ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu').split(' '),
);

/** Words that clear a digest's language (each story keeps its own). */
export const LANGUAGE_CLEAR: ReadonlySet<string> = new Set(['off', 'auto', 'none', 'original']);

const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** "Korean" for "ko" (the code itself when there is no name). */
export const languageName = (code: string): string => names.of(code) ?? code;

/** The code whose English name is `name` ("korean" -> "ko"), for a helpful refusal. */
function codeNamed(name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const code of ISO_639_1) if (names.of(code)?.toLowerCase() === wanted) return code;
  return undefined;
}

/**
 * A language option as typed: an ISO 639-1 code (any case, "pt-BR" keeps "pt"), or off/auto/none/original to clear it
 * (undefined). Anything else is a UserError naming it, so nothing is saved.
 */
export function parseLanguage(raw: string): string | undefined {
  const typed = raw.trim();
  const lower = typed.toLowerCase();
  if (LANGUAGE_CLEAR.has(lower)) return undefined;
  const code = /^[a-z]{2}(?:[-_][a-z0-9]{2,8})?$/.test(lower) ? lower.slice(0, 2) : undefined;
  if (code !== undefined && ISO_639_1.has(code)) return code;
  const shown = typed.length > 30 ? `${typed.slice(0, 30)}…` : typed;
  const named = codeNamed(typed);
  const hint = named ? ` — for ${languageName(named)}, use ${named}` : ', e.g. ko, en, de or ja';
  throw new UserError(`Unknown language code "${shown}": give a two-letter ISO 639-1 code${hint} (or off to keep each story's own language). Nothing was saved.`);
}

/** The stories, each in another language than `language` (a known one) marked to show it ("[de]"). */
export function markLanguages(stories: Story[], language: string | undefined): Story[] {
  if (!language) return stories;
  return stories.map((s) => (s.lang && s.lang !== language ? { ...s, otherLanguage: true } : s));
}

/** The digest in `language` (the reader's): it says so, and its stories in other languages are marked. */
export function withLanguage(d: Digest, language: string | undefined): Digest {
  if (!language) return d;
  return { ...d, language, sections: d.sections.map((sec) => ({ ...sec, stories: markLanguages(sec.stories, language) })) };
}

/** Why summaries stayed in their original language: no LLM writes them, or it did not answer this time. */
export type UntranslatedWhy = 'offline' | 'failed';

/** The one line a reply carries when some of its summaries are not in the reader's language. */
export function untranslatedNote(language: string, why: UntranslatedWhy): string {
  return why === 'offline'
    ? `Summaries are in their original language: configure an LLM to have them written in ${languageName(language)}.`
    : `Some summaries are in their original language: the LLM could not write them in ${languageName(language)} this time.`;
}

/**
 * The digest with the untranslated line added to its note when one of `untranslated` (stories whose summary is the
 * offline one) is in another language than the digest's; unchanged otherwise.
 */
export function noteUntranslated(d: Digest, untranslated: Story[], why: UntranslatedWhy): Digest {
  if (!d.language || !untranslated.some((s) => s.otherLanguage)) return d;
  const line = untranslatedNote(d.language, why);
  return { ...d, note: d.note ? `${d.note}\n${line}` : line };
}
