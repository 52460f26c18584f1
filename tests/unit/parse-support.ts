// What the parser tests share (parse.test.ts, parse-html-json.test.ts): fixtures, a body long enough to keep, and
// helpers that unwrap an outcome that must be an article.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ParseOutcome } from '../../src/articles/parse.js';
import type { ParsedArticle } from '../../src/types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixture = (name: string): string => readFileSync(path.join(ROOT, 'tests', 'fixtures', 'articles', name), 'utf8');

/** The article of an outcome that must have succeeded. */
export function ok(o: ParseOutcome | undefined): ParsedArticle {
  if (!o?.ok) throw new Error(`expected an article, got ${JSON.stringify(o)}`);
  return o.article;
}

/** The one article of a parse that must give exactly one. */
export function only(outcomes: ParseOutcome[]): ParsedArticle {
  expect(outcomes).toHaveLength(1);
  return ok(outcomes[0]);
}

export const BODY =
  'The harbour authority said on Wednesday that dredging of the main channel would begin in March and take about ' +
  'six weeks, allowing larger cargo ships to dock without waiting for high tide.';
