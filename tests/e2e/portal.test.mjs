// Issue 11, for portal operators and public devices: the size budgets' file
// lists are what the pages really fetch; sizes ignore the host's root font;
// operator attributes; privacy-preserving events; the version stamp; the
// first screen; care mode (axe-clean at both sizes); the read-aloud mirror
// in the light DOM; the share link's as-of date; the kiosk take-home QR
// (decoded, opened on a phone: the same result), the kiosk notice, the wipe
// that leaves nothing in the wasm linear memory, and a short soak.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  browserSuite, openPage, gotoApp, pickRegion, answer, el, runInterview, factTable, currentFact, answerFor, axe, screenshots, ROOT, AS_OF, PHONE, DESKTOP, jsQR, answerWithMarkers,
} from './helpers.mjs';
import { t } from '../../www/i18n.js';
import '../../www/i18n-results.js';
import '../../www/i18n-kiosk.js';
import { BUDGETS } from '../../scripts/size-gate.mjs';

const facts = factTable();
const env = browserSuite();

const waitForResults = (page) => el(page, '.pc-totals').waitFor();
const host = (page, fn, arg) => page.evaluate(fn, arg);

// ---------------------------------------------------------------- size gate's file lists

test('the size budgets list exactly the files each page fetches before its first question', async () => {
  for (const [name, spec] of Object.entries(BUDGETS.pages)) {
    const { page, close } = await openPage(env, null, { viewport: PHONE });
    try {
      await gotoApp(page, env.url(`${spec.page}?as-of=${AS_OF}`));
      const fetched = await page.evaluate(() => {
        const at = performance.getEntriesByName('pc-first-screen')[0].startTime;
        return performance.getEntriesByType('resource').filter((e) => e.startTime <= at).map((e) => new URL(e.name).pathname.slice(1));
      });
      // the favicon is the browser's own request, at a moment of its choosing: counted in the budget, not compared
      const own = (list) => [...new Set(list)].filter((f) => f !== 'favicon.png').sort();
      const expected = spec.files.filter((f) => f !== spec.page);
      assert.deepEqual(own(fetched), own(expected), `${name}: fetched before the first screen`);
    } finally {
      await close();
    }
  }
});

// ---------------------------------------------------------------- sizes on a host with a root reset

