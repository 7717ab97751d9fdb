// Cross-origin isolation for hosts that cannot send headers (GitHub Pages): this service worker answers
// every same-origin request from the network, as the browser would, and adds COOP/COEP to the response.
// It caches nothing, so the site loads as usual (and fails as usual offline). Registered by the inline
// script from src/integrations/cross-origin-isolation.ts; the technique is coi-serviceworker's.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (new URL(request.url).origin !== self.location.origin) return; // not ours: the browser handles it
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return; // a Chrome quirk
  event.respondWith(fetch(request).then(isolate));
});

function isolate(response) {
  if (response.status === 0) return response; // opaque (a redirect for a navigation): pass it on untouched
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
