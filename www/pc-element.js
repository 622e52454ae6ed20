// <policy-calculator>: the interview and its results, over the wasm core.
// Loaded by policy-calculator.js (the one script tag a page needs), which
// has already started downloading the core, a catalog and the stylesheet.
//
// Attributes: region (fixes the region), lang (zh-Hans, zh-Hant, en),
// as-of (YYYY-MM-DD; default: today from the browser clock), kiosk,
// idle / countdown (kiosk timeouts in seconds), offline (register the
// service worker), heading-level (1-3, default 2).
// The answers are never written to the address bar on their own (it would
// put them in the browser's history): only the share link carries them.
// URL parameters (read by every instance): ?as-of=YYYY-MM-DD, ?kiosk,
// ?idle=N, ?countdown=N. A fragment written by the share link
// (#lang=…&region=…&<fact>=<value>…) restores the answers; it never
// reaches a server.
//
// Markup is built with createElement/textContent only; styles come from a
// constructed stylesheet (or a linked one) and classes (the host page's CSP forbids inline styles
// and eval). Nothing is written to storage or cookies.

import init, { Calculator } from './pkg/policycalc.js';
import { LANGS, DEFAULT_LANG, LANG_NAMES, t, formatDate, formatDecimal, errorMessage } from './i18n.js';
import { early } from './policy-calculator.js';

const BASE = new URL('.', import.meta.url);
const RESERVED = new Set(['lang', 'region', 'view']);

// ------------------------------------------------------------------ core loading

let wasmReady = null;
let regionIndex = null; // Promise<[{id, name: {lang: text}, extends, roles: [id], provisions}]>
const catalogBytes = new Map(); // `${region}.${lang}` -> Promise<Uint8Array>
const calculators = new Map(); // `${region}.${lang}` -> Promise<Calculator>

/** The core's module: `{ Calculator }` once its instance is ready. */
function loadWasm() {
  wasmReady ??= init({ module_or_path: early.wasm })
    .catch(() => init({ module_or_path: new URL('pkg/policycalc_bg.wasm', BASE) }))
    .then(() => ({ Calculator }));
  wasmReady.catch(() => { wasmReady = null; });
  return wasmReady;
}

// A call that traps (a Rust panic is a WebAssembly.RuntimeError) leaves that
// instance unusable. The glue module keeps one instance per module, so a fresh
// copy of the module (a new URL: the module map treats it as another module)
// gets a fresh instance; the calculators are rebuilt on it.
let restarts = 0;
function restartCore() {
  restarts += 1;
  calculators.clear();
  wasmReady = import(`./pkg/policycalc.js?restart=${restarts}`).then(async (core) => {
    await core.default({ module_or_path: new URL('pkg/policycalc_bg.wasm', BASE) });
    return core;
  });
  wasmReady.catch(() => { wasmReady = null; });
}

/** The region list (names in every language): the region choice needs nothing else. */
function loadRegionIndex() {
  if (!regionIndex) {
    const started = early.regions && !early.regionsUsed ? early.regions : fetch(new URL('pkg/regions.json', BASE));
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
function fetchCatalog(region, lang) {
  const key = `${region}.${lang}`;
  if (!catalogBytes.has(key)) {
    const isEarly = region === early.region && lang === early.lang && early.catalog && !early.catalogUsed;
    const started = isEarly ? early.catalog : fetch(new URL(`pkg/catalog.${key}.bin`, BASE));
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
function calculatorFor(region, lang) {
  const key = `${region}.${lang}`;
  if (!calculators.has(key)) {
    const promise = Promise.all([loadWasm(), fetchCatalog(region, lang)]).then(([core, bytes]) => new core.Calculator(bytes));
    promise.catch(() => calculators.delete(key));
    calculators.set(key, promise);
  }
  return calculators.get(key);
}

let qrModule = null;
const loadQr = () => (qrModule ??= import('./qr.js'));

/**
 * The service worker's URL as a TrustedScriptURL where the page enforces
 * Trusted Types (`trusted-types policycalc`): the policy passes only this
 * directory's own scripts. Elsewhere (no Trusted Types, or a page that allows
 * no policy) the plain URL, which such a page then refuses on its own.
 */
let scriptPolicy;
function scriptUrl(path) {
  if (scriptPolicy === undefined) {
    try {
      scriptPolicy = globalThis.trustedTypes?.createPolicy('policycalc', {
        createScriptURL: (u) => {
          const url = new URL(u);
          if (url.origin !== BASE.origin || !url.pathname.startsWith(BASE.pathname) || !url.pathname.endsWith('.js')) throw new TypeError(`not a policycalc script: ${u}`);
          return url.href;
        },
      }) ?? null;
    } catch {
      scriptPolicy = null;
    }
  }
  const url = new URL(path, BASE);
  return scriptPolicy ? scriptPolicy.createScriptURL(url.href) : url;
}

// The stylesheet: fetched once (by the loader) and adopted by every
// instance's shadow root; a <link> where constructed stylesheets are missing.
// Neither is an inline style, so the host's style-src 'self' allows both.
const STYLESHEET = new URL('policy-calculator.css', BASE).href;
const CONSTRUCTED = typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype
  && typeof ShadowRoot === 'function' && 'adoptedStyleSheets' in ShadowRoot.prototype;
let sheet = null;
function constructedSheet() {
  sheet ??= early.css.then((text) => {
    const s = new CSSStyleSheet();
    s.replaceSync(text);
    return s;
  });
  return sheet;
}

// ------------------------------------------------------------------ helpers

/** createElement with properties, attributes, listeners and children (text nodes for strings). */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'checked' || key === 'value' || key === 'disabled') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child);
  }
  return el;
}

function todayIso() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A real calendar date written YYYY-MM-DD (2025-02-30 is not). */
function isIsoDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || '');
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Full-width digits and separators to ASCII; thousands separators and spaces dropped. */
function normaliseNumber(text) {
  return String(text)
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/[\uFF0D\u2212]/g, '-')
    .replace(/[,\uFF0C\s\u3000]/g, '')
    .trim();
}

function urlParams() {
  try {
    return new URL(location.href).searchParams;
  } catch {
    return new URLSearchParams();
  }
}

function positiveSeconds(value, fallback) {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** The region list in one language (the index holds every language's names). */
const localRegions = (index, lang) => index.map((r) => ({ ...r, name: r.name[lang] || r.name[DEFAULT_LANG] || r.id }));

const idle = (fn) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 3000 }) : setTimeout(fn, 200));

