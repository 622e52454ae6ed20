// The share panel of the results (www/pc-results.js loads it with them): the
// share link to copy and its QR code (www/qr.js, fetched on first use). The
// link itself is the element's shareLink(): its fragment carries the answers
// and never reaches a server. A kiosk shows the QR code alone, placed by the
// kiosk controller (www/pc-kiosk.js).

import { t } from './i18n.js';
import './i18n-results.js';
import { h } from './pc-dom.js';
import { loadQr } from './pc-core.js';

/** Fills `share` for the element interface `el` (pc-element.js #host). */
export function fillShare(el, share) {
  const lang = el.language;
  const link = el.shareLink();
  const status = h('p', { class: 'pc-small pc-copy-status', role: 'status' });
  const input = h('input', { type: 'text', id: 'pc-share-link', readonly: true, value: link, onfocus: (e) => e.target.select() });
  const qr = h('div', { class: 'pc-qr' });
  share.replaceChildren(...[
    el.kiosk ? null : h('label', { for: 'pc-share-link', text: t(lang, 'shareLink') }),
    el.kiosk ? null : h('div', { class: 'pc-share-row' }, input,
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
    el.kiosk ? null : h('p', { class: 'pc-small pc-muted', text: t(lang, 'shareNote') })].filter(Boolean));
  loadQr().then(({ toCanvas }) => {
    try {
      const caption = t(lang, el.kiosk ? 'kioskQr' : 'qr');
      qr.replaceChildren(toCanvas(document, link, caption), h('p', { class: el.kiosk ? 'pc-qr-caption' : 'pc-small', text: caption }));
    } catch {
      qr.replaceChildren();
    }
  }, () => qr.replaceChildren());
}
