// Feed items → stored articles, through the same pipeline as CLI ingest (app.pipeline: clean, summarize, tag,
// cluster, store). New items only: a GUID the feed delivered before is skipped. An item that carries only a teaser
// gets its article page fetched (same fetcher, same limits and SSRF guard) and its main text extracted with the HTML
// extraction the CLI uses; when that fails, the teaser is stored. Items without a date keep none, so the store files
// them at their first-seen (ingest) time.
import { createHash } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { htmlToParagraphs, looksLikeHtml } from '../articles/html.js';
import { countWords } from '../articles/lines.js';
import { parseInput } from '../articles/parse.js';
import type { IngestOutcome, Pipeline } from '../ingest/pipeline.js';
import type { Feed } from '../store/types.js';
import type { FeedStore, Transactor } from '../store/ports.js';
import type { ParsedArticle } from '../types.js';
import { decodePage } from './decode.js';
import type { FeedFetcher } from './fetch.js';
import type { FeedItem, ParsedFeed } from './parse.js';

/** New items handled per poll (newest first); older unseen ones are remembered as seen without being stored. */
export const MAX_ITEMS_PER_POLL = 100;
/** Article pages fetched per poll (they go one at a time per host). */
export const MAX_PAGES_PER_POLL = 20;
/** Time a poll may spend fetching article pages; after it, teasers are stored as they are. */
export const PAGE_BUDGET_MS = 60_000;
/** Below this many words an item's text is a teaser. */
const TEASER_WORDS = 120;
const TEASER_END_RE = /(?:\.\.\.|…|\[…\]|\[\.\.\.\]|\bread more\b|\bcontinue reading\b|\bweiterlesen\b|\blire la suite\b)[\s\]»›>.]*$/i;
const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';
const HTML_TYPE_RE = /^(?:text\/html|application\/xhtml\+xml)\b/i;

export interface ItemsResult {
  /** Items in the document. */
  items: number;
  /** Items not seen before. */
  fresh: number;
  /** Articles stored (new, joined a story, or updated). */
  added: number;
  duplicates: number;
  rejected: { guid: string; reason: string }[];
  pagesFetched: number;
  pageErrors: { url: string; reason: string }[];
}

/** The key an item is remembered by (long GUIDs are hashed). */
export function guidKey(guid: string): string {
  return guid.length <= 200 ? guid : `sha1:${createHash('sha1').update(guid).digest('hex')}`;
}

function textOf(content: string | undefined): { text: string; words: number } {
  if (!content) return { text: '', words: 0 };
  const text = looksLikeHtml(content) ? htmlToParagraphs(content).paragraphs.join('\n\n') : content;
  return { text, words: countWords(text) };
}

/** True when an item's text looks like a teaser of a longer article. */
export function isTeaser(content: string | undefined): boolean {
  const { text, words } = textOf(content);
  return words < TEASER_WORDS || TEASER_END_RE.test(text.slice(-80));
}

function sourceName(feed: Feed, parsed: ParsedFeed): string {
  if (parsed.title) return parsed.title;
  try {
    return new URL(feed.url).hostname.replace(/^www\./, '');
  } catch {
    return feed.url;
  }
}

/** The article from the item's own fields (its text, else its title as the body). */
function fromItem(item: FeedItem, source: string, origin: string): ParsedArticle | string {
  const record: Record<string, string> = { source };
  const { text, words } = textOf(item.content);
  if (!item.title && words === 0) return 'no title and no text';
  // An untitled item (micro-posts) is titled by its first words.
  const lead = text.split(/\s+/, 13);
  record.title = item.title ?? `${lead.slice(0, 12).join(' ')}${lead.length > 12 ? ' …' : ''}`;
  record.content = words > 0 ? (item.content as string) : (item.title ?? '');
  if (item.link) record.url = item.link;
  if (item.author) record.author = item.author;
  if (item.publishedAt) record.publishedAt = item.publishedAt;
  const [r] = parseInput(JSON.stringify(record), origin, { format: 'json', minWords: 1 });
  if (r?.ok) return r.article;
  // Text that cleans away to nothing (only a link, an image, a share bar): the headline alone is still news. (The
  // cleaner drops a body that repeats the title, so this one is built directly.)
  if (item.title && r && /^too short after cleaning: 0 words/.test(r.reason)) {
    return {
      title: item.title, body: item.title, captions: [], origin, source,
      ...(item.link ? { url: item.link } : {}), ...(item.author ? { author: item.author } : {}), ...(item.publishedAt ? { publishedAt: item.publishedAt } : {}),
    };
  }
  return r ? r.reason : 'nothing to store';
}

