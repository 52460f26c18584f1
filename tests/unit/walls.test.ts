// The inner walls, checked on the resolved import graph (tests/support/import-graph.ts): no import cycles anywhere in
// the project, and the pure NLP modules of src/ (text, tags, summarize, articles, stories) import nothing stateful, so
// they stay testable and reusable without a database, a network or a clock. The outer walls (adapters -> commands ->
// src) are in boundary.test.ts and eslint.config.js; the 400-line limit is ESLint's max-lines.
import { describe, expect, it } from 'vitest';
import { cycles, importsIn, projectGraph, type ImportEdge } from '../support/import-graph.js';

/** The pure zone: text and NLP code that computes on its inputs and holds no outside state. */
const PURE_DIRS = ['src/text/', 'src/tags/', 'src/summarize/', 'src/articles/', 'src/stories/'];
/** Files outside those folders that pure code may import: plain types. */
const PURE_SHARED = ['src/types.ts'];
/** Packages pure code may import: computation only, no IO. No `node:` built-in is allowed. */
const PURE_PACKAGES = ['franc-min', '@mozilla/readability', 'linkedom'];
/** Files inside the pure folders that are not pure yet, each with the reason. Keep this list short. */
const NOT_PURE_YET: Record<string, string> = {
  'src/stories/sources.ts': 'the chat "Sources" view reads the Store: a use case that belongs beside src/briefing/',
};
/** The briefing use cases may read the Store port's types, and pure code; nothing that runs or schedules. */
const BRIEFING_DIRS = ['src/briefing/'];

const inDirs = (file: string, dirs: string[]): boolean => dirs.some((d) => file.startsWith(d));
const packageName = (spec: string): string => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
const isPure = (file: string): boolean => (inDirs(file, PURE_DIRS) && !(file in NOT_PURE_YET)) || PURE_SHARED.includes(file);

/** Imports that break the zones: a pure file reaching outside the pure zone, or a briefing file reaching past the store types. */
function zoneViolations(edges: ImportEdge[]): string[] {
  const bad: string[] = [];
  for (const e of edges) {
    const where = `${e.from} imports ${e.spec}`;
    if (isPure(e.from)) {
      if (e.to === undefined ? !PURE_PACKAGES.includes(packageName(e.spec)) : !isPure(e.to)) bad.push(where);
    } else if (inDirs(e.from, BRIEFING_DIRS)) {
      if (e.to === undefined) continue;
      const storeType = e.typeOnly && e.to.startsWith('src/store/');
      if (!isPure(e.to) && !inDirs(e.to, BRIEFING_DIRS) && !storeType && e.to !== 'src/errors.ts') bad.push(where);
    }
  }
  return bad;
}

describe('import graph', () => {
  it('finds every cycle, however long, and no cycle in a graph without one', () => {
    const edge = (from: string, to: string) => ({ from, to });
    const graph = [edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('c', 'd'), edge('d', 'e'), edge('e', 'd'), edge('f', 'f'), edge('g', 'a')];
    expect(cycles(graph)).toEqual([['a', 'b', 'c'], ['d', 'e'], ['f']]);
    expect(cycles([edge('a', 'b'), edge('b', 'c'), edge('a', 'c'), { from: 'c', to: undefined }])).toEqual([]);
  });

  it('reads static, type-only, side-effect, dynamic and require imports, and `import()` types', () => {
    const src = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "import { type C, type D } from './c.js';",
      "import E, { type F } from './e.js';",
      "export type { G } from './g.js';",
      "export * from './h.js';",
      "import './i.js';",
      "const j = await import('./j.js');",
      "const k = require('k');",
      "let l: import('./l.js').L;",
      "// import x from './not-this.js';",
    ].join('\n');
    expect(importsIn('x.ts', src)).toEqual([
      { spec: './a.js', typeOnly: false },
      { spec: './b.js', typeOnly: true },
      { spec: './c.js', typeOnly: true },
      { spec: './e.js', typeOnly: false },
      { spec: './g.js', typeOnly: true },
      { spec: './h.js', typeOnly: false },
      { spec: './i.js', typeOnly: false },
      { spec: './j.js', typeOnly: false },
      { spec: 'k', typeOnly: false },
      { spec: './l.js', typeOnly: true },
    ]);
  });

  it('flags a pure module importing the store, a node built-in or a stateful package, and briefing importing the scheduler', () => {
    const e = (from: string, spec: string, to: string | undefined, typeOnly = false): ImportEdge => ({ from, spec, to, typeOnly });
    expect(zoneViolations([
      e('src/tags/topics.ts', '../store/types.js', 'src/store/types.ts', true),
      e('src/text/lang.ts', 'node:fs', undefined),
      e('src/summarize/extractive.ts', 'better-sqlite3', undefined),
      e('src/briefing/briefing.ts', '../schedule/compose.js', 'src/schedule/compose.ts'),
      e('src/briefing/briefing.ts', '../store/sqlite.js', 'src/store/sqlite.ts'),
      // allowed:
      e('src/tags/topics.ts', '../text/tokens.js', 'src/text/tokens.ts'),
      e('src/text/lang.ts', 'franc-min', undefined),
      e('src/articles/parse.ts', '../types.js', 'src/types.ts', true),
      e('src/briefing/briefing.ts', '../store/types.js', 'src/store/types.ts', true),
      e('src/store/sqlite.ts', '../stories/assign.js', 'src/stories/assign.ts'),
    ])).toEqual([
      'src/tags/topics.ts imports ../store/types.js',
      'src/text/lang.ts imports node:fs',
      'src/summarize/extractive.ts imports better-sqlite3',
      'src/briefing/briefing.ts imports ../schedule/compose.js',
      'src/briefing/briefing.ts imports ../store/sqlite.js',
    ]);
  });
});

describe('inner walls of the project', () => {
  const graph = projectGraph();
  const resolved = graph.edges.filter((e) => e.to !== undefined);

  it('reads the whole project (guards against a check that passes because it saw nothing)', () => {
    expect(graph.files.length).toBeGreaterThan(150);
    expect(resolved.length).toBeGreaterThan(500);
    for (const dir of ['src/', 'commands/', 'adapters/', 'tests/', 'bench/']) expect(graph.files.some((f) => f.startsWith(dir))).toBe(true);
    // Every relative import resolves to a project file, so no edge of the graph is silently missing.
    expect(graph.edges.filter((e) => e.spec.startsWith('.') && e.to === undefined).map((e) => `${e.from} imports ${e.spec}`)).toEqual([]);
  });

  it('has no import cycle (type-only imports count: a cycle of types still ties two modules into one)', () => {
    expect(cycles(graph.edges)).toEqual([]);
  });

  it('keeps the pure NLP modules free of store, scheduler, feeds, LLM, service, app, config, log and IO', () => {
    expect(graph.files.filter(isPure).length).toBeGreaterThan(30);
    expect(zoneViolations(graph.edges)).toEqual([]);
  });

  it('lists only existing files as not pure yet', () => {
    for (const file of Object.keys(NOT_PURE_YET)) expect(graph.files).toContain(file);
  });
});
