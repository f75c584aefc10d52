// Writes the OpenAPI document of the HTTP API to docs/openapi.json, so a change
// to the API shows in review and CI can tell when the file is out of date
// (test/openapi-drift.int.test.ts). Run with `npm run openapi`.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { openPgliteStore } from '../src/core/db/store.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OPENAPI_FILE = path.join(ROOT, 'docs/openapi.json');

/** The document the server publishes at /api/openapi.json, as the text of docs/openapi.json. */
export async function renderOpenApi(dataDir?: string): Promise<string> {
  // Describing the routes reads no data; an in-memory store keeps the
  // document independent of any data directory or database server. A
  // migrated data directory given instead (the drift test's copy of its
  // template) saves creating a database: several seconds of CPU.
  const store = await openPgliteStore(dataDir ? { dataDir } : {});
  try {
    await store.migrate();
    const app = await buildApp({ store, logger: pino({ level: 'silent' }) });
    try {
      await app.ready();
      return formatAsTheLinterDoes(JSON.stringify(app.swagger(), null, 2));
    } finally {
      await app.close();
    }
  } finally {
    await store.close();
  }
}

// The file is checked by `biome check .` like any other, so it is written in
// the formatter's layout; otherwise every regeneration would fail the lint.
function formatAsTheLinterDoes(json: string): string {
  const result = spawnSync(
    path.join(ROOT, 'node_modules/.bin/biome'),
    ['format', `--stdin-file-path=${OPENAPI_FILE}`],
    // The document is past spawnSync's default 1 MiB of output.
    { cwd: ROOT, input: json, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    throw new Error(`biome could not format the OpenAPI document: ${result.stderr}`);
  }
  return result.stdout;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const at = process.argv.indexOf('--data-dir');
  const dataDir = at > 0 ? process.argv[at + 1] : undefined;
  if (at > 0 && !dataDir) {
    process.stderr.write('openapi: --data-dir needs a directory\n');
    process.exit(1);
  }
  if (process.argv.includes('--print')) {
    process.stdout.write(await renderOpenApi(dataDir));
  } else {
    writeFileSync(OPENAPI_FILE, await renderOpenApi(dataDir));
    process.stdout.write(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}\n`);
  }
}