test('on a host with html{font-size:62.5%} the text stays at 16 px or more; 24 px browser default is followed', async () => {
  const html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>reset host</title>'
    + '<style>html{font-size:62.5%}body{font-size:1.4rem}</style><script type="module" src="policy-calculator.js"></script></head>'
    + '<body><h1>Portal</h1><policy-calculator lang="en"></policy-calculator></body></html>';
  const { page, context, close } = await openPage(env, null, { viewport: PHONE });
  try {
    await context.route(/reset-host\.html/, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await gotoApp(page, env.url(`reset-host.html?as-of=${AS_OF}`));
    const smallest = () => page.evaluate(() => {
      const root = document.querySelector('policy-calculator').shadowRoot;
      const sizes = [...root.querySelectorAll('*')].filter((n) => n.getClientRects().length && [...n.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim()))
        .map((n) => parseFloat(getComputedStyle(n).fontSize));
      return Math.min(...sizes);
    });
    // the smallest text (notes at 0.9em) of a 16 px body is 14.4 px; body text itself is 16 px
    const body = await el(page, '.pc-intro').evaluate((n) => parseFloat(getComputedStyle(n).fontSize));
    assert.equal(body, 16, 'body text at the browser default, not 10 px');
    assert.ok(await smallest() >= 13.5, `smallest text ${await smallest()} px`);
    await screenshots(page, 'portal-reset-host');
  } finally {
    await close();
  }
  // a reader's own larger default (Chromium's "very large": 24 px) is followed on the same host
  const big = await env.browser.newContext({ viewport: PHONE });
  try {
    const page = await big.newPage();
    const cdp = await big.newCDPSession(page);
    await cdp.send('Page.enable');
    await big.route(/reset-host\.html/, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    // Chromium's default font size preference through the DevTools protocol
    const ok = await cdp.send('Page.setFontSizes', { fontSizes: { standard: 24, fixed: 20 } }).then(() => true, () => false);
    await gotoApp(page, env.url(`reset-host.html?as-of=${AS_OF}`));
    assert.ok(ok, 'Page.setFontSizes is available');
    const body = await el(page, '.pc-intro').evaluate((n) => parseFloat(getComputedStyle(n).fontSize));
    assert.equal(body, 24, 'the reader\'s 24 px default');
  } finally {
    await big.close();
  }
});

// ---------------------------------------------------------------- operator attributes and events

test('operator attributes: hide-header, lock-lang, preset-role, limit-regions, share-base; properties mirror them', async () => {
  const html = '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>portal</title><script type="module" src="policy-calculator.js"></script></head>'
    + '<body><h1>门户</h1><policy-calculator hide-header lock-lang lang="zh-Hans" preset-role="employer" limit-regions="dandong, huaian" share-base="https://jobs.example.gov.cn/calc/"></policy-calculator></body></html>';
  const { page, context, close } = await openPage(env, null, { viewport: DESKTOP });
  try {
    await context.route(/portal-host\.html/, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await gotoApp(page, env.url(`portal-host.html?as-of=${AS_OF}`));
    assert.equal(await el(page, '.pc-title').isVisible(), false, 'hide-header: no second title');
    assert.equal(await el(page, '#pc-lang').isVisible(), false, 'lock-lang: no language switch');
    assert.deepEqual(await el(page, 'input[name="pc-region"]').evaluateAll((ns) => ns.map((n) => n.value)), ['dandong', 'huaian'], 'limit-regions');
    await pickRegion(page, 'dandong').catch(() => {});
    // the preset role is answered: the first question is the one after it
    await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question'));
    assert.notEqual(await currentFact(page), 'role', 'preset-role skips the role question');
    assert.equal(await host(page, () => document.querySelector('policy-calculator').answers.role), 'employer');
    await runInterview(page, { role: 'employer', region: 'dandong', facts });
    await waitForResults(page);
    const link = await host(page, () => document.querySelector('policy-calculator').shareLink());
    assert.ok(link.startsWith('https://jobs.example.gov.cn/calc/#'), link);
    // properties mirror attributes
    const mirrored = await host(page, () => {
      const c = document.querySelector('policy-calculator');
      const before = [c.hideHeader, c.lockLang, c.presetRole, c.limitRegions, c.shareBase];
      c.hideHeader = false;
      c.care = true;
      return { before, header: c.hasAttribute('hide-header'), care: c.getAttribute('care'), visible: c.shadowRoot.querySelector('.pc-title').hidden === false };
    });
    assert.deepEqual(mirrored, { before: [true, true, 'employer', 'dandong, huaian', 'https://jobs.example.gov.cn/calc/'], header: false, care: '', visible: true });
    assert.equal(await el(page, '.pc.pc-care').count(), 1);
  } finally {
    await close();
  }
});

test('events pc-question, pc-results, pc-restart carry counts only, never an answer', async () => {
  const { page, close } = await openPage(env, `index.html?as-of=${AS_OF}`);
  try {
    await host(page, () => {
      window.__events = [];
      for (const type of ['pc-question', 'pc-results', 'pc-restart']) document.addEventListener(type, (e) => window.__events.push({ type, detail: e.detail }));
    });
    await pickRegion(page, 'bayannur');
    await answer(page, 'role', 'employer');
    const markers = { interns: '4817', interns_retained: '2939' };
    for (let i = 0; i < 20; i++) {
      await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question, .pc-totals'));
      const fact = await currentFact(page);
      if (!fact) break;
      await answer(page, fact, markers[fact] ?? answerFor(facts.get(fact), AS_OF, 'bayannur'));
      await page.waitForFunction((f) => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question')?.dataset.fact !== f, fact);
    }
    await waitForResults(page);
    await el(page, '#pc-lang').selectOption('en'); // a redraw is not a new screen
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await el(page, 'button.pc-restart').click();
    await page.waitForTimeout(100);
    const events = await host(page, () => window.__events);
    const types = events.map((e) => e.type);
    assert.equal(types.filter((x) => x === 'pc-results').length, 1, types.join());
    assert.equal(types[types.length - 1], 'pc-restart', 'start over: back to the region choice, which is no question');
    const questions = events.filter((e) => e.type === 'pc-question').map((e) => e.detail.number);
    assert.deepEqual(questions.slice(0, 3), [1, 2, 3]);
    for (const e of events) {
      const keys = Object.keys(e.detail).sort().join();
      assert.ok(['number', 'answered,complete', ''].includes(keys), `${e.type}: ${keys}`);
      for (const v of Object.values(e.detail)) assert.ok(typeof v === 'number' || typeof v === 'boolean', `${e.type}: ${JSON.stringify(e.detail)}`);
      const text = JSON.stringify(e.detail);
      for (const needle of ['4817', '2939', 'employer', 'bayannur', 'interns']) assert.ok(!text.includes(needle), `${e.type} ${text}`);
    }
  } finally {
    await close();
  }
});

test('version and data-date stamp: the version is Cargo.toml\'s, the date the latest document\'s', async () => {
  const version = /^version = "([^"]+)"/m.exec(readFileSync(join(ROOT, 'Cargo.toml'), 'utf8'))[1];
  const regions = JSON.parse(readFileSync(join(ROOT, 'dist', 'pkg', 'regions.json'), 'utf8'));
  const latest = regions.flatMap((r) => r.documents.map((d) => d.published)).filter(Boolean).sort().pop();
  const { page, close } = await openPage(env, `index.html?as-of=${AS_OF}`);
  try {
    const stamp = await el(page, '.pc-stamp').textContent();
    const { formatDate } = await import('../../www/i18n.js');
    assert.equal(stamp, t('zh-Hans', 'stamp', { version, date: formatDate('zh-Hans', latest) }));
  } finally {
    await close();
  }
});

// ---------------------------------------------------------------- first screen, care mode, read-aloud

test('first screen: who it is for, publisher, time, the documents with dates, province beside each city; Dandong includes Liaoning', async () => {
  const { page, close } = await openPage(env, `index.html?as-of=${AS_OF}`, { viewport: PHONE });
  try {
    const text = await el(page, '.pc-screen').textContent();
    for (const key of ['audience', 'duration']) assert.ok(text.includes(t('zh-Hans', key)), key);
    assert.ok(text.includes(t('zh-Hans', 'publisher', { name: t('zh-Hans', 'publisherDefault') })));
    const dandong = await el(page, 'label.pc-choice:has(input[value="dandong"])').textContent();
    assert.ok(dandong.includes('辽宁省') && dandong.includes(t('zh-Hans', 'includesParent', { parent: '辽宁省' })), dandong);
    assert.ok((await el(page, 'label.pc-choice:has(input[value="bayannur"])').textContent()).includes('内蒙古自治区'));
    await el(page, '.pc-documents summary').click();
    const docs = await el(page, '.pc-documents').textContent();
    assert.ok(docs.includes('青城政办发〔2024〕13号') && docs.includes('2024年7月16日发布'), docs.slice(0, 300));
    // Dandong lists its own document and Liaoning's
    const dandongDocs = await el(page, '.pc-doc-regions > li:has(strong:text-is("丹东市（辽宁省）")) .pc-doc-list li').count();
    assert.ok(dandongDocs >= 2, `Dandong's documents with Liaoning's: ${dandongDocs}`);
    await axe(page, 'first screen, documents open');
    await screenshots(page, 'portal-first-screen');
  } finally {
    await close();
  }
});

test('care mode (关怀模式): larger text, plainer layout, on the main page, the element and the kiosk; axe clean at both sizes', async () => {
  for (const path of [`index.html?as-of=${AS_OF}`, `demo.html?as-of=${AS_OF}`, `kiosk.html?as-of=${AS_OF}`]) {
    const { page, close } = await openPage(env, path, { viewport: PHONE });
    try {
      const size = () => el(page, '.pc-screen').evaluate((n) => parseFloat(getComputedStyle(n).fontSize));
      const before = await size();
      const toggle = el(page, 'button.pc-care-toggle');
      assert.equal(await toggle.textContent(), t(path.startsWith('demo') ? 'en' : 'zh-Hans', 'care'));
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      assert.ok(await size() >= before * 1.2, `${path}: ${before} -> ${await size()} px`);
      const name = path.split('.')[0];
      if (!path.startsWith('index')) await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question, .pc-start'));
      else await pickRegion(page, 'qingdao-chengyang');
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport);
        await axe(page, `${path} care mode ${viewport.width}`);
      }
      await screenshots(page, `portal-care-${name}`);
    } finally {
      await close();
    }
  }
});

