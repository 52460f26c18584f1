// What any summarizer reads and returns (the Summarizer port in index.ts, the extractive summarizer in extractive.ts).

/** What a summarizer reads: a cleaned article, optionally with its sentences already split. */
export interface SummaryInput {
  title: string;
  /** Cleaned body, one paragraph per line (blank lines allowed between paragraphs). */
  body: string;
  /** ISO 639-1 code of the body, when known. */
  lang?: string;
  /** Pre-split sentences with paragraph indexes, to avoid splitting twice. */
  sentences?: { text: string; paragraph: number }[];
}

/** A summary: a one-sentence gist and 2–3 sentences in document order (summary text = sentences joined by ' '). */
export interface Summary {
  gist: string;
  sentences: string[];
}
