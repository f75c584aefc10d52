// Builds the terminal's service worker (src/offline/service-worker.ts) into
// /sw.js beside the app, with the list of this build's files to precache.
// The worker is compiled on its own (types stripped, nothing bundled: it
// imports nothing), so the app's chunks never end up in it or it in them.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Plugin, transformWithOxc } from 'vite';

const SOURCE = fileURLToPath(new URL('./src/offline/service-worker.ts', import.meta.url));
const MARKER = /(["'])__LOTLINE_PRECACHE_MANIFEST__\1/;

export function serviceWorker(): Plugin {
  return {
    name: 'lotline-service-worker',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((name) => !name.endsWith('.map') && name !== 'index.html')
        .map((name) => `/${name}`)
        .sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      const source = await readFile(SOURCE, 'utf8');
      const { code } = await transformWithOxc(source, SOURCE, { lang: 'ts' });
      if (!MARKER.test(code)) throw new Error('the service worker has lost its manifest marker');
      const manifest = JSON.stringify(JSON.stringify({ version, files }));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: code.replace(MARKER, manifest) });
    },
  };
}