// ------------------------------------------------------------------ the element

class PolicyCalculator extends HTMLElement {
  static observedAttributes = ['lang', 'region'];

  constructor() {
    super();
    this.shadow = this.attachShadow({ mode: 'open' });
    this.answers = {}; // fact id -> value (boolean, or string)
    this.order = []; // fact ids in the order they were answered
    this.view = 'loading';
    this.current = null; // the question shown (FactInfo with open counts)
    this.fromResults = false; // editing one answer from the results screen
    this.draft = null; // unsaved input kept across a language switch
    this.started = false;
    this.listeners = [];
  }

  // ---------------------------------------------------------------- lifecycle

  connectedCallback() {
    if (this.started) return;
    this.started = true;
    const params = urlParams();
    this.kiosk = this.hasAttribute('kiosk') || params.has('kiosk');
    this.asOf = this.getAttribute('as-of') || params.get('as-of') || todayIso();
    this.idleSeconds = positiveSeconds(params.get('idle') ?? this.getAttribute('idle'), 90);
    this.countdownSeconds = positiveSeconds(params.get('countdown') ?? this.getAttribute('countdown'), 30);
    const level = Number(this.getAttribute('heading-level'));
    this.ownsPage = level === 1; // the calculator is the page (index.html, kiosk.html): it sets the title and lang
    this.level = level >= 1 && level <= 3 ? level : 2;
    this.initialLang = LANGS.includes(this.getAttribute('lang')) ? this.getAttribute('lang') : DEFAULT_LANG;
    this.language = this.initialLang;
    this.fixedRegion = this.getAttribute('region') || null;
    this.region = this.fixedRegion;
    this.buildShell();
    this.start();
  }

  disconnectedCallback() {
    for (const [target, type, fn, options] of this.listeners) target.removeEventListener(type, fn, options);
    this.listeners = [];
    clearTimeout(this.idleTimer);
    clearInterval(this.countdownTimer);
    this.started = false;
  }

  attributeChangedCallback(name, old, value) {
    if (!this.hasAttribute('ready') || old === value || this.settingAttribute) return;
    if (name === 'lang' && LANGS.includes(value) && value !== this.language) this.setLang(value);
    if (name === 'region' && value && value !== this.region) {
      this.fixedRegion = value;
      if (!this.knownRegion(value)) {
        this.showFatal(Object.assign(new Error(value), { code: 'unknown_region' }));
        return;
      }
      this.load(value, this.language).then(() => {
        this.reset();
        this.settle(this.prefetchRegion(value));
      }, (err) => this.showFatal(err));
    }
  }

  listen(target, type, fn, options) {
    target.addEventListener(type, fn, options);
    this.listeners.push([target, type, fn, options]);
  }

  registerServiceWorker() {
    if (!('serviceWorker' in navigator) || new URL(location.href).origin !== BASE.origin) return;
    navigator.serviceWorker.register(scriptUrl('sw.js'), { scope: BASE.pathname }).catch(() => {
      /* offline support is a bonus: the app works without it (or the page's Trusted Types refused it) */
    });
  }

  // ---------------------------------------------------------------- shell

