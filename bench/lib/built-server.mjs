// Loaded with `--import` before the benchmarks: the server's modules they
// import from src/ are taken from dist/, the code `npm start` runs, compiled
// by tsc. tsx compiles src/ on the fly with esbuild's keepNames, which wraps
// every function made at run time in a naming call; on the ingest's hot path
// that alone cost a fifth of the time per message, which no user ever pays.
import { register } from 'node:module';

register('./built-server-hooks.mjs', import.meta.url);