test('read-aloud: the text on screen is also in the light DOM, where page-level readers walk, and only the current screen', async () => {
  const { page, close } = await openPage(env, `index.html?as-of=${AS_OF}`);
  try {
    // what a light-DOM reader sees: a TreeWalker over document.body's text nodes (it never enters a shadow root)
    const lightText = () => page.evaluate(() => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      let out = '';
      while (walker.nextNode()) out += walker.currentNode.textContent;
      return out;
    });
    await page.waitForFunction((s) => document.body.textContent.includes(s), t('zh-Hans', 'chooseRegion'));
    assert.ok((await lightText()).includes(t('zh-Hans', 'chooseRegion')));
    await pickRegion(page, 'huaian');
    const question = await el(page, '.pc-screen-title').textContent();
    await page.waitForFunction((q) => document.body.textContent.includes(q), question);
    const now = await lightText();
    assert.ok(now.includes(question), 'the question is readable from the light DOM');
    assert.ok(!now.includes(t('zh-Hans', 'chooseRegion')), 'the previous screen is gone');
    // not rendered, so not in the accessibility tree (screen readers do not hear it twice)
    assert.equal(await page.locator('policy-calculator > [data-pc-read-aloud]').isVisible(), false);
  } finally {
    await close();
  }
});

// ---------------------------------------------------------------- share link: the as-of date

