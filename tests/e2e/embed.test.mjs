// The custom element on a third-party page with the strict CSP: one script
// tag, themed with CSS custom properties, no console errors, no CSP
// violations, region and language fixed by attributes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  browserSuite, openPage, gotoApp, el, runInterview, factTable, cliEvaluate, cliNext, cspViolations, foreignRequests, ROOT, AS_OF,
} from './helpers.mjs';
import { CSP, PAGE_CSP } from '../../scripts/serve.mjs';

const facts = factTable();
const env = browserSuite();

test('the demo host page is served with the strict CSP and embeds with one script tag', async () => {
  const response = await fetch(env.url('demo.html'));
  assert.equal(response.headers.get('content-security-policy'), PAGE_CSP);
  assert.ok(PAGE_CSP.startsWith(`${CSP};`));
  assert.equal(CSP, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
  const html = readFileSync(join(ROOT, 'www', 'demo.html'), 'utf8');
  assert.equal((html.match(/<script\b/g) || []).length, 1, 'one script tag');
  assert.match(html, /<script type="module" src="policy-calculator.js"><\/script>/);
  assert.match(html, /<policy-calculator region="bayannur" lang="en"><\/policy-calculator>/);
  assert.doesNotMatch(html, /\sstyle=|<style/, 'no inline styles');
});

test('on the host page: a full interview, no console errors, no CSP violations, themed by the host', async () => {
  const { page, log, close } = await openPage(env, `demo.html?as-of=${AS_OF}`);
  try {
    assert.equal(await el(page, 'input[name="pc-region"]').count(), 0, 'the region is fixed by the page');
    assert.equal(await el(page, 'form.pc-question').getAttribute('data-fact'), 'role');
    assert.equal(await el(page, '.pc-title').textContent(), 'Employment policy calculator', 'lang="en" from the attribute');
    assert.equal(await el(page, '.pc-title').evaluate((n) => n.tagName), 'H2', 'the host page keeps its own h1');
    // theming: the host's --pc-accent reaches the primary button
    const background = await el(page, 'button.pc-primary').evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.equal(background, 'rgb(122, 31, 82)');
    const asked = await runInterview(page, { role: 'employer', region: 'bayannur', facts });
    assert.ok(asked.length > 1);
    await el(page, '.pc-totals').waitFor();
    const answers = await page.evaluate(() => {
      const hash = new URL(document.querySelector('policy-calculator').shareLink()).hash.slice(1);
      return Object.fromEntries([...new URLSearchParams(hash)].filter(([k]) => !['lang', 'region', 'view', 'as-of'].includes(k)).map(([k, v]) => [k, v === 'true' ? true : v === 'false' ? false : v]));
    });
    assert.deepEqual(await el(page, '.pc-total').allTextContents(), cliEvaluate('bayannur', answers, 'en').totals.map((x) => x.text));
    // the host page's own language and title are left alone
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.title(), 'Bayannur Employment Service (demo host page)');
    await el(page, 'button.pc-share-button').click();
    await el(page, '.pc-qr canvas').waitFor();
    await el(page, '#pc-lang').selectOption('zh-Hans');
    await page.waitForFunction(() => document.querySelector('policy-calculator').getAttribute('lang') === 'zh-Hans');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'still the host\'s language');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(log.csp, []);
    assert.deepEqual(log.console.filter((m) => m.startsWith('error')), []);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(foreignRequests(log, env.server.url), []);
    // no service worker is registered by an embedded calculator
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  } finally {
    await close();
  }
});

test('the host can change the language attribute; the answers stay', async () => {
  const { page, close } = await openPage(env, `demo.html?as-of=${AS_OF}`);
  try {
    await el(page, 'input[name="pc-answer"][value="employer"]').check();
    await el(page, 'button.pc-next').click();
    await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question')?.dataset.fact !== 'role');
    const fact = await el(page, 'form.pc-question').getAttribute('data-fact');
    await page.evaluate(() => document.querySelector('policy-calculator').setAttribute('lang', 'zh-Hant'));
    await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('.pc').getAttribute('lang') === 'zh-Hant');
    const expected = cliNext('bayannur', { role: 'employer' }, 'zh-Hant');
    assert.equal(expected.fact, fact);
    await page.waitForFunction((q) => document.querySelector('policy-calculator').shadowRoot.querySelector('.pc-screen-title').textContent === q, expected.question);
    assert.equal(await el(page, 'form.pc-question').getAttribute('data-fact'), fact);
  } finally {
    await close();
  }
});

