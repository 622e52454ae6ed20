// The interview's features, one by one: language switch, back and edit, bad
// input, the share link (and its QR code), print view, keyboard-only use,
// requests (same origin only; after load, only the chosen region's
// catalogs), offline via the service
// worker, and the live region.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  browserSuite, openPage, gotoApp, waitSettled, cliEvaluate, cliNext, pickRegion, answer, currentFact, el, runInterview, factTable, foreignRequests, cspViolations, screenshot, stored, assertCacheHoldsStaticFilesOnly, AS_OF, jsQR, shareResultsIn,
} from './helpers.mjs';
import { t, formatDate } from '../../www/i18n.js';
import '../../www/i18n-results.js';
import '../../www/i18n-kiosk.js';

const facts = factTable();
const env = browserSuite();

/** The answers the page holds, read back from its share link's fragment (typed like the page sends them). */
async function fragmentAnswers(page) {
  const link = await page.evaluate(() => document.querySelector('policy-calculator').shareLink());
  const hash = new URL(link).hash.slice(1);
  const params = new URLSearchParams(hash);
  const answers = {};
  for (const [k, v] of params) {
    if (['lang', 'region', 'view', 'as-of'].includes(k)) continue;
    answers[k] = v === 'true' ? true : v === 'false' ? false : v;
  }
  return { answers, lang: params.get('lang'), region: params.get('region'), view: params.get('view') };
}

const headingText = (page) => el(page, '.pc-screen-title').textContent();
const waitForFact = (page, fact) => page.waitForFunction((f) => document.querySelector('policy-calculator')?.shadowRoot?.querySelector('form.pc-question')?.dataset.fact === f, fact);
const waitForResults = (page) => el(page, '.pc-totals').waitFor();

test('switching language keeps the answers, the draft input and the figures', async () => {
  const { page, log, close } = await openPage(env, `index.html?as-of=${AS_OF}#lang=en`);
  try {
    await pickRegion(page, 'bayannur');
    await answer(page, 'role', 'employer');
    await waitForFact(page, 'interns');
    await answer(page, 'interns', '3');
    const next = cliNext('bayannur', { role: 'employer', interns: '3' }, 'zh-Hant');
    await waitForFact(page, next.fact);
    await el(page, '#pc-input').fill('1'); // typed, not yet submitted
    await el(page, '#pc-lang').selectOption('zh-Hant');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hant');
    await page.waitForFunction((q) => document.querySelector('policy-calculator').shadowRoot.querySelector('.pc-screen-title')?.textContent === q, next.question);
    assert.equal(await el(page, '#pc-input').inputValue(), '1', 'the draft survives the switch');
    assert.equal(await el(page, '.pc-title').textContent(), t('zh-Hant', 'title'));
    const state = await fragmentAnswers(page);
    assert.equal(state.lang, 'zh-Hant');
    assert.deepEqual(state.answers, { role: 'employer', interns: '3' });
    // finish in zh-Hant
    await el(page, 'button.pc-next').click();
    await runInterview(page, { role: 'employer', region: 'bayannur', facts });
    await waitForResults(page);
    const { answers } = await fragmentAnswers(page);
    const hant = cliEvaluate('bayannur', answers, 'zh-Hant');
    assert.deepEqual(await el(page, '.pc-total').allTextContents(), hant.totals.map((x) => x.text));
    // and to English on the results screen
    await el(page, '#pc-lang').selectOption('en');
    await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('.pc-asof')?.textContent.startsWith('As of'));
    const en = cliEvaluate('bayannur', answers, 'en');
    assert.deepEqual(await el(page, '.pc-total').allTextContents(), en.totals.map((x) => x.text));
    assert.equal(await el(page, '.pc-asof').textContent(), t('en', 'asOf', { date: formatDate('en', AS_OF) }));
    for (const b of en.benefits) {
      assert.equal(await el(page, `.pc-card[data-id="${b.id}"] h4`).textContent(), b.title);
    }
    assert.deepEqual((await fragmentAnswers(page)).answers, answers, 'the answers did not change');
    assert.deepEqual(log.errors, []);
  } finally {
    await close();
  }
});