test('the share link carries the as-of date and a later visit restores it', async () => {
  const { page, close } = await openPage(env, `index.html?as-of=${AS_OF}`, { viewport: PHONE });
  let link;
  let totals;
  try {
    await pickRegion(page, 'qingdao-chengyang');
    await runInterview(page, { role: 'employer', region: 'qingdao-chengyang', facts });
    await waitForResults(page);
    totals = await el(page, '.pc-total').allTextContents();
    link = await host(page, () => document.querySelector('policy-calculator').shareLink());
    assert.equal(new URLSearchParams(new URL(link).hash.slice(1)).get('as-of'), AS_OF);
  } finally {
    await close();
  }
  // opened later, on a page without ?as-of: the same date, the same result
  const later = await openPage(env, null, { viewport: PHONE });
  try {
    const url = new URL(link);
    await gotoApp(later.page, env.url(`index.html${url.hash}`));
    await waitForResults(later.page);
    assert.ok((await el(later.page, '.pc-asof').textContent()).includes('2025年3月1日'));
    assert.deepEqual(await el(later.page, '.pc-total').allTextContents(), totals);
  } finally {
    await later.close();
  }
});

// ---------------------------------------------------------------- kiosk

/** Decodes the QR canvas on the page. */
async function decodeQr(page) {
  const canvas = el(page, '.pc-qr canvas');
  await canvas.waitFor();
  const image = await canvas.evaluate((c) => ({ w: c.width, h: c.height, data: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data) }));
  return jsQR(Uint8ClampedArray.from(image.data), image.w, image.h)?.data;
}

