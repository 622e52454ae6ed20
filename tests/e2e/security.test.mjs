// Browser security and privacy, one promise per test (SECURITY.md names
// each): every page under the served policy (strict CSP with Trusted Types)
// with no violation and no console error; nothing stored; no request off the
// page's origin, none with a Referer or an answer, none at all once the
// interview is loaded; markup in share links, query parameters, element
// attributes and CSV files never becomes markup; the kiosk wipe leaves no
// trace of the answers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  setup, openPage, gotoApp, waitSettled, pickRegion, answer, el, runInterview, factTable, cspViolations, stored, traces, injected, assertCacheHoldsStaticFilesOnly, STATIC_FILE, ROOT, AS_OF, answerWithMarkers, shareResultsIn,
} from './helpers.mjs';
import { CSP } from '../../scripts/serve.mjs';
import { t } from '../../www/i18n.js';

const facts = factTable();
let env;
let origin;
/** page -> what its whole flow did (see `record`). */
const runs = new Map();

const waitForResults = (page) => el(page, '.pc-totals').waitFor();
const waitForFact = (page, fact) => page.waitForFunction((f) => document.querySelector('policy-calculator')?.shadowRoot?.querySelector('form.pc-question')?.dataset.fact === f, fact);
const fixture = (name) => readFileSync(join(ROOT, 'tests', 'batch', name));

/** Prints, as far as a headless browser does: print media, and the element's own print handlers. */
async function print(page) {
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.emulateMedia({ media: 'screen' });
}

/** Answers the interview, opens the share QR, switches the language and prints. */
async function shareInOtherLanguageAndPrint(page, interview, lang) {
  await waitSettled(page);
  await runInterview(page, interview);
  await waitForResults(page);
  await el(page, 'button.pc-share-button').click();
  await el(page, '.pc-qr canvas').waitFor();
  await el(page, '#pc-lang').selectOption(lang);
  await page.waitForFunction((l) => document.querySelector('policy-calculator').getAttribute('lang') === l, lang);
  await print(page);
}

async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFileSync(await dl.path());
}

