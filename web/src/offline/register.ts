// Installs the service worker of src/offline/service-worker.ts, so that an
// operator terminal reloaded without a network still comes up. Browsers allow
// service workers only on https (and on localhost): a terminal served over
// plain http keeps its outbox but cannot reload while offline.
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
    // The app works without it; only reloading offline does not.
    console.warn('the offline service worker could not be installed', error);
  });
}
