// The one script a page loads for <policy-calculator>:
//
//   <script type="module" src="/calculator/policy-calculator.js"></script>
//   <policy-calculator region="bayannur" lang="en"></policy-calculator>
//
// It starts the downloads the first screen needs at once (the region list,
// the element's stylesheet and, when a share link carries answers or the host
// presets the role, the WebAssembly core and that region's compiled catalog
// in the likely language) and, in parallel, the element's code (pc-element.js
// and its imports; pc-core.js picks the downloads up). This saves a round
// trip before the first question on slow networks. Otherwise the first screen
// needs no core: the region choice, or the role question when the region is
// known (both drawn from pkg/regions.json); the element fetches the core and
// the catalog once that screen is shown, so they do not compete with it.

const BASE = new URL('.', import.meta.url);
// i18n.js's LANGS, repeated so that these downloads need not wait for i18n.js
// (tests/e2e/server.test.mjs keeps the two equal)
const LANGS = ['zh-Hans', 'zh-Hant', 'en'];
const REGION_ID = /^[a-z0-9-]+$/;

const element = document.querySelector('policy-calculator');
const link = new URLSearchParams(new URLSearchParams(location.search).has('kiosk') ? '' : location.hash.replace(/^#/, ''));
const lang = [link.get('lang'), element?.getAttribute('lang')].find((l) => LANGS.includes(l)) || 'zh-Hans';
const region = [element?.getAttribute('region'), link.get('region')].find((r) => r && REGION_ID.test(r)) || null;
// pc-element.js's reserved fragment keys: any other key is an answer
const answered = [...link.keys()].some((k) => !['lang', 'region', 'view', 'as-of'].includes(k));
const needsCore = region && (answered || element?.hasAttribute('preset-role'));

const quiet = (promise) => {
  promise.catch(() => {}); // a failure is handled where the result is used
  return promise;
};

/** Downloads already under way, for pc-element.js to use instead of fetching again. */
export const early = {
  lang,
  region,
  wasm: needsCore ? quiet(fetch(new URL('pkg/policycalc_bg.wasm', BASE), { priority: 'high' })) : null,
  regions: quiet(fetch(new URL('pkg/regions.json', BASE))),
  catalog: needsCore ? quiet(fetch(new URL(`pkg/catalog.${region}.${lang}.bin`, BASE))) : null,
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