  buildShell() {
    const linked = () => {
      const link = h('link', { rel: 'stylesheet', href: STYLESHEET });
      this.shadow.prepend(link);
      return new Promise((ok) => {
        link.addEventListener('load', ok, { once: true });
        link.addEventListener('error', ok, { once: true });
      });
    };
    this.styled = CONSTRUCTED
      ? constructedSheet().then((s) => { this.shadow.adoptedStyleSheets = [s]; }, linked)
      : Promise.resolve().then(linked);
    this.langSelect = h('select', { id: 'pc-lang', onchange: () => this.setLang(this.langSelect.value) },
      LANGS.map((l) => h('option', { value: l, lang: l, text: LANG_NAMES[l] })));
    this.langLabel = h('label', { for: 'pc-lang' });
    this.titleEl = h(`h${this.level}`, { class: 'pc-title' });
    this.live = h('div', { class: 'pc-visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.screen = h('div', { class: 'pc-screen' });
    this.footer = h('p', { class: 'pc-notice' });
    this.dialog = h('dialog', { class: 'pc-idle', 'aria-labelledby': 'pc-idle-title', 'aria-describedby': 'pc-idle-text' });
    this.container = h('div', { class: 'pc' + (this.kiosk ? ' pc-kiosk' : '') },
      h('header', { class: 'pc-header' }, this.titleEl, h('div', { class: 'pc-lang' }, this.langLabel, this.langSelect)),
      this.live,
      this.screen,
      this.footer,
      this.dialog);
    this.shadow.replaceChildren(this.container);
    this.applyLangTexts();
    this.screen.replaceChildren(h('p', { class: 'pc-muted', text: t(this.language, 'loading') }));
    this.listen(window, 'beforeprint', () => this.openDetailsForPrint());
    this.listen(window, 'afterprint', () => this.restoreDetailsAfterPrint());
    this.listen(window, 'hashchange', () => this.onHashChange());
    if (this.kiosk) this.setupKiosk();
  }

  applyLangTexts() {
    const lang = this.language;
    this.container.setAttribute('lang', lang);
    this.settingAttribute = true;
    this.setAttribute('lang', lang);
    this.settingAttribute = false;
    if (this.ownsPage) document.documentElement.lang = lang;
    this.titleEl.textContent = t(lang, 'title');
    this.langLabel.textContent = t(lang, 'language');
    this.langSelect.value = lang;
    this.footer.textContent = t(lang, 'poweredNote');
    if (this.ownsPage) document.title = t(lang, 'title');
    if (this.index) this.regions = localRegions(this.index, lang);
  }

  // ---------------------------------------------------------------- start and restore

  async start() {
    const restored = this.readFragment();
    if (restored && LANGS.includes(restored.lang)) {
      this.language = restored.lang;
      this.applyLangTexts();
    }
    let dropped = false;
    try {
      this.index = await loadRegionIndex();
      this.regions = localRegions(this.index, this.language);
      if (!isIsoDate(this.asOf)) throw Object.assign(new Error(`as-of ${this.asOf}`), { code: 'bad_date' });
      if (this.region && !this.knownRegion(this.region)) throw Object.assign(new Error(this.region), { code: 'unknown_region' });
      if (restored && !this.fixedRegion && restored.region && this.knownRegion(restored.region)) this.region = restored.region;
      // the region choice needs no catalog (and waits for no core): only the index
      if (this.region) await this.load(this.region, this.language);
      await this.styled;
      if (restored && this.region) dropped = this.restoreAnswers(restored.facts);
      if (!this.region) this.showStart(false);
      else if (restored && Object.keys(this.answers).length) {
        const { pending } = this.replay(this.answers);
        if (restored.view === 'results' || !pending) this.showResults(false);
        else this.showQuestion(pending, false);
      } else this.showQuestion(this.nextQuestion(), false);
    } catch (err) {
      await this.styled;
      this.showFatal(err);
      return;
    }
    if (dropped) this.announce(t(this.language, 'restoredFailed'));
    this.container.classList.add('pc-ready');
    this.setAttribute('ready', '');
    performance.mark?.('pc-first-screen');
    this.dispatchEvent(new CustomEvent('pc-ready', { bubbles: true, composed: true }));
    idle(() => this.prefetch());
  }

  /**
   * After the first screen: the core and the QR encoder, and the region's
   * catalogs in the other languages (a kiosk: every region's), so that only
   * choosing another region ever fetches anything later.
   */
  prefetch() {
    const regions = this.kiosk ? this.index.map((r) => r.id) : [this.region].filter(Boolean);
    this.settle(Promise.all([loadWasm(), loadQr(), ...regions.map((r) => this.prefetchRegion(r))]).then(() => {
      // offline support last: its install downloads the files once more (revalidated, mostly 304)
      if (this.hasAttribute('offline')) this.registerServiceWorker();
    }));
  }

  prefetchRegion(region) {
    return Promise.all(LANGS.map((l) => fetchCatalog(region, l)));
  }

  /** `settled` once every prefetch started so far is done (failures are fetched again on demand). */
  settle(work) {
    this.removeAttribute('settled');
    const all = Promise.all([this.settling, work].map((p) => Promise.resolve(p).catch(() => {})));
    this.settling = all;
    all.then(() => {
      if (this.settling === all) this.setAttribute('settled', '');
    });
  }

  /** Makes `region`'s calculator in `lang` the current one (none before a region is chosen). */
  async load(region, lang) {
    const calc = region ? await calculatorFor(region, lang) : null;
    this.calc = calc && this.guarded(calc);
    this.facts = calc ? new Map(this.calc.facts_info(lang).map((f) => [f.id, f])) : new Map();
  }

  /**
   * `calc` with every call watched: a trap (never expected: the core has no
   * panicking code, see SECURITY.md) restarts the core, keeps the answers,
   * redraws the screen with a notice, and the call throws a typed error.
   */
  guarded(calc) {
    return new Proxy(calc, {
      get: (target, name) => {
        const member = target[name];
        if (typeof member !== 'function') return member;
        return (...args) => {
          try {
            return member.apply(target, args);
          } catch (err) {
            if (!(err instanceof WebAssembly.RuntimeError)) throw err;
            this.recover(name);
            throw Object.assign(new Error(t(this.language, 'coreRestarted')), { code: 'core_restarted' });
          }
        };
      },
    });
  }

  /** After a trap in `failed` (a method name): a fresh core, then the screen the reader was going to. */
  recover(failed) {
    if (this.recovering) return this.recovering;
    restartCore();
    this.recovering = this.load(this.region, this.language)
      .then(() => {
        if (this.view === 'error') {
          const { pending } = this.replay(this.answers);
          if (failed === 'evaluate' || !pending) this.showResults(true);
          else this.showQuestion(pending, true);
        } else this.rerender();
        this.screen.prepend(h('p', { class: 'pc-error pc-restarted', role: 'alert', text: t(this.language, 'coreRestarted') }));
      }, (err) => this.showFatal(err))
      .finally(() => { this.recovering = null; });
    return this.recovering;
  }

  knownRegion(id) {
    return this.index.some((r) => r.id === id);
  }

  readFragment() {
    const hash = location.hash.replace(/^#/, '');
    if (!hash) return null;
    const params = new URLSearchParams(hash);
    if (!params.has('region') && !params.has('role') && !params.has('lang')) return null;
    const facts = {};
    for (const [key, value] of params) if (!RESERVED.has(key)) facts[key] = value;
    return { lang: params.get('lang'), region: params.get('region'), view: params.get('view'), facts };
  }

  /** Answers from a link: typed by the vocabulary, each checked; returns true if any was dropped. */
  restoreAnswers(raw) {
    let dropped = false;
    this.answers = {};
    this.order = [];
    for (const [id, text] of Object.entries(raw)) {
      const fact = this.facts.get(id);
      if (!fact) {
        dropped = true;
        continue;
      }
      let value = text;
      if (fact.type === 'bool') value = text === 'true' ? true : text === 'false' ? false : text;
      try {
        this.calc.checkAnswer(id, value);
        this.answers[id] = value;
      } catch {
        dropped = true;
      }
    }
    const { path } = this.replay(this.answers);
    this.order = [...path, ...Object.keys(this.answers).filter((id) => !path.includes(id))];
    return dropped;
  }

  /** A share link pasted into this tab: hashchange fires only for navigations (our own writes use replaceState). */
  onHashChange() {
    if (this.kiosk) return;
    const restored = this.readFragment();
    if (!restored) return;
    const region = restored.region && !this.fixedRegion && this.knownRegion(restored.region) ? restored.region : this.region;
    const apply = async () => {
      if (!region) return;
      if (region !== this.region) {
        try {
          await this.load(region, this.language);
        } catch {
          this.announce(t(this.language, 'loadFailed'));
          return;
        }
        this.region = region;
        this.settle(this.prefetchRegion(region));
      }
      const dropped = this.restoreAnswers(restored.facts);
      const { pending } = this.replay(this.answers);
      if (restored.view === 'results' || !pending) this.showResults(true);
      else this.showQuestion(pending, true);
      if (dropped) this.announce(t(this.language, 'restoredFailed'));
    };
    if (LANGS.includes(restored.lang) && restored.lang !== this.language) this.setLang(restored.lang).then(apply);
    else apply();
  }

  // ---------------------------------------------------------------- the interview logic

  nextQuestion(answers = this.answers) {
    return this.calc.nextQuestion(this.region, this.asOf, answers, this.language);
  }

  evaluate(answers = this.answers) {
    return this.calc.evaluate(this.region, this.asOf, answers, this.language);
  }

  /**
   * Walks the interview from the start, taking each answer already given:
   * the path of questions the answers lead through, and the first one
   * still open (or null when the interview is complete).
   */
  replay(answers) {
    const path = [];
    const given = {};
    for (let i = 0; i < 500; i++) {
      const q = this.nextQuestion(given);
      if (!q) return { path, pending: null };
      if (!(q.id in answers)) return { path, pending: q };
      given[q.id] = answers[q.id];
      path.push(q.id);
    }
    return { path, pending: null };
  }

  /** Stores an answer; a changed answer drops later answers the interview no longer reaches. */
  saveAnswer(id, value) {
    const had = id in this.answers;
    const changed = had && this.answers[id] !== value;
    this.answers[id] = value;
    if (!had) this.order.push(id);
    if (changed) {
      const at = this.order.indexOf(id);
      const { path } = this.replay(this.answers);
      const keep = new Set(path);
      this.order = this.order.filter((f, i) => i <= at || keep.has(f));
      for (const f of Object.keys(this.answers)) if (!this.order.includes(f)) delete this.answers[f];
    }
  }

  /** The facts in the order the interview asks them, then any answered out of turn. */
  orderedAnswers() {
    const { path } = this.replay(this.answers);
    return [...path, ...this.order.filter((f) => !path.includes(f) && f in this.answers)];
  }

  // ---------------------------------------------------------------- URL fragment (share link)

  fragment(view = this.view) {
    const params = new URLSearchParams();
    params.set('lang', this.language);
    if (!this.region) return this.language === DEFAULT_LANG ? '' : params.toString();
    params.set('region', this.region);
    if (view === 'results') params.set('view', 'results');
    for (const id of this.orderedAnswers()) params.set(id, String(this.answers[id]));
    return params.toString();
  }

  shareLink() {
    const url = new URL(location.href);
    url.hash = this.fragment('results');
    return url.href;
  }

  // ---------------------------------------------------------------- language

  async setLang(lang) {
    if (!LANGS.includes(lang) || lang === this.language) return;
    this.keepDraft();
    const previous = this.language;
    this.language = lang;
    this.applyLangTexts();
    try {
      await this.load(this.region, lang);
    } catch (err) {
      this.language = previous;
      this.applyLangTexts();
      this.announce(t(previous, 'loadFailed'));
      return;
    }
    this.rerender();
    this.announce(LANG_NAMES[lang]);
  }

  keepDraft() {
    const input = this.screen.querySelector('#pc-input');
    const checked = this.screen.querySelector('input[name="pc-answer"]:checked');
    const region = this.screen.querySelector('input[name="pc-region"]:checked');
    this.draft = { input: input ? input.value : null, choice: checked ? checked.value : null, region: region ? region.value : null };
  }

  rerender() {
    if (this.view === 'start') this.showStart(false);
    else if (this.view === 'question' && this.current) {
      const fresh = this.facts.get(this.current.id);
      this.showQuestion({ ...this.current, ...fresh }, false);
    } else if (this.view === 'results') this.showResults(false);
    else if (this.view === 'error') this.showFatal(this.lastError);
  }

  // ---------------------------------------------------------------- screens

  heading(text) {
    return h(`h${this.level + 1}`, { tabindex: '-1', class: 'pc-screen-title', text });
  }

  show(view, nodes, focus) {
    this.view = view;
    this.screen.replaceChildren(...nodes.filter((n) => n != null && n !== false));
    this.footer.hidden = view === 'results';
    if (focus) {
      const target = this.screen.querySelector('.pc-screen-title');
      if (target) target.focus({ preventScroll: false });
    }
  }

  showStart(focus = true) {
    const lang = this.language;
    const chosen = this.draft?.region ?? this.region;
    this.draft = null;
    const error = h('p', { class: 'pc-error', id: 'pc-region-error' });
    const submit = h('button', { type: 'submit', class: 'pc-primary', text: t(lang, 'start') });
    const choices = h('ul', { class: 'pc-choices' }, this.regions.map((r) => h('li', null,
      h('label', { class: 'pc-choice' },
        h('input', { type: 'radio', name: 'pc-region', value: r.id, checked: r.id === chosen, 'aria-describedby': 'pc-region-error' }),
        h('span', { class: 'pc-choice-text' }, h('span', { text: r.name }), h('span', { class: 'pc-choice-note', text: t(lang, 'provisions', { n: r.provisions }) }))))));
    const form = h('form', { class: 'pc-start', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const picked = form.querySelector('input[name="pc-region"]:checked');
      if (!picked) {
        error.textContent = t(lang, 'err_choose');
        form.querySelector('input[name="pc-region"]').focus();
        return;
      }
      if (submit.getAttribute('aria-disabled')) return;
      // the region's catalog is fetched now (the core is already loading)
      submit.setAttribute('aria-disabled', 'true');
      error.textContent = '';
      const region = picked.value;
      try {
        await this.load(region, this.language);
      } catch {
        submit.removeAttribute('aria-disabled');
        error.textContent = t(this.language, 'loadFailed');
        return;
      }
      if (this.view !== 'start' || !form.isConnected) return; // left meanwhile (language switch re-renders)
      this.region = region;
      this.answers = {};
      this.order = [];
      this.showQuestion(this.nextQuestion(), true);
      this.settle(this.prefetchRegion(region));
    } },
    h('fieldset', null, h('legend', null, this.heading(t(lang, 'chooseRegion'))), choices, error),
    h('div', { class: 'pc-actions' }, submit));
    this.show('start', [h('p', { class: 'pc-intro', text: t(lang, 'intro') }), form], focus);
  }

  showQuestion(q, focus = true) {
    if (!q) return this.showResults(focus);
    const lang = this.language;
    const fact = { ...this.facts.get(q.id), ...q };
    this.current = fact;
    const id = fact.id;
    const answered = id in this.answers;
    const draft = this.draft;
    this.draft = null;
    const report = this.evaluate();
    const counted = report.benefits;
    const settled = counted.filter((b) => b.status !== 'undetermined').length;
    const path = this.orderedAnswers();
    const position = answered ? path.indexOf(id) : path.length;
    const number = (position < 0 ? path.length : position) + 1;

    const progressText = t(lang, 'progress', { settled, total: counted.length });
    const progress = h('div', { class: 'pc-progress' },
      h('strong', { text: t(lang, 'question', { n: number }) }),
      h('progress', { max: String(Math.max(counted.length, 1)), value: String(settled), 'aria-label': progressText }),
      h('span', { text: progressText }));

    const error = h('p', { class: 'pc-error', id: 'pc-error' });
    const help = fact.help ? h('p', { class: 'pc-help', id: 'pc-help', text: fact.help }) : null;
    const describedBy = [help ? 'pc-help' : null, 'pc-error'].filter(Boolean).join(' ');
    let body;
    let read;
    if (fact.type === 'bool' || fact.type === 'enum') {
      let options = fact.type === 'bool'
        ? [{ id: 'true', label: t(lang, 'yes') }, { id: 'false', label: t(lang, 'no') }]
        : fact.values;
      if (id === 'role') {
        const region = this.regions.find((r) => r.id === this.region);
        const allowed = new Set(region?.roles || []);
        if (allowed.size) options = options.filter((o) => allowed.has(o.id));
      }
      const current = draft?.choice ?? (answered ? String(this.answers[id]) : null);
      const list = h('ul', { class: 'pc-choices' + (fact.type === 'bool' ? ' pc-two' : '') }, options.map((o) => h('li', null,
        h('label', { class: 'pc-choice' },
          h('input', { type: 'radio', name: 'pc-answer', value: o.id, checked: current === o.id, 'aria-describedby': describedBy }),
          h('span', { class: 'pc-choice-text', text: o.label })))));
      body = h('fieldset', { 'aria-describedby': describedBy }, h('legend', null, this.heading(fact.question)), help, list, error);
      read = () => {
        const picked = list.querySelector('input:checked');
        if (!picked) return { missing: true, focusEl: list.querySelector('input') };
        const value = fact.type === 'bool' ? picked.value === 'true' : picked.value;
        return { value, raw: picked.value, focusEl: picked };
      };
    } else {
      const isNumber = fact.type === 'integer' || fact.type === 'decimal';
      const current = draft?.input ?? (answered ? String(this.answers[id]) : '');
      const input = h('input', {
        id: 'pc-input',
        name: 'pc-input',
        type: isNumber ? 'text' : 'date',
        inputmode: isNumber ? (fact.type === 'integer' ? 'numeric' : 'decimal') : null,
        autocomplete: 'off',
        spellcheck: 'false',
        min: fact.type === 'date' ? '1900-01-01' : null,
        max: fact.type === 'date' ? '2200-12-31' : null,
        'aria-describedby': describedBy,
        value: current,
        oninput: () => {
          if (input.getAttribute('aria-invalid')) {
            input.removeAttribute('aria-invalid');
            error.textContent = '';
          }
        },
      });
      const label = h('label', { for: 'pc-input', text: fact.question });
      const title = this.heading('');
      title.append(label);
      const unit = fact.unit ? h('span', { class: 'pc-unit', text: fact.unit }) : null;
      body = h('div', { class: 'pc-q' }, title, help, h('div', { class: 'pc-field' }, input, unit), error);
      read = () => {
        const raw = isNumber ? normaliseNumber(input.value) : input.value.trim();
        if (!raw) return { missing: true, focusEl: input, raw };
        return { value: raw, raw, focusEl: input };
      };
    }

    const form = h('form', { class: 'pc-question', novalidate: true, 'data-fact': id });
    const back = this.previousFact(id);
    form.append(...[progress, body,
      h('div', { class: 'pc-actions' },
        back ? h('button', { type: 'button', class: 'pc-back', text: t(lang, 'back'), onclick: () => this.goBack(back) }) : null,
        h('button', { type: 'submit', class: 'pc-primary pc-next', text: t(lang, 'next') }),
        id !== 'role' ? h('button', { type: 'button', class: 'pc-link pc-push pc-see-results', text: t(lang, 'showResults'), onclick: () => this.showResults(true) }) : null),
      id !== 'role' ? h('p', { class: 'pc-muted pc-small', text: t(lang, 'optional') }) : null].filter(Boolean));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const got = read();
      const fail = (message) => {
        error.textContent = message;
        const field = form.querySelector('#pc-input');
        if (field) field.setAttribute('aria-invalid', 'true');
        got.focusEl?.focus();
      };
      if (got.missing) return fail(t(lang, fact.type === 'bool' || fact.type === 'enum' ? 'err_choose' : fact.type === 'date' ? 'err_date' : 'err_required'));
      try {
        this.calc.checkAnswer(id, got.value);
      } catch (err) {
        return fail(errorMessage(lang, err, fact, got.raw));
      }
      this.answerAndGo(id, got.value);
    });
    const nodes = [form];
    if (id === 'role' && !this.fixedRegion) {
      nodes.unshift(h('p', { class: 'pc-meta' }, h('span', { text: this.regionName() }), ' · ',
        h('button', { type: 'button', class: 'pc-link pc-change-region', text: t(lang, 'changeRegion'), onclick: () => this.showStart(true) })));
    }
    if (id === 'role') nodes.unshift(h('p', { class: 'pc-intro', text: t(lang, 'intro') }));
    this.show('question', nodes, focus);
  }

