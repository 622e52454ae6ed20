// The one script a page loads for <policy-calculator>:
//
//   <script type="module" src="/calculator/policy-calculator.js"></script>
//   <policy-calculator region="bayannur" lang="en"></policy-calculator>
//
// It starts the three big downloads at once (the WebAssembly core, the
// compiled policy catalog of the likely language, the element's stylesheet)
// and, in parallel, the element's code (pc-element.js), which picks them up.
// This saves a round trip before the first question on slow networks.

const BASE = new URL('.', import.meta.url);
const LANGS = ['zh-Hans', 'zh-Hant', 'en'];

function guessLang() {
  const params = new URLSearchParams(location.search);
  const fromLink = params.has('kiosk') ? null : new URLSearchParams(location.hash.replace(/^#/, '')).get('lang');
  const fromElement = document.querySelector('policy-calculator')?.getAttribute('lang');
  return [fromLink, fromElement].find((l) => LANGS.includes(l)) || 'zh-Hans';
}

const quiet = (promise) => {
  promise.catch(() => {}); // a failure is handled where the result is used
  return promise;
};

const lang = guessLang();

/** Downloads already under way, for pc-element.js to use instead of fetching again. */
export const early = {
  lang,
  wasm: quiet(fetch(new URL('pkg/policycalc_bg.wasm', BASE))),
  catalog: quiet(fetch(new URL(`pkg/catalog.${lang}.bin`, BASE))),
  css: quiet(fetch(new URL('policy-calculator.css', BASE)).then((r) => {
    if (!r.ok) throw new Error(`policy-calculator.css: HTTP ${r.status}`);
    return r.text();
  })),
};

// The element's module and its two imports, requested together rather than
// one after the other (the module map shares them).
import('./pkg/policycalc.js').catch(() => {});
import('./i18n.js').catch(() => {});
import('./pc-element.js');
