// Offline support for the calculator's own static files, and nothing else.
//
// - Only the files listed below are ever cached (FILES at install, ON_USE
//   and the regions' catalogs when first fetched), keyed by their path with
//   the query string dropped: answers live in the URL fragment, which never
//   reaches a service worker, and no request made with answers exists (the
//   page computes everything locally).
// - Network first, cache as the fallback: a fresh build is picked up as soon
//   as the server is reachable; offline, the last copy is used.
// - No other storage: no IndexedDB, no cookies, no messages with page data.

const CACHE = 'policycalc-static-v3';
const FILES = [
  './',
  'index.html',
  'kiosk.html',
  'demo.html',
  'app.css',
  'demo.css',
  'policy-calculator.js',
  'pc-element.js',
  'pc-kiosk.js',
  'policy-calculator.css',
  'i18n.js',
  'qr.js',
  'pc-results.js',
  'i18n-results.js',
  'favicon.png',
  'icon-192.png',
  'icon-512.png',
  'manifest.webmanifest',
  'pkg/policycalc.js',
  'pkg/policycalc_bg.wasm',
  'pkg/regions.json',
];
// The integrators' page, the CSV batch page and its own (larger) module:
// cached when first used, never downloaded ahead for a reader of the calculator.
const ON_USE = [
  'embed.html',
  'embed.css',
  'embed.js',
  'batch.html',
  'batch.css',
  'batch.js',
  'batch-worker.js',
  'pkg/policycalc_batch.js',
  'pkg/policycalc_batch_bg.wasm',
  'pkg/policycalc_batch_xlsx.js',
  'pkg/policycalc_batch_xlsx_bg.wasm',
  'pkg/catalog.zh-Hans.bin',
  'pkg/catalog.zh-Hant.bin',
  'pkg/catalog.en.bin',
];
// One region's catalog in one language: fetched once the region is known
// (with its other languages), so cached when first used, never ahead.
const REGION_CATALOG = /^pkg\/catalog\.[a-z0-9-]+\.(zh-Hans|zh-Hant|en)\.bin$/;
const SCOPE = new URL('./', self.location.href);
const CACHEABLE = new Set([...FILES, ...ON_USE].map((f) => new URL(f, SCOPE).pathname));
const cacheable = (pathname) => CACHEABLE.has(pathname)
  || (pathname.startsWith(SCOPE.pathname) && REGION_CATALOG.test(pathname.slice(SCOPE.pathname.length)));

/** The cache key: same-origin path only (no query, no fragment). */
function keyFor(url) {
  const u = new URL(url);
  return new URL(u.pathname, u.origin).href;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES.map((f) => new Request(new URL(f, SCOPE), { cache: 'no-cache' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('policycalc-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !cacheable(url.pathname)) return;
  const key = keyFor(request.url);
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok && response.type === 'basic') await cache.put(key, response.clone());
      return response;
    } catch (err) {
      const cached = await cache.match(key);
      if (cached) return cached;
      throw err;
    }
  })());
});
