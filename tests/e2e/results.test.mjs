// The results screen leads with the answer (issue 11 points 1–3 and print):
// groups in order, a plain headline, no repeated pills or contact lines,
// tap-to-call numbers, what-if buttons that apply the change and say what
// changed, edits that keep the answers that still make sense, and a print
// summary of at most two A4 pages with a header and a QR back to the result.
// Figures (phone height, print pages) are printed for the closing note.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPage, el, axe, screenshot, cliEvaluate, PHONE, DESKTOP, answer } from './helpers.mjs';
import { GRADUATE, EMPLOYER, RESULTS_AS_OF, resultsPath, pdfPages } from './results-cases.mjs';

const env = browserSuite();

async function results(c, viewport = PHONE) {
  const opened = await openPage(env, resultsPath(c), { viewport });
  await el(opened.page, '.pc-headline').waitFor();
  return opened;
}

/** The screenshot and the accessibility check, and no page error on the way. */
async function shownCleanly(page, log, shot, size, label) {
  await screenshot(page, shot, size);
  await axe(page, label);
  assert.deepEqual(log.errors, []);
}

const texts = (page, selector) => el(page, selector).allTextContents();

test('a graduate with no money: the headline says what is announced, never "nothing to add up"; not-eligible collapsed; the page is shorter', async () => {
  const { page, close, log } = await results(GRADUATE);
  try {
    const headline = await el(page, '.pc-headline').textContent();
    assert.doesNotMatch(headline, /没有可以合计/);
    // Bayannur's plan is announced, not issued: said in plain words, never "符合条件"
    assert.match(headline, /已宣布但尚未正式印发：暂时还不能申请/);
    assert.equal(await el(page, '.pc-section-announced').count(), 1);
    assert.equal(await el(page, '.pc-section-eligible, .pc-section-services').count(), 0);
    assert.doesNotMatch(await el(page, '.pc-section-announced').textContent(), /符合条件/);
    // what one does not qualify for is there, collapsed
    assert.equal(await el(page, 'details.pc-section-ineligible').count(), 1);
    assert.equal(await el(page, 'details.pc-section-ineligible').getAttribute('open'), null);
    // the as-of date once in the header, not a pill on every card
    assert.equal(await el(page, '.pc-badge').filter({ hasText: '截至' }).count(), 0);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(`# graduate (bayannur, zh-Hans) results on a 390x844 phone: ${height} px (before: 4000 px)`);
    // 2,800 px before the issue-10 merges added Bayannur's §7 provisions and plain-word conditions
    assert.ok(height < 3400, `results ${height} px tall`);
    await shownCleanly(page, log, 'results-graduate', 'phone', 'graduate results (phone)');
  } finally {
    await close();
  }
});

test('a Dandong graduate is told what they can use, and expired items are "may have expired; check"', async () => {
  const c = { lang: 'en', region: 'dandong', facts: { role: 'graduate', graduation_date: '2024-06-30', flexible_employment: false, employment_difficulty: false, plans_business: false, unemployed_since_leaving_school: false, hardship_family: true, wants_work: true } };
  const { page, close } = await results(c, DESKTOP);
  try {
    const report = cliEvaluate(c.region, c.facts, 'en', RESULTS_AS_OF);
    const headline = await el(page, '.pc-headline').textContent();
    assert.match(headline, /Services and support you can use:/);
    const expired = report.benefits.filter((b) => !b.programme && b.status === 'eligible' && b.validity.status === 'expired');
    assert.ok(expired.length > 0, 'the case has an expired item');
    for (const b of expired) assert.equal(await el(page, `.pc-section-expired .pc-card[data-id="${b.id}"]`).count(), 1, b.id);
    assert.match(await el(page, '.pc-section-expired h3').textContent(), /May have expired: check/);
    await screenshot(page, 'results-dandong-graduate', 'desktop');
    await axe(page, 'dandong graduate results (desktop)');
  } finally {
    await close();
  }
});