test('back shows the previous answer; editing it moves on and the results follow', async () => {
  const { page, close } = await openPage(env, `index.html?as-of=${AS_OF}#lang=en`);
  try {
    await pickRegion(page, 'bayannur');
    await answer(page, 'role', 'employer');
    await waitForFact(page, 'interns');
    assert.equal(await el(page, 'button.pc-back').count(), 1);
    await answer(page, 'interns', '3');
    const second = await currentFact(page);
    assert.notEqual(second, 'interns');
    await el(page, 'button.pc-back').click();
    await waitForFact(page, 'interns');
    assert.equal(await el(page, '#pc-input').inputValue(), '3', 'the previous answer is filled in');
    await el(page, 'button.pc-back').click();
    await waitForFact(page, 'role');
    assert.equal(await el(page, 'input[name="pc-answer"][value="employer"]').isChecked(), true);
    await el(page, 'button.pc-next').click();
    await waitForFact(page, 'interns');
    await el(page, '#pc-input').fill('5');
    await el(page, 'button.pc-next').click();
    await waitForFact(page, second);
    assert.equal((await fragmentAnswers(page)).answers.interns, '5');
    await runInterview(page, { role: 'employer', region: 'bayannur', facts });
    await waitForResults(page);
    let { answers } = await fragmentAnswers(page);
    assert.equal(answers.interns, '5');
    assert.deepEqual(await el(page, '.pc-total').allTextContents(), cliEvaluate('bayannur', answers, 'en').totals.map((x) => x.text));

    // edit from the results: two interns (two were kept on, so fewer would
    // contradict that answer and be refused); the figures follow
    await el(page, '.pc-answers li[data-fact="interns"] button.pc-edit').click();
    await waitForFact(page, 'interns');
    await el(page, '#pc-input').fill('2');
    await el(page, 'button.pc-next').click();
    await page.waitForFunction(() => {
      const root = document.querySelector('policy-calculator').shadowRoot;
      return root.querySelector('.pc-totals') || root.querySelector('form.pc-question')?.dataset.fact !== 'interns';
    });
    await runInterview(page, { role: 'employer', region: 'bayannur', facts });
    await waitForResults(page);
    ({ answers } = await fragmentAnswers(page));
    assert.equal(answers.interns, '2');
    const report = cliEvaluate('bayannur', answers, 'en');
    assert.deepEqual(await el(page, '.pc-total').allTextContents(), report.totals.map((x) => x.text));
    assert.equal(await el(page, '.pc-card[data-id="bayannur.internship-subsidy"] .pc-amount').textContent(),
      report.benefits.find((b) => b.id === 'bayannur.internship-subsidy').amount.text);
    assert.equal(await el(page, '.pc-answers li[data-fact="interns"] .pc-answer-value').textContent(), '2 interns');

    // one kept on: the unit after exactly one is the singular
    await el(page, '.pc-answers li[data-fact="interns_retained"] button.pc-edit').click();
    await waitForFact(page, 'interns_retained');
    await el(page, '#pc-input').fill('1');
    await el(page, 'button.pc-next').click();
    await page.waitForFunction(() => {
      const root = document.querySelector('policy-calculator').shadowRoot;
      return root.querySelector('.pc-totals') || root.querySelector('form.pc-question')?.dataset.fact !== 'interns_retained';
    });
    await runInterview(page, { role: 'employer', region: 'bayannur', facts });
    await waitForResults(page);
    assert.equal((await fragmentAnswers(page)).answers.interns_retained, '1');
    assert.equal(await el(page, '.pc-answers li[data-fact="interns_retained"] .pc-answer-value').textContent(), '1 intern');

    // changing the role drops the employer's answers
    await el(page, '.pc-answers li[data-fact="role"] button.pc-edit').click();
    await waitForFact(page, 'role');
    await el(page, 'input[name="pc-answer"][value="worker"]').check();
    await el(page, 'button.pc-next').click();
    await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question')?.dataset.fact !== 'role');
    const after = (await fragmentAnswers(page)).answers;
    assert.deepEqual(Object.keys(after), ['role']);
    assert.equal(after.role, 'worker');
  } finally {
    await close();
  }
});