test('kiosk take-home: the QR sits under the totals with a plain caption and opens the ordinary page, with the date, on a phone: the same result', async () => {
  const kiosk = await openPage(env, `kiosk.html?as-of=${AS_OF}&share-base=${encodeURIComponent(env.url('index.html'))}`, { viewport: { width: 1080, height: 1920 } });
  let link;
  let totals;
  try {
    const { page } = kiosk;
    const notice = await el(page, '.pc-kiosk-notice').textContent();
    assert.ok(notice.includes(t('zh-Hans', 'kioskNotice', { after: t('zh-Hans', 'minutes', { n: 2 }) })), notice);
    assert.ok(notice.includes(t('zh-Hans', 'kioskEnd')));
    await pickRegion(page, 'bayannur');
    await runInterview(page, { role: 'employer', region: 'bayannur', facts });
    await waitForResults(page);
    totals = await el(page, '.pc-total').allTextContents();
    link = await decodeQr(page);
    const order = await page.evaluate(() => {
      const root = document.querySelector('policy-calculator').shadowRoot;
      const share = root.querySelector('.pc-share');
      const first = root.querySelector('.pc-section');
      return { afterTotals: root.querySelector('.pc-totals').nextElementSibling === share, beforeSections: !!(share.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING), top: share.getBoundingClientRect().top };
    });
    assert.ok(order.afterTotals && order.beforeSections, JSON.stringify(order));
    assert.ok(order.top < 1920, `the QR is on the first screen of results: ${order.top}`);
    assert.equal(await el(page, '.pc-qr-caption').textContent(), t('zh-Hans', 'kioskQr'));
    await page.screenshot({ path: join(ROOT, 'test-results', 'screenshots', 'portal-kiosk-results-1080x1920.png') });
  } finally {
    await kiosk.close();
  }
  const url = new URL(link);
  assert.equal(url.pathname, '/index.html', `the ordinary page, not the kiosk: ${link}`);
  assert.equal(url.search, '', 'no ?kiosk');
  assert.equal(new URLSearchParams(url.hash.slice(1)).get('as-of'), AS_OF);
  const phone = await openPage(env, null, { viewport: PHONE });
  try {
    await gotoApp(phone.page, link);
    await waitForResults(phone.page);
    assert.deepEqual(await el(phone.page, '.pc-total').allTextContents(), totals);
    assert.equal(await el(phone.page, '.pc-kiosk').count(), 0, 'the phone is not a kiosk');
    await screenshots(phone.page, 'portal-kiosk-qr-opened');
  } finally {
    await phone.close();
  }
  // without share-base: the kiosk's own origin, but the ordinary page
  const plain = await openPage(env, `kiosk.html?as-of=${AS_OF}`);
  try {
    await pickRegion(plain.page, 'huaian');
    await runInterview(plain.page, { role: 'organisation', region: 'huaian', facts }).catch(() => {});
    await waitForResults(plain.page);
    const own = new URL(await decodeQr(plain.page));
    assert.equal(own.pathname, '/index.html');
  } finally {
    await plain.close();
  }
});

