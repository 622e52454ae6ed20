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

// The lists and the cache version are written by scripts/build-web.mjs into
// dist/sw.js from what dist/ holds (every file is in FILES unless build-web's
// ON_USE patterns or REGION_CATALOG below take it; the version is a hash of
// the files' bytes), so no file can be forgotten and every new build gets a
// new cache. www/sw.js itself is not served: build-web refuses to leave a
// placeholder in dist/.
const CACHE = 'policycalc-static-@BUILD_VERSION@';
const FILES = [/* @BUILD_FILES@: fetched at install */];
// The integrators' page, the batch page and its own (larger) modules, the
// all-region catalogs the batch uses: cached when first used, never
// downloaded ahead for a reader of the calculator.
const ON_USE = [/* @BUILD_ON_USE@ */];
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
