#!/usr/bin/env node
// The `newsbrief` command: runs the compiled terminal adapter (built by `npm ci` through the prepare script).
import { boundHeapGrowth } from '../dist/src/memory.js';
import { main } from '../dist/adapters/terminal/cli.js';

boundHeapGrowth();
process.exitCode = await main(process.argv.slice(2));
