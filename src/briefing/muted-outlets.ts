// How a story looks to a reader who muted some outlets (or to a digest whose filters deny them): their lines and links
// leave its sources, and when its headline article is one of theirs, another outlet's article speaks for the story
// (headline, summary, link). Stories only such outlets reported never get here: the screen (screen.ts) left them out.
import type { StoryStore } from '../store/ports.js';
import { outletOf } from '../stories/timeline.js';
import { porterStem } from '../text/stem.js';
import { contentWords } from '../text/tokens.js';
import type { Article, Story } from '../types.js';
import type { HidesOutlet } from './screen.js';

/** True when an article's outlet is hidden (an article without any outlet never is). */
export function articleHidden(a: Pick<Article, 'source' | 'url'>, hides: HidesOutlet): boolean {
  const name = outletOf(a.source, a.url);
  return name !== undefined && hides({ name, ...(a.url ? { url: a.url } : {}) });
}

const stems = (text: string): Set<string> => new Set(contentWords(text).map(porterStem));

/**
 * The article that speaks for a story whose headline article is hidden: of the articles not hidden, the one whose
 * title and gist share the most content words (stemmed) with the story's headline and summary, so it tells the same
 * news; on a tie the earliest (articles come in time order). Undefined when every article is hidden.
 */
export function speakingArticle(story: Pick<Story, 'headline' | 'summary'>, articles: readonly Article[], hides: HidesOutlet): Article | undefined {
  const want = stems(`${story.headline} ${story.summary}`);
  let best: Article | undefined;
  let bestScore = -1;
  for (const a of articles) {
    if (articleHidden(a, hides)) continue;
    let score = 0;
    for (const s of stems(`${a.title} ${a.gist}`)) if (want.has(s)) score++;
    if (score > bestScore) [best, bestScore] = [a, score];
  }
  return best;
}

/** The story's headline article among its articles: the one with its headline as title (and its link, when several). */
function headlineArticle(story: Pick<Story, 'headline' | 'url'>, articles: readonly Article[]): Article | undefined {
  const titled = articles.filter((a) => a.title === story.headline);
  return titled.find((a) => a.url === story.url) ?? titled[0];
}

const webLink = (url: string | undefined): url is string => url !== undefined && /^https?:\/\//i.test(url);

/**
 * `story` as shown without the hidden outlets: its sources without theirs, no "first reported by" one of them, and,
 * when its headline article (or, without one found, its link) is theirs, the speaking article's headline, summary,
 * link, time, language and tags. A story all of whose outlets are hidden is returned as it is (a screen drops it).
 * `articles` are the story's articles in time order; they are only needed when one of its sources is hidden.
 */
export function withoutOutlets(story: Story, articles: readonly Article[], hides: HidesOutlet): Story {
  const sources = story.sources.filter((s) => !hides(s));
  if (sources.length === story.sources.length || sources.length === 0) return story;
  const { firstReportedBy, ...rest } = story;
  const creditHidden = firstReportedBy !== undefined && (hides({ name: firstReportedBy }) || !sources.some((s) => s.name === firstReportedBy));
  const out: Story = { ...rest, sources, ...(firstReportedBy && !creditHidden ? { firstReportedBy } : {}) };
  const head = headlineArticle(story, articles);
  const urlHidden = story.url !== undefined && articles.some((a) => a.url === story.url && articleHidden(a, hides));
  const speaker = (head ? articleHidden(head, hides) : urlHidden) ? speakingArticle(story, articles, hides) : undefined;
  // A link of a visible article: the speaker's, else the first visible article's web link (https first).
  const visible = articles.filter((a) => !articleHidden(a, hides) && webLink(a.url)).map((a) => a.url as string);
  const fallback = visible.find((u) => /^https:/i.test(u)) ?? visible[0] ?? sources.find((s) => webLink(s.url))?.url;
  if (speaker) {
    const { url: _u, publishedAt: _p, lang: _l, ...kept } = out;
    const url = speaker.url ?? fallback;
    return {
      ...kept,
      headline: speaker.title,
      summary: speaker.gist,
      tags: speaker.tags,
      ...(url ? { url } : {}),
      ...(speaker.publishedAt ? { publishedAt: speaker.publishedAt } : {}),
      ...(speaker.lang && speaker.lang !== 'und' ? { lang: speaker.lang } : {}),
    };
  }
  if (!urlHidden) return out;
  const { url: _u, ...kept } = out;
  return fallback ? { ...kept, url: fallback } : kept;
}

/**
 * `stories` as shown without the outlets `hides` hides (in the same order): the articles of a story are read only
 * when one of its sources is hidden. Without `hides`, the stories as they are.
 */
export async function showWithout(store: Pick<StoryStore, 'storyArticles'>, stories: Story[], hides: HidesOutlet | undefined): Promise<Story[]> {
  if (!hides) return stories;
  const out: Story[] = [];
  for (const s of stories) out.push(s.sources.some(hides) ? withoutOutlets(s, await store.storyArticles(s.id), hides) : s);
  return out;
}

/**
 * A story and its articles (time order) as a reader who hides some outlets sees its timeline: without their
 * articles, told by another outlet. A story only hidden outlets reported is shown whole (the reader asked for it).
 */
export function withoutMuted(story: Story, articles: Article[], hides: HidesOutlet | undefined): { story: Story; articles: Article[] } {
  const shown = hides ? articles.filter((a) => !articleHidden(a, hides)) : articles;
  if (!hides || shown.length === articles.length || shown.length === 0) return { story, articles };
  return { story: withoutOutlets(story, articles, hides), articles: shown };
}
