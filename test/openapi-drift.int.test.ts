// docs/openapi.json is generated (scripts/openapi.ts) and committed, so a change
// to the API shows in review. This fails when the file no longer matches what
// the server publishes.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { OPENAPI_FILE } from '../scripts/openapi.js';
import { migratedDataDir } from './cli/lotline.js';

/**
 * The document as `npm run openapi` writes it, rendered in a process of its
 * own: the test files of a worker share one module cache, and schemas other
 * files register with zod's global registry would show in this one's.
 */
function renderInOwnProcess(): string {
  return execFileSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/openapi.ts', '--print', '--data-dir', migratedDataDir()],
    {
      cwd: path.resolve(import.meta.dirname, '..'),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
}

type Document = { paths?: Record<string, Record<string, unknown>> };

/** Which operations differ, so the message says what changed, not just that something did. */
function operationsOf(document: Document): Map<string, string> {
  const operations = new Map<string, string>();
  for (const [path, methods] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods)) {
      operations.set(`${method.toUpperCase()} ${path}`, JSON.stringify(operation));
    }
  }
  return operations;
}

function describeDrift(committed: string, current: string): string {
  let before: Document = {};
  try {
    before = JSON.parse(committed) as Document;
  } catch {
    return 'docs/openapi.json is missing or not JSON';
  }
  const old = operationsOf(before);
  const now = operationsOf(JSON.parse(current) as Document);
  const lines: string[] = [];
  for (const [key, operation] of now) {
    if (!old.has(key)) lines.push(`  added    ${key}`);
    else if (old.get(key) !== operation) lines.push(`  changed  ${key}`);
  }
  for (const key of old.keys()) if (!now.has(key)) lines.push(`  removed  ${key}`);
  return lines.length > 0 ? lines.join('\n') : '  (schemas, info or layout only)';
}

it('docs/openapi.json matches the API the server publishes', async () => {
  const current = renderInOwnProcess();
  const committed = existsSync(OPENAPI_FILE) ? readFileSync(OPENAPI_FILE, 'utf8') : '';
  if (committed !== current) {
    expect.fail(
      `docs/openapi.json is out of date: run \`npm run openapi\` and commit the result.\n` +
        describeDrift(committed, current),
    );
  }
  expect(JSON.parse(committed).openapi).toBe('3.1.0');
});

type Operation = { parameters?: { in: string; name: string }[] };

it('documents the electronic signature on every plant change', () => {
  const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
  };
  const changes = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => method === 'post' || method === 'put')
      .filter(() => path.startsWith('/api/plant/'))
      .map(([method, operation]) => ({ key: `${method} ${path}`, operation })),
  );
  expect(changes.length).toBeGreaterThanOrEqual(13);
  for (const { key, operation } of changes) {
    const headers = (operation.parameters ?? [])
      .filter((p) => p.in === 'header')
      .map((p) => p.name);
    expect(headers, key).toEqual([
      'x-signature-password',
      'x-signature-meaning',
      'x-signature-reason',
    ]);
  }
});

it('describes no response that could carry a stored secret', () => {
  const text = readFileSync(OPENAPI_FILE, 'utf8');
  // Hashes of passwords, sessions and tokens stay in the database.
  for (const field of ['passwordHash', 'password_hash', 'tokenHash', 'idHash', 'csrf_token']) {
    expect(text, field).not.toContain(`"${field}"`);
  }
});