/** Reads the core's linear memory (the live instance's export) and looks for each needle's bytes. */
async function memoryHolds(page, needles) {
  return page.evaluate(async (needles) => {
    const glue = await import('/pkg/policycalc.js');
    const bytes = new Uint8Array((await glue.default()).memory.buffer);
    const has = (pattern) => {
      outer: for (let i = bytes.indexOf(pattern[0]); i >= 0 && i <= bytes.length - pattern.length; i = bytes.indexOf(pattern[0], i + 1)) {
        for (let j = 1; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
        return true;
      }
      return false;
    };
    return needles.filter((n) => has([...new TextEncoder().encode(n)]));
  }, needles);
}

test('kiosk wipe: nothing of the visitor stays in the wasm linear memory (end and clear)', async () => {
  const { page, close } = await openPage(env, `kiosk.html?as-of=${AS_OF}&idle=60`);
  try {
    // a visitor with marker answers: a decimal and integers nothing else on the page contains
    const markers = { employer_si_contribution_monthly: '86421.37', insured_employees: '7193', insured_months: '4627' };
    await answerWithMarkers(page, { region: 'qingdao-chengyang', markers, facts, max: 30 });
    await waitForResults(page);
    const given = await host(page, () => document.querySelector('policy-calculator').answers);
    const asked = Object.keys(markers).filter((k) => k in given);
    assert.ok(asked.includes('employer_si_contribution_monthly'), `markers asked: ${asked}`);
    const needles = asked.map((k) => markers[k]);
    assert.ok((await memoryHolds(page, needles)).length > 0, 'before the wipe the scan finds the visitor\'s answers in the memory');
    const wiped = host(page, () => new Promise((ok) => document.addEventListener('pc-wiped', ok, { once: true })));
    await el(page, 'button.pc-end').click();
    await wiped;
    await el(page, 'input[name="pc-region"]').first().waitFor();
    assert.deepEqual(await memoryHolds(page, needles), [], 'after the wipe: no trace in the linear memory');
    assert.equal(await page.evaluate(() => (document.scrollingElement || document.documentElement).scrollTop), 0, 'the next visitor starts at the top');
    // and the fresh core works: a new interview reaches the results
    await pickRegion(page, 'huaian');
    assert.equal(await currentFact(page), 'role');
  } finally {
    await close();
  }
});

test('kiosk soak (40 visitors): settling never nests, nodes, listeners and wasm memory stay flat', async () => {
  const { page, close } = await openPage(env, `kiosk.html?as-of=${AS_OF}&idle=60`);
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const sample = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
      const wasm = await page.evaluate(async () => (await (await import('/pkg/policycalc.js')).default()).memory.buffer.byteLength);
      const settling = await page.evaluate(async () => {
        const value = await document.querySelector('policy-calculator').settling;
        return value === undefined ? 0 : JSON.stringify(value).length;
      });
      return { nodes: metrics.Nodes, listeners: metrics.JSEventListeners, wasm, settling };
    };
    const samples = [];
    const regions = ['bayannur', 'huaian', 'dandong', 'qingdao-chengyang'];
    for (let i = 0; i < 40; i++) {
      const region = regions[i % regions.length];
      await el(page, `input[name="pc-region"][value="${region}"]`).check();
      await el(page, '.pc-start button[type="submit"]').click();
      await page.waitForFunction(() => !!document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question[data-fact="role"]'));
      await answer(page, 'role', region === 'huaian' ? 'organisation' : 'employer');
      // !! : a returned element would be kept alive by the harness's handle, and counted
      await page.waitForFunction(() => !!document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question:not([data-fact="role"]), .pc-totals'));
      const wiped = host(page, () => new Promise((ok) => document.addEventListener('pc-wiped', ok, { once: true })));
      await el(page, 'button.pc-end').click();
      await wiped;
      await page.waitForFunction(() => !!document.querySelector('policy-calculator').shadowRoot.querySelector('input[name="pc-region"]'));
      if (i === 4 || i === 39) samples.push(await sample());
    }
    const [early, late] = samples;
    assert.equal(late.settling, 0, 'settling resolves to nothing (it nested one level per visitor)');
    // a node or two of browser-side churn; a retained screen per visitor would be about 36 each
    assert.ok(Math.abs(late.nodes - early.nodes) <= 4, `DOM nodes ${early.nodes} -> ${late.nodes}`);
    assert.equal(late.listeners, early.listeners, `listeners ${early.listeners} -> ${late.listeners}`);
    assert.equal(late.wasm, early.wasm, `wasm memory ${early.wasm} -> ${late.wasm}`);
  } finally {
    await close();
  }
});

// ---------------------------------------------------------------- the integrator page

test('embed.html: the snippet builder writes the attributes, the preview follows them and logs its events; axe clean; strict CSP', async () => {
  const { page, log, close } = await openPage(env, null, { viewport: DESKTOP });
  try {
    await page.goto(env.url(`embed.html?as-of=${AS_OF}`));
    await page.waitForSelector('#preview policy-calculator[ready]');
    await page.selectOption('select[name="region"]', 'dandong');
    await page.selectOption('select[name="preset-role"]', 'employer');
    await page.check('input[name="hide-header"]');
    await page.fill('input[name="share-base"]', 'https://jobs.example.gov.cn/calculator/');
    const snippet = await page.textContent('#snippet');
    for (const part of ['<script type="module" src="/calculator/policy-calculator.js"></script>', 'region="dandong"', 'preset-role="employer"', 'share-base="https://jobs.example.gov.cn/calculator/"', ' hide-header']) {
      assert.ok(snippet.includes(part), `${part} in ${snippet}`);
    }
    await page.waitForSelector('#preview policy-calculator[region="dandong"][ready]');
    await page.waitForFunction(() => !!document.querySelector('#preview policy-calculator').shadowRoot.querySelector('form.pc-question'));
    assert.notEqual(await page.evaluate(() => document.querySelector('#preview policy-calculator').shadowRoot.querySelector('form.pc-question').dataset.fact), 'role', 'the preset role is answered');
    await page.waitForFunction(() => [...document.querySelectorAll('#events li')].some((li) => li.textContent.startsWith('pc-question')));
    await axe(page, 'embed.html');
    await screenshots(page, 'portal-embed');
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.csp, []);
  } finally {
    await close();
  }
});
