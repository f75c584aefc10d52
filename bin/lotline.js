#!/usr/bin/env node
// Runs the built CLI; `npm run build` makes dist/.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('lotline: not built yet; run `npm run build` first\n');
  process.exit(1);
}
await import(entry.href);