  /** The question before `id` on the interview's path (for Back). */
  previousFact(id) {
    const path = this.orderedAnswers();
    const at = path.indexOf(id);
    if (at > 0) return path[at - 1];
    if (at === 0) return null;
    return path.length ? path[path.length - 1] : null;
  }

  goBack(fact) {
    this.fromResults = false;
    this.showQuestion({ ...this.facts.get(fact), id: fact }, true);
  }

  answerAndGo(id, value) {
    const path = this.orderedAnswers();
    const at = path.indexOf(id);
    this.saveAnswer(id, value);
    if (this.fromResults) {
      this.fromResults = false;
      const next = this.nextQuestion();
      return next ? this.showQuestion(next, true) : this.showResults(true);
    }
    if (at >= 0) {
      const after = this.orderedAnswers();
      const i = after.indexOf(id);
      if (i >= 0 && i + 1 < after.length) {
        const f = after[i + 1];
        return this.showQuestion({ ...this.facts.get(f), id: f }, true);
      }
    }
    const next = this.nextQuestion();
    return next ? this.showQuestion(next, true) : this.showResults(true);
  }

  editAnswer(fact) {
    this.fromResults = true;
    this.showQuestion({ ...this.facts.get(fact), id: fact }, true);
  }

  regionName() {
    return this.regions.find((r) => r.id === this.region)?.name || this.region || '';
  }

