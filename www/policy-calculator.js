// The one script a page loads for <policy-calculator>:
//
//   <script type="module" src="/calculator/policy-calculator.js"></script>
//   <policy-calculator region="bayannur" lang="en"></policy-calculator>
//
// It starts the downloads the first screen needs at once (the region list,
// the element's stylesheet and, when the region is already known from the
// element or a share link, the WebAssembly core and that region's compiled
// catalog in the likely language) and, in parallel, the element's code
// (pc-element.js and its imports; pc-core.js picks the downloads up). This
// saves a round trip before the first question on slow networks. When the region is not known, the first
// screen is the region choice, which needs no core: the element fetches the
// core once that screen is shown, so it does not compete with it.

const BASE = new URL('.', import.meta.url);
// i18n.js's LANGS, repeated so that these downloads need not wait for i18n.js
// (tests/e2e/server.test.mjs keeps the two equal)
const LANGS = ['zh-Hans', 'zh-Hant', 'en'];
const REGION_ID = /^[a-z0-9-]+$/;

const element = document.querySelector('policy-calculator');
const link = new URLSearchParams(new URLSearchParams(location.search).has('kiosk') ? '' : location.hash.replace(/^#/, ''));
const lang = [link.get('lang'), element?.getAttribute('lang')].find((l) => LANGS.includes(l)) || 'zh-Hans';
const region = [element?.getAttribute('region'), link.get('region')].find((r) => r && REGION_ID.test(r)) || null;

const quiet = (promise) => {
  promise.catch(() => {}); // a failure is handled where the result is used
  return promise;
};

/** Downloads already under way, for pc-element.js to use instead of fetching again. */
export const early = {
  lang,
  region,
  wasm: region ? quiet(fetch(new URL('pkg/policycalc_bg.wasm', BASE), { priority: 'high' })) : null,
  regions: quiet(fetch(new URL('pkg/regions.json', BASE))),
  catalog: region ? quiet(fetch(new URL(`pkg/catalog.${region}.${lang}.bin`, BASE))) : null,
  css: quiet(fetch(new URL('policy-calculator.css', BASE)).then((r) => {
    if (!r.ok) throw new Error(`policy-calculator.css: HTTP ${r.status}`);
    return r.text();
  })),
};

// The element's module and its imports, requested together rather than
// one after the other (the module map shares them).
import('./pkg/policycalc.js').catch(() => {});
import('./i18n.js').catch(() => {});
import('./pc-dom.js').catch(() => {});
import('./pc-core.js').catch(() => {});
import('./pc-element.js');