/** The article from the item's page, when the page has more text than the item. */
async function fromPage(
  item: FeedItem & { link: string },
  base: ParsedArticle | undefined,
  source: string,
  fetcher: FeedFetcher,
): Promise<ParsedArticle | string> {
  let res;
  try {
    res = await fetcher.fetch({ url: item.link, accept: PAGE_ACCEPT });
  } catch (err) {
    return (err as Error).message;
  }
  if (res.kind !== 'ok') return 'no page';
  if (res.contentType && !HTML_TYPE_RE.test(res.contentType)) return `not an HTML page (${res.contentType.split(';')[0]})`;
  const [r] = parseInput(decodePage(res.body, res.contentType), item.link, { format: 'html', minWords: 1 });
  if (!r || !r.ok) return r && !r.ok ? r.reason : 'nothing extracted';
  const page = r.article;
  if (base && countWords(page.body) <= countWords(base.body)) return 'the page has no more text than the feed';
  const title = item.title ?? page.title;
  const author = item.author ?? page.author;
  const publishedAt = item.publishedAt ?? page.publishedAt;
  return {
    title,
    body: page.body,
    captions: page.captions,
    origin: page.origin,
    url: item.link,
    source,
    ...(author ? { author } : {}),
    ...(publishedAt ? { publishedAt } : {}),
  };
}

/** Stores a feed's new items; never throws for a bad item (it becomes a rejection and is not retried). */
export async function ingestItems(
  deps: { store: Transactor & { feeds: FeedStore }; pipeline: Pipeline; fetcher: FeedFetcher },
  feed: Feed,
  parsed: ParsedFeed,
  opts: { now: Date; maxItems?: number; maxPages?: number; pageBudgetMs?: number },
): Promise<ItemsResult> {
  const { store, pipeline, fetcher } = deps;
  const at = opts.now.toISOString();
  const keyed = parsed.items.map((item) => ({ item, key: guidKey(item.guid) }));
  const seen = await store.feeds.seenItems(feed.id, keyed.map((k) => k.key));
  // Newest first; undated items keep their place after the dated ones (feeds list newest first anyway).
  const fresh = keyed
    .filter((k) => !seen.has(k.key))
    .map((k, i) => ({ ...k, i }))
    .sort((a, b) => (b.item.publishedAt ?? '').localeCompare(a.item.publishedAt ?? '') || a.i - b.i);
  const result: ItemsResult = { items: parsed.items.length, fresh: fresh.length, added: 0, duplicates: 0, rejected: [], pagesFetched: 0, pageErrors: [] };
  const maxItems = opts.maxItems ?? MAX_ITEMS_PER_POLL;
  let pagesLeft = feed.fetchPages ? (opts.maxPages ?? MAX_PAGES_PER_POLL) : 0;
  const pagesUntil = performance.now() + (opts.pageBudgetMs ?? PAGE_BUDGET_MS);
  const source = sourceName(feed, parsed);
  for (const [n, { item, key }] of fresh.entries()) {
    if (n >= maxItems) {
      await store.feeds.markSeen(feed.id, key, undefined, at);
      continue;
    }
    const origin = `feed ${feed.id}: ${item.link ?? item.guid}`;
    const own = fromItem(item, source, origin);
    let article: ParsedArticle | string = own;
    if (pagesLeft > 0 && item.link && performance.now() < pagesUntil && isTeaser(item.content)) {
      pagesLeft--;
      result.pagesFetched++;
      const page = await fromPage({ ...item, link: item.link }, typeof own === 'string' ? undefined : own, source, fetcher);
      if (typeof page === 'string') result.pageErrors.push({ url: item.link, reason: page });
      else article = page;
    }
    if (typeof article === 'string') {
      result.rejected.push({ guid: item.guid, reason: article });
      await store.feeds.markSeen(feed.id, key, undefined, at);
      continue;
    }
    let outcome: IngestOutcome;
    try {
      outcome = await pipeline.ingestParsed(article);
    } catch (err) {
      result.rejected.push({ guid: item.guid, reason: `failed to store: ${(err as Error).message}` });
      await store.feeds.markSeen(feed.id, key, undefined, at);
      continue;
    }
    await store.transaction(async (tx) => {
      await tx.feeds.markSeen(feed.id, key, outcome.articleId, at);
      if (feed.topics.length > 0) await tx.feeds.addArticleTopics(outcome.articleId, feed.topics);
    });
    if (outcome.status === 'duplicate') result.duplicates++;
    else result.added++;
    // Let replies and other work through between articles (each costs a few ms of NLP).
    await yieldToLoop();
  }
  return result;
}