  roleLabel(role) {
    return this.facts.get('role')?.values.find((v) => v.id === role)?.label || role || '';
  }

  describeAnswer(id) {
    const fact = this.facts.get(id);
    const value = this.answers[id];
    if (!fact) return String(value);
    if (fact.type === 'bool') return t(this.language, value ? 'yes' : 'no');
    if (fact.type === 'enum') return fact.values.find((v) => v.id === value)?.label || String(value);
    if (fact.type === 'date') return formatDate(this.language, value);
    const number = formatDecimal(this.language, value);
    return fact.unit ? `${number} ${fact.unit}` : number;
  }

  // ---------------------------------------------------------------- results

  showResults(focus = true) {
    const lang = this.language;
    let report;
    try {
      report = this.evaluate();
    } catch (err) {
      return this.showFatal(err);
    }
    this.current = null;
    const pending = this.nextQuestion();
    const benefits = report.benefits;
    const by = (fn) => benefits.filter(fn);
    const programmes = by((b) => b.programme);
    const main = by((b) => !b.programme);
    const eligible = main.filter((b) => b.status === 'eligible');
    const withAmount = eligible.filter((b) => b.amount);
    const localRules = eligible.filter((b) => !b.amount && !b.amount_stated);
    const services = eligible.filter((b) => !b.amount && b.amount_stated);
    const open = main.filter((b) => b.status === 'undetermined');
    const no = main.filter((b) => b.status === 'ineligible');
    const summary = t(lang, 'summary', { eligible: eligible.length, open: open.length, no: no.length });

    const nodes = [];
    nodes.push(this.heading(t(lang, pending ? 'resultsPartial' : 'results')));
    nodes.push(h('p', { class: 'pc-meta' },
      h('span', { class: 'pc-region-role', text: t(lang, 'forRole', { region: report.region_name, role: this.roleLabel(report.role) }) }),
      ' · ',
      h('span', { class: 'pc-asof', text: t(lang, 'asOf', { date: formatDate(lang, report.as_of) }) })));
    nodes.push(h('p', { class: 'pc-summary', text: summary }));
    // Employers and organisations often check many cases: the batch page, same region and date.
    if (report.role === 'employer' || report.role === 'organisation') {
      const href = `batch.html?${new URLSearchParams({ lang, region: report.region, 'as-of': report.as_of, role: report.role })}`;
      nodes.push(h('p', { class: 'pc-small pc-batch-link' }, h('a', { href, text: t(lang, 'checkMany') })));
    }

    const totals = h('section', { class: 'pc-totals', 'aria-labelledby': 'pc-totals-title' },
      h('h3', { id: 'pc-totals-title', text: t(lang, 'totals') }),
      report.totals.length
        ? h('ul', null, report.totals.map((total) => h('li', { class: 'pc-total', 'data-period': total.period, text: total.text })))
        : h('p', { text: t(lang, 'noTotals') }),
      h('p', { class: 'pc-muted pc-small', text: t(lang, 'totalsNote') }));
    nodes.push(totals);

    const section = (key, cls, list) => list.length
      ? h('section', { class: `pc-section pc-section-${cls}`, 'aria-labelledby': `pc-sec-${cls}` },
        h('h3', { id: `pc-sec-${cls}`, text: `${t(lang, key)} (${list.length})` }),
        h('ul', { class: 'pc-cards' }, list.map((b) => this.card(b, cls, report))))
      : null;
    nodes.push(section('eligible', 'eligible', withAmount));
    nodes.push(section('localRules', 'local', localRules));
    nodes.push(section('services', 'services', services));
    nodes.push(section('undetermined', 'undetermined', open));
    nodes.push(section('ineligible', 'ineligible', no));
    nodes.push(section('programmes', 'programmes', programmes));

    const answers = this.orderedAnswers();
    nodes.push(h('section', { class: 'pc-section pc-your-answers', 'aria-labelledby': 'pc-sec-answers' },
      h('h3', { id: 'pc-sec-answers', text: t(lang, 'yourAnswers') }),
      h('ul', { class: 'pc-answers' }, answers.map((id) => {
        const fact = this.facts.get(id);
        const label = fact?.label || id;
        return h('li', { 'data-fact': id },
          h('span', null, h('span', { text: `${label}: ` }), h('span', { class: 'pc-answer-value', text: this.describeAnswer(id) })),
          h('button', { type: 'button', class: 'pc-link pc-edit', 'aria-label': t(lang, 'editAnswer', { label }), text: t(lang, 'edit'), onclick: () => this.editAnswer(id) }));
      }))));

    const share = h('div', { class: 'pc-share', hidden: !this.kiosk });
    const actions = h('div', { class: 'pc-actions' },
      pending ? h('button', { type: 'button', class: 'pc-primary pc-continue', text: t(lang, 'continueInterview'), onclick: () => this.showQuestion(pending, true) }) : null,
      this.kiosk ? null : h('button', { type: 'button', class: 'pc-print', text: t(lang, 'print'), onclick: () => window.print() }),
      this.kiosk ? null : h('button', { type: 'button', class: 'pc-share-button', 'aria-expanded': 'false', text: t(lang, 'share'), onclick: (e) => {
        const opening = share.hidden;
        share.hidden = !opening;
        e.currentTarget.setAttribute('aria-expanded', String(opening));
        if (opening) share.querySelector('input')?.focus();
      } }),
      h('button', { type: 'button', class: 'pc-restart', text: t(lang, 'startOver'), onclick: () => this.reset(true) }));
    nodes.push(actions);
    this.fillShare(share);
    nodes.push(share);
    nodes.push(h('p', { class: 'pc-notice pc-report-notice', text: report.notice }));
    this.show('results', nodes, focus);
    this.announce(`${t(lang, pending ? 'resultsPartial' : 'results')}. ${summary} ${report.totals.map((x) => x.text).join('; ')}`);
  }

