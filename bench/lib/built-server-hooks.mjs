// Module resolve hook (see built-server.mjs): src/**/*.ts → dist/**/*.js.
// It runs before tsx's resolver, asks it where a specifier leads, and swaps a
// server module for its compiled twin. A module with no twin (not built, or a
// test helper) stays on src/, compiled by tsx as before.
import { existsSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url).href;
const SRC = `${ROOT}src/`;
const DIST = `${ROOT}dist/`;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const { url } = resolved;
  if (!url.startsWith(SRC) || !url.endsWith('.ts') || url.endsWith('.test.ts')) return resolved;
  const built = new URL(`${DIST}${url.slice(SRC.length, -'.ts'.length)}.js`);
  if (!existsSync(built)) return resolved;
  return { ...resolved, url: built.href, format: 'module' };
}
