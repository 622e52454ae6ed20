// Core loading and restart for <policy-calculator> (pc-element.js): the
// WebAssembly core, the region list, the compiled catalogs (one cache for
// every instance), one Calculator per region and language, the restart after
// a trap and the kiosk's fresh core; the stylesheet; the lazily loaded
// modules (results, QR). Uses the downloads policy-calculator.js started.

import * as glue from './pkg/policycalc.js';
import { early } from './policy-calculator.js';

export const BASE = new URL('.', import.meta.url);

let wasmReady = null;
let regionIndex = null; // Promise<[{id, name: {lang: text}, extends, roles: [id], provisions}]>
const catalogBytes = new Map(); // `${region}.${lang}` -> Promise<Uint8Array>
const calculators = new Map(); // `${region}.${lang}` -> Promise<Calculator>

/**
 * Where regions.json and the catalogs come from: null (fetched from pkg/,
 * the citizen pages) or, for the policy studio's preview (www/studio.js),
 * `{regions(): object[], catalog(region, lang): Uint8Array}` compiled from
 * the draft. Setting it drops what was loaded (these caches are shared by
 * every element); elements created afterwards use it.
 */
let catalogSource = null;
export function setCatalogSource(source) {
  catalogSource = source;
  regionIndex = null;
  catalogBytes.clear();
  calculators.clear();
}

/** The core's glue module (`Calculator`, `default`, `__wbg_reset_state`) once its instance is ready. */
export function loadWasm() {
  wasmReady ??= glue.default({ module_or_path: early.wasm ?? new URL('pkg/policycalc_bg.wasm', BASE) })
    .catch(() => glue.default({ module_or_path: new URL('pkg/policycalc_bg.wasm', BASE) }))
    .then(() => glue);
  wasmReady.catch(() => { wasmReady = null; });
  return wasmReady;
}

// A call that traps (a Rust panic is a WebAssembly.RuntimeError) leaves that
// instance unusable. The glue module keeps one instance per module, so a fresh
// copy of the module (a new URL: the module map treats it as another module)
// gets a fresh instance; the calculators are rebuilt on it.
let restarts = 0;
export function restartCore() {
  restarts += 1;
  calculators.clear();
  wasmReady = import(`./pkg/policycalc.js?restart=${restarts}`).then(async (core) => {
    await core.default({ module_or_path: new URL('pkg/policycalc_bg.wasm', BASE) });
    return core;
  });
  wasmReady.catch(() => { wasmReady = null; });
}

/**
 * A kiosk wipe: nothing of the visitor may stay in the core's linear memory,
 * where freed buffers keep their bytes. Every calculator is dropped, the
 * memory is zeroed and the glue starts a new instance of the compiled module
 * (built with wasm-bindgen's reset-state function); the old instance, now
 * all zeros, is left to the garbage collector. The calculators are rebuilt
 * on demand from the catalog bytes already fetched (public data).
 */
export async function freshCore() {
  const core = await loadWasm();
  calculators.clear();
  const exports = await core.default();
  new Uint8Array(exports.memory.buffer).fill(0);
  core.__wbg_reset_state();
}

/** The region list (names in every language): the region choice needs nothing else. */
export function loadRegionIndex() {
  if (!regionIndex) {
    const started = catalogSource ? Promise.resolve(Response.json(catalogSource.regions()))
      : early.regions && !early.regionsUsed ? early.regions : fetch(new URL('pkg/regions.json', BASE));
    early.regionsUsed = true;
    regionIndex = started.then((r) => {
      if (!r.ok) throw new Error(`regions: HTTP ${r.status}`);
      return r.json();
    });
    regionIndex.catch(() => { regionIndex = null; });
  }
  return regionIndex;
}

/** One region's compiled catalog in one language (what it inherits included). */
export function fetchCatalog(region, lang) {
  const key = `${region}.${lang}`;
  if (!catalogBytes.has(key)) {
    const isEarly = !catalogSource && region === early.region && lang === early.lang && early.catalog && !early.catalogUsed;
    const started = catalogSource ? Promise.resolve(new Response(catalogSource.catalog(region, lang)))
      : isEarly ? early.catalog : fetch(new URL(`pkg/catalog.${key}.bin`, BASE));
    if (isEarly) early.catalogUsed = true;
    const promise = started
      .then((r) => {
        if (!r.ok) throw new Error(`catalog ${key}: HTTP ${r.status}`);
        return r.arrayBuffer();
      })
      .then((buffer) => new Uint8Array(buffer));
    promise.catch(() => catalogBytes.delete(key));
    catalogBytes.set(key, promise);
  }
  return catalogBytes.get(key);
}

/** One Calculator per region and language: each holds that catalog. */
export function calculatorFor(region, lang) {
  const key = `${region}.${lang}`;
  if (!calculators.has(key)) {
    const promise = Promise.all([loadWasm(), fetchCatalog(region, lang)]).then(([core, bytes]) => new core.Calculator(bytes));
    promise.catch(() => calculators.delete(key));
    calculators.set(key, promise);
  }
  return calculators.get(key);
}

let qrModule = null;
export const loadQr = () => (qrModule ??= import('./qr.js'));

let resultsLoading = null;
/** The results screen's module; loaded once, fetched again after a failure. */
export function loadResults() {
  resultsLoading ??= import('./pc-results.js');
  resultsLoading.catch(() => { resultsLoading = null; });
  return resultsLoading;
}

// The stylesheet: fetched once (by the loader) and adopted by every
// instance's shadow root; a <link> where constructed stylesheets are missing.
// Neither is an inline style, so the host's style-src 'self' allows both.
const CONSTRUCTED = typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype
  && typeof ShadowRoot === 'function' && 'adoptedStyleSheets' in ShadowRoot.prototype;
let sheet = null;

/** Styles `shadow`; resolves once they apply (a failed fetch falls back to the <link>). */
export function adoptStyles(shadow) {
  const linked = () => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL('policy-calculator.css', BASE).href;
    shadow.prepend(link);
    return new Promise((ok) => {
      link.addEventListener('load', ok, { once: true });
      link.addEventListener('error', ok, { once: true });
    });
  };
  if (!CONSTRUCTED) return Promise.resolve().then(linked);
  sheet ??= early.css.then((text) => {
    const s = new CSSStyleSheet();
    s.replaceSync(text);
    return s;
  });
  return sheet.then((s) => { shadow.adoptedStyleSheets = [s]; }, linked);
}

// The loader has started the downloads; start the core's compilation now
// (when the first screen needs no core, the element fetches it once that screen is shown).
if (early.wasm) loadWasm().catch(() => {});
loadRegionIndex().catch(() => {});
if (early.catalog) fetchCatalog(early.region, early.lang).catch(() => {});