// Issue 10: 5 interns kept on of 4 hosted is refused at the question being
// answered, naming the other answer; lowering the whole later is refused at its question.
test('an answer that contradicts an earlier one is refused at its question, naming both', async () => {
  const { page, close } = await openPage(env, `index.html?as-of=${AS_OF}`);
  try {
    const lang = 'zh-Hans';
    await pickRegion(page, 'bayannur');
    await answer(page, 'role', 'employer');
    await waitForFact(page, 'interns');
    await answer(page, 'interns', '4');
    let fact = await currentFact(page);
    for (let i = 0; i < 12 && fact !== 'interns_retained'; i++) {
      await answer(page, fact, facts.get(fact).type === 'bool' ? 'true' : facts.get(fact).values?.[0]?.id ?? '0');
      await page.waitForFunction((f) => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question')?.dataset.fact !== f, fact);
      fact = await currentFact(page);
    }
    assert.equal(fact, 'interns_retained');
    const input = el(page, '#pc-input');
    await input.fill('5');
    await el(page, 'button.pc-next').click();
    const message = '见习期满留用人数不能多于接收的见习人数';
    assert.equal(await el(page, '#pc-error').textContent(), t(lang, 'err_contradicts', { other: '就业见习人数', value: '4', message }));
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.equal(await currentFact(page), 'interns_retained', 'still on the question');
    assert.equal((await fragmentAnswers(page)).answers.interns_retained, undefined, 'nothing stored');
    await input.fill('4');
    await el(page, 'button.pc-next').click();
    await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question')?.dataset.fact !== 'interns_retained');
    assert.equal((await fragmentAnswers(page)).answers.interns_retained, '4');
    // going back to lower the interns hosted below those kept on
    await el(page, '.pc-see-results').click();
    await el(page, '.pc-answers li[data-fact="interns"] button.pc-edit').click();
    await waitForFact(page, 'interns');
    await el(page, '#pc-input').fill('3');
    await el(page, 'button.pc-next').click();
    assert.equal(await el(page, '#pc-error').textContent(), t(lang, 'err_contradicts', { other: '见习期满留用人数', value: '4', message }));
    assert.equal(await currentFact(page), 'interns');
    assert.equal((await fragmentAnswers(page)).answers.interns, '4', 'the earlier answer stands');
  } finally {
    await close();
  }
});

// Issue 10: a per-month amount's months are asked beside the figure, and
// the total over the period is shown there, as the CLI computes it, outside the totals.
test('the total over the period is asked and shown beside a monthly figure, never in the totals', async () => {
  const { page, close } = await openPage(env, `index.html?as-of=${AS_OF}`);
  try {
    const lang = 'zh-Hans';
    await pickRegion(page, 'bayannur');
    await runInterview(page, { role: 'employer', region: 'bayannur', facts });
    await waitForResults(page);
    const id = 'bayannur.internship-subsidy-retention';
    const totalsBefore = await el(page, '.pc-totals').textContent();
    const form = el(page, `li[data-id="${id}"] form.pc-months`);
    await form.locator('input').fill('6');
    await form.locator('button').click();
    await el(page, `li[data-id="${id}"] .pc-over-period`).waitFor();
    const { answers } = await fragmentAnswers(page);
    assert.equal(answers.internship_months, '6', 'kept like any answer (and in the share link)');
    const expected = cliEvaluate('bayannur', answers, lang).benefits.find((b) => b.id === id).over_period;
    assert.ok(expected && expected.text.startsWith('6个月合计：'), JSON.stringify(expected));
    assert.equal(await el(page, `li[data-id="${id}"] .pc-over-period`).textContent(), expected.text);
    assert.equal(await el(page, '.pc-totals').textContent(), totalsBefore, 'the period total is not added to the monthly totals');
    // a months answer that is not a count is refused beside the figure
    const again = el(page, `li[data-id="${id}"] form.pc-months`);
    await again.locator('input').fill('-1');
    await again.locator('button').click();
    assert.equal(await again.locator('.pc-error').textContent(), t(lang, 'err_min', { min: '0' }));
  } finally {
    await close();
  }
});

test('bad input gets a clear message next to the field, in the reader\'s language', async () => {
  const { page, close } = await openPage(env, `index.html?as-of=${AS_OF}`);
  try {
    const lang = 'zh-Hans';
    await pickRegion(page, 'bayannur');
    // no choice made
    await el(page, 'button.pc-next').click();
    assert.equal(await el(page, '#pc-error').textContent(), t(lang, 'err_choose'));
    await answer(page, 'role', 'employer');
    await waitForFact(page, 'interns');
    const input = el(page, '#pc-input');
    const cases = [
      ['', t(lang, 'err_required')],
      ['three', t(lang, 'err_number')],
      ['-1', t(lang, 'err_min', { min: '0' })],
      ['2.5', t(lang, 'err_whole')],
      ['1e3', t(lang, 'err_number')],
      ['100001', t(lang, 'err_max', { max: '100,000' })],
    ];
    for (const [value, message] of cases) {
      await input.fill(value);
      await el(page, 'button.pc-next').click();
      assert.equal(await el(page, '#pc-error').textContent(), message, `message for ${JSON.stringify(value)}`);
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.equal(await currentFact(page), 'interns', 'still on the question');
      const focused = await page.evaluate(() => document.querySelector('policy-calculator').shadowRoot.activeElement?.id);
      assert.equal(focused, 'pc-input', 'focus goes back to the field');
      const described = (await input.getAttribute('aria-describedby')).split(' ');
      assert.ok(described.includes('pc-error'), 'the message is tied to the field');
    }
    await screenshot(page, 'question-error', 'desktop');
    // typing clears the message; full-width digits and separators are fine
    await input.fill('１,２');
    assert.equal(await el(page, '#pc-error').textContent(), '');
    assert.equal(await input.getAttribute('aria-invalid'), null);
    await el(page, 'button.pc-next').click();
    await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question')?.dataset.fact !== 'interns');
    assert.equal((await fragmentAnswers(page)).answers.interns, '12');

    // English messages too, and the date field
    await el(page, '#pc-lang').selectOption('en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await el(page, '.pc-see-results').click();
    await el(page, '.pc-answers li[data-fact="role"] button.pc-edit').click();
    await el(page, 'input[name="pc-answer"][value="graduate"]').check();
    await el(page, 'button.pc-next').click();
    let fact = await currentFact(page);
    for (let i = 0; i < 10 && fact !== 'graduation_date'; i++) {
      await answer(page, fact, facts.get(fact).type === 'bool' ? 'true' : facts.get(fact).values?.[0]?.id ?? '1');
      await page.waitForFunction((f) => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question')?.dataset.fact !== f, fact);
      fact = await currentFact(page);
    }
    assert.equal(fact, 'graduation_date');
    await el(page, 'button.pc-next').click();
    assert.equal(await el(page, '#pc-error').textContent(), t('en', 'err_date'));
  } finally {
    await close();
  }
});

test('the share link carries the answers in the fragment and restores the result; its QR code decodes to it', async () => {
  const first = await openPage(env, `index.html?as-of=${AS_OF}#lang=en`);
  let link;
  let totals;
  try {
    const { page } = first;
    await pickRegion(page, 'qingdao-chengyang');
    await runInterview(page, { role: 'employer', region: 'qingdao-chengyang', facts });
    await waitForResults(page);
    totals = await el(page, '.pc-total').allTextContents();
    assert.equal(await el(page, '.pc-share').isHidden(), true);
    await el(page, 'button.pc-share-button').click();
    assert.equal(await el(page, 'button.pc-share-button').getAttribute('aria-expanded'), 'true');
    link = await el(page, '#pc-share-link').inputValue();
    const url = new URL(link);
    assert.equal(url.search, `?as-of=${AS_OF}`, 'only the as-of override in the query');
    const params = new URLSearchParams(url.hash.slice(1));
    assert.equal(params.get('region'), 'qingdao-chengyang');
    assert.equal(params.get('view'), 'results');
    assert.equal(params.get('role'), 'employer');
    // the QR code is the same link
    const canvas = el(page, '.pc-qr canvas');
    await canvas.waitFor();
    const image = await canvas.evaluate((c) => ({ w: c.width, h: c.height, data: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data) }));
    const decoded = jsQR(Uint8ClampedArray.from(image.data), image.w, image.h);
    assert.equal(decoded?.data, link);
    await screenshot(page, 'results-share', 'desktop');
  } finally {
    await first.close();
  }
  // a fresh browser context opens the link: same screen, same figures
  const second = await openPage(env, null);
  try {
    const { page, log } = second;
    await gotoApp(page, link);
    await waitForResults(page);
    assert.deepEqual(await el(page, '.pc-total').allTextContents(), totals);
    assert.equal(await el(page, '.pc-region-role').count(), 1);
    // the server never saw an answer: fragments are not sent
    for (const r of log.requests) assert.ok(!r.url.includes('role=') && !r.url.includes('#'), r.url);
  } finally {
    await second.close();
  }
});

test('a link to unfinished answers opens the results so far, with what is still to answer', async () => {
  const { page, close } = await openPage(env, null);
  try {
    await gotoApp(page, env.url(`index.html?as-of=${AS_OF}#lang=en&region=bayannur&view=results&role=employer&interns=3&bogus=1&interns_retained=x`));
    await waitForResults(page);
    assert.equal(await headingText(page), t('en', 'resultsPartial'));
    const missing = await el(page, '.pc-card[data-status="undetermined"] button.pc-answer-missing').count();
    assert.ok(missing > 0, 'undetermined provisions offer their questions');
    // the bad entries were dropped and said so
    await page.waitForFunction((text) => document.querySelector('policy-calculator').shadowRoot.querySelector('[role="status"]').textContent.includes(text), t('en', 'restoredFailed'));
    const report = cliEvaluate('bayannur', { role: 'employer', interns: '3' }, 'en');
    assert.deepEqual(await el(page, '.pc-total').allTextContents(), report.totals.map((x) => x.text));
    // answering one from its card
    const fact = await el(page, '.pc-card[data-status="undetermined"] button.pc-answer-missing').first().getAttribute('data-fact');
    await el(page, `.pc-card[data-status="undetermined"] button.pc-answer-missing[data-fact="${fact}"]`).first().click();
    await waitForFact(page, fact);
  } finally {
    await close();
  }
});

test('a trap in the core (what a Rust panic becomes) restarts it: the reader is told, the answers are kept, the result follows', async () => {
  const { page, log, close } = await openPage(env, `index.html?as-of=${AS_OF}#lang=en&region=bayannur&role=employer&interns=3`);
  try {
    await page.waitForFunction(() => document.querySelector('policy-calculator')?.shadowRoot?.querySelector('form.pc-question'));
    // the running instance now traps on every call, as after a panic (panic = "abort" in wasm is `unreachable`)
    await page.evaluate(async () => {
      const { Calculator } = await import('/pkg/policycalc.js');
      for (const name of ['evaluate', 'nextQuestion', 'checkAnswer', 'explain']) {
        Calculator.prototype[name] = () => { throw new WebAssembly.RuntimeError('unreachable'); };
      }
    });
    await el(page, 'button.pc-see-results').click();
    await el(page, '.pc-restarted').waitFor();
    assert.equal(await el(page, '.pc-restarted').textContent(), t('en', 'coreRestarted'));
    await waitForResults(page);
    const report = cliEvaluate('bayannur', { role: 'employer', interns: '3' }, 'en');
    assert.deepEqual(await el(page, '.pc-total').allTextContents(), report.totals.map((x) => x.text));
    // the fresh instance keeps working: answer one more question
    const fact = await el(page, '.pc-card[data-status="undetermined"] button.pc-answer-missing').first().getAttribute('data-fact');
    await el(page, `.pc-card[data-status="undetermined"] button.pc-answer-missing[data-fact="${fact}"]`).first().click();
    await waitForFact(page, fact);
    assert.deepEqual((await fragmentAnswers(page)).answers, { role: 'employer', interns: '3' });
    assert.deepEqual(log.errors, []);
  } finally {
    await close();
  }
});

test('print view with "include the details": controls hidden, every source and explanation shown', async () => {
  const { page, close } = await openPage(env, `index.html?as-of=${AS_OF}#lang=en&region=bayannur&role=employer&interns=3&interns_retained=1&early_contract_remaining_months=0&trains_apprentices=true`);
  try {
    await waitForResults(page);
    await el(page, '#pc-print-details').check();
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.pc-actions', '#pc-lang', 'button.pc-edit']) {
      assert.equal(await el(page, selector).first().isVisible(), false, `${selector} hidden in print`);
    }
    assert.equal(await el(page, '.pc-totals').isVisible(), true, 'the headline (here: nothing in force to add up) prints');
    assert.equal(await el(page, '.pc-amount').first().isVisible(), true);
    // closed <details> print open
    assert.equal(await el(page, '.pc-source blockquote').first().isVisible(), true, 'sources are printed');
    // and the beforeprint handler opens them for real (restored afterwards)
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    assert.equal(await el(page, 'details:not([open])').count(), 0);
    await screenshot(page, 'results-print', 'desktop');
    await page.pdf({ path: 'test-results/screenshots/results-print.pdf', format: 'A4' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    assert.ok(await el(page, 'details:not([open])').count() > 0);
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await el(page, '.pc-actions').isVisible(), true);
  } finally {
    await close();
  }
});

/** Presses Tab until the focused element (inside the shadow root) matches; keyboard only. */
async function tabTo(page, selector, { max = 30, shift = false } = {}) {
  for (let i = 0; i < max; i++) {
    const ok = await page.evaluate((s) => document.querySelector('policy-calculator').shadowRoot.activeElement?.matches(s) ?? false, selector);
    if (ok) return;
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function focusedIsHeading(page) {
  return page.evaluate(() => document.querySelector('policy-calculator').shadowRoot.activeElement?.classList.contains('pc-screen-title') ?? false);
}

test('keyboard only: the whole interview, focus on each new question', async () => {
  const { page, close } = await openPage(env, `index.html?as-of=${AS_OF}#lang=en`);
  try {
    const region = 'bayannur';
    await page.keyboard.press('Tab');
    await tabTo(page, 'input[name="pc-region"]');
    for (let i = 0; i < 10; i++) {
      const value = await page.evaluate(() => document.querySelector('policy-calculator').shadowRoot.activeElement.value);
      if (value === region) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Space');
    await tabTo(page, '.pc-start button[type="submit"]');
    await page.keyboard.press('Enter');
    await waitForFact(page, 'role');
    assert.ok(await focusedIsHeading(page), 'focus moves to the question');
    const choose = async (value) => {
      await tabTo(page, 'input[name="pc-answer"]');
      for (let i = 0; i < 10; i++) {
        const v = await page.evaluate(() => document.querySelector('policy-calculator').shadowRoot.activeElement.value);
        if (v === value) break;
        await page.keyboard.press('ArrowDown');
      }
      await page.keyboard.press('Space');
    };
    await choose('employer');
    await page.keyboard.press('Enter'); // submits the form from the radio
    let answers = { role: 'employer' };
    for (let i = 0; i < 20; i++) {
      await page.waitForFunction(() => {
        const root = document.querySelector('policy-calculator').shadowRoot;
        return root.querySelector('.pc-totals') || root.activeElement?.classList.contains('pc-screen-title');
      });
      const fact = await currentFact(page);
      if (!fact) break;
      assert.ok(await focusedIsHeading(page), `focus on the question ${fact}`);
      const q = cliNext(region, answers, 'en');
      assert.equal(fact, q.fact);
      const info = facts.get(fact);
      if (info.type === 'integer' || info.type === 'decimal') {
        await tabTo(page, '#pc-input');
        await page.keyboard.type('2');
        await page.keyboard.press('Enter');
        answers[fact] = '2';
      } else {
        const value = info.type === 'bool' ? 'true' : info.values[0].id;
        await choose(value);
        await tabTo(page, 'button.pc-next');
        await page.keyboard.press('Enter');
        answers[fact] = info.type === 'bool' ? true : value;
      }
      await page.waitForFunction((f) => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question')?.dataset.fact !== f, fact);
    }
    await waitForResults(page);
    assert.ok(await focusedIsHeading(page), 'focus on the results heading');
    assert.deepEqual(await el(page, '.pc-total').allTextContents(), cliEvaluate(region, answers, 'en').totals.map((x) => x.text));
    // a source is one key press away
    await tabTo(page, '.pc-source summary');
    await page.keyboard.press('Enter');
    assert.ok(await el(page, '.pc-source[open]').count() >= 1);
    // the live region announced the results
    await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('[role="status"][aria-live]').textContent.length > 0);
    const announced = await page.evaluate(() => document.querySelector('policy-calculator').shadowRoot.querySelector('[role="status"][aria-live]').textContent);
    assert.ok(announced.startsWith(t('en', 'results')), announced);
  } finally {
    await close();
  }
});

test('requests: same origin only; once loaded, only the chosen region\'s catalogs, then none at all', async () => {
  const { page, log, close } = await openPage(env, `index.html?as-of=${AS_OF}`, { serviceWorkers: 'allow' });
  try {
    await waitSettled(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForTimeout(300);
    const loaded = log.requests.length;
    assert.ok(loaded > 0);
    // choosing the region fetches its catalogs (every language), nothing else
    await el(page, '#pc-lang').selectOption('en');
    await pickRegion(page, 'dandong');
    await waitSettled(page);
    const chosen = [...new Set(log.requests.slice(loaded).map((r) => new URL(r.url).pathname))].sort();
    assert.deepEqual(chosen, ['en', 'zh-Hans', 'zh-Hant'].map((l) => `/pkg/catalog.dandong.${l}.bin`).sort());
    const regionLoaded = log.requests.length;
    // an interview, language switches, share panel, print view, start over
    await shareResultsIn(page, { role: 'graduate', region: 'dandong', facts }, 'zh-Hant');
    await page.emulateMedia({ media: 'print' });
    await page.emulateMedia({ media: 'screen' });
    await el(page, 'button.pc-restart').click();
    await page.waitForTimeout(300);
    assert.deepEqual(log.requests.slice(regionLoaded).map((r) => r.url), [], 'no request once the region is loaded');
    assert.deepEqual(foreignRequests(log, env.server.url), [], 'same origin only');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(log.errors, []);
  } finally {
    await close();
  }
});

test('offline once loaded: the service worker serves the app, and stores no answers', async () => {
  const { context, page, log, close } = await openPage(env, `index.html?as-of=${AS_OF}#lang=en`, { serviceWorkers: 'allow' });
  try {
    await page.evaluate(() => navigator.serviceWorker.ready);
    await waitSettled(page);
    await pickRegion(page, 'huaian');
    await waitSettled(page); // the region's catalogs in every language, cached by the service worker
    await answer(page, 'role', 'startup');
    await page.waitForTimeout(200);
    const link = await page.evaluate(() => document.querySelector('policy-calculator').shareLink());
    assert.equal(new URL(page.url()).hash, '#lang=en', 'answers are not written to the address bar');
    await context.setOffline(true);
    await page.goto(link.replace('view=results&', ''));
    await page.reload();
    await page.waitForSelector('policy-calculator[ready]');
    assert.equal(await page.evaluate(() => !!navigator.serviceWorker.controller), true, 'controlled by the service worker');
    // the fragment restored the answers, offline
    await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question, .pc-totals'));
    await runInterview(page, { role: 'startup', region: 'huaian', facts });
    await waitForResults(page);
    // language switch offline works (catalogs prefetched and cached)
    await el(page, '#pc-lang').selectOption('zh-Hans');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
    const { cached, ...kept } = await stored(page);
    assert.ok(cached.length >= 10, cached.map((c) => c.url).join('\n'));
    assertCacheHoldsStaticFilesOnly(cached, new URL(env.server.url).origin);
    assert.deepEqual(kept, { cookies: [], local: 0, session: 0, cookie: '', idb: [] });
    // the chosen region shows only as the name of its catalogs (fetched once it was chosen); no answer shows at all
    const regionCatalogs = cached.map((c) => new URL(c.url).pathname).filter((p) => /^\/pkg\/catalog\.huaian\./.test(p));
    assert.deepEqual(regionCatalogs.sort(), ['en', 'zh-Hans', 'zh-Hant'].map((l) => `/pkg/catalog.huaian.${l}.bin`).sort());
    assert.deepEqual(log.errors, []);
  } finally {
    await context.setOffline(false);
    await close();
  }
});

test('reduced motion: no transitions', async () => {
  const { page, close } = await openPage(env, `index.html?as-of=${AS_OF}`);
  try {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const duration = await el(page, '.pc-start button[type="submit"]').evaluate((b) => getComputedStyle(b).transitionDuration);
    assert.equal(duration, '0s');
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    const animated = await el(page, '.pc-start button[type="submit"]').evaluate((b) => getComputedStyle(b).transitionDuration);
    assert.notEqual(animated, '0s');
  } finally {
    await close();
  }
});

test('an unknown region or a broken as-of date shows a clear error, not a blank page', async () => {
  const { page, close } = await openPage(env, null);
  try {
    await gotoApp(page, env.url('demo.html?as-of=2025-02-30'));
    await el(page, '.pc-fatal').waitFor();
    assert.equal(await el(page, '.pc-fatal').textContent(), t('en', 'err_bad_date'));
  } finally {
    await close();
  }
});

test('a judged condition left open is its own "Eligible if" group, naming the condition and who decides; supplied in the link it is eligible', async () => {
  const d1 = 'dandong.local-vocational-graduate-hiring-reward';
  const base = `index.html?as-of=2026-03-01#lang=en&region=dandong&view=results&role=employer&employer_type=private_enterprise&enterprise_size=small&local_enterprise=true&hires_local_vocational_graduates=true`;
  const { page, close } = await openPage(env, null);
  try {
    await gotoApp(page, env.url(base));
    await waitForResults(page);
    const report = cliEvaluate('dandong', { role: 'employer', employer_type: 'private_enterprise', enterprise_size: 'small', local_enterprise: true, hires_local_vocational_graduates: true }, 'en', '2026-03-01');
    const expected = report.benefits.find((b) => b.id === d1);
    assert.equal(expected.status, 'conditional');
    // D1 is also only announced: the announced group wins (never "eligible" in words while
    // one cannot apply yet), and its card still names the condition and who decides
    assert.equal(expected.validity.status, 'announced');
    const card = el(page, `.pc-section-announced .pc-card[data-id="${d1}"]`);
    assert.equal(await card.getAttribute('data-status'), 'conditional');
    assert.equal(await el(page, '.pc-section-conditional').count(), 0);
    const c = expected.pending_conditions[0];
    assert.equal(await card.locator('.pc-pending-condition').textContent(), c.condition);
    assert.match(await card.locator('.pc-pending-judge').textContent(), new RegExp(c.judged_by));
    assert.equal(await card.locator('button.pc-answer-missing').count(), 0, 'a judged fact is never offered as a question');
    assert.equal(await card.locator('.pc-amount').textContent(), expected.amount.text);
    assert.deepEqual(await el(page, '.pc-total').allTextContents(), report.totals.map((x) => x.text));
    // the national standard beside the job-expansion subsidy has lapsed on this date, and says so
    const ns = report.benefits.find((b) => b.id === 'dandong.job-expansion-subsidy').national_standard;
    assert.equal(ns.validity.status, 'expired');
    assert.match(await el(page, '.pc-card[data-id="dandong.job-expansion-subsidy"] .pc-national .pc-badge').textContent(), new RegExp(ns.validity.text));
    // whoever holds the decision can put it in the link
    await gotoApp(page, env.url(`${base}&notable_results_recognised=true`));
    await waitForResults(page);
    assert.equal(await el(page, `.pc-card[data-id="${d1}"]`).getAttribute('data-status'), 'eligible');
    assert.equal(await el(page, '.pc-section-conditional').count(), 0);
  } finally {
    await close();
  }
});