test('the employer result: money with what its period leaves open, one tap-to-call contact block, "up to" the same on card and totals', async () => {
  const { page, close } = await results(EMPLOYER);
  try {
    const headline = await el(page, '.pc-headline').textContent();
    assert.match(headline, /You may be able to get:/);
    assert.match(headline, /¥1,200\.00 per month; for how many months is not stated/);
    const report = cliEvaluate(EMPLOYER.region, EMPLOYER.facts, 'en', RESULTS_AS_OF);
    assert.deepEqual(await texts(page, '.pc-total'), report.totals.map((x) => x.text));
    // the document's hotline and the national one, each a tel: link, once
    assert.equal(await el(page, 'a.pc-tel[href="tel:0532-58659939"]').count(), 1);
    assert.equal(await el(page, 'a.pc-tel[href="tel:12333"]').count(), 1);
    assert.equal(await el(page, '.pc-card .pc-contact').count(), 0, 'no contact line repeated on the cards');
    assert.match(await el(page, '.pc-next-steps').textContent(), /do not say where or how to apply/);
    // what to do next from the local guide (policies/local/), labelled as such, once for the items it covers;
    // its phone is the document's hotline already listed, so not a second link
    const local = el(page, '.pc-next-steps .pc-local');
    assert.equal(await local.count(), 1);
    assert.match(await local.textContent(), /from the local service guide, not the document's words/);
    assert.match(await local.textContent(), /does not say yet: where and how to apply, documents, deadline, opening hours, application website/);
    assert.match(await local.textContent(), /document 001/);
    // reasons are sentences, not formulas
    const why = (await texts(page, '.pc-why li')).join('\n');
    assert.doesNotMatch(why, /\(0\) >|— not met/);
    assert.match(why, /For “Platform workers you insure against accidents” you gave 0 workers; this needs more than 0 workers\./);
    await screenshot(page, 'results-employer', 'phone');
    await axe(page, 'employer results (phone)');
  } finally {
    await close();
  }
});

test('what-if: "Try it" applies the change, shows the new result and says what changed', async () => {
  const { page, close, log } = await results(EMPLOYER, DESKTOP);
  try {
    const id = 'qingdao-chengyang.platform-accident-insurance-subsidy-unit';
    await el(page, `.pc-suggestions li[data-id="${id}"] button.pc-try`).click();
    await el(page, '.pc-changed').waitFor();
    const changed = await el(page, '.pc-changed').textContent();
    assert.match(changed, /“Platform workers you insure against accidents” is now “1/);
    assert.match(changed, /Now available: .*up to ¥100\.00 per year/);
    const now = cliEvaluate(EMPLOYER.region, { ...EMPLOYER.facts, platform_insured_workers: '1' }, 'en', RESULTS_AS_OF);
    assert.deepEqual(await texts(page, '.pc-total'), now.totals.map((x) => x.text));
    assert.ok(now.totals.some((x) => x.text === 'up to ¥100.00 per year'), 'the totals say "up to" like the card');
    assert.equal(await el(page, `.pc-card[data-id="${id}"]`).getAttribute('data-status'), 'eligible');
    // focus moved to the new results' heading
    assert.equal(await page.evaluate(() => document.querySelector('policy-calculator').shadowRoot.activeElement?.className), 'pc-screen-title');
    await shownCleanly(page, log, 'results-after-try', 'desktop', 'results after a what-if (desktop)');
  } finally {
    await close();
  }
});

test('editing an answer says what changed, and changing it back needs no answer typed again', async () => {
  const { page, close } = await results(EMPLOYER);
  try {
    await el(page, '.pc-your-answers li[data-fact="employer_type"] button.pc-edit').click();
    await answer(page, 'employer_type', 'public_institution');
    await el(page, '.pc-changed').waitFor();
    const changed = await el(page, '.pc-changed').textContent();
    assert.match(changed, /Social insurance subsidy for hiring priority groups \(¥1,200\.00 per month\) no longer applies/);
    await screenshot(page, 'results-after-edit', 'phone');
    await el(page, '.pc-your-answers li[data-fact="employer_type"] button.pc-edit').click();
    await answer(page, 'employer_type', 'private_enterprise');
    await el(page, '.pc-changed').waitFor();
    // the size, hire and contribution answers came back: the ¥1,200 is there again
    assert.match(await el(page, '.pc-changed').textContent(), /Now available: Social insurance subsidy for hiring priority groups \(¥1,200\.00 per month\)/);
    const report = cliEvaluate(EMPLOYER.region, EMPLOYER.facts, 'en', RESULTS_AS_OF);
    assert.deepEqual(await texts(page, '.pc-total'), report.totals.map((x) => x.text));
  } finally {
    await close();
  }
});

test('print: the Chengyang employer result is a summary of at most two A4 pages with a header and a QR back to it', async () => {
  const { page, close } = await results(EMPLOYER, DESKTOP);
  try {
    await page.emulateMedia({ media: 'print' });
    const header = el(page, '.pc-print-header');
    assert.equal(await header.isVisible(), true);
    const text = await header.textContent();
    assert.match(text, /Documents issued by: .*Chengyang/);
    assert.match(text, /Worked out as of 1 December 2026 · printed /);
    await el(page, '.pc-print-qr canvas').waitFor();
    for (const selector of ['.pc-actions', '.pc-your-answers', '.pc-section-ineligible', '.pc-source']) {
      assert.equal(await el(page, selector).first().isVisible(), false, `${selector} left out of the summary`);
    }
    assert.equal(await el(page, '.pc-section-eligible .pc-amount').first().isVisible(), true);
    const pdf = await page.pdf({ path: 'test-results/screenshots/results-employer-print.pdf', format: 'A4' });
    const pages = pdfPages(pdf);
    console.log(`# Chengyang employer print: ${pages} A4 pages (before: 11)`);
    assert.ok(pages <= 2, `${pages} pages`);
    await screenshot(page, 'results-employer-print', 'desktop');
    // with the details asked for, everything prints (the former print)
    await page.emulateMedia({ media: 'screen' });
    await el(page, '#pc-print-details').check();
    await page.emulateMedia({ media: 'print' });
    assert.equal(await el(page, '.pc-source').first().isVisible(), true);
    assert.ok(pdfPages(await page.pdf({ format: 'A4' })) > pages);
  } finally {
    await close();
  }
});
