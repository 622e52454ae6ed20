// <policy-calculator>: the interview and its results, over the wasm core.
// Loaded by policy-calculator.js (the one script tag a page needs), which
// has already started downloading the core, a catalog and the stylesheet.
//
// The host page's surface (also in www/README.md); everything else is
// #private:
//
//   attribute        property       meaning
//   region           region         fixes the region
//   lang             lang           zh-Hans (default), zh-Hant, en (HTMLElement's own property)
//   as-of            asOf           YYYY-MM-DD (default: today from the browser clock)
//   kiosk            kiosk          kiosk mode (also ?kiosk)
//   idle, countdown  idle, countdown  kiosk timeouts in seconds (also ?idle=, ?countdown=)
//   offline          offline        register the service worker
//   heading-level    headingLevel   1-3, default 2
//   hide-header, lock-lang, preset-role, limit-regions, share-base, care,
//   publisher        camelCase      options for portal operators (see "options" below)
//   Properties mirror their attributes (setting one sets the attribute);
//   lang, region, care, hide-header and lock-lang are observed after the
//   first screen, the others are read when the element connects.
//
//   answers          read-only: a copy of the answers so far (fact id -> value)
//   shareLink()      the share link: this page (or share-base) with the answers in the fragment
//   testState()      test hook (order, draft), not for host pages
//
//   Events (bubbling, composed): pc-ready, pc-wiped, and for the host's own
//   counts pc-question ({ number }), pc-results ({ answered, complete }),
//   pc-restart ({}), whose details carry counts only, never an answer, a
//   region or a fact id. Attributes set by the element: ready, settled.
//
// Modules: pc-core.js loads the core, the region list, the catalogs and the
// stylesheet (and restarts the core), pc-dom.js holds the DOM and input
// helpers, and this file the element: the interview and the share link's
// fragment. These are what the first question needs (policy-calculator.js
// requests them together). The rest is import()ed on use: pc-results.js
// (with i18n-results.js and the share panel pc-share.js; QR: qr.js),
// pc-kiosk.js (the kiosk controller, connect/disconnect), trusted.js (the
// Trusted Types policy, to register sw.js). Those modules get the element's
// internals only through #host, an explicit interface object.

// The answers are never written to the address bar on their own (it would
// put them in the browser's history): only the share link carries them.
// URL parameters (read by every instance): ?as-of=YYYY-MM-DD, ?kiosk,
// ?idle=N, ?countdown=N. A fragment written by the share link
// (#lang=…&region=…&<fact>=<value>…) restores the answers; it never
// reaches a server.
//
// Markup is built with createElement/textContent only; styles come from a
// constructed stylesheet (or a linked one) and classes (the host page's CSP
// forbids inline styles and eval). Nothing is written to storage or cookies.

import { LANGS, DEFAULT_LANG, LANG_NAMES, t, formatDate, errorMessage, todayIso } from './i18n.js';
import {
  BASE, loadWasm, restartCore, loadRegionIndex, fetchCatalog, calculatorFor, loadQr, loadResults, adoptStyles,
} from './pc-core.js';
import { h, isIsoDate, normaliseNumber, urlParams, httpUrl, mirror, positiveSeconds } from './pc-dom.js';

const RESERVED = new Set(['lang', 'region', 'view', 'as-of', 'unsure']);
/** The release this file belongs to (Cargo.toml's version: tests/e2e/portal.test.mjs checks the stamp against it). */
export const VERSION = '0.1.0';

/** The region list in one language (the index holds every language's names). */
const localRegions = (index, lang) => index.map((r) => ({ ...r, name: r.name[lang] || r.name[DEFAULT_LANG] || r.id, province: r.province?.[lang] || r.province?.[DEFAULT_LANG] || null }));

const idle = (fn) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 3000 }) : setTimeout(fn, 200));

// ------------------------------------------------------------------ the element

class PolicyCalculator extends HTMLElement {
  // state (private: the host page sees only the surface documented at the top)
  #answers; #asOf; #calc; #careButton; #changeNote; #container; #coreLoading; #countdownSeconds; #current; #dialog; #draft; #facts; #fixedRegion; #footer; #fromResults; #idleSeconds; #index; #initialLang; #kiosk; #kioskControl; #langBox; #langButtons; #langLabel; #langSelect; #language; #lastError; #level; #listeners; #live; #mirror; #mirrorQueued; #order; #ownsPage; #parked; #printOpened; #recovering; #region; #regions; #rerendering; #screen; #screenToken; #settingAttribute; #settling; #shadow; #stamp; #started; #styled; #titleEl; #unsure; #view;

