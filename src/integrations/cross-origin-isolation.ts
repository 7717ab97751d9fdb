// Cross-origin isolation for the book: the two headers that make a page crossOriginIsolated (so TF.js's
// WASM backend may use SharedArrayBuffer and run on every core), and, for hosts that cannot send headers
// (GitHub Pages), the tiny inline script that registers public/coi-sw.js, which adds them itself.
// Used by astro.config.mjs (dev and preview servers, the <head> script) and the e2e test server.

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/** The service worker's file name under the base path (public/coi-sw.js). */
const ISOLATION_WORKER = 'coi-sw.js';

/** sessionStorage key: set just before the one reload, so a browser that ignores the worker never loops. */
const TRIED = 'next-token:coi-reload';

/**
 * The inline <head> script. Already isolated (the host sent the headers), not a secure context, no service
 * workers, or no sessionStorage: it does nothing. Otherwise it registers the worker for the base path and,
 * once the worker is active, reloads once so the page comes back through it with the headers. If the page is
 * still not isolated after that reload, it leaves the page as it is for the rest of the session (one thread).
 */
export function registerIsolationScript(base: string): string {
  const url = JSON.stringify(`${base}${ISOLATION_WORKER}`);
  const key = JSON.stringify(TRIED);
  return `(() => {
  const sw = navigator.serviceWorker;
  let store;
  try { store = sessionStorage; } catch { return; }
  if (self.crossOriginIsolated) { store.removeItem(${key}); return; }
  if (!self.isSecureContext || !sw || store.getItem(${key})) return;
  const reload = () => { store.setItem(${key}, '1'); location.reload(); };
  sw.register(${url}, { scope: ${JSON.stringify(base)} }).then((reg) => {
    if (reg.active) return reload();
    const next = reg.installing || reg.waiting;
    next && next.addEventListener('statechange', () => next.state === 'activated' && reload());
  }, () => {});
})();`;
}
