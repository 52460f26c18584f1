// The summarizer port: what the pipeline asks of any summarizer (offline extractive now, an LLM later), and the
// factory for the offline one. The port is async so a network-backed summarizer can implement it unchanged.
import { summarizeExtractive } from './extractive.js';
import type { ExtractiveOptions } from './extractive.js';
import type { Summary, SummaryInput } from './types.js';

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
export type { Summary, SummaryInput };
