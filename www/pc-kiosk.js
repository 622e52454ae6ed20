// The kiosk controller of <policy-calculator kiosk> (kiosk.html, ?kiosk):
// loaded by pc-element.js only in kiosk mode, so the ordinary page carries
// none of it.
//
//   - a visible notice "public device, clears itself after N minutes" with
//     an "end and clear" button, on every screen;
//   - the idle countdown dialog (idle / countdown seconds), then the wipe;
//   - the wipe: every answer goes from the DOM, the URL and the history
//     state, the core gets a fresh, zeroed WebAssembly instance (freed
//     buffers keep their bytes otherwise), care mode and the language go
//     back to the start, and the next visitor sees the top of the page;
//   - the QR code of the result near the top of the results, with a plain
//     caption; it opens the ordinary page (see linkBase in pc-element.js);
//   - no navigation away, no context menu, no text selection, fullscreen.
//
// A controller in the manner of Lit's reactive controllers: the element
// creates it with its host interface (see #host in pc-element.js), calls
// connect() and, when it is removed from the page, disconnect(), which
// removes every listener and timer the controller added.

import { t } from './i18n.js';
import './i18n-kiosk.js';
import { freshCore } from './pc-core.js';

/** createElement with a class and text (the kiosk's few nodes). */
function node(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text != null) el.textContent = text;
  return el;
}

export class Kiosk {
  #listeners = [];

  /** @param {object} host the element's interface for its modules (pc-element.js #host) */
  constructor(host) {
    this.host = host;
    this.notice = node('div', 'pc-kiosk-notice');
    this.noticeText = node('p', 'pc-kiosk-notice-text');
    this.endButton = node('button', 'pc-end');
    this.endButton.type = 'button';
    this.endButton.addEventListener('click', () => this.wipe());
    this.notice.append(this.noticeText, this.endButton);
    host.container.insertBefore(this.notice, host.screen);
    this.initialCare = host.care;
    this.texts();
  }

  #listen(target, type, fn, options) {
    target.addEventListener(type, fn, options);
    this.#listeners.push([target, type, fn, options]);
  }

  /** The notice in the current language ("clears itself after 2 minutes"). */
  texts() {
    const lang = this.host.language;
    const seconds = this.host.idleSeconds + this.host.countdownSeconds;
    const after = seconds >= 60 ? t(lang, 'minutes', { n: Math.ceil(seconds / 60) }) : t(lang, 'seconds', { n: Math.ceil(seconds) });
    this.noticeText.textContent = t(lang, 'kioskNotice', { after });
    this.endButton.textContent = t(lang, 'kioskEnd');
  }

  /** Locks the page to the kiosk and starts the idle timer. */
  connect() {
    const host = this.host;
    // inside the countdown dialog only its buttons (or Escape) decide
    const activity = (e) => {
      if (host.dialog.open && e.composedPath().includes(host.dialog)) return undefined;
      return this.onActivity();
    };
    for (const type of ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart']) this.#listen(document, type, activity, { capture: true, passive: true });
    this.#listen(document, 'contextmenu', (e) => e.preventDefault());
    this.#listen(document, 'dragstart', (e) => e.preventDefault());
    this.#listen(document, 'selectstart', (e) => {
      const el = e.composedPath()[0];
      if (!(el instanceof HTMLInputElement)) e.preventDefault();
    });
    this.#listen(document, 'pointerdown', () => {
      if (!document.fullscreenElement && document.documentElement.requestFullscreen) {
        document.documentElement.requestFullscreen({ navigationUI: 'hide' }).catch(() => {});
      }
    }, { once: true });
    // stay on this page: a back gesture lands on our own entry again
    history.replaceState({ kiosk: true }, '', location.href.replace(/#.*$/, ''));
    history.pushState({ kiosk: true }, '', location.href);
    this.#listen(window, 'popstate', () => history.pushState({ kiosk: true }, '', location.href.replace(/#.*$/, '')));
    this.#listen(window, 'keydown', (e) => {
      if ((e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) || e.key === 'BrowserBack' || e.key === 'BrowserForward') e.preventDefault();
    });
    this.#listen(host.dialog, 'cancel', (e) => {
      e.preventDefault();
      this.onActivity();
    });
    this.armIdle();
  }

  /** The element left the page: every listener and timer of the controller goes. */
  disconnect() {
    for (const [target, type, fn, options] of this.#listeners) target.removeEventListener(type, fn, options);
    this.#listeners = [];
    clearTimeout(this.idleTimer);
    clearInterval(this.countdownTimer);
  }

  hasSomethingToWipe() {
    const host = this.host;
    return Object.keys(host.answers).length > 0 || host.view === 'results' || host.language !== host.initialLang || host.care !== this.initialCare
      || (host.view === 'question' && host.current?.id !== 'role') || (!host.fixedRegion && host.region !== null);
  }

  onActivity() {
    if (this.host.dialog.open) this.hideIdleDialog();
    this.armIdle();
  }

  armIdle() {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.hasSomethingToWipe()) this.showIdleDialog();
      else this.armIdle();
    }, this.host.idleSeconds * 1000);
  }

  showIdleDialog() {
    const { dialog, language: lang } = this.host;
    let left = Math.ceil(this.host.countdownSeconds);
    const count = node('p', 'pc-countdown', String(left));
    count.setAttribute('aria-hidden', 'true');
    const text = node('p', null, t(lang, 'idleText', { s: left }));
    text.id = 'pc-idle-text';
    const title = node('h2', null, t(lang, 'idleTitle'));
    title.id = 'pc-idle-title';
    const keep = node('button', 'pc-primary pc-keep', t(lang, 'idleContinue'));
    keep.type = 'button';
    keep.addEventListener('click', () => this.onActivity());
    const clear = node('button', 'pc-clear', t(lang, 'idleClear'));
    clear.type = 'button';
    clear.addEventListener('click', () => this.wipe());
    const actions = node('div', 'pc-actions');
    actions.append(keep, clear);
    dialog.replaceChildren(title, count, text, actions);
    dialog.showModal();
    clearInterval(this.countdownTimer);
    const deadline = Date.now() + this.host.countdownSeconds * 1000;
    this.countdownTimer = setInterval(() => {
      left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      count.textContent = String(left);
      text.textContent = t(lang, 'idleText', { s: left });
      if (left <= 0) this.wipe();
    }, 250);
  }

  hideIdleDialog() {
    clearInterval(this.countdownTimer);
    if (this.host.dialog.open) this.host.dialog.close();
    this.host.dialog.replaceChildren();
    this.armIdle();
  }

  /** Every trace of the visitor goes; the next one starts at the top of the start screen. */
  async wipe() {
    if (this.wiping) return this.wiping;
    const host = this.host;
    this.wiping = (async () => {
      this.hideIdleDialog();
      host.forget();
      history.replaceState({ kiosk: true }, '', location.href.replace(/#.*$/, ''));
      host.care = this.initialCare;
      await freshCore();
      await host.load(host.fixedRegion, host.language);
      host.reset(true);
      (document.scrollingElement || document.documentElement).scrollTop = 0;
      host.announce(t(host.language, 'cleared'));
      host.emit('pc-wiped');
    })().finally(() => { this.wiping = null; });
    return this.wiping;
  }

  /** The QR panel of the results, moved just below the summary and totals, with a plain caption. */
  placeQr(share) {
    const totals = this.host.screen.querySelector('.pc-totals') || this.host.screen.querySelector('.pc-summary');
    if (!totals) return;
    share.hidden = false;
    share.classList.add('pc-share-kiosk');
    totals.after(share);
  }
}