/** The whole flow of each page: everything a reader can do there. */
const FLOWS = {
  'index.html': async (page) => {
    await gotoApp(page, env.url(`index.html?as-of=${AS_OF}`));
    await waitSettled(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await pickRegion(page, 'qingdao-chengyang');
    await shareResultsIn(page, { role: 'startup', region: 'qingdao-chengyang', facts }, 'en');
    const link = await el(page, '#pc-share-link').inputValue();
    await print(page);
    await el(page, 'button.pc-restart').click();
    await gotoApp(page, link);
    await waitForResults(page);
  },
  'kiosk.html': async (page) => {
    await gotoApp(page, env.url(`kiosk.html?as-of=${AS_OF}&idle=5&countdown=1`));
    await waitSettled(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await pickRegion(page, 'dandong');
    await runInterview(page, { role: 'employer', region: 'dandong', facts });
    await waitForResults(page);
    await el(page, '.pc-qr canvas').waitFor();
    await el(page, 'input[name="pc-region"]').first().waitFor({ timeout: 10000 }); // wiped when idle
  },
  'demo.html': async (page) => {
    await gotoApp(page, env.url(`demo.html?as-of=${AS_OF}`));
    await shareInOtherLanguageAndPrint(page, { role: 'employer', region: 'bayannur', facts }, 'zh-Hant');
    await Promise.all([page.waitForURL(/index\.html$/), page.click('a[href="index.html"]')]);
    await page.waitForSelector('policy-calculator[ready]');
  },
  'batch.html': async (page) => {
    await page.goto(env.url(`batch.html?lang=en&region=bayannur&as-of=${AS_OF}`));
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    await page.setInputFiles('#bt-file', { name: 'formula.csv', mimeType: 'text/csv', buffer: fixture('formula_injection.csv') });
    await page.click('#bt-start');
    await page.waitForSelector('body[data-state="done"]', { timeout: 30000 });
    await download(page, '#bt-download');
    await download(page, '#bt-download-summary');
    await download(page, '#bt-template-csv');
    await download(page, '#bt-template-values');
    // The Excel template: the Excel module, fetched on use, under the same policy.
    await download(page, '#bt-template-xlsx');
    await page.selectOption('#bt-lang', 'zh-Hant');
  },
};

/**
 * Runs a flow in a fresh context with service workers allowed, routing every
 * request (another origin's is aborted and recorded), and keeps: the
 * requests with their Referer, CSP violations across navigations, console
 * messages, page errors, dialogs, what markup was injected, and what was
 * stored when the flow ended.
 */
async function record(flow) {
  const { context, page, log, close } = await openPage(env, null, { serviceWorkers: 'allow' });
  const run = { requests: [], violations: [], dialogs: [], log };
  try {
    await context.route('**/*', async (route) => {
      const request = route.request();
      const headers = await request.allHeaders();
      run.requests.push({ url: request.url(), referer: headers.referer ?? null, sw: !!request.serviceWorker() });
      return new URL(request.url()).origin === origin ? route.continue() : route.abort('blockedbyclient');
    });
    await context.exposeBinding('__pcViolation', (_, v) => run.violations.push(v));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => window.__pcViolation(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    page.on('dialog', (d) => {
      run.dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    await flow(page);
    await page.waitForTimeout(300);
    run.injected = await injected(page);
    run.stored = await stored(page);
  } finally {
    await close();
  }
  return run;
}

before(async () => {
  env = await setup();
  origin = new URL(env.server.url).origin;
  for (const [name, flow] of Object.entries(FLOWS)) runs.set(name, await record(flow));
});
after(async () => { await env?.close(); });

test('CSP and Trusted Types: every page (index, kiosk, the element on demo, batch) runs its whole flow with no violation, no console error or warning, no page error', () => {
  for (const [name, run] of runs) {
    assert.deepEqual(run.violations, [], `${name}: CSP violations`);
    assert.deepEqual(run.log.csp, [], `${name}: CSP console messages`);
    assert.deepEqual(run.log.console, [], `${name}: console errors and warnings`);
    assert.deepEqual(run.log.errors, [], `${name}: page errors`);
    assert.deepEqual(run.dialogs, [], `${name}: dialogs`);
    assert.deepEqual(run.injected, [], `${name}: elements the app never makes`);
  }
});

test('no request leaves the page\'s origin in any flow; none carries a Referer or an answer, and each is for one of the app\'s files', () => {
  for (const [name, run] of runs) {
    assert.ok(run.requests.length > 5, `${name}: requests were routed`);
    const foreign = run.requests.filter((r) => new URL(r.url).origin !== origin);
    assert.deepEqual(foreign.map((r) => r.url), [], `${name}: requests to another origin`);
    assert.deepEqual(run.requests.filter((r) => r.referer).map((r) => `${r.url} <- ${r.referer}`), [], `${name}: Referer sent`);
    for (const r of run.requests) {
      const url = new URL(r.url);
      assert.equal(url.hash, '', `${name}: ${r.url}`);
      // only the page addresses the flows opened carry a query; an answer never does
      for (const key of url.searchParams.keys()) assert.ok(['as-of', 'lang', 'region', 'idle', 'countdown'].includes(key), `${name}: ${r.url}`);
      assert.match(url.pathname, STATIC_FILE, `${name}: ${r.url} is one of the app's files`);
    }
  }
});

test('nothing is stored: no cookie, no localStorage, sessionStorage or IndexedDB, and Cache Storage holds the app\'s static files only', () => {
  for (const [name, run] of runs) {
    const { cached, ...rest } = run.stored;
    assert.deepEqual(rest, { cookies: [], local: 0, session: 0, cookie: '', idb: [] }, name);
    assertCacheHoldsStaticFilesOnly(cached, origin, name);
  }
  // the standalone pages do cache (offline use); the embedded element leaves the host's origin alone
  assert.ok(runs.get('index.html').stored.cached.length >= 10);
  assert.ok(runs.get('kiosk.html').stored.cached.length >= 10);
});

// The policy studio (www/studio.html) keeps an officer's draft in localStorage
// ('policycalc-studio:draft', tests/e2e/studio.test.mjs): that page only. The
// citizen pages above never fetch the studio's page, words, editor, module or packs,
// so they cannot write it (and store nothing: the test above).
test('the citizen pages never load the policy studio, whose draft is the only thing it stores', () => {
  for (const [name, run] of runs) {
    const studio = run.requests.map((r) => new URL(r.url).pathname).filter((p) => /\/studio[.-]|\/i18n-studio\.js|policycalc_studio|\/pkg\/packs\//.test(p));
    assert.deepEqual(studio, [], `${name} loaded the studio`);
  }
});

test('the served policy is live: inline script and style, HTML string sinks, eval, other origins and framing are all refused', async () => {
  const { page, log, close } = await openPage(env, `index.html?as-of=${AS_OF}`);
  try {
    const outcome = await page.evaluate(async () => {
      const tried = {};
      const attempt = async (name, fn) => {
        try {
          await fn();
          tried[name] = 'allowed';
        } catch (e) {
          tried[name] = e.name;
        }
      };
      await attempt('innerHTML', () => { document.createElement('div').innerHTML = '<b>x</b>'; });
      await attempt('script text', () => { document.createElement('script').textContent = 'window.__pwned = 1'; });
      // from a task of the page's own (eval inside the test driver's call is exempt)
      await attempt('eval', () => new Promise((ok, fail) => setTimeout(() => {
        try {
          ok(eval('1')); // eslint-disable-line no-eval
        } catch (e) {
          fail(e);
        }
      })));
      await attempt('fetch other origin', () => fetch('http://example.invalid/x'));
      const style = document.createElement('style');
      style.textContent = 'body { visibility: hidden }';
      document.head.append(style);
      document.body.setAttribute('style', 'visibility: hidden');
      const image = new Image();
      image.src = 'http://example.invalid/x.png';
      await new Promise((ok) => { image.onerror = ok; image.onload = ok; });
      tried.visibility = getComputedStyle(document.body).visibility;
      return tried;
    });
    assert.deepEqual(outcome, {
      innerHTML: 'TypeError', 'script text': 'TypeError', eval: 'EvalError', 'fetch other origin': 'TypeError', visibility: 'visible',
    });
    // no page can frame the app, not even its own (frame-ancestors 'none', X-Frame-Options: DENY)
    const framed = await page.evaluate(async (src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
      await new Promise((ok) => { frame.onload = ok; setTimeout(ok, 3000); });
      try {
        return frame.contentDocument?.querySelector('policy-calculator') ? 'framed' : 'refused';
      } catch {
        return 'refused';
      }
    }, env.url('kiosk.html'));
    assert.equal(framed, 'refused');
    // each refusal was reported, so the listener the other tests rely on does hear violations
    // (eval is refused by Trusted Types before script-src is consulted)
    const reported = (await cspViolations(page)).map((v) => v.split(' ')[0]);
    assert.deepEqual(reported.sort(), ['connect-src', 'img-src', 'require-trusted-types-for', 'require-trusted-types-for', 'require-trusted-types-for', 'style-src-attr', 'style-src-elem']);
    assert.ok(log.console.some((m) => m.includes('frame-ancestors \'none\'')), 'framing refused by frame-ancestors');
  } finally {
    await close();
  }
});

test('the element needs nothing beyond the strict CSP: on a host page with exactly that policy and Trusted Types allowing no policy, a whole interview has no violation', async () => {
  const { context, page, log, close } = await openPage(env, null);
  const host = env.url('strict-host.html');
  const policy = `${CSP}; require-trusted-types-for 'script'; trusted-types 'none'`;
  try {
    await context.route(host, (route) => route.fulfill({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy },
      body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="favicon.png">'
        + '<link rel="stylesheet" href="demo.css"><script type="module" src="policy-calculator.js"></script></head>'
        + '<body><main><h1>Host</h1><policy-calculator region="huaian" lang="en" as-of="2025-03-01"></policy-calculator></main></body></html>',
    }));
    await gotoApp(page, host);
    await shareInOtherLanguageAndPrint(page, { role: 'startup', region: 'huaian', facts }, 'zh-Hans');
    await el(page, 'button.pc-restart').click();
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(log.console.filter((m) => m.startsWith('error')), []);
    assert.deepEqual(log.errors, []);
    // and that policy was in force
    const sink = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = 'x';
        return 'allowed';
      } catch (e) {
        return e.name;
      }
    });
    assert.equal(sink, 'TypeError');
  } finally {
    await close();
  }
});

test('the interview needs no network once its region is loaded: offline from the first question through results, share, print, language switch and start over', async () => {
  const { context, page, log, close } = await openPage(env, `index.html?as-of=${AS_OF}`);
  try {
    await waitSettled(page);
    // choosing the region fetches its catalogs (every language); nothing after that
    await pickRegion(page, 'liaoning');
    await waitSettled(page);
    const loaded = log.requests.length;
    await context.setOffline(true);
    await shareResultsIn(page, { role: 'graduate', region: 'liaoning', facts }, 'en');
    await print(page);
    await el(page, 'button.pc-restart').click();
    await el(page, 'input[name="pc-region"]').first().waitFor();
    assert.deepEqual(log.requests.slice(loaded).map((r) => r.url), [], 'no request after load');
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.console.filter((m) => m.startsWith('error')), []);
  } finally {
    await context.setOffline(false);
    await close();
  }
});

// ---------------------------------------------------------------- injection

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '"><script>window.__pwned=2</script>',
  'javascript:window.__pwned=3',
  '<svg/onload=window.__pwned=4>',
  '\'><iframe src="javascript:parent.__pwned=5"></iframe>',
  '</style><style>*{display:none}</style><b>',
];

