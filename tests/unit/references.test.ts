// Everything a newcomer is pointed to is in the repository: no comment, test or doc refers to notes outside it, to a
// machine's paths, or to issue and task numbers of a tracker they cannot see (link a file under docs/ instead). The one
// outside path allowed is the default of NEWSBRIEF_DATA_DIR (`../shared/data`), where the benchmarks' data sets live.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const DIRS = ['src', 'commands', 'adapters', 'tests', 'bench', 'scripts', 'bin', 'docs', '.ci'];
const TOP_FILES = ['README.md', 'eslint.config.js', 'vitest.config.ts', 'package.json'];
const SKIP = ['tests/fixtures/'];
const TEXT = /\.(ts|js|mjs|md|json|ya?ml)$|^run$/;

/** What must not appear, with the reason a reader is given. Patterns and examples here are split so they do not match this file. */
const RULES: { re: RegExp; why: string }[] = [
  { re: new RegExp(String.raw`\.\./shared/(?!data\b)`), why: 'a file outside the repository' },
  { re: new RegExp(String.raw`/` + 'work/'), why: "a path on one machine" },
  { re: new RegExp(String.raw`\b(?:STYLE|DESIGN)\.md\b`), why: 'a document outside the repository' },
  { re: new RegExp(String.raw`\b(?:issues?|tasks?|tickets?)\s+#?\d`, 'i'), why: 'an issue or task number' },
  { re: new RegExp(String.raw`\(#\d+\)`), why: 'an issue or pull-request number' },
];

/** Each line of `text` that breaks a rule, as "file:line: why: the line". */
function danglingReferences(file: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const { re, why } of RULES) if (re.test(line)) out.push(`${file}:${i + 1}: ${why}: ${line.trim()}`);
  });
  return out;
}

function filesToRead(): string[] {
  const files = [...TOP_FILES];
  for (const dir of DIRS) {
    for (const f of readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      const rel = `${dir}/${f.split(path.sep).join('/')}`;
      if (TEXT.test(path.basename(rel)) && !SKIP.some((s) => rel.startsWith(s))) files.push(rel);
    }
  }
  return files;
}

describe('references a newcomer can follow', () => {
  it('flags outside notes, machine paths, outside style documents and tracker numbers, but not feed numbers or the data folder', () => {
    const text = [
      '// Shapes follow ../' + 'shared/notes/fakes.md §1.',
      '// See /' + 'work/main/README.md.',
      '// One place decides (STYLE' + '.md §7).',
      '// Only the settings given here (iss' + 'ue 12).',
      '// Fixed in (#' + '42).',
      "expect(out).toBe('Removed feed #2 Beta Wire.');",
      '// Data: NEWSBRIEF_DATA_DIR, else ../shared/data beside the repository.',
      '// The issue with caching: none.',
    ].join('\n');
    expect(danglingReferences('x.ts', text).map((l) => l.split(': ')[1])).toEqual([
      'a file outside the repository',
      'a path on one machine',
      'a document outside the repository',
      'an issue or task number',
      'an issue or pull-request number',
    ]);
  });

  it('finds none in the code, the tests, the benchmarks and the docs', () => {
    const files = filesToRead();
    expect(files.filter((f) => f.startsWith('src/')).length).toBeGreaterThan(50);
    expect(files.filter((f) => f.startsWith('docs/')).length).toBeGreaterThan(5);
    expect(files.flatMap((f) => danglingReferences(f, readFileSync(path.join(ROOT, f), 'utf8')))).toEqual([]);
  });
});
