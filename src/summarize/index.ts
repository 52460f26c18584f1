// The summarizer port: what the pipeline asks of any summarizer (offline extractive now, an LLM later), and the
// factory for the offline one. The port is async so a network-backed summarizer can implement it unchanged.
import { summarizeExtractive } from './extractive.js';
import type { ExtractiveOptions } from './extractive.js';

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

/** Anything that can summarize an article. */
export interface Summarizer {
  readonly name: string;
  summarize(input: SummaryInput): Promise<Summary>;
}

/** The offline, deterministic summarizer behind the Summarizer port. */
export function createExtractiveSummarizer(opts?: ExtractiveOptions): Summarizer {
  return {
    name: 'extractive',
    summarize: (input) => Promise.resolve(summarizeExtractive(input, opts)),
  };
}

/** Summary text as stored on an Article: the sentences joined with spaces. */
export function summaryText(summary: Summary): string {
  return summary.sentences.join(' ');
}

export { summarizeExtractive };
export type { ExtractiveOptions };
