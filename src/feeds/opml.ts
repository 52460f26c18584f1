// OPML import/export (the subscription-list format every feed reader speaks), through feedsmith. Import walks
// nested outlines (folders) and keeps each outline with an xmlUrl; a folder's name and the outline's `category`
// become topic names. Export writes one outline per feed, with its topics as `category` (comma-separated).
import { generateOpml, parseOpml } from 'feedsmith';
import { FeedParseError, screen } from './parse.js';

/** A feed found in an OPML file. */
export interface OpmlFeed {
  url: string;
  title?: string;
  siteUrl?: string;
  /** Topic names from the outline's category attribute and its folders. */
  topics: string[];
}

interface Outline {
  text?: string;
  title?: string;
  xmlUrl?: string;
  htmlUrl?: string;
  category?: string;
  outlines?: Outline[];
}

const splitTopics = (s: string | undefined): string[] =>
  (s ?? '').split(/[,/]/).map((t) => t.trim()).filter((t) => t.length > 0);

/** The feeds listed in an OPML document (de-duplicated by URL, in document order); throws FeedParseError. */
export function parseOpmlFeeds(text: string): OpmlFeed[] {
  const safe = screen(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, 'file:');
  let doc: { body?: { outlines?: Outline[] } };
  try {
    doc = parseOpml(safe) as { body?: { outlines?: Outline[] } };
  } catch (err) {
    throw new FeedParseError(`not an OPML file: ${(err as Error).message}`);
  }
  const out: OpmlFeed[] = [];
  const seen = new Set<string>();
  const walk = (outlines: Outline[] | undefined, folders: string[], depth: number): void => {
    if (!outlines || depth > 20) return;
    for (const o of outlines) {
      const url = o.xmlUrl?.trim();
      if (url) {
        if (!seen.has(url)) {
          seen.add(url);
          const title = o.title?.trim() || o.text?.trim();
          out.push({
            url,
            ...(title ? { title } : {}),
            ...(o.htmlUrl ? { siteUrl: o.htmlUrl } : {}),
            topics: [...new Set([...folders, ...splitTopics(o.category)])],
          });
        }
      } else {
        const name = (o.title ?? o.text ?? '').trim();
        walk(o.outlines, name ? [...folders, name] : folders, depth + 1);
      }
    }
  };
  walk(doc.body?.outlines, [], 0);
  return out;
}

/** An OPML 2.0 document listing these feeds. */
export function buildOpml(feeds: { url: string; title?: string; siteUrl?: string; topics: string[] }[], title: string, now: Date): string {
  return generateOpml({
    head: { title, dateCreated: now },
    body: {
      outlines: feeds.map((f) => ({
        text: f.title ?? f.url,
        ...(f.title ? { title: f.title } : {}),
        type: 'rss',
        xmlUrl: f.url,
        ...(f.siteUrl ? { htmlUrl: f.siteUrl } : {}),
        ...(f.topics.length > 0 ? { category: f.topics.join(',') } : {}),
      })),
    },
  });
}