test('a second element on the same page works independently', async () => {
  const { page, log, close } = await openPage(env, null);
  try {
    await gotoApp(page, env.url(`demo.html?as-of=${AS_OF}`));
    await page.evaluate(() => {
      const second = document.createElement('policy-calculator');
      second.setAttribute('region', 'huaian');
      second.setAttribute('lang', 'zh-Hant');
      second.id = 'second';
      document.querySelector('main').append(second);
    });
    await page.waitForSelector('#second[ready]');
    const title = await page.evaluate(() => document.querySelector('#second').shadowRoot.querySelector('.pc-title').textContent);
    assert.equal(title, '就業政策計算器');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(log.errors, []);
  } finally {
    await close();
  }
});

test('the embedded page shows its first question before the core is fetched; answering it reaches the second', async () => {
  const { page, context, log, close } = await openPage(env, null);
  try {
    // the core held back until the first question is on screen
    let release;
    const held = new Promise((ok) => { release = ok; });
    let wasmRequested = false;
    await context.route(/policycalc_bg\.wasm$/, async (route) => {
      wasmRequested = true;
      await held;
      await route.continue();
    });
    await page.goto(env.url(`demo.html?as-of=${AS_OF}`));
    const form = el(page, 'form.pc-question[data-fact="role"]');
    await form.waitFor({ timeout: 20000 });
    // nothing of the core or the catalog was requested before the first screen was drawn
    assert.deepEqual(await page.evaluate(() => {
      const at = performance.getEntriesByName('pc-first-screen')[0].startTime;
      return performance.getEntriesByType('resource').filter((e) => /policycalc_bg\.wasm|catalog\./.test(e.name) && e.startTime <= at).map((e) => e.name);
    }), []);

    // the same question the core asks: text, help, options in order, the count of questions left, focus not taken
    const q = cliNext('bayannur', {});
    assert.equal(q.fact, 'role');
    assert.equal(await el(page, '.pc-screen-title').textContent(), q.question);
    assert.equal(await el(page, '#pc-help').textContent(), q.help);
    const offered = new Set(JSON.parse(readFileSync(join(ROOT, 'www', 'pkg', 'regions.json'), 'utf8')).find((r) => r.id === 'bayannur').roles);
    assert.deepEqual(await el(page, 'input[name="pc-answer"]').evaluateAll((inputs) => inputs.map((i) => [i.value, i.closest('label').textContent])),
      q.values.filter((v) => offered.has(v.id)).map((v) => [v.id, v.label]));
    const report = cliEvaluate('bayannur', {});
    const left = new Set(['role', ...report.benefits.filter((b) => b.status === 'undetermined')
      .flatMap((b) => b.missing_facts.filter((f) => !(b.pending_conditions || []).some((c) => c.fact === f)))]);
    assert.equal(await el(page, '.pc-progress span').textContent(), `About ${left.size} questions left`);
    assert.equal(await el(page, 'button.pc-unsure').count(), 0, 'the role has no "not sure"');

    // answered while the core is still held: handed to it once it arrives
    await el(page, 'input[name="pc-answer"][value="employer"]').check();
    await el(page, 'button.pc-next').click();
    assert.equal(await el(page, 'form.pc-question').getAttribute('data-fact'), 'role', 'waits for the core');
    release();
    const second = cliNext('bayannur', { role: 'employer' });
    await el(page, `form.pc-question[data-fact="${second.fact}"]`).waitFor({ timeout: 20000 });
    assert.ok(wasmRequested);
    assert.equal(await el(page, '.pc-screen-title').textContent(), second.question);
    assert.match(await page.evaluate(() => document.querySelector('policy-calculator').shareLink()), /[#&]role=employer(&|$)/);
    assert.deepEqual(log.errors, []);
  } finally {
    await close();
  }
});
