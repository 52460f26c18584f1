// No service locator: the core and the commands never import the composition root (src/app.ts); they receive the
// ports and settings they use. Only the entry points (the service's main and the CLI) build the app with createApp.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const IMPORT_RE = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;

/** Every .ts file under `dir` (relative to the repository) with its relative imports resolved to repository paths. */
function imports(dir: string): { file: string; targets: string[]; source: string }[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => {
      const file = path.join(dir, f);
      const source = readFileSync(path.join(ROOT, file), 'utf8');
      const targets = [...source.matchAll(IMPORT_RE)]
        .map((m) => m[1] as string)
        .filter((s) => s.startsWith('.'))
        .map((s) => path.relative(ROOT, path.resolve(ROOT, path.dirname(file), s)).replace(/\.js$/, '.ts'));
      return { file, targets, source };
    });
}

describe('composition root', () => {
  it('is imported by no module of src/ or commands/', () => {
    const all = [...imports('src'), ...imports('commands')];
    expect(all.length).toBeGreaterThan(50);
    expect(all.filter((m) => m.file !== path.join('src', 'app.ts') && m.targets.includes(path.join('src', 'app.ts'))).map((m) => m.file)).toEqual([]);
  });

  it('is built (createApp) only by the entry points among src/, commands/ and adapters/', () => {
    const builders = [...imports('src'), ...imports('commands'), ...imports('adapters')]
      .filter((m) => m.file !== path.join('src', 'app.ts') && /\bcreateApp\(/.test(m.source))
      .map((m) => m.file)
      .sort();
    expect(builders).toEqual([path.join('adapters', 'main.ts'), path.join('adapters', 'terminal', 'cli.ts')]);
  });
});
