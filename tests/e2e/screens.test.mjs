// Every screen, at phone (390×844) and desktop (1280×800) sizes: axe-core
// finds no violation (WCAG 2.0/2.1 A and AA, and best practices), and a
// screenshot of each is saved under test-results/screenshots/ for review.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  browserSuite, openPage, gotoApp, pickRegion, answer, el, axe, screenshots, runInterview, factTable, shadowText, AS_OF, PHONE, DESKTOP,
} from './helpers.mjs';

const facts = factTable();
const env = browserSuite();

const waitForFact = (page, fact) => page.waitForFunction((f) => document.querySelector('policy-calculator')?.shadowRoot?.querySelector('form.pc-question')?.dataset.fact === f, fact);

/** axe at both sizes, then the screenshots. */
async function check(page, name) {
  const text = await shadowText(page);
  assert.doesNotMatch(text, /\b(null|undefined|NaN)\b|\[object /, `${name}: a missing value leaked into the text`);
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    await axe(page, `${name} at ${viewport.width}px`);
  }
  await screenshots(page, name);
}

const FULL = `region=bayannur&role=employer&interns=3&interns_retained=1&early_contract_remaining_months=0&trains_apprentices=true`;

const SCREENS = [
  ['start', `index.html?as-of=${AS_OF}`, async () => {}],
  ['start-en', `index.html?as-of=${AS_OF}#lang=en`, async () => {}],
  ['question-role', `index.html?as-of=${AS_OF}#lang=en&region=bayannur`, async (page) => waitForFact(page, 'role')],
  ['question-number', `index.html?as-of=${AS_OF}#lang=zh-Hans&region=bayannur&role=employer`, async (page) => waitForFact(page, 'interns')],
  ['question-number-error', `index.html?as-of=${AS_OF}#lang=en&region=bayannur&role=employer`, async (page) => {
    await waitForFact(page, 'interns');
    await el(page, '#pc-input').fill('-2');
    await el(page, 'button.pc-next').click();
    await el(page, '#pc-error:not(:empty)').waitFor();
  }],
  ['question-bool', `index.html?as-of=${AS_OF}#lang=zh-Hant&region=bayannur&role=employer&interns=3&interns_retained=1&early_contract_remaining_months=0`, async (page) => waitForFact(page, 'trains_apprentices')],
  ['question-enum', `index.html?as-of=${AS_OF}#lang=en&region=dandong&role=employer`, async (page) => {
    await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelectorAll('form.pc-question input[type="radio"]').length > 2);
  }],
  ['question-date', `index.html?as-of=${AS_OF}#lang=en&region=dandong&role=graduate`, async (page) => waitForFact(page, 'graduation_date')],
  ['results', `index.html?as-of=${AS_OF}#lang=zh-Hans&${FULL}`, async (page) => el(page, '.pc-totals').waitFor()],
  ['results-en', `index.html?as-of=${AS_OF}#lang=en&${FULL}`, async (page) => el(page, '.pc-totals').waitFor()],
  ['results-zh-Hant-open', `index.html?as-of=${AS_OF}#lang=zh-Hant&${FULL}`, async (page) => {
    await el(page, '.pc-totals').waitFor();
    await page.evaluate(() => document.querySelector('policy-calculator').shadowRoot.querySelectorAll('details').forEach((d) => { d.open = true; }));
  }],
  ['results-partial', `index.html?as-of=${AS_OF}#lang=en&region=bayannur&view=results&role=employer&interns=3`, async (page) => el(page, '.pc-totals').waitFor()],
  ['results-share', `index.html?as-of=${AS_OF}#lang=en&${FULL}`, async (page) => {
    await el(page, '.pc-totals').waitFor();
    await el(page, 'button.pc-share-button').click();
    await el(page, '.pc-qr canvas').waitFor();
  }],
  ['results-none-eligible', `index.html?as-of=${AS_OF}#lang=en&region=liaoning&role=worker&zero_employment_household=false&view=results`, async (page) => el(page, '.pc-headline').waitFor()],
  ['error-bad-date', `index.html?as-of=2025-13-01#lang=en`, async (page) => el(page, '.pc-fatal').waitFor()],
  ['kiosk-start', `kiosk.html?as-of=${AS_OF}`, async () => {}],
  ['kiosk-question', `kiosk.html?as-of=${AS_OF}`, async (page) => {
    await pickRegion(page, 'bayannur');
    await waitForFact(page, 'role');
  }],
  ['kiosk-results', `kiosk.html?as-of=${AS_OF}`, async (page) => {
    await pickRegion(page, 'bayannur');
    await runInterview(page, { role: 'employer', region: 'bayannur', facts });
    await el(page, '.pc-qr canvas').waitFor();
  }],
  ['demo-host', `demo.html?as-of=${AS_OF}`, async () => {}],
  ['demo-host-results', `demo.html?as-of=${AS_OF}`, async (page) => {
    await runInterview(page, { role: 'employer', region: 'bayannur', facts });
    await el(page, '.pc-totals').waitFor();
  }],
];

for (const [name, path, prepare] of SCREENS) {
  test(`screen ${name}: no axe violations; screenshots saved`, async () => {
    const { page, log, close } = await openPage(env, path);
    try {
      await prepare(page);
      await page.waitForTimeout(100);
      await check(page, name);
      assert.deepEqual(log.errors, []);
    } finally {
      await close();
    }
  });
}

test('kiosk idle countdown dialog: no axe violations; screenshots saved', async () => {
  const { page, close } = await openPage(env, `kiosk.html?as-of=${AS_OF}&idle=0.5&countdown=600`);
  try {
    await pickRegion(page, 'huaian');
    await el(page, 'dialog[open]').waitFor();
    await check(page, 'kiosk-idle');
  } finally {
    await close();
  }
});

test('print view: screenshots saved', async () => {
  const { page, close } = await openPage(env, `index.html?as-of=${AS_OF}#lang=zh-Hans&${FULL}`);
  try {
    await el(page, '.pc-totals').waitFor();
    await page.emulateMedia({ media: 'print' });
    await screenshots(page, 'print');
  } finally {
    await close();
  }
});

test('answer via an interview screen, then back: axe on the edited question', async () => {
  const { page, close } = await openPage(env, `index.html?as-of=${AS_OF}#lang=en`);
  try {
    await pickRegion(page, 'huaian');
    await answer(page, 'role', 'worker');
    await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question')?.dataset.fact !== 'role');
    await el(page, 'button.pc-back').click();
    await waitForFact(page, 'role');
    await check(page, 'question-back');
  } finally {
    await close();
  }
});

test('gotoApp helper keeps working for a fresh page (sanity)', async () => {
  const { page, close } = await openPage(env, null);
  try {
    await gotoApp(page, env.url(`index.html?as-of=${AS_OF}`));
    assert.equal(await el(page, 'input[name="pc-region"]').count(), 5);
  } finally {
    await close();
  }
});
