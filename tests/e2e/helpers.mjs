// Shared by the end-to-end tests (node --test tests/e2e/): the static server,
// Debian's Chromium driven by playwright-core (never a downloaded browser),
// the native CLI as the independent source of expected figures, axe-core,
// and screenshots under test-results/screenshots/.

import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const AS_OF = '2025-03-01';
export { LANGS } from '../../www/i18n.js';
export const SHOTS = join(ROOT, 'test-results', 'screenshots');
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** The QR decoder the tests read the page's QR codes back with. */
export const jsQR = require('jsqr');
const CLI = join(ROOT, 'target', 'debug', 'policycalc');

/**
 * One server and one browser for a test file. Playwright's launch() gives
 * the browser a fresh, empty user-data directory of its own.
 */
export async function setup() {
  const server = await startServer({ port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    server,
    browser,
    url: (path = '') => new URL(path, server.url).href,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * `setup()` for the calling test file: opened before its tests, closed after
 * them. Returns the environment, filled in once `before` has run:
 * `const env = browserSuite();` then `env.url(…)` inside the tests.
 */
export function browserSuite() {
  const env = {};
  before(async () => { Object.assign(env, await setup()); });
  after(async () => { await env.close?.(); });
  return env;
}

/**
 * A fresh context and page that records every request (the page's and its
 * service worker's), console errors and warnings, page errors and CSP
 * violations, so each test can assert there were none.
 */
export async function openPage(env, path, { viewport = DESKTOP, offline = false, serviceWorkers = 'block' } = {}) {
  const context = await env.browser.newContext({ viewport, serviceWorkers, locale: 'zh-CN' });
  const log = { requests: [], console: [], errors: [], csp: [] };
  context.on('request', (r) => log.requests.push({ url: r.url(), at: Date.now(), sw: !!r.serviceWorker() }));
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.console.push(`${m.type()}: ${m.text()}`);
    if (/Content Security Policy|Refused to/.test(m.text())) log.csp.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(e.message));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`);
    });
  });
  if (offline) await context.setOffline(true);
  if (path != null) await gotoApp(page, env.url(path));
  return { context, page, log, close: () => context.close() };
}

export async function gotoApp(page, url) {
  await page.goto(url);
  await page.waitForSelector('policy-calculator[ready]', { timeout: 20000 });
}

/** Waits until the element has prefetched the other languages and the QR encoder. */
export async function waitSettled(page) {
  await page.waitForSelector('policy-calculator[settled]', { timeout: 20000 });
}

export async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations || []);
}

// ---------------------------------------------------------------- the CLI (expected figures)

export function cli(args, input) {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run cargo build --bin policycalc (scripts/test-web.sh does)`);
  const out = execFileSync(CLI, args, { input: input === undefined ? undefined : JSON.stringify(input), encoding: 'utf8' });
  return JSON.parse(out);
}

export function cliNext(region, answers, lang = 'en', asOf = AS_OF) {
  return cli(['next-question', '--region', region, '--as-of', asOf, '--lang', lang, '--format', 'json', '-'], answers).question;
}

export function cliEvaluate(region, answers, lang = 'en', asOf = AS_OF) {
  return cli(['evaluate', '--region', region, '--as-of', asOf, '--lang', lang, '--format', 'json', '-'], answers);
}

/** A deterministic answer for each question, chosen to reach amounts where it can. */
const CHOSEN = {
  interns: '3',
  interns_retained: '2',
  early_contract_remaining_months: '2',
  insured_employees: '3',
  insured_months: '12',
  years_operating: '3',
  months_from_training_to_contract: '3',
  contract_months: '12',
  platform_insured_workers: '5',
  employer_si_contribution_monthly: '1234.50',
};

/** Where the first enum value reaches no amount in a region. */
const BY_REGION = {
  huaian: { organisation_type: 'startup_base' },
};

export function answerFor(q, asOf = AS_OF, region = '') {
  if (BY_REGION[region] && q.fact in BY_REGION[region]) return BY_REGION[region][q.fact];
  if (q.fact in CHOSEN) return CHOSEN[q.fact];
  switch (q.type) {
    case 'bool': return true;
    case 'integer': return '2';
    case 'decimal': return '1000';
    case 'date': return `${asOf.slice(0, 4)}-06-30`;
    case 'enum': return q.values[0].id;
    default: throw new Error(`no answer for ${q.fact} (${q.type})`);
  }
}

/** The interview the CLI runs for a role with `answerFor`: the questions in order and the final report. */
export function expectedInterview(region, role, lang, asOf = AS_OF) {
  const answers = { role };
  const questions = [];
  for (let i = 0; i < 60; i++) {
    const q = cliNext(region, answers, lang, asOf);
    if (!q) break;
    questions.push(q.fact);
    answers[q.fact] = answerFor(q, asOf, region);
  }
  return { answers, questions, report: cliEvaluate(region, answers, lang, asOf) };
}

// ---------------------------------------------------------------- driving the UI

export const el = (page, selector) => page.locator(`policy-calculator ${selector}`);

/** The fact id of the question on screen, or null when another screen shows. */
export async function currentFact(page) {
  const form = el(page, 'form.pc-question');
  if (!(await form.count())) return null;
  return form.getAttribute('data-fact');
}

export async function answer(page, fact, value) {
  const input = el(page, '#pc-input');
  if (await input.count()) await input.fill(String(value));
  else await el(page, `input[name="pc-answer"][value="${value}"]`).check();
  await el(page, 'button.pc-next').click();
}

/** Chooses a region on the start screen and waits for its first question (its catalog is fetched then). */
export async function pickRegion(page, region) {
  await el(page, `input[name="pc-region"][value="${region}"]`).check();
  await el(page, '.pc-start button[type="submit"]').click();
  await el(page, 'form.pc-question[data-fact="role"]').waitFor();
}

/** Answers every question with `answerFor` until the results; returns the facts asked. */
export async function runInterview(page, { role, region = '', asOf = AS_OF, facts }) {
  const asked = [];
  for (let i = 0; i < 60; i++) {
    await page.waitForFunction(() => {
      const host = document.querySelector('policy-calculator');
      return host?.shadowRoot?.querySelector('form.pc-question, .pc-totals');
    });
    const fact = await currentFact(page);
    if (!fact) return asked;
    asked.push(fact);
    if (fact === 'role') {
      await answer(page, fact, role);
      continue;
    }
    const info = facts.get(fact);
    await answer(page, fact, answerFor({ ...info, fact }, asOf, region));
    // wait for the screen to move on
    await page.waitForFunction((f) => {
      const form = document.querySelector('policy-calculator')?.shadowRoot?.querySelector('form.pc-question');
      return !form || form.dataset.fact !== f;
    }, fact);
  }
  throw new Error('interview did not end');
}

/** Answers the interview to its results, switches the page to `lang` and opens the share panel's QR. */
export async function shareResultsIn(page, interview, lang) {
  await runInterview(page, interview);
  await el(page, '.pc-totals').waitFor();
  await el(page, '#pc-lang').selectOption(lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  await el(page, 'button.pc-share-button').click();
  await el(page, '.pc-qr canvas').waitFor();
}

/**
 * An employer's interview in `region` answered with `markers` where they name
 * the fact (values nothing else on the page contains, to look for traces of
 * later) and a representative answer elsewhere, for at most `max` questions.
 */
export async function answerWithMarkers(page, { region, markers, facts, max }) {
  await pickRegion(page, region);
  await answer(page, 'role', 'employer');
  for (let i = 0; i < max; i++) {
    await page.waitForFunction(() => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question, .pc-totals'));
    const fact = await currentFact(page);
    if (!fact) break;
    await answer(page, fact, markers[fact] ?? answerFor(facts.get(fact), AS_OF, region));
    await page.waitForFunction((f) => document.querySelector('policy-calculator').shadowRoot.querySelector('form.pc-question')?.dataset.fact !== f, fact);
  }
}

/** The vocabulary (types, enum values) from the CLI, for answering. */
export function factTable() {
  return new Map(cli(['facts', '--lang', 'en', '--format', 'json']).facts.map((f) => [f.id, { ...f, fact: f.id }]));
}

/** Every visible text of the element's shadow root (for "is this answer still on screen"). */
export async function shadowText(page) {
  return page.evaluate(() => {
    const root = document.querySelector('policy-calculator').shadowRoot;
    const values = [...root.querySelectorAll('input')].map((i) => i.value).join(' ');
    return `${root.textContent} ${values}`;
  });
}

// ---------------------------------------------------------------- axe and screenshots

/** axe-core on the page (shadow DOM included): WCAG 2.0/2.1 A and AA plus best practices. */
export async function axe(page, label) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  if (result.length) throw new Error(`axe violations on ${label}:\n  ${result.join('\n  ')}`);
  return result;
}

export async function screenshot(page, name, size = 'desktop') {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}-${size}.png`), fullPage: true });
}

/** Screenshots at both sizes (restores the viewport afterwards). */
export async function screenshots(page, name) {
  const before = page.viewportSize();
  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(50);
    await screenshot(page, name, size);
  }
  if (before) await page.setViewportSize(before);
}

// ---------------------------------------------------------------- privacy and injection probes

/**
 * Everything the page could have kept: the context's cookies (any path),
 * Web Storage, IndexedDB, and Cache Storage (each entry's URL and the
 * SHA-256 of its body).
 */
export async function stored(page) {
  const cookies = await page.context().cookies();
  const kept = await page.evaluate(async () => {
    const cached = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const digest = await crypto.subtle.digest('SHA-256', await (await cache.match(request)).arrayBuffer());
        cached.push({ url: request.url, sha256: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('') });
      }
    }
    return {
      local: localStorage.length,
      session: sessionStorage.length,
      cookie: document.cookie,
      idb: (await indexedDB.databases()).map((d) => d.name),
      cached,
    };
  });
  return { cookies, ...kept };
}

/** The same-origin static files the service worker may cache: paths only, no query, no fragment. */
export const STATIC_FILE = /^\/(|[\w.-]+\.(html|css|js|png|webmanifest)|pkg\/[\w.-]+\.(js|wasm|bin|json))$/;

/**
 * Cache Storage holds byte-for-byte copies of the app's own files and
 * nothing else: same origin, no query, no fragment, the body as served (dist/).
 */
export function assertCacheHoldsStaticFilesOnly(cached, origin, what = '') {
  for (const { url, sha256 } of cached) {
    const u = new URL(url);
    assert.equal(u.origin, origin, `${what} ${url}`);
    assert.equal(u.search + u.hash, '', `${what} ${url}`);
    assert.match(u.pathname, STATIC_FILE, `${what} ${url}`);
    const file = join(ROOT, 'dist', u.pathname === '/' ? 'index.html' : u.pathname);
    assert.equal(sha256, createHash('sha256').update(readFileSync(file)).digest('hex'), `${what} ${url} is the file as served`);
  }
}

/**
 * Where any of `needles` still shows: text, attribute values and form values
 * (open shadow roots included), the title, the address, history state, and
 * the names of performance entries (every URL the page fetched).
 */
export async function traces(page, needles) {
  return page.evaluate((needles) => {
    const places = [
      ['title', document.title],
      ['location', location.href],
      ['history.state', JSON.stringify(history.state)],
      ['performance', performance.getEntries().map((e) => e.name).join(' ')],
    ];
    const walk = (root, where) => {
      places.push([`${where} text`, (root.documentElement ?? root).textContent]);
      for (const node of root.querySelectorAll('*')) {
        const at = `${where} ${node.localName}${node.id ? `#${node.id}` : ''}`;
        for (const a of node.attributes) places.push([`${at}[${a.name}]`, a.value]);
        if (typeof node.value === 'string') places.push([`${at}.value`, node.value]);
        if (node.shadowRoot) walk(node.shadowRoot, `${at}::shadow`);
      }
    };
    walk(document, 'document');
    return places.flatMap(([where, text]) => needles.filter((n) => text?.includes(n)).map((n) => `${where}: ${n}`));
  }, needles);
}

/**
 * What a markup payload would have created, anywhere (open shadow roots
 * included): elements the app never makes, scripts other than the page's
 * own, event-handler attributes, javascript: URLs; and whether any payload
 * ran (payloads set window.__pwned).
 */
export async function injected(page) {
  return page.evaluate(() => {
    const found = [];
    const walk = (root) => {
      for (const node of root.querySelectorAll('*')) {
        const tag = node.localName;
        if (['img', 'iframe', 'frame', 'object', 'embed', 'svg', 'math', 'base', 'video', 'audio', 'template', 'foreignobject'].includes(tag)) found.push(tag);
        if (tag === 'script' && !/\/(policy-calculator|batch)\.js$/.test(node.src)) found.push(`script ${node.src || node.textContent.slice(0, 40)}`);
        for (const a of node.attributes) {
          if (a.name.startsWith('on')) found.push(`${tag}[${a.name}]`);
          if (/^\s*javascript:/i.test(a.value) && a.name !== 'value') found.push(`${tag}[${a.name}=${a.value}]`);
        }
        if (node.shadowRoot) walk(node.shadowRoot);
      }
    };
    walk(document);
    if (window.__pwned !== undefined) found.push(`payload ran: ${window.__pwned}`);
    return found;
  });
}

/** A same-origin check: every request went to the test server. */
export function foreignRequests(log, origin) {
  return log.requests.filter((r) => !r.url.startsWith(origin) && !r.url.startsWith('data:') && !r.url.startsWith('blob:'));
}