  fillShare(share) {
    const lang = this.language;
    const link = this.shareLink();
    const status = h('p', { class: 'pc-small pc-copy-status', role: 'status' });
    const input = h('input', { type: 'text', id: 'pc-share-link', readonly: true, value: link, onfocus: (e) => e.target.select() });
    const qr = h('div', { class: 'pc-qr' });
    share.replaceChildren(...[
      this.kiosk ? null : h('label', { for: 'pc-share-link', text: t(lang, 'shareLink') }),
      this.kiosk ? null : h('div', { class: 'pc-share-row' }, input,
        h('button', { type: 'button', class: 'pc-copy', text: t(lang, 'copy'), onclick: async () => {
          try {
            await navigator.clipboard.writeText(link);
            status.textContent = t(lang, 'copied');
          } catch {
            input.focus();
            input.select();
            status.textContent = t(lang, 'copyFailed');
          }
        } })),
      status,
      qr,
      h('p', { class: 'pc-small pc-muted', text: t(lang, 'shareNote') })].filter(Boolean));
    loadQr().then(({ toCanvas }) => {
      try {
        qr.replaceChildren(toCanvas(document, link, t(lang, 'qr')), h('p', { class: 'pc-small', text: t(lang, 'qr') }));
      } catch {
        qr.replaceChildren();
      }
    }, () => qr.replaceChildren());
  }

