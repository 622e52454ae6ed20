// "Not sure" on every question (issue 11 point 4): the fact stays
// unanswered, the interview moves on to what the core asks next when that
// fact is skipped (checked against the CLI's `next-question --skip`), the
// provisions it bears on stay undetermined and say what they wait for, and
// "not sure" survives Back, the results' answer list and the share link.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPage, cli, pickRegion, answer, currentFact, el, axe, AS_OF } from './helpers.mjs';

const env = browserSuite();

const nextSkipping = (answers, skip) =>
  cli(['next-question', '--region', 'bayannur', '--as-of', AS_OF, '--lang', 'en', '--format', 'json', '--skip', skip.join(','), '-'], answers).question;

const onQuestionOtherThan = (page, fact) => page.waitForFunction(
  (f) => { const form = document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question'); return form && form.dataset.fact !== f; },
  fact,
);

test('"not sure" moves on, keeps the provision open, and survives Back and the share link', async () => {
  const { page, close, log } = await openPage(env, `index.html?as-of=${AS_OF}#lang=en`);
  try {
    await pickRegion(page, 'bayannur');
    assert.equal(await el(page, 'button.pc-unsure').count(), 0, 'no "not sure" on the role: nothing can be asked without it');
    await answer(page, 'role', 'employer');
    await onQuestionOtherThan(page, 'role');
    const first = await currentFact(page);
    await el(page, 'button.pc-unsure').click();
    await onQuestionOtherThan(page, first);
    const second = await currentFact(page);
    assert.equal(second, nextSkipping({ role: 'employer' }, [first])?.fact, 'the page asks what the core asks with the fact skipped');
    await axe(page, 'question after "not sure"');
    // Back: the question is shown again with "not sure" pressed
    await el(page, 'button.pc-back').click();
    await el(page, `form.pc-question[data-fact="${first}"]`).waitFor();
    assert.equal(await el(page, 'button.pc-unsure').getAttribute('aria-pressed'), 'true');
    await el(page, 'button.pc-see-results').click();
    await el(page, '.pc-headline').waitFor();
    assert.match(await el(page, `.pc-answers li[data-fact="${first}"]`).textContent(), /Not sure/);
    // the provisions waiting on it are open and name it
    const waiting = el(page, `.pc-section-undetermined button.pc-answer-missing[data-fact="${first}"]`);
    assert.ok(await waiting.count() > 0, 'an open provision waits for it');
    assert.match(await waiting.first().textContent(), /\(Not sure\)/);
    const link = await page.evaluate(() => document.querySelector('policy-calculator').shareLink());
    assert.equal(new URLSearchParams(new URL(link).hash.slice(1)).get('unsure'), first);
    assert.deepEqual(log.errors, []);

    const url = new URL(link);
    const again = await openPage(env, `${url.pathname.replace(/^\//, '')}${url.search}${url.hash}`);
    try {
      await el(again.page, '.pc-headline').waitFor();
      assert.match(await el(again.page, `.pc-answers li[data-fact="${first}"]`).textContent(), /Not sure/);
      await el(again.page, 'button.pc-continue').click();
      await el(again.page, 'form.pc-question').waitFor();
      assert.equal(await currentFact(again.page), second, 'continuing from the link skips the "not sure" fact');
      assert.deepEqual(again.log.errors, []);
    } finally {
      await again.close();
    }
  } finally {
    await close();
  }
});