/** Dialogs, created elements, ran payloads, page errors and CSP violations: all must stay empty. */
async function assertClean(opened, dialogs, what) {
  assert.deepEqual(dialogs, [], `${what}: dialog`);
  assert.deepEqual(await injected(opened.page), [], `${what}: injected`);
  assert.deepEqual(opened.log.errors, [], `${what}: page errors`);
  assert.deepEqual(await cspViolations(opened.page), [], `${what}: CSP violations`);
  assert.deepEqual(opened.log.requests.filter((r) => /\/x$|example|javascript/.test(r.url)).map((r) => r.url), [], `${what}: payload requests`);
}

function watchDialogs(page) {
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  return dialogs;
}

test('share links with markup in keys, values, lang, region and view (raw and percent-encoded) create no element, run nothing and leave the page usable', async () => {
  for (const p of PAYLOADS) {
    const opened = await openPage(env, null);
    const { page } = opened;
    const dialogs = watchDialogs(page);
    try {
      // everywhere at once, raw: the region is unknown, so the start screen
      const raw = `lang=${p}&region=${p}&as-of=${p}&view=${p}&${p}=${p}&role=${p}`;
      await gotoApp(page, `${env.url(`index.html?as-of=${AS_OF}`)}#${raw}`);
      await el(page, 'input[name="pc-region"]').first().waitFor();
      await assertClean(opened, dialogs, `raw ${p}`);
      // a known region with markup as answers and as a fact name, percent-encoded, pasted into the tab
      const encoded = new URLSearchParams([['lang', 'en'], ['region', 'bayannur'], ['as-of', p], ['view', 'results'], ['role', 'employer'], ['interns', p], [p, '1'], ['trains_apprentices', p]]).toString();
      await page.evaluate((hash) => { location.hash = hash; }, encoded);
      await waitForResults(page);
      await page.waitForFunction((text) => document.querySelector('policy-calculator').shadowRoot.querySelector('[role="status"]').textContent.includes(text), t('en', 'restoredFailed'));
      const kept = await page.evaluate(() => new URLSearchParams(new URL(document.querySelector('policy-calculator').shareLink()).hash.slice(1)).toString());
      // a date with markup is no date: the page's own as-of stays
      assert.equal(kept, `lang=en&region=bayannur&as-of=${AS_OF}&view=results&role=employer`, 'the good answer kept, the rest dropped');
      await assertClean(opened, dialogs, `encoded ${p}`);
      // still usable: continue the interview from the results
      await el(page, 'button.pc-continue').click();
      await waitForFact(page, 'interns');
      await answer(page, 'interns', '3');
      await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question')?.dataset.fact !== 'interns');
      // the same raw, through a navigation in the tab
      await page.evaluate((hash) => { location.hash = hash; }, `lang=${p}&region=dandong&view=${p}&role=${p}&${p}=${p}`);
      await page.waitForTimeout(200);
      await assertClean(opened, dialogs, `raw hashchange ${p}`);
    } finally {
      await opened.close();
    }
  }
  // the kiosk and the embedded element ignore or contain the same
  for (const path of ['kiosk.html', 'demo.html']) {
    const opened = await openPage(env, null);
    const dialogs = watchDialogs(opened.page);
    try {
      await gotoApp(opened.page, `${env.url(`${path}?as-of=${AS_OF}`)}#lang=${PAYLOADS[0]}&region=${PAYLOADS[1]}&role=${PAYLOADS[3]}&${PAYLOADS[0]}=1`);
      await opened.page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question, form.pc-start'));
      await assertClean(opened, dialogs, path);
    } finally {
      await opened.close();
    }
  }
});

