// Builds dist/ once before any test file runs: the CLI tests spawn bin/newsbrief.js over it. Building per file made
// test files race each other rewriting dist/ while another one was running the CLI.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