  card(b, cls, report) {
    const lang = this.language;
    const li = h('li', { class: `pc-card pc-${cls}`, 'data-id': b.id, 'data-status': b.status });
    li.append(h('h4', { text: b.title }));
    if (b.amount) li.append(h('p', { class: 'pc-amount', text: b.amount.text }));
    if (b.amount?.per) li.append(h('p', { class: 'pc-muted pc-small', text: b.amount.per }));
    if (b.status === 'eligible' && !b.amount && b.amount_note) li.append(h('p', { class: 'pc-amount-note', text: b.amount_note }));
    if (b.terms) li.append(h('p', null, h('strong', { text: `${t(lang, 'terms')}: ` }), b.terms));
    li.append(h('p', { text: b.summary }));
    const badges = h('ul', { class: 'pc-badges' },
      h('li', { class: `pc-badge pc-${b.validity.status}`, text: `${t(lang, 'validity')}: ${b.validity.text}` }),
      h('li', { class: 'pc-badge', text: t(lang, 'asOfShort', { date: formatDate(lang, report.as_of) }) }),
      b.status === 'eligible' && b.amount && !b.counts_in_totals ? h('li', { class: 'pc-badge', text: t(lang, 'notCounted') }) : null,
      b.inherited_from ? h('li', { class: 'pc-badge', text: t(lang, 'inherited', { region: this.regions.find((r) => r.id === b.inherited_from)?.name || b.inherited_from }) }) : null);
    li.append(badges);
    if (b.superseded_by) {
      const by = report.benefits.find((x) => x.id === b.superseded_by);
      li.append(h('p', { class: 'pc-muted', text: t(lang, 'superseded', { title: by?.title || b.superseded_by }) }));
    }
    if (b.no_application && b.status === 'eligible') li.append(h('p', { class: 'pc-muted', text: t(lang, 'noApplication') }));
    if (b.status === 'undetermined' && b.missing_facts.length) {
      li.append(h('p', { class: 'pc-status-line', text: t(lang, 'toDecide') }));
      li.append(h('ul', { class: 'pc-missing' }, b.missing_facts.map((id) => {
        const fact = this.facts.get(id);
        const label = fact?.label || id;
        return h('li', null, fact
          ? h('button', { type: 'button', class: 'pc-answer-missing', 'data-fact': id, text: `${t(lang, 'answer')}: ${label}`, onclick: () => this.editAnswer(id) })
          : h('span', { text: label }));
      })));
    }
    if (b.status === 'ineligible' || b.status === 'undetermined') {
      const reasons = b.why.filter((r) => b.status === 'ineligible' ? r.holds === false : r.holds !== true);
      if (reasons.length) li.append(h('p', { class: 'pc-status-line' }, h('strong', { text: `${t(lang, 'why')}: ` })), h('ul', { class: 'pc-reasons' }, reasons.map((r) => h('li', { text: r.text }))));
    }
    if (b.what_if.length && b.status !== 'undetermined') {
      li.append(h('p', { class: 'pc-status-line' }, h('strong', { text: `${t(lang, 'whatIf')}: ` })), h('ul', { class: 'pc-reasons pc-whatif' }, b.what_if.map((w) => h('li', { text: w.text }))));
    }
    if (b.status === 'eligible' && !b.amount && !b.amount_stated && b.national_standard) {
      li.append(h('p', { class: 'pc-small' }, h('strong', { text: `${t(lang, 'nationalStandard')}: ` }), b.national_standard.text));
    }
    if (b.contact && (b.status === 'eligible' || b.status === 'undetermined')) {
      li.append(h('p', { class: 'pc-contact' }, h('strong', { text: `${t(lang, 'contact')}: ` }), b.contact.name,
        b.contact.phone ? h('span', { text: ` ${t(lang, 'phone', { phone: b.contact.phone })}` }) : null));
    }
    if (b.computation || b.parameters.length || b.conditions || b.gaps) {
      li.append(h('details', { class: 'pc-how' }, h('summary', { text: t(lang, 'computation') }),
        b.conditions ? h('p', null, h('strong', { text: `${t(lang, 'conditions')}: ` }), b.conditions) : null,
        b.who ? h('p', null, h('strong', { text: `${t(lang, 'who')}: ` }), b.who) : null,
        b.computation ? h('p', { class: 'pc-computation', text: b.computation }) : null,
        b.parameters.length ? h('ul', { class: 'pc-reasons' }, b.parameters.map((p) => h('li', {
          text: t(lang, 'parameter', { label: p.label, value: formatDecimal(lang, p.value), unit: p.unit, from: formatDate(lang, p.from), source: p.source }) + (p.provisional ? t(lang, 'provisional') : ''),
        }))) : null,
        b.gaps ? h('p', null, h('strong', { text: `${t(lang, 'gaps')}: ` }), b.gaps) : null,
        h('p', { class: 'pc-small pc-muted', text: b.validity.note })));
    }
    for (const s of b.sources) {
      li.append(h('details', { class: 'pc-source' }, h('summary', { text: `${t(lang, 'source')}: ${s.clause}` }),
        h('dl', null,
          h('dt', { text: t(lang, 'document') }), h('dd', { text: s.title }),
          s.number ? [h('dt', { text: t(lang, 'number') }), h('dd', { text: s.number })] : null,
          h('dt', { text: t(lang, 'issuer') }), h('dd', { text: s.issuer }),
          s.published ? [h('dt', { text: t(lang, 'published') }), h('dd', { text: formatDate(lang, s.published) })] : null,
          h('dt', { text: t(lang, 'clause') }), h('dd', { text: s.clause })),
        h('blockquote', { lang: lang === 'en' ? 'zh' : lang, text: s.quote || s.quote_as_published }),
        s.quote_as_published && s.quote && s.quote_as_published !== s.quote
          ? h('p', { class: 'pc-small pc-muted' }, h('span', { text: `${t(lang, 'quote')}: ` }), h('span', { lang: 'zh', text: s.quote_as_published }))
          : null));
    }
    return li;
  }