test('query parameters and element attributes with markup create no element: a plain message, or the default, and the page stays usable', async () => {
  const p = encodeURIComponent(PAYLOADS[0]);
  // a bad as-of: the fixed error message
  let opened = await openPage(env, null);
  let dialogs = watchDialogs(opened.page);
  try {
    await gotoApp(opened.page, env.url(`index.html?as-of=${p}&kiosk=${p}&idle=${p}&countdown=${p}`));
    assert.equal(await el(opened.page, '.pc-fatal').textContent(), t('zh-Hans', 'err_bad_date'));
    await assertClean(opened, dialogs, 'as-of');
  } finally {
    await opened.close();
  }
  // kiosk timeouts with markup: the defaults
  opened = await openPage(env, null);
  dialogs = watchDialogs(opened.page);
  try {
    await gotoApp(opened.page, env.url(`kiosk.html?as-of=${AS_OF}&idle=${p}&countdown=${p}`));
    await pickRegion(opened.page, 'huaian');
    await waitForFact(opened.page, 'role');
    await assertClean(opened, dialogs, 'kiosk timeouts');
  } finally {
    await opened.close();
  }
  // element attributes: a new element with markup everywhere, and the region of a running one changed to markup
  opened = await openPage(env, `demo.html?as-of=${AS_OF}`);
  dialogs = watchDialogs(opened.page);
  const { page } = opened;
  try {
    await page.evaluate((bad) => {
      const second = document.createElement('policy-calculator');
      for (const name of ['region', 'lang', 'heading-level', 'idle', 'countdown']) second.setAttribute(name, bad);
      second.setAttribute('as-of', '2025-03-01');
      second.id = 'second';
      document.querySelector('main').append(second);
    }, PAYLOADS[0]);
    await page.waitForSelector('#second[ready]');
    const second = await page.evaluate(() => {
      const root = document.querySelector('#second').shadowRoot;
      return { message: root.querySelector('.pc-fatal')?.textContent, title: root.querySelector('.pc-title').tagName };
    });
    assert.deepEqual(second, { message: t('zh-Hans', 'err_unknown_region'), title: 'H2' });
    // regression: an unknown region set on a running element threw from attributeChangedCallback and left the old screen
    await page.evaluate((bad) => document.querySelector('policy-calculator').setAttribute('region', bad), PAYLOADS[1]);
    await el(page, '.pc-fatal').first().waitFor();
    assert.equal(await el(page, '.pc-fatal').first().textContent(), t('en', 'err_unknown_region'));
    await assertClean(opened, dialogs, 'attributes');
    // a known region brings it back
    await page.evaluate(() => document.querySelector('policy-calculator').setAttribute('region', 'dandong'));
    await waitForFact(page, 'role');
    await answer(page, 'role', 'employer');
    await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question')?.dataset.fact !== 'role');
    await assertClean(opened, dialogs, 'attributes, after');
  } finally {
    await opened.close();
  }
});

