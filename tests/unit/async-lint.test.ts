// The store and everything above it are asynchronous, so a promise that nobody awaits loses its error and its order:
// the type-aware lint rules that refuse it in src/, commands/ and adapters/ really fire there.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CODE = [
  'export async function save(): Promise<void> {}',
  'export function forgets(): void {',
  '  save();',
  '}',
  'export function awaits(): Promise<void> {',
  '  return save();',
  '}',
  'export function ignoresOnPurpose(): void {',
  '  void save();',
  '}',
  'export const checks = [1].filter(async () => true);',
  '',
].join('\n');

describe('async lint rules', () => {
  it('refuse a floating promise and an async callback where a boolean is expected, and allow an explicit void', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    // Real files (their text replaced): type information needs a file the TypeScript project knows.
    for (const file of ['src/clock.ts', 'commands/settle.ts', 'adapters/discord/limits.ts']) {
      const [r] = await eslint.lintText(CODE, { filePath: path.join(ROOT, file) });
      const found = r?.messages.filter((m) => m.ruleId?.startsWith('@typescript-eslint/no-')).map((m) => [m.ruleId, m.line]);
      expect(found, file).toEqual([
        ['@typescript-eslint/no-floating-promises', 3],
        ['@typescript-eslint/no-misused-promises', 11],
      ]);
    }
  }, 180_000); // type-aware lint builds a TypeScript program: slow on a loaded machine
});