  /**
   * The explicit interface of the element's internals for its own modules
   * (pc-results.js draws the results with it, pc-kiosk.js wipes through it):
   * they see this object, never the element's private state.
   */
  #host = (() => {
    const el = this;
    return {
      get language() { return el.#language; },
      get initialLang() { return el.#initialLang; },
      get kiosk() { return el.#kiosk; },
      get kioskControl() { return el.#kioskControl; },
      get facts() { return el.#facts; },
      get regions() { return el.#regions; },
      get region() { return el.#region; },
      get fixedRegion() { return el.#fixedRegion; },
      get view() { return el.#view; },
      get current() { return el.#current; },
      set current(v) { el.#current = v; },
      get answers() { return el.#answers; },
      get unsure() { return el.#unsure; },
      get changeNote() { return el.#changeNote; },
      set changeNote(v) { el.#changeNote = v; },
      get container() { return el.#container; },
      get screen() { return el.#screen; },
      get dialog() { return el.#dialog; },
      get idleSeconds() { return el.#idleSeconds; },
      get countdownSeconds() { return el.#countdownSeconds; },
      get care() { return el.care; },
      set care(v) { el.care = v; },
      emit: (type, detail) => el.#emit(type, detail),
      announce: (text) => el.#announce(text),
      heading: (text) => el.#heading(text),
      show: (view, nodes, focus) => el.#show(view, nodes, focus),
      showQuestion: (q, focus) => el.#showQuestion(q, focus),
      showFatal: (err) => el.#showFatal(err),
      reset: (focus) => el.#reset(focus),
      evaluate: (answers) => el.#evaluate(answers),
      nextQuestion: (answers, unsure) => el.#nextQuestion(answers, unsure),
      orderedAnswers: () => el.#orderedAnswers(),
      set fromResults(v) { el.#fromResults = v; },
      saveAnswer: (id, value) => el.#saveAnswer(id, value),
      showResults: (focus) => el.#showResults(focus),
      /** Throws the core's typed error when `value` is not a valid answer to `id` with the others. */
      checkAnswer: (id, value) => el.#calc.checkAnswer(id, value, el.#answers),
      shareLink: () => el.shareLink(),
      /** The kiosk's wipe: the visitor's answers and their traces go, the start language comes back. */
      forget() {
        el.#answers = {};
        el.#order = [];
        el.#draft = null;
        el.#screen.replaceChildren();
        if (el.#language !== el.#initialLang) {
          el.#language = el.#initialLang;
          el.#applyLangTexts();
        }
      },
      load: (region, lang) => el.#load(region, lang),
    };
  })();

  static observedAttributes = ['lang', 'region', 'care', 'hide-header', 'lock-lang'];

  // ---------------------------------------------------------------- options for portal operators
  //   hide-header  the element's own title is not shown (the host page has its heading)
  //   lock-lang    no language switch; a share link's language is ignored
  //   preset-role  a role id answered for the reader when the region offers it
  //   limit-regions  comma-separated region ids: the only ones offered or accepted from a link
  //   share-base   absolute http(s) URL of the page share links and the kiosk QR open
  //                (also ?share-base= on a kiosk's own address)
  //   care         start in care mode (关怀模式: larger text, plainer layout)
  //   publisher    who provides the service, named on the first screen
  // Each has a property of the same name in camelCase that mirrors it.

  get #options() {
    const base = this.getAttribute('share-base') ?? (this.#kiosk ? urlParams().get('share-base') : null);
    return {
      hideHeader: this.hasAttribute('hide-header'),
      lockLang: this.hasAttribute('lock-lang'),
      presetRole: this.getAttribute('preset-role') || null,
      limitRegions: (this.getAttribute('limit-regions') || '').split(/[\s,]+/).filter(Boolean),
      shareBase: httpUrl(base),
    };
  }

  // Their mirroring properties are defined from one table after the class
  // (lang is HTMLElement's own, which mirrors it already).

  /** The answers given so far (fact id -> value), a copy: what the share link carries. */
  get answers() { return { ...this.#answers }; }

  /** Test hook (tests/e2e/security.test.mjs): the rest of what a kiosk wipe must clear. Not for host pages. */
  testState() {
    return { order: [...this.#order], draft: this.#draft };
  }

  /** Header, language switch and care mode as the attributes say. */
  #applyOptions() {
    const { hideHeader, lockLang } = this.#options;
    this.#titleEl.hidden = hideHeader;
    this.#langBox.hidden = lockLang;
    this.#container.classList.toggle('pc-care', this.care);
    this.#careButton.setAttribute('aria-pressed', String(this.care));
  }

  #presetRoleApplies() {
    const role = this.#options.presetRole;
    const offered = this.#index?.find((r) => r.id === this.#region)?.roles || [];
    return Boolean(role && offered.includes(role));
  }

  /** The role preset by the host, when the chosen region offers it. */
  #presetAnswers() {
    const role = this.#options.presetRole;
    const offered = this.#regions?.find((r) => r.id === this.#region)?.roles || [];
    if (role && this.#region && offered.includes(role) && !('role' in this.#answers)) this.#saveAnswer('role', role);
  }

  /** Counts for the host's own statistics (never an answer, a region or a fact id). */
  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail }));
  }

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
    this.#answers = {}; // fact id -> value (boolean, or string)
    this.#parked = {}; // answers set aside by a changed answer (brought back when reached again)
    this.#unsure = new Set(); // facts answered "not sure": unanswered, never asked again (the core skips them)
    this.#order = []; // fact ids in the order they were answered
    this.#view = 'loading';
    this.#current = null; // the question shown (FactInfo with open counts)
    this.#fromResults = false; // editing one answer from the results screen
    this.#draft = null; // unsaved input kept across a language switch
    this.#started = false;
    this.#listeners = [];
  }

  // ---------------------------------------------------------------- lifecycle

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    const params = urlParams();
    this.#kiosk = this.hasAttribute('kiosk') || params.has('kiosk');
    this.#asOf = this.getAttribute('as-of') || params.get('as-of') || todayIso();
    this.#idleSeconds = positiveSeconds(params.get('idle') ?? this.getAttribute('idle'), 90);
    this.#countdownSeconds = positiveSeconds(params.get('countdown') ?? this.getAttribute('countdown'), 30);
    const level = Number(this.getAttribute('heading-level'));
    this.#ownsPage = level === 1; // the calculator is the page (index.html, kiosk.html): it sets the title and lang
    this.#level = level >= 1 && level <= 3 ? level : 2;
    this.#initialLang = LANGS.includes(this.getAttribute('lang')) ? this.getAttribute('lang') : DEFAULT_LANG;
    this.#language = this.#initialLang;
    this.#fixedRegion = this.getAttribute('region') || null;
    this.#region = this.#fixedRegion;
    this.#buildShell();
    this.#start();
  }

  disconnectedCallback() {
    for (const [target, type, fn, options] of this.#listeners) target.removeEventListener(type, fn, options);
    this.#listeners = [];
    this.#kioskControl?.disconnect();
    this.#kioskControl = null;
    this.#started = false;
  }

  attributeChangedCallback(name, old, value) {
    if (['care', 'hide-header', 'lock-lang'].includes(name)) {
      if (this.#container) this.#applyOptions();
      return;
    }
    if (!this.hasAttribute('ready') || old === value || this.#settingAttribute) return;
    if (name === 'lang' && LANGS.includes(value) && value !== this.#language) this.#setLang(value);
    if (name === 'region' && value && value !== this.#region) {
      this.#fixedRegion = value;
      if (!this.#knownRegion(value)) {
        this.#showFatal(Object.assign(new Error(value), { code: 'unknown_region' }));
        return;
      }
      this.#load(value, this.#language).then(() => {
        this.#reset();
        this.#settle(this.#prefetchRegion(value));
      }, (err) => this.#showFatal(err));
    }
  }

  #listen(target, type, fn, options) {
    target.addEventListener(type, fn, options);
    this.#listeners.push([target, type, fn, options]);
  }

  #registerServiceWorker() {
    if (!('serviceWorker' in navigator) || new URL(location.href).origin !== BASE.origin) return;
    // the Trusted Types policy (www/trusted.js) is needed only here, after the first screen
    import('./trusted.js').then(({ scriptUrl }) => navigator.serviceWorker.register(scriptUrl('sw.js'), { scope: BASE.pathname })).catch(() => {
      /* offline support is a bonus: the app works without it (or the page's Trusted Types refused it) */
    });
  }

  // ---------------------------------------------------------------- shell

  #buildShell() {
    this.#styled = adoptStyles(this.#shadow);
    if (this.#kiosk) {
      // A touch screen: one large button per language, each named in its own
      // language, instead of a native list (ux-review 19).
      this.#langButtons = LANGS.map((l) => h('button', { type: 'button', lang: l, 'aria-pressed': 'false', text: LANG_NAMES[l], onclick: () => this.#setLang(l) }));
      this.#langLabel = h('span', { id: 'pc-lang-label' });
      this.#langBox = h('div', { class: 'pc-lang', id: 'pc-lang', role: 'group', 'aria-labelledby': 'pc-lang-label' }, this.#langLabel, ...this.#langButtons);
    } else {
      this.#langSelect = h('select', { id: 'pc-lang', onchange: () => this.#setLang(this.#langSelect.value) },
        LANGS.map((l) => h('option', { value: l, lang: l, text: LANG_NAMES[l] })));
      this.#langLabel = h('label', { for: 'pc-lang' });
      this.#langBox = h('div', { class: 'pc-lang' }, this.#langLabel, this.#langSelect);
    }
    this.#careButton = h('button', { type: 'button', class: 'pc-care-toggle', 'aria-pressed': 'false', onclick: () => { this.care = !this.care; } });
    this.#titleEl = h(`h${this.#level}`, { class: 'pc-title' });
    this.#stamp = h('p', { class: 'pc-stamp pc-small' });
    this.#live = h('div', { class: 'pc-visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.#screen = h('div', { class: 'pc-screen' });
    this.#footer = h('p', { class: 'pc-notice' });
    this.#dialog = h('dialog', { class: 'pc-idle', 'aria-labelledby': 'pc-idle-title', 'aria-describedby': 'pc-idle-text' });
    this.#container = h('div', { class: 'pc' + (this.#kiosk ? ' pc-kiosk' : '') },
      h('header', { class: 'pc-header' }, this.#titleEl, h('div', { class: 'pc-tools' }, this.#langBox, this.#careButton)),
      this.#live,
      this.#screen,
      this.#footer,
      this.#stamp,
      this.#dialog);
    this.#shadow.replaceChildren(this.#container);
    this.#mirrorText();
    this.#applyOptions();
    this.#applyLangTexts();
    this.#screen.replaceChildren(h('p', { class: 'pc-muted', text: t(this.#language, 'loading') }));
    this.#listen(window, 'beforeprint', () => this.#openDetailsForPrint());
    this.#listen(window, 'afterprint', () => this.#restoreDetailsAfterPrint());
    this.#listen(window, 'hashchange', () => this.#onHashChange());
    if (this.#kiosk) this.#setupKiosk();
  }

  /**
   * Read-aloud mirror: 无障碍 toolbars and page readers walk the light DOM
   * and never enter a shadow root, so the element keeps a plain-text copy
   * of what it shows in a light-DOM child. No slot takes it: it is never
   * rendered, so it is not in the accessibility tree and screen readers do
   * not hear it twice. It always holds the current screen only (a wipe
   * leaves the start screen's text).
   */
  #mirrorText() {
    this.querySelector(':scope > [data-pc-read-aloud]')?.remove();
    this.#mirror = h('div', { 'data-pc-read-aloud': '', hidden: true });
    this.append(this.#mirror);
    const copy = () => {
      this.#mirrorQueued = false;
      this.#mirror.lang = this.#language;
      const dialog = this.#dialog.open ? this.#dialog.innerText : '';
      this.#mirror.textContent = [this.#container.innerText, dialog].filter(Boolean).join('\n');
    };
    new MutationObserver(() => {
      if (this.#mirrorQueued) return;
      this.#mirrorQueued = true;
      setTimeout(copy, 0);
    }).observe(this.#container, { childList: true, subtree: true, characterData: true });
  }

  #applyLangTexts() {
    const lang = this.#language;
    this.#container.setAttribute('lang', lang);
    this.#settingAttribute = true;
    this.setAttribute('lang', lang);
    this.#settingAttribute = false;
    if (this.#ownsPage) document.documentElement.lang = lang;
    this.#titleEl.textContent = t(lang, 'title');
    this.#langLabel.textContent = t(lang, 'language');
    if (this.#langSelect) this.#langSelect.value = lang;
    for (const b of this.#langButtons ?? []) b.setAttribute('aria-pressed', String(b.lang === lang));
    this.#footer.textContent = t(lang, 'poweredNote');
    this.#careButton.textContent = t(lang, 'care');
    this.#kioskControl?.texts();
    this.#fillStamp();
    if (this.#ownsPage) document.title = t(lang, 'title');
    if (this.#index) this.#regions = localRegions(this.#index, lang);
  }

  // ---------------------------------------------------------------- start and restore

  async #start() {
    // a kiosk never restores answers from its own address
    const restored = this.#kiosk ? null : this.#readFragment();
    if (restored && isIsoDate(restored.asOf)) this.#asOf = restored.asOf;
    if (restored && LANGS.includes(restored.lang) && !this.#options.lockLang) {
      this.#language = restored.lang;
      this.#applyLangTexts();
    }
    let dropped = false;
    let early = null;
    try {
      const limit = this.#options.limitRegions;
      const index = await loadRegionIndex();
      this.#index = limit.length ? index.filter((r) => limit.includes(r.id)) : index;
      this.#regions = localRegions(this.#index, this.#language);
      this.#fillStamp();
      if (!isIsoDate(this.#asOf)) throw Object.assign(new Error(`as-of ${this.#asOf}`), { code: 'bad_date' });
      if (this.#region && !this.#knownRegion(this.#region)) throw Object.assign(new Error(this.#region), { code: 'unknown_region' });
      if (restored && !this.#fixedRegion && restored.region && this.#knownRegion(restored.region)) this.#region = restored.region;
      // the region choice needs no catalog (and waits for no core): only the
      // index; nor does the role question before anything is answered (its
      // texts are in the index: the core and the catalog load once it is shown)
      const answered = restored && (Object.keys(restored.facts).length || restored.unsure.length);
      early = this.#region && !answered && !this.#presetRoleApplies() ? this.#earlyRoleQuestion() : null;
      if (this.#region && !early) await this.#load(this.#region, this.#language);
      await this.#styled;
      // (a fragment without answers has nothing to restore)
      if (restored && this.#region && !early) dropped = this.#restoreAnswers(restored.facts, restored.unsure);
      if (!this.#region) this.#showStart(false);
      else if (early) {
        this.#calc = null; // set once the core is ready (#loadAfterFirstScreen)
        this.#facts = new Map();
        this.#showQuestion(early, false);
      }
      else if (restored && Object.keys(this.#answers).length) {
        const { pending } = this.#replay(this.#answers);
        if (restored.view === 'results' || !pending) await this.#showResults(false);
        else this.#showQuestion(pending, false);
      } else {
        this.#presetAnswers();
        this.#showQuestion(this.#nextQuestion(), false);
      }
    } catch (err) {
      await this.#styled;
      this.#showFatal(err);
      return;
    }
    if (dropped) this.#announce(t(this.#language, 'restoredFailed'));
    this.#container.classList.add('pc-ready');
    this.setAttribute('ready', '');
    performance.mark?.('pc-first-screen');
    if (early) this.#loadAfterFirstScreen();
    this.dispatchEvent(new CustomEvent('pc-ready', { bubbles: true, composed: true }));
    idle(() => this.#prefetch());
  }

  /**
   * After the first screen: the core, the results module (with its share
   * panel and words) and the QR encoder, and the region's catalogs in the
   * other languages (a kiosk: every region's), so that only
   * choosing another region ever fetches anything later.
   */
  #prefetch() {
    const regions = this.#kiosk ? this.#index.map((r) => r.id) : [this.#region].filter(Boolean);
    this.#settle(Promise.all([loadWasm(), loadQr(), loadResults(), ...regions.map((r) => this.#prefetchRegion(r))]).then(() => {
      // offline support last: its install downloads the files once more (revalidated, mostly 304)
      if (this.hasAttribute('offline')) this.#registerServiceWorker();
    }));
  }

  #prefetchRegion(region) {
    return Promise.all(LANGS.map((l) => fetchCatalog(region, l)));
  }

  /** `settled` once every prefetch started so far is done (failures are fetched again on demand). */
  #settle(work) {
    this.removeAttribute('settled');
    // resolves to nothing: resolving to [previous, work] would nest one level per call (a kiosk grew a chain per visitor)
    const all = Promise.all([this.#settling, work].map((p) => Promise.resolve(p).catch(() => {}))).then(() => undefined);
    this.#settling = all;
    all.then(() => {
      if (this.#settling === all) this.setAttribute('settled', '');
    });
  }

  /** The role question from the region index in the reader's language, or null when the index lacks it. */
  #earlyRoleQuestion() {
    const q = this.#index.find((r) => r.id === this.#region)?.role_question;
    if (!q) return null;
    const lang = this.#language;
    const text = (t) => t[lang] ?? t[DEFAULT_LANG] ?? '';
    // the count on the as-of date (ISO dates compare as strings)
    const questionsLeft = q.questions_left.filter(([from]) => from <= this.#asOf).pop()?.[1] ?? 1;
    return {
      id: 'role', type: 'enum', question: text(q.question), help: text(q.help), questionsLeft,
      values: q.values.map((v) => ({ id: v.id, label: text(v.label) })),
    };
  }

  /**
   * After a first question drawn from the index: the core and the catalog
   * (an answer given meanwhile waits for them); a failure is the same error
   * screen as when they load before the first screen.
   */
  #loadAfterFirstScreen() {
    const lang = this.#language;
    // a language chosen meanwhile loads its own calculator (and redraws)
    this.#coreLoading = calculatorFor(this.#region, lang).then(async () => {
      if (!this.#calc && this.#language === lang) await this.#load(this.#region, lang);
    }, (err) => this.#showFatal(err));
  }

  /** Makes `region`'s calculator in `lang` the current one (none before a region is chosen). */
  async #load(region, lang) {
    const calc = region ? await calculatorFor(region, lang) : null;
    this.#calc = calc && this.#guarded(calc);
    this.#facts = calc ? new Map(this.#calc.facts_info(lang).map((f) => [f.id, f])) : new Map();
  }

  /**
   * `calc` with every call watched: a trap (never expected: the core has no
   * panicking code, see SECURITY.md) restarts the core, keeps the answers,
   * redraws the screen with a notice, and the call throws a typed error.
   */
  #guarded(calc) {
    return new Proxy(calc, {
      get: (target, name) => {
        const member = target[name];
        if (typeof member !== 'function') return member;
        return (...args) => {
          try {
            return member.apply(target, args);
          } catch (err) {
            if (!(err instanceof WebAssembly.RuntimeError)) throw err;
            this.#recover(name);
            throw Object.assign(new Error(t(this.#language, 'coreRestarted')), { code: 'core_restarted' });
          }
        };
      },
    });
  }

  /** After a trap in `failed` (a method name): a fresh core, then the screen the reader was going to. */
  #recover(failed) {
    if (this.#recovering) return this.#recovering;
    restartCore();
    this.#recovering = this.#load(this.#region, this.#language)
      .then(async () => {
        if (this.#view === 'error') {
          const { pending } = this.#replay(this.#answers);
          if (failed === 'evaluate' || !pending) await this.#showResults(true);
          else this.#showQuestion(pending, true);
        } else await this.#rerender();
        this.#screen.prepend(h('p', { class: 'pc-error pc-restarted', role: 'alert', text: t(this.#language, 'coreRestarted') }));
      }, (err) => this.#showFatal(err))
      .finally(() => { this.#recovering = null; });
    return this.#recovering;
  }

  #knownRegion(id) {
    return this.#index.some((r) => r.id === id);
  }

  #readFragment() {
    const hash = location.hash.replace(/^#/, '');
    if (!hash) return null;
    const params = new URLSearchParams(hash);
    if (!params.has('region') && !params.has('role') && !params.has('lang')) return null;
    const facts = {};
    for (const [key, value] of params) if (!RESERVED.has(key)) facts[key] = value;
    const unsure = (params.get('unsure') || '').split(',').filter(Boolean);
    return { lang: params.get('lang'), region: params.get('region'), view: params.get('view'), asOf: params.get('as-of'), facts, unsure };
  }

  /** Answers from a link: typed by the vocabulary, each checked; returns true if any was dropped. */
  #restoreAnswers(raw, unsure = []) {
    let dropped = false;
    this.#answers = {};
    this.#parked = {};
    this.#unsure = new Set(unsure.filter((id) => this.#facts.has(id) && id !== 'role' && !(id in raw)));
    this.#order = [];
    for (const [id, text] of Object.entries(raw)) {
      const fact = this.#facts.get(id);
      if (!fact) {
        dropped = true;
        continue;
      }
      let value = text;
      if (fact.type === 'bool') value = text === 'true' ? true : text === 'false' ? false : text;
      try {
        // against the answers kept so far too: a link with 5 kept on of 4 drops the later one
        this.#calc.checkAnswer(id, value, this.#answers);
        this.#answers[id] = value;
      } catch {
        dropped = true;
      }
    }
    const { path } = this.#replay(this.#answers);
    this.#order = [...path, ...Object.keys(this.#answers).filter((id) => !path.includes(id))];
    return dropped || this.#unsure.size < unsure.length;
  }

  /** A share link pasted into this tab: hashchange fires only for navigations (our own writes use replaceState). */
  #onHashChange() {
    if (this.#kiosk) return;
    const restored = this.#readFragment();
    if (!restored) return;
    if (isIsoDate(restored.asOf)) this.#asOf = restored.asOf;
    const region = restored.region && !this.#fixedRegion && this.#knownRegion(restored.region) ? restored.region : this.#region;
    const apply = async () => {
      if (!region) return;
      if (region !== this.#region) {
        try {
          await this.#load(region, this.#language);
        } catch {
          this.#announce(t(this.#language, 'loadFailed'));
          return;
        }
        this.#region = region;
        this.#settle(this.#prefetchRegion(region));
      }
      const dropped = this.#restoreAnswers(restored.facts, restored.unsure);
      const { pending } = this.#replay(this.#answers);
      if (restored.view === 'results' || !pending) await this.#showResults(true);
      else this.#showQuestion(pending, true);
      if (dropped) this.#announce(t(this.#language, 'restoredFailed'));
    };
    if (LANGS.includes(restored.lang) && restored.lang !== this.#language && !this.#options.lockLang) this.#setLang(restored.lang).then(apply);
    else apply();
  }

  // ---------------------------------------------------------------- the interview logic

  #nextQuestion(answers = this.#answers, unsure = [...this.#unsure]) {
    return this.#calc.nextQuestion(this.#region, this.#asOf, answers, this.#language, unsure);
  }

  #evaluate(answers = this.#answers) {
    return this.#calc.evaluate(this.#region, this.#asOf, answers, this.#language);
  }

  /**
   * Walks the interview from the start, taking each answer already given:
   * the path of questions the answers lead through, and the first one
   * still open (or null when the interview is complete).
   */
  #replay(answers) {
    const path = [];
    const given = {};
    const skipped = [];
    for (let i = 0; i < 500; i++) {
      const q = this.#nextQuestion(given, skipped);
      if (!q) return { path, pending: null };
      // "not sure" is on the path like an answer, and skipped from then on
      if (this.#unsure.has(q.id)) skipped.push(q.id);
      else if (!(q.id in answers)) return { path, pending: q };
      else given[q.id] = answers[q.id];
      path.push(q.id);
    }
    return { path, pending: null };
  }

  /**
   * Stores an answer. A changed answer sets aside the later answers the
   * interview no longer reaches (they would not count) and brings back any
   * set-aside answer it reaches again, so changing an answer and changing it
   * back loses nothing. Set-aside answers stay on this page only: never in
   * the share link, cleared by start over and by a kiosk wipe.
   */
  #saveAnswer(id, value) {
    const had = id in this.#answers || this.#unsure.has(id);
    const changed = had && this.#answers[id] !== value;
    this.#unsure.delete(id);
    this.#answers[id] = value;
    delete this.#parked[id];
    if (!had) this.#order.push(id);
    if (!changed && had) return;
    for (let i = 0; i < 500; i++) {
      const { pending } = this.#replay(this.#answers);
      if (!pending || !(pending.id in this.#parked)) break;
      this.#answers[pending.id] = this.#parked[pending.id];
      delete this.#parked[pending.id];
      if (!this.#order.includes(pending.id)) this.#order.push(pending.id);
    }
    if (changed) this.#parkUnreached(id);
  }

  /** Sets aside the answers after `id` the interview no longer reaches. */
  #parkUnreached(id) {
    const at = this.#order.indexOf(id);
    const { path } = this.#replay(this.#answers);
    const keep = new Set(path);
    this.#order = this.#order.filter((f, i) => i <= at || keep.has(f));
    for (const f of Object.keys(this.#answers)) {
      if (!this.#order.includes(f)) {
        this.#parked[f] = this.#answers[f];
        delete this.#answers[f];
      }
    }
    for (const f of this.#unsure) if (!this.#order.includes(f)) this.#unsure.delete(f);
  }

  /**
   * "Not sure": the fact stays unanswered (its provisions stay undetermined
   * and say what they wait for) and the interview moves on; it is kept on
   * the path, in "your answers" and in the share link (`unsure=`).
   */
  #saveUnsure(id) {
    const had = id in this.#answers;
    delete this.#answers[id];
    delete this.#parked[id];
    this.#unsure.add(id);
    if (!this.#order.includes(id)) this.#order.push(id);
    if (had) this.#parkUnreached(id);
  }

  /** The facts in the order the interview asks them, then any answered out of turn. */
  #orderedAnswers() {
    const { path } = this.#replay(this.#answers);
    return [...path, ...this.#order.filter((f) => !path.includes(f) && (f in this.#answers || this.#unsure.has(f)))];
  }

  // ---------------------------------------------------------------- URL fragment (share link)

  #fragment(view = this.#view) {
    const params = new URLSearchParams();
    params.set('lang', this.#language);
    if (!this.#region) return this.#language === DEFAULT_LANG ? '' : params.toString();
    params.set('region', this.#region);
    // the date the result was worked out on: a link opened later shows the same result
    params.set('as-of', this.#asOf);
    if (view === 'results') params.set('view', 'results');
    const unsure = [];
    for (const id of this.#orderedAnswers()) {
      if (this.#unsure.has(id)) unsure.push(id);
      else params.set(id, String(this.#answers[id]));
    }
    if (unsure.length) params.set('unsure', unsure.join(','));
    return params.toString();
  }

  shareLink() {
    const url = this.#linkBase();
    url.hash = this.#fragment('results');
    return url.href;
  }

  /**
   * The page a share link (and the kiosk's QR code) opens: the `share-base`
   * attribute when set (a kiosk on a LAN or localhost needs its public
   * address); otherwise this page, except that a kiosk points at the
   * ordinary page (kiosk.html -> index.html, no ?kiosk): a visitor's phone
   * must not become a kiosk that drops the answers.
   */
  #linkBase() {
    const base = this.#options.shareBase;
    if (base) return new URL(base);
    const url = new URL(location.href);
    if (!this.#kiosk) return url;
    url.pathname = url.pathname.replace(/kiosk\.html$/, 'index.html');
    url.search = '';
    return url;
  }

  // ---------------------------------------------------------------- language

  async #setLang(lang) {
    if (!LANGS.includes(lang) || lang === this.#language) return;
    this.#keepDraft();
    const previous = this.#language;
    this.#language = lang;
    this.#applyLangTexts();
    try {
      await this.#load(this.#region, lang);
    } catch (err) {
      this.#language = previous;
      this.#applyLangTexts();
      this.#announce(t(previous, 'loadFailed'));
      return;
    }
    this.#rerender();
    this.#announce(LANG_NAMES[lang]);
  }

  #keepDraft() {
    const input = this.#screen.querySelector('#pc-input');
    const checked = this.#screen.querySelector('input[name="pc-answer"]:checked');
    const region = this.#screen.querySelector('input[name="pc-region"]:checked');
    this.#draft = { input: input ? input.value : null, choice: checked ? checked.value : null, region: region ? region.value : null };
  }

  #rerender() {
    this.#rerendering = true; // the same screen again: no pc-question / pc-results event
    try {
      this.#redraw();
    } finally {
      this.#rerendering = false;
    }
  }

  #redraw() {
    if (this.#view === 'start') this.#showStart(false);
    else if (this.#view === 'question' && this.#current) {
      const fresh = this.#facts.get(this.#current.id);
      this.#showQuestion({ ...this.#current, ...fresh }, false);
    } else if (this.#view === 'results') return this.#showResults(false);
    else if (this.#view === 'error') this.#showFatal(this.#lastError);
  }

  // ---------------------------------------------------------------- screens

  #heading(text) {
    return h(`h${this.#level + 1}`, { tabindex: '-1', class: 'pc-screen-title', text });
  }

  #show(view, nodes, focus) {
    this.#screenToken = (this.#screenToken || 0) + 1;
    this.#view = view;
    this.#screen.replaceChildren(...nodes.filter((n) => n != null && n !== false));
    this.#footer.hidden = view === 'results';
    if (focus) {
      const target = this.#screen.querySelector('.pc-screen-title');
      if (target) target.focus({ preventScroll: false });
    }
  }

  #showStart(focus = true) {
    const lang = this.#language;
    const chosen = this.#draft?.region ?? this.#region;
    this.#draft = null;
    const error = h('p', { class: 'pc-error', id: 'pc-region-error' });
    const submit = h('button', { type: 'submit', class: 'pc-primary', text: t(lang, 'start') });
    const choices = h('ul', { class: 'pc-choices' }, this.#regions.map((r) => h('li', null,
      h('label', { class: 'pc-choice' },
        h('input', { type: 'radio', name: 'pc-region', value: r.id, checked: r.id === chosen, 'aria-describedby': 'pc-region-error' }),
        h('span', { class: 'pc-choice-text' }, h('span', { class: 'pc-choice-name' }, h('span', { text: r.name }), r.province ? h('span', { class: 'pc-province', text: r.province }) : null),
          h('span', { class: 'pc-choice-note', text: this.#regionNote(r) }))))));
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
        await this.#load(region, this.#language);
      } catch {
        submit.removeAttribute('aria-disabled');
        error.textContent = t(this.#language, 'loadFailed');
        return;
      }
      if (this.#view !== 'start' || !form.isConnected) return; // left meanwhile (language switch re-renders)
      this.#region = region;
      this.#answers = {};
      this.#parked = {};
      this.#unsure = new Set();
      this.#order = [];
      this.#presetAnswers();
      this.#showQuestion(this.#nextQuestion(), true);
      this.#settle(this.#prefetchRegion(region));
    } },
    h('fieldset', null, h('legend', null, this.#heading(t(lang, 'chooseRegion'))), choices, error),
    h('div', { class: 'pc-actions' }, submit));
    this.#show('start', [...this.#firstScreenIntro(), form], focus);
  }

  #showQuestion(q, focus = true) {
    if (!q) return this.#showResults(focus);
    const lang = this.#language;
    const fact = { ...this.#facts.get(q.id), ...q };
    this.#current = fact;
    const id = fact.id;
    const answered = id in this.#answers || this.#unsure.has(id);
    const unsure = this.#unsure.has(id);
    const draft = this.#draft;
    this.#draft = null;
    // the role question drawn from the index (no core yet) has nothing answered before it
    const path = this.#calc ? this.#orderedAnswers() : [];
    const position = answered ? path.indexOf(id) : path.length;
    const number = (position < 0 ? path.length : position) + 1;

    // About how many questions are left: the distinct facts the open
    // provisions still wait for (never a judged condition, which nobody here
    // answers), this one included. An estimate: one answer can settle several.
    // The role question drawn from the index carries the count (the export
    // counts it the same way).
    let leftCount = fact.questionsLeft;
    if (this.#calc) {
      const left = new Set(this.#evaluate().benefits.filter((b) => b.status === 'undetermined')
        .flatMap((b) => b.missing_facts.filter((f) => !this.#unsure.has(f) && !(b.pending_conditions || []).some((c) => c.fact === f))));
      if (!answered) left.add(id);
      leftCount = left.size;
    }
    const progressText = leftCount === 0 ? t(lang, 'questionsNone')
      : t(lang, leftCount === 1 ? 'questionsLeftOne' : 'questionsLeft', { n: leftCount });
    const progress = h('div', { class: 'pc-progress' },
      h('strong', { text: t(lang, 'question', { n: number }) }),
      h('progress', { max: String(Math.max(number - 1 + leftCount, 1)), value: String(number - 1), 'aria-label': progressText }),
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
        const region = this.#regions.find((r) => r.id === this.#region);
        const allowed = new Set(region?.roles || []);
        if (allowed.size) options = options.filter((o) => allowed.has(o.id));
      }
      const current = draft?.choice ?? (answered && !unsure ? String(this.#answers[id]) : null);
      const list = h('ul', { class: 'pc-choices' + (fact.type === 'bool' ? ' pc-two' : '') }, options.map((o) => h('li', null,
        h('label', { class: 'pc-choice' },
          h('input', { type: 'radio', name: 'pc-answer', value: o.id, checked: current === o.id, 'aria-describedby': describedBy }),
          h('span', { class: 'pc-choice-text', text: o.label })))));
      body = h('fieldset', { 'aria-describedby': describedBy }, h('legend', null, this.#heading(fact.question)), help, list, error);
      read = () => {
        const picked = list.querySelector('input:checked');
        if (!picked) return { missing: true, focusEl: list.querySelector('input') };
        const value = fact.type === 'bool' ? picked.value === 'true' : picked.value;
        return { value, raw: picked.value, focusEl: picked };
      };
    } else {
      const isNumber = fact.type === 'integer' || fact.type === 'decimal';
      const current = draft?.input ?? (answered && !unsure ? String(this.#answers[id]) : '');
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
      const title = this.#heading('');
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
    const back = this.#calc ? this.#previousFact(id) : null;
    form.append(...[progress, body,
      h('div', { class: 'pc-actions' },
        back ? h('button', { type: 'button', class: 'pc-back', text: t(lang, 'back'), onclick: () => this.#goBack(back) }) : null,
        h('button', { type: 'submit', class: 'pc-primary pc-next', text: t(lang, 'next') }),
        // the role is the one question nothing can be asked without
        id !== 'role' ? h('button', { type: 'button', class: 'pc-unsure', 'aria-pressed': String(unsure), text: t(lang, 'notSure'), onclick: () => this.#answerAndGo(id, undefined, true) }) : null,
        id !== 'role' ? h('button', { type: 'button', class: 'pc-link pc-push pc-see-results', text: t(lang, 'showResults'), onclick: () => this.#showResults(true) }) : null),
      id !== 'role' ? h('p', { class: 'pc-muted pc-small', text: t(lang, 'optional') }) : null].filter(Boolean));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const got = read();
      const fail = (message) => {
        error.textContent = message;
        const field = form.querySelector('#pc-input');
        if (field) field.setAttribute('aria-invalid', 'true');
        got.focusEl?.focus();
      };
      if (got.missing) return fail(t(lang, fact.type === 'bool' || fact.type === 'enum' ? 'err_choose' : fact.type === 'date' ? 'err_date' : 'err_required'));
      if (!this.#calc) {
        // answered before the core was ready: handed to it once it is (a failure shows the error screen)
        await this.#coreLoading;
        if (!this.#calc || !form.isConnected) return;
      }
      try {
        // with the other answers: one that contradicts them is shown here, at this question
        this.#calc.checkAnswer(id, got.value, this.#answers);
      } catch (err) {
        return fail(errorMessage(lang, err, fact, got.raw));
      }
      this.#answerAndGo(id, got.value);
    });
    const nodes = [form];
    if (id === 'role' && !this.#fixedRegion) {
      nodes.unshift(h('p', { class: 'pc-meta' }, h('span', { text: this.#regionName() }), ' · ',
        h('button', { type: 'button', class: 'pc-link pc-change-region', text: t(lang, 'changeRegion'), onclick: () => this.#showStart(true) })));
    }
    if (id === 'role') nodes.unshift(...(this.#fixedRegion ? this.#firstScreenIntro(this.#fixedRegion) : [h('p', { class: 'pc-intro', text: t(lang, 'intro') })]));
    this.#show('question', nodes, focus);
    if (!this.#rerendering) this.#emit('pc-question', { number });
  }

  // ---------------------------------------------------------------- first screen

  /**
   * What the first screen says before any question: what this is, who it is
   * for, who publishes it, how long it takes, and which documents (with
   * their dates) it covers: every offered region's, or `region`'s alone.
   */
  #firstScreenIntro(region = null) {
    const lang = this.#language;
    const regions = this.#regions.filter((r) => !region || r.id === region);
    const documents = h('details', { class: 'pc-documents' },
      h('summary', { text: t(lang, 'documentsCovered') }),
      h('ul', { class: 'pc-doc-regions' }, regions.map((r) => h('li', null,
        h('strong', { text: r.province ? `${r.name}（${r.province}）` : r.name }),
        h('ul', { class: 'pc-doc-list' }, (r.documents || []).map((d) => h('li', null,
          h('span', { class: 'pc-doc-title', text: d.title[lang] || d.title[DEFAULT_LANG] }),
          h('span', { class: 'pc-muted', text: ` · ${[d.issuer[lang] || d.issuer[DEFAULT_LANG], d.number, d.published ? t(lang, 'publishedOn', { date: formatDate(lang, d.published) }) : t(lang, 'undated')].filter(Boolean).join(' · ')}` }))))))));
    return [
      h('p', { class: 'pc-intro', text: t(lang, 'intro') }),
      h('ul', { class: 'pc-facts' },
        h('li', { text: t(lang, 'audience') }),
        h('li', { text: t(lang, 'duration') }),
        h('li', { text: t(lang, 'publisher', { name: this.getAttribute('publisher') || t(lang, 'publisherDefault') }) })),
      documents,
    ];
  }

  /** Under a region's name: what it includes from its province, and how many policies. */
  #regionNote(r) {
    const parent = r.extends && this.#index.find((x) => x.id === r.extends);
    const inherits = parent ? t(this.#language, 'includesParent', { parent: parent.name[this.#language] || parent.name[DEFAULT_LANG] }) : null;
    return [inherits, t(this.#language, 'provisions', { n: r.provisions })].filter(Boolean).join(' · ');
  }

  /** Version and the latest document date of the regions offered, or of the fixed one (support staff ask "which version did the caller see?"). */
  #fillStamp() {
    const shown = (this.#index || []).filter((r) => !this.#fixedRegion || r.id === this.#fixedRegion);
    const dates = shown.flatMap((r) => (r.documents || []).map((d) => d.published)).filter(Boolean).sort();
    const latest = dates[dates.length - 1];
    this.#stamp.textContent = latest
      ? t(this.#language, 'stamp', { version: VERSION, date: formatDate(this.#language, latest) })
      : t(this.#language, 'stampVersion', { version: VERSION });
  }

  /** The question before `id` on the interview's path (for Back). */
  #previousFact(id) {
    const path = this.#orderedAnswers();
    const at = path.indexOf(id);
    if (at > 0) return path[at - 1];
    if (at === 0) return null;
    return path.length ? path[path.length - 1] : null;
  }

  #goBack(fact) {
    this.#fromResults = false;
    this.#showQuestion({ ...this.#facts.get(fact), id: fact }, true);
  }

  #answerAndGo(id, value, unsure = false) {
    const path = this.#orderedAnswers();
    const at = path.indexOf(id);
    if (unsure) this.#saveUnsure(id);
    else this.#saveAnswer(id, value);
    if (this.#fromResults) {
      this.#fromResults = false;
      const next = this.#nextQuestion();
      return next ? this.#showQuestion(next, true) : this.#showResults(true);
    }
    if (at >= 0) {
      const after = this.#orderedAnswers();
      const i = after.indexOf(id);
      if (i >= 0 && i + 1 < after.length) {
        const f = after[i + 1];
        return this.#showQuestion({ ...this.#facts.get(f), id: f }, true);
      }
    }
    const next = this.#nextQuestion();
    return next ? this.#showQuestion(next, true) : this.#showResults(true);
  }

  #regionName() {
    return this.#regions.find((r) => r.id === this.#region)?.name || this.#region || '';
  }

  // ---------------------------------------------------------------- results

  /**
   * The results screen (www/pc-results.js, fetched on first use or in idle
   * time after the first screen). A screen shown meanwhile wins.
   */
  #showResults(focus = true) {
    const token = (this.#screenToken = (this.#screenToken || 0) + 1);
    const quiet = !!this.#rerendering; // read now: the render runs after rerender() returns
    return loadResults().then((m) => {
      if (this.#screenToken !== token) return undefined;
      return m.render(this.#host, focus, quiet);
    }, (err) => this.#showFatal(err));
  }

  #showFatal(err) {
    this.#lastError = err;
    const lang = this.#language;
    const code = err && err.code;
    const text = code ? errorMessage(lang, err, null, null) : t(lang, 'loadFailed');
    this.#show('error', [this.#heading(t(lang, 'errorTitle')), h('p', { class: 'pc-error pc-fatal', role: 'alert', text })], false);
    this.#container.classList.add('pc-ready');
    this.setAttribute('ready', '');
  }

  #announce(text) {
    // cleared first so the same text is announced again
    this.#live.textContent = '';
    setTimeout(() => { this.#live.textContent = text; }, 50);
  }

  // ---------------------------------------------------------------- reset / kiosk

  #reset(focus = true) {
    this.#answers = {};
    this.#parked = {};
    this.#unsure = new Set();
    this.#changeNote = null;
    this.#order = [];
    this.#current = null;
    this.#fromResults = false;
    this.#draft = null;
    this.#region = this.#fixedRegion;
    this.#presetAnswers();
    if (this.#region) this.#showQuestion(this.#nextQuestion(), focus);
    else this.#showStart(focus);
  }


  /** Kiosk mode: its controller (notice, idle countdown, wipe, QR placement) is a module of its own. */
  #setupKiosk() {
    import('./pc-kiosk.js').then(({ Kiosk }) => {
      if (!this.#started || this.#kioskControl) return;
      this.#kioskControl = new Kiosk(this.#host);
      this.#kioskControl.connect();
    });
  }

  // ---------------------------------------------------------------- print

  #openDetailsForPrint() {
    // the summary prints as it is; "include details" prints every section open
    if (!this.#container.classList.contains('pc-print-full')) return;
    const closed = [...this.#shadow.querySelectorAll('details:not([open])')];
    this.#printOpened = [...(this.#printOpened || []), ...closed];
    for (const d of closed) d.open = true;
  }

  #restoreDetailsAfterPrint() {
    for (const d of this.#printOpened || []) d.open = false;
    this.#printOpened = [];
  }
}

// Each attribute's camelCase property, defined from one table: a flag is there
// or not; a text attribute reads as written and null removes it.
const FLAG_ATTRIBUTES = ['hide-header', 'lock-lang', 'care', 'kiosk', 'offline'];
const TEXT_ATTRIBUTES = ['preset-role', 'limit-regions', 'share-base', 'region', 'as-of', 'idle', 'countdown', 'heading-level', 'publisher'];
const camel = (name) => name.replace(/-(.)/g, (_, c) => c.toUpperCase());
for (const name of FLAG_ATTRIBUTES) {
  Object.defineProperty(PolicyCalculator.prototype, camel(name), {
    configurable: true,
    get() { return this.hasAttribute(name); },
    set(on) { this.toggleAttribute(name, !!on); },
  });
}
for (const name of TEXT_ATTRIBUTES) {
  Object.defineProperty(PolicyCalculator.prototype, camel(name), {
    configurable: true,
    get() { return this.getAttribute(name); },
    set(v) { mirror(this, name, v); },
  });
}

if (!customElements.get('policy-calculator')) customElements.define('policy-calculator', PolicyCalculator);
