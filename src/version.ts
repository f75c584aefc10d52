// Lotline's version, from package.json: one number for the server, the API
// document and `lotline --version`. Kept apart from app.ts so the command line
// can print it without loading the server.
import { readFileSync } from 'node:fs';

export const VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;