  showFatal(err) {
    this.lastError = err;
    const lang = this.language;
    const code = err && err.code;
    const text = code ? errorMessage(lang, err, null, null) : t(lang, 'loadFailed');
    this.show('error', [this.heading(t(lang, 'errorTitle')), h('p', { class: 'pc-error pc-fatal', role: 'alert', text })], false);
    this.container.classList.add('pc-ready');
    this.setAttribute('ready', '');
  }

  announce(text) {
    // cleared first so the same text is announced again
    this.live.textContent = '';
    setTimeout(() => { this.live.textContent = text; }, 50);
  }

  // ---------------------------------------------------------------- reset / kiosk

  reset(focus = true) {
    this.answers = {};
    this.order = [];
    this.current = null;
    this.fromResults = false;
    this.draft = null;
    this.region = this.fixedRegion;
    if (this.region) this.showQuestion(this.nextQuestion(), focus);
    else this.showStart(focus);
  }

  /** Kiosk: every answer goes, from the DOM, the URL and the history state; back to the start. */
  async wipe() {
    this.hideIdleDialog();
    this.answers = {};
    this.order = [];
    this.draft = null;
    history.replaceState(this.kioskTrap ? { kiosk: true } : null, '', location.href.replace(/#.*$/, ''));
    if (this.language !== this.initialLang) {
      this.language = this.initialLang;
      this.applyLangTexts();
    }
    await this.load(this.fixedRegion, this.language);
    this.screen.replaceChildren();
    this.reset(true);
    this.announce(t(this.language, 'cleared'));
    this.dispatchEvent(new CustomEvent('pc-wiped', { bubbles: true, composed: true }));
  }

  setupKiosk() {
    // inside the countdown dialog only its buttons (or Escape) decide
    const activity = (e) => {
      if (this.dialog.open && e.composedPath().includes(this.dialog)) return undefined;
      return this.onActivity();
    };
    for (const type of ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart']) this.listen(document, type, activity, { capture: true, passive: true });
    this.listen(document, 'contextmenu', (e) => e.preventDefault());
    this.listen(document, 'dragstart', (e) => e.preventDefault());
    this.listen(document, 'selectstart', (e) => {
      const el = e.composedPath()[0];
      if (!(el instanceof HTMLInputElement)) e.preventDefault();
    });
    this.listen(document, 'pointerdown', () => {
      if (!document.fullscreenElement && document.documentElement.requestFullscreen) {
        document.documentElement.requestFullscreen({ navigationUI: 'hide' }).catch(() => {});
      }
    }, { once: true });
    // stay on this page: a back gesture lands on our own entry again
    this.kioskTrap = true;
    history.replaceState({ kiosk: true }, '', location.href.replace(/#.*$/, ''));
    history.pushState({ kiosk: true }, '', location.href);
    this.listen(window, 'popstate', () => history.pushState({ kiosk: true }, '', location.href.replace(/#.*$/, '')));
    this.listen(window, 'keydown', (e) => {
      if ((e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) || e.key === 'BrowserBack' || e.key === 'BrowserForward') e.preventDefault();
    });
    this.dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      this.onActivity();
    });
    this.armIdle();
  }

  hasSomethingToWipe() {
    return Object.keys(this.answers).length > 0 || this.view === 'results' || this.language !== this.initialLang
      || (this.view === 'question' && this.current?.id !== 'role') || (!this.fixedRegion && this.region !== null);
  }

  onActivity() {
    if (this.dialog.open) this.hideIdleDialog();
    this.armIdle();
  }

  armIdle() {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.hasSomethingToWipe()) this.showIdleDialog();
      else this.armIdle();
    }, this.idleSeconds * 1000);
  }

  showIdleDialog() {
    const lang = this.language;
    let left = Math.ceil(this.countdownSeconds);
    const count = h('p', { class: 'pc-countdown', 'aria-hidden': 'true', text: String(left) });
    const text = h('p', { id: 'pc-idle-text', text: t(lang, 'idleText', { s: left }) });
    this.dialog.replaceChildren(
      h('h2', { id: 'pc-idle-title', text: t(lang, 'idleTitle') }),
      count,
      text,
      h('div', { class: 'pc-actions' },
        h('button', { type: 'button', class: 'pc-primary pc-keep', text: t(lang, 'idleContinue'), onclick: () => this.onActivity() }),
        h('button', { type: 'button', class: 'pc-clear', text: t(lang, 'idleClear'), onclick: () => this.wipe() })));
    this.dialog.showModal();
    clearInterval(this.countdownTimer);
    const deadline = Date.now() + this.countdownSeconds * 1000;
    this.countdownTimer = setInterval(() => {
      left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      count.textContent = String(left);
      text.textContent = t(lang, 'idleText', { s: left });
      if (left <= 0) this.wipe();
    }, 250);
  }

  hideIdleDialog() {
    clearInterval(this.countdownTimer);
    if (this.dialog.open) this.dialog.close();
    this.dialog.replaceChildren();
    this.armIdle();
  }

  // ---------------------------------------------------------------- print

  openDetailsForPrint() {
    const closed = [...this.shadow.querySelectorAll('details:not([open])')];
    this.printOpened = [...(this.printOpened || []), ...closed];
    for (const d of closed) d.open = true;
  }

  restoreDetailsAfterPrint() {
    for (const d of this.printOpened || []) d.open = false;
    this.printOpened = [];
  }
}

if (!customElements.get('policy-calculator')) customElements.define('policy-calculator', PolicyCalculator);

// The loader has started the downloads; start the core's compilation now.
loadWasm().catch(() => {});
loadRegionIndex().catch(() => {});
if (early.region) fetchCatalog(early.region, early.lang).catch(() => {});
