// Zod schemas for the structured answers, one per call. They go to the server through openai's zodResponseFormat
// (strict JSON schema) and validate the reply. Length limits are refinements, not JSON-schema keywords, so the schema
// sent stays within what OpenAI's strict mode and local servers accept, while the reply is still checked.
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';

/** Longest accepted summary sentence (characters). */
export const MAX_SUMMARY_CHARS = 400;
/** Longest accepted overview paragraph (characters; fits every renderer's note budget). */
export const MAX_OVERVIEW_CHARS = 1200;

const text = (field: string, max: number) =>
  z.string().refine((s) => s.trim().length > 0, `${field} is empty`).refine((s) => s.trim().length <= max, `${field} is longer than ${max} characters`);

/** The answer to a summary request. */
export const SummarySchema = z.object({ summary: text('summary', MAX_SUMMARY_CHARS) });
/** The answer to an overview request. */
export const OverviewSchema = z.object({ overview: text('overview', MAX_OVERVIEW_CHARS) });

/** Longest accepted rewritten story update (one sentence with its citations). */
export const MAX_UPDATE_CHARS = 500;
/** The answer to a story update's rewrite request. */
export const UpdateSchema = z.object({ sentence: text('sentence', MAX_UPDATE_CHARS) });

/** response_format of each call (name = what the fake server and logs see). */
export const SUMMARY_FORMAT = zodResponseFormat(SummarySchema, 'story_summary');
export const OVERVIEW_FORMAT = zodResponseFormat(OverviewSchema, 'briefing_overview');
export const UPDATE_FORMAT = zodResponseFormat(UpdateSchema, 'story_update');
