// The dependency direction adapters -> commands -> src, checked by reading every import: src/ imports no platform
// library, adapters/ or commands/; commands/ imports no platform library or adapters/.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

function tsFiles(dir: string, root: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));
}

/** Imports of files under `dir` that break the rule: platform libraries, or relative paths into `forbidden` folders. */
function violations(dir: string, forbidden: string[], root = ROOT): { files: number; imports: number; bad: string[] } {
  const bad: string[] = [];
  let imports = 0;
  const files = tsFiles(dir, root);
  for (const file of files) {
    for (const spec of importsOf(readFileSync(path.join(root, file), 'utf8'))) {
      imports++;
      if (PLATFORM_LIBS.test(spec)) bad.push(`${file} imports ${spec}`);
      if (spec.startsWith('.')) {
        const target = path.relative(root, path.resolve(root, path.dirname(file), spec));
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

  it('flags relative imports from src/ into adapters/ and commands/, and platform libraries, in a tree that has them', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'newsbrief-boundary-'));
    try {
      mkdirSync(path.join(root, 'src', 'briefing'), { recursive: true });
      const write = (file: string, text: string): void => writeFileSync(path.join(root, 'src', file), text);
      write('briefing/leak.ts', "import { startDiscordBot } from '../../adapters/discord/client.js';\nimport type { Reply } from '../../commands/types.js';\n");
      write('briefing/fine.ts', "import { windowFor } from './window.js';\nimport type { Tag } from '../types.js';\n");
      write('platform.ts', "const bolt = await import('@slack/bolt');\n// import 'discord.js' in a comment is not an import\n");
      const r = violations('src', ['adapters', 'commands'], root);
      expect(r.files).toBe(3);
      expect(r.imports).toBe(5);
      expect(r.bad.sort()).toEqual([
        `${path.join('src', 'briefing', 'leak.ts')} imports ../../adapters/discord/client.js (${path.join('adapters', 'discord', 'client.js')})`,
        `${path.join('src', 'briefing', 'leak.ts')} imports ../../commands/types.js (${path.join('commands', 'types.js')})`,
        `${path.join('src', 'platform.ts')} imports @slack/bolt`,
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
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
