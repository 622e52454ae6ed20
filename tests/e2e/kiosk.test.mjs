// Kiosk mode: large touch targets, no selection, no navigation away, a
// visible idle countdown that wipes every answer (DOM, URL fragment,
// history state) and returns to the start, nothing in storage, a QR code of
// the share link.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  browserSuite, openPage, gotoApp, pickRegion, answer, el, runInterview, factTable, cliEvaluate, shadowText, stored, assertCacheHoldsStaticFilesOnly, AS_OF, PHONE, jsQR,
} from './helpers.mjs';
import { t } from '../../www/i18n.js';
import '../../www/i18n-results.js';
import '../../www/i18n-kiosk.js';

const facts = factTable();
const env = browserSuite();

const waitForFact = (page, fact) => page.waitForFunction((f) => document.querySelector('policy-calculator')?.shadowRoot?.querySelector('form.pc-question')?.dataset.fact === f, fact);

test('idle timeout: a visible countdown, then every answer is wiped and the start returns', async () => {
  const { page, log, close } = await openPage(env, `kiosk.html?as-of=${AS_OF}&idle=1.5&countdown=3`, { serviceWorkers: 'allow' });
  try {
    assert.equal(await el(page, '.pc.pc-kiosk').count(), 1);
    await pickRegion(page, 'bayannur');
    await answer(page, 'role', 'employer');
    await waitForFact(page, 'interns');
    await el(page, '#pc-input').fill('4817');
    await el(page, 'button.pc-next').click();
    await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question')?.dataset.fact !== 'interns');
    // a kiosk's language switch is a button per language, not a native list
    assert.equal(await el(page, '#pc-lang select').count(), 0);
    assert.equal(await el(page, '#pc-lang button[lang="zh-Hans"]').getAttribute('aria-pressed'), 'true');
    await el(page, '#pc-lang button[lang="en"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal(await el(page, '#pc-lang button[lang="en"]').getAttribute('aria-pressed'), 'true');
    assert.equal(await el(page, '#pc-lang button[lang="zh-Hans"]').getAttribute('aria-pressed'), 'false');
    await el(page, '#pc-input').fill('2939'); // a draft, typed and left
    const stateBefore = await page.evaluate(() => JSON.stringify(history.state));

    // the countdown appears after 1.5 s of inactivity and counts down
    await el(page, 'dialog[open]').waitFor({ timeout: 5000 });
    assert.equal(await el(page, 'dialog[open] h2').textContent(), t('en', 'idleTitle'));
    const first = Number(await el(page, '.pc-countdown').textContent());
    assert.ok(first >= 2 && first <= 3, `countdown starts near 3: ${first}`);
    await page.waitForFunction((n) => Number(document.querySelector('policy-calculator').shadowRoot.querySelector('.pc-countdown')?.textContent) < n, first);

    // and then everything is gone
    await page.waitForFunction(() => !document.querySelector('policy-calculator').shadowRoot.querySelector('dialog[open]'), null, { timeout: 6000 });
    await el(page, 'input[name="pc-region"]').first().waitFor();
    assert.equal(await el(page, 'input:checked').count(), 0, 'no choice left checked');
    const text = await shadowText(page);
    assert.ok(!/4817|4,817/.test(text) && !/2939|2,939/.test(text), 'no answer left in the DOM');
    assert.equal(await el(page, 'form.pc-question').count(), 0);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans', 'back to the default language');
    assert.equal(new URL(page.url()).hash, '');
    const stateAfter = await page.evaluate(() => JSON.stringify(history.state));
    assert.ok(!/interns|employer|bayannur/.test(stateAfter), `history state ${stateAfter} (was ${stateBefore})`);
    const live = await page.evaluate(() => document.querySelector('policy-calculator').shadowRoot.querySelector('[role="status"]').textContent);
    await page.waitForFunction((m) => document.querySelector('policy-calculator').shadowRoot.querySelector('[role="status"]').textContent === m, t('zh-Hans', 'cleared'));
    await page.evaluate(() => navigator.serviceWorker.ready);
    // nothing kept anywhere; the service worker's cache holds the app's own files, byte for byte
    // (security.test.mjs wipes a whole interview with marker values and looks everywhere)
    const { cached, ...kept } = await stored(page);
    assert.ok(cached.length > 0, 'the service worker did cache the app (offline kiosk)');
    assert.deepEqual(kept, { cookies: [], local: 0, session: 0, cookie: '', idb: [] }, String(live));
    assertCacheHoldsStaticFilesOnly(cached, new URL(env.server.url).origin);
    assert.deepEqual(log.errors, []);
  } finally {
    await close();
  }
});

test('any touch or key keeps the session; the start screen alone never counts down', async () => {
  const { page, close } = await openPage(env, `kiosk.html?as-of=${AS_OF}&idle=1&countdown=30`);
  try {
    // nothing to wipe on the start screen: no dialog
    await page.waitForTimeout(1600);
    assert.equal(await el(page, 'dialog[open]').count(), 0);
    await pickRegion(page, 'huaian');
    await el(page, 'dialog[open]').waitFor({ timeout: 4000 });
    await el(page, 'button.pc-keep').click();
    assert.equal(await el(page, 'dialog[open]').count(), 0);
    assert.equal(await el(page, 'form.pc-question').getAttribute('data-fact'), 'role', 'still where we were');
    await el(page, 'dialog[open]').waitFor({ timeout: 4000 });
    await page.keyboard.press('Escape');
    assert.equal(await el(page, 'dialog[open]').count(), 0);
    await el(page, 'dialog[open]').waitFor({ timeout: 4000 });
    await el(page, 'button.pc-clear').click();
    await el(page, 'input[name="pc-region"]').first().waitFor();
  } finally {
    await close();
  }
});

test('kiosk layout: touch targets of 48 px or more, large type, no text selection', async () => {
  const { page, close } = await openPage(env, `index.html?kiosk&as-of=${AS_OF}`, { viewport: PHONE });
  try {
    assert.equal(await el(page, '.pc.pc-kiosk').count(), 1, '?kiosk turns the main page into a kiosk');
    const check = async (screen) => {
      const small = await page.evaluate(() => {
        const root = document.querySelector('policy-calculator').shadowRoot;
        const targets = root.querySelectorAll('button, select, input[type="text"], input[type="date"], label.pc-choice, summary');
        return [...targets].filter((n) => n.getClientRects().length).map((n) => {
          const r = n.getBoundingClientRect();
          return { what: `${n.tagName} ${n.className} ${n.textContent.slice(0, 20)}`, w: r.width, h: r.height };
        }).filter((r) => r.w < 48 || r.h < 48);
      });
      assert.deepEqual(small, [], `small targets on ${screen}`);
    };
    await check('start');
    const font = await el(page, '.pc').evaluate((n) => parseFloat(getComputedStyle(n).fontSize));
    assert.ok(font >= 20, `large type: ${font}px`);
    assert.equal(await el(page, '.pc').evaluate((n) => getComputedStyle(n).userSelect), 'none');
    await pickRegion(page, 'bayannur');
    await check('role question');
    await answer(page, 'role', 'employer');
    await waitForFact(page, 'interns');
    await check('number question');
    await runInterview(page, { role: 'employer', region: 'bayannur', facts });
    await el(page, '.pc-totals').waitFor();
    await check('results');
    // the right-click menu is off
    const prevented = await page.evaluate(() => {
      const e = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
      document.querySelector('policy-calculator').dispatchEvent(e);
      return e.defaultPrevented;
    });
    assert.equal(prevented, true);
  } finally {
    await close();
  }
});

test('kiosk results show a QR code of the share link, which restores the same result', async () => {
  const kiosk = await openPage(env, `kiosk.html?as-of=${AS_OF}`);
  let link;
  let totals;
  try {
    const { page } = kiosk;
    await pickRegion(page, 'dandong');
    await runInterview(page, { role: 'employer', region: 'dandong', facts });
    await el(page, '.pc-totals').waitFor();
    totals = await el(page, '.pc-total').allTextContents();
    assert.equal(await el(page, 'button.pc-print').count(), 0, 'no print button in a kiosk');
    assert.equal(await el(page, '#pc-share-link').count(), 0, 'no copyable link: the QR code is the way out');
    const canvas = el(page, '.pc-qr canvas');
    await canvas.waitFor();
    const image = await canvas.evaluate((c) => ({ w: c.width, h: c.height, data: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data) }));
    link = jsQR(Uint8ClampedArray.from(image.data), image.w, image.h)?.data;
    assert.ok(link && link.includes('#') && link.includes('region=dandong'), link);
    assert.equal(new URL(page.url()).hash, '', 'the kiosk page itself keeps no answers in its address');
  } finally {
    await kiosk.close();
  }
  const phone = await openPage(env, null, { viewport: PHONE });
  try {
    // the phone opens the ordinary page (the kiosk page ignores fragments)
    const url = new URL(link);
    const target = env.url(`index.html${url.search}${url.hash}`);
    await gotoApp(phone.page, target);
    await el(phone.page, '.pc-totals').waitFor();
    assert.deepEqual(await el(phone.page, '.pc-total').allTextContents(), totals);
    const answers = Object.fromEntries([...new URLSearchParams(url.hash.slice(1))].filter(([k]) => !['lang', 'region', 'view', 'as-of'].includes(k)).map(([k, v]) => [k, v === 'true' ? true : v === 'false' ? false : v]));
    assert.deepEqual(totals, cliEvaluate('dandong', answers, 'zh-Hans').totals.map((x) => x.text));
  } finally {
    await phone.close();
  }
});

test('kiosk: back navigation stays on the page', async () => {
  const { page, close } = await openPage(env, null);
  try {
    await page.goto(env.url('demo.html'));
    await gotoApp(page, env.url(`kiosk.html?as-of=${AS_OF}`));
    const before = page.url();
    await page.goBack().catch(() => {});
    await page.waitForTimeout(300);
    assert.equal(page.url(), before);
    await page.keyboard.press('Alt+ArrowLeft');
    await page.waitForTimeout(300);
    assert.equal(page.url(), before);
    assert.equal(await el(page, '.pc.pc-kiosk').count(), 1);
  } finally {
    await close();
  }
});
