/// <reference lib="webworker" />
// The service worker that lets an operator terminal come up without a
// network: it keeps the app shell of its own build (precached when it
// installs) and a copy of the last answers to the few reads the terminal
// needs (who is signed in, the line, its work orders, the reason tables). A
// read goes to the network first; only when the network fails does the copy
// answer, and the page is told so. Commands (POST) are never touched here:
// the terminal's outbox keeps and resends them with their idempotency keys.
//
// Built by web/service-worker-plugin.ts into /sw.js, with the build's file
// list put in place of the marker below. It imports nothing, on purpose: it
// is compiled on its own, outside the app's bundle.

// The web app's program also has the DOM's `self`; this file's is the worker's.
const worker = self as unknown as ServiceWorkerGlobalScope;

interface Manifest {
  /** Changes with every build: a new build installs a new shell. */
  version: string;
  /** The build's files, absolute paths. */
  files: string[];
}

const MANIFEST = JSON.parse('__LOTLINE_PRECACHE_MANIFEST__') as Manifest;
const SHELL_CACHE = `lotline-shell-${MANIFEST.version}`;
/** Answers for one signed-in person: dropped when a session begins or ends. */
const DATA_CACHE = 'lotline-terminal-data-v1';
const STORED_AT = 'x-lotline-stored-at';

/** The reads a terminal needs to draw itself; nothing else is kept. */
const KEPT_READS: readonly RegExp[] = [
  /^\/api\/auth\/me$/,
  /^\/api\/plant\/lines(\/[^/]+)?$/,
  /^\/api\/plant\/file$/,
  /^\/api\/production\/work-orders(\/[0-9a-f-]{36})?$/,
];

/** Where a session begins or ends: the kept answers belong to the one before. */
const SESSION_CHANGES = ['/api/auth/sign-in', '/api/auth/sign-out'];

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(['/index.html', ...MANIFEST.files]);
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('lotline-shell-') && name !== SHELL_CACHE) await caches.delete(name);
      }
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;

  if (request.method !== 'GET') {
    if (SESSION_CHANGES.includes(url.pathname)) event.waitUntil(caches.delete(DATA_CACHE));
    return; // commands go straight to the network
  }
  if (request.mode === 'navigate') {
    event.respondWith(pageOrShell(request));
    return;
  }
  if (KEPT_READS.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(networkThenCopy(request, event.clientId));
    return;
  }
  if (MANIFEST.files.includes(url.pathname)) {
    event.respondWith(shellFirst(request));
  }
});

/** A page: from the server when it answers, else the app shell (the router draws the page). */
async function pageOrShell(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const shell = await caches.match('/index.html', { cacheName: SHELL_CACHE });
    if (shell) return shell;
    throw error;
  }
}

/** A file of this build: its name carries its content hash, so the kept copy is the file. */
async function shellFirst(request: Request): Promise<Response> {
  const kept = await caches.match(request, { cacheName: SHELL_CACHE });
  return kept ?? fetch(request);
}

async function networkThenCopy(request: Request, clientId: string): Promise<Response> {
  const cache = await caches.open(DATA_CACHE);
  let response: Response;
  try {
    response = await fetch(request);
  } catch (error) {
    const copy = await cache.match(request);
    await tell(clientId, { answered: false, storedAt: copy?.headers.get(STORED_AT) ?? undefined });
    if (copy) return copy;
    throw error;
  }
  await tell(clientId, { answered: true });
  if (response.status === 401) {
    await caches.delete(DATA_CACHE); // the session is over: its answers go with it
  } else if (response.ok) {
    const headers = new Headers(response.headers);
    headers.set(STORED_AT, new Date().toISOString());
    const body = await response.clone().arrayBuffer();
    await cache.put(
      request,
      new Response(body, { status: response.status, statusText: response.statusText, headers }),
    );
  }
  return response;
}

async function tell(clientId: string, news: { answered: boolean; storedAt?: string | undefined }) {
  if (!clientId) return;
  const client = await worker.clients.get(clientId);
  client?.postMessage({ type: 'lotline-network', ...news });
}
