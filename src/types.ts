// Neutral types: the seam between the core and the adapters (see docs/decisions).
// Dates cross this seam as ISO-8601 strings in UTC.

/** What a tag says about an article. */
export type TagKind = 'topic' | 'person' | 'place' | 'org' | 'keyword';

export interface Tag {
  kind: TagKind;
  value: string;
  score?: number;
}

/** A topic: a name users type and the keywords that find its articles. */
export interface TopicDef {
  name: string;
  keywords: string[];
  /** Articles are tagged with this topic at ingest (the config's default topics), so the tag can filter searches. */
  tagged?: boolean;
}

/** An article as parsed and cleaned, before NLP and storage. */
export interface ParsedArticle {
  title: string;
  /** Cleaned body: paragraphs separated by a blank line ("\n\n"). No captions, bylines or boilerplate. */
  body: string;
  author?: string;
  /** ISO-8601 (UTC). */
  publishedAt?: string;
  url?: string;
  source?: string;
  /** Photo captions found on the page: kept apart so they never reach a summary. */
  captions: string[];
  /** Where it came from: a file path, `path#3` for the 3rd record of a JSON/JSONL file, `stdin`. */
  origin: string;
}

/** A stored article. */
export interface Article {
  id: number;
  url?: string;
  source?: string;
  title: string;
  author?: string;
  publishedAt?: string;
  ingestedAt: string;
  body: string;
  /** 2–3 sentence summary. */
  summary: string;
  /** One-sentence gist for briefing lines. */
  gist: string;
  /** ISO 639-1 code ('en', 'fr', …) or 'und' when unknown. */
  lang: string;
  tags: Tag[];
  storyId: number;
}

export interface StorySource {
  name: string;
  url?: string;
}

/** A story: one or more articles that tell the same news. */
export interface Story {
  id: number;
  headline: string;
  summary: string;
  url?: string;
  publishedAt?: string;
  sources: StorySource[];
  articleCount: number;
  firstSeen: string;
  lastSeen: string;
  tags: Tag[];
  /** The outlet that clearly broke the story (earliest by a clear margin, or credited by later reports); else absent. */
  firstReportedBy?: string;
  /** In a digest: this story was posted before and has grown notably since (shown as "Update"). */
  update?: boolean;
  /** Its headline article's language (ISO 639-1), when known. */
  lang?: string;
  /** Its language differs from the reader's (the digest's language): shown with it, e.g. "[de]". */
  otherLanguage?: boolean;
}

export interface BriefingWindow {
  since: string | null;
  until: string;
}

export interface Briefing {
  title: string;
  query: string;
  window: BriefingWindow;
  /** Said above the stories: a fallback ("nothing in the last 7 days; latest from 21 Nov 2017") or a no-match hint. */
  note?: string;
  stories: Story[];
  /** LLM overview paragraph (docs/llm.md); its [n] cites the n-th story of `stories`. */
  overview?: string;
}

/** One topic's part of a digest. */
export interface DigestSection {
  topic: string;
  stories: Story[];
}

/** What a scheduled digest posts: stories new since the last one, grouped by topic, each story once. */
export interface Digest {
  title: string;
  window: BriefingWindow;
  sections: DigestSection[];
  note?: string;
  /** IANA timezone the digest's times are shown in (its subscription's); default UTC. */
  timezone?: string;
  /** LLM overview paragraph (docs/llm.md); its [n] cites the n-th story in digest order, numbered across sections. */
  overview?: string;
  /** The reader's language (ISO 639-1): with an LLM, summaries and the overview are written in it. */
  language?: string;
}