test('CSV cells, header names, the region column and the file name with markup are shown as text and create no element; batch URL parameters with markup are ignored', async () => {
  const p = (i) => PAYLOADS[i].replace(/"/g, '""');
  const csv = [
    `region,role,insured_employees,insured_months,"${p(0)}","${p(3)}"`,
    `bayannur,startup,3,12,"${p(1)}","${p(2)}"`,
    `"${p(0)}",startup,3,12,a,b`,
    `bayannur,"${p(4)}",3,12,a,b`,
    `bayannur,startup,"${p(5)}",12,a,b`,
  ].join('\r\n');
  const q = encodeURIComponent(PAYLOADS[0]);
  const opened = await openPage(env, null);
  const { page } = opened;
  const dialogs = watchDialogs(page);
  try {
    await page.goto(env.url(`batch.html?lang=${q}&region=${q}&as-of=${q}`));
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans', 'an unknown lang: the default');
    assert.equal(await page.inputValue('#bt-region'), '', 'an unknown region: from the file');
    await page.selectOption('#bt-lang', 'en');
    await page.fill('#bt-as-of', AS_OF);
    await page.setInputFiles('#bt-file', { name: `${PAYLOADS[1]}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.click('#bt-start');
    await page.waitForSelector('body[data-state="done"]', { timeout: 30000 });
    assert.match(await page.textContent('#bt-counts'), /^4 rows: 1 computed, 3 rejected/);
    const header = await page.$$eval('#bt-preview th', (th) => th.map((c) => c.textContent));
    assert.ok(header.includes(PAYLOADS[0]) && header.includes(PAYLOADS[3]), `header shown as text: ${header.slice(0, 8)}`);
    const cells = await page.$$eval('#bt-preview td', (td) => td.map((c) => c.textContent));
    for (const i of [1, 2]) assert.ok(cells.includes(PAYLOADS[i]), `cell ${PAYLOADS[i]} shown as text`);
    const errors = await page.$$eval('#bt-errors li', (li) => li.map((l) => l.textContent));
    // (long values are cut to 40 characters in the message)
    for (const i of [0, 4, 5]) assert.ok(errors.some((e) => e.includes(`value “${PAYLOADS[i].slice(0, 40)}`)), `rejected value ${PAYLOADS[i]} quoted as text in ${errors.join(' | ')}`);
    await assertClean(opened, dialogs, 'batch');
  } finally {
    await opened.close();
  }
});

// ---------------------------------------------------------------- kiosk wipe

test('kiosk wipe: after the idle timeout no trace of the answers remains in the DOM, shadow roots, attributes, input values, URL, history, storage or cache', async () => {
  const opened = await openPage(env, `kiosk.html?as-of=${AS_OF}&idle=5&countdown=1`, { serviceWorkers: 'allow' });
  const { page, log } = opened;
  try {
    await waitSettled(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const historyLength = await page.evaluate(() => {
      window.__wiped = new Promise((ok) => document.addEventListener('pc-wiped', ok, { once: true }));
      return history.length;
    });
    // an interview with marker values nothing else on the page contains
    const markers = { interns: '4817', interns_retained: '2939' };
    await answerWithMarkers(page, { region: 'bayannur', markers, facts, max: 20 });
    await waitForResults(page);
    await el(page, '.pc-qr canvas').waitFor();
    // The amounts on the cards (the Bayannur plan is announced: no totals).
    const shown = await el(page, '.pc-amount').allTextContents();
    const amounts = shown.flatMap((x) => x.match(/\d[\d,]*\.\d\d/g) ?? []);
    assert.ok(amounts.length > 0, shown.join('; '));
    const needles = ['4817', '4,817', '2939', '2,939', 'interns_retained', 'employer', ...amounts];
    const before = await traces(page, needles);
    assert.ok(before.some((w) => w.includes('4,817')) && before.some((w) => w.includes('2,939')), `the markers were on screen: ${before.join('; ')}`);

    // the countdown, then the wipe
    await page.evaluate(() => window.__wiped);
    await el(page, 'input[name="pc-region"]').first().waitFor();
    await page.waitForTimeout(200);

    assert.deepEqual(await traces(page, needles), [], 'no trace in the DOM, title, URL, history state or performance entries');
    assert.equal(await el(page, 'canvas').count(), 0, 'the QR code is gone');
    assert.equal(await el(page, 'input:checked').count(), 0);
    const state = await page.evaluate(() => {
      const host = document.querySelector('policy-calculator');
      return {
        hash: location.hash,
        search: location.search,
        state: history.state,
        length: history.length,
        answers: host.answers,
        order: host.testState().order,
        draft: host.testState().draft,
        link: new URL(host.shareLink()).hash,
      };
    });
    assert.deepEqual(state, {
      hash: '', search: `?as-of=${AS_OF}&idle=5&countdown=1`, state: { kiosk: true }, length: historyLength, answers: {}, order: [], draft: null, link: '',
    });
    const { cached, ...kept } = await stored(page);
    assert.ok(cached.length >= 10, 'the kiosk is cached for offline use');
    assert.deepEqual(kept, { cookies: [], local: 0, session: 0, cookie: '', idb: [] });
    assertCacheHoldsStaticFilesOnly(cached, new URL(env.server.url).origin, 'kiosk');
    assert.deepEqual(log.errors, []);
  } finally {
    await opened.close();
  }
});
