// The dependency direction adapters -> commands -> src, checked by reading every import: src/ imports no platform
// library, adapters/ or commands/; commands/ imports no platform library or adapters/.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const PLATFORM_LIBS = /^(discord\.js|discord-api-types|discord-interactions|@discordjs\/|@slack\/)/;

// Static imports and re-exports (`from '…'`), side-effect imports (`import '…'`), dynamic import() and require().
const IMPORT_RE = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

/** Every module specifier a source file imports. */
function importsOf(source: string): string[] {
  const noComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...noComments.matchAll(IMPORT_RE)].map((m) => m[1] as string);
}

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));
}

/** Imports of files under `dir` that break the rule: platform libraries, or relative paths into `forbidden` folders. */
function violations(dir: string, forbidden: string[]): { files: number; imports: number; bad: string[] } {
  const bad: string[] = [];
  let imports = 0;
  const files = tsFiles(dir);
  for (const file of files) {
    for (const spec of importsOf(readFileSync(path.join(ROOT, file), 'utf8'))) {
      imports++;
      if (PLATFORM_LIBS.test(spec)) bad.push(`${file} imports ${spec}`);
      if (spec.startsWith('.')) {
        const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec));
        if (forbidden.some((f) => target === f || target.startsWith(f + path.sep))) bad.push(`${file} imports ${spec} (${target})`);
      }
    }
  }
  return { files: files.length, imports, bad };
}

describe('dependency boundaries', () => {
  it('finds static, side-effect, dynamic and require imports, ignoring comments', () => {
    const src = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export * from './c.js';",
      "import './d.js';",
      "const e = await import('discord.js');",
      "const f = require('@slack/bolt');",
      "// import x from 'not-this';",
    ].join('\n');
    expect(importsOf(src)).toEqual(['./a.js', '../b.js', './c.js', './d.js', 'discord.js', '@slack/bolt']);
  });

  it('flags a relative import from src/ into adapters/', () => {
    const spec = '../../adapters/discord/bot.js';
    const target = path.relative(ROOT, path.resolve(ROOT, 'src/briefing', spec));
    expect(target.startsWith('adapters' + path.sep)).toBe(true);
  });

  it('keeps src/ free of discord.js, @discordjs/*, @slack/*, adapters/ and commands/', () => {
    const r = violations('src', ['adapters', 'commands']);
    expect(r.files).toBeGreaterThan(10);
    expect(r.imports).toBeGreaterThan(20);
    expect(r.bad).toEqual([]);
  });

  it('keeps commands/ free of platform libraries and adapters/', () => {
    const r = violations('commands', ['adapters']);
    expect(r.files).toBeGreaterThanOrEqual(4);
    expect(r.bad).toEqual([]);
  });
});
