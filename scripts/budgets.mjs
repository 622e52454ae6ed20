#!/usr/bin/env node
// Measures the browser app's budgets and prints them (never fails on them;
// the sizes that gate the test command are scripts/size-gate.mjs's):
//   - bytes transferred before the first question is shown (as served: the
//     server compresses with brotli for Chromium; gzip -9 of the same files
//     for the "< 100 KB gzip" aim), on the main page and the embedded demo;
//   - the wasm module alone: raw, gzip -9, brotli;
//   - time to the first question under a throttled mobile profile (CDP:
//     150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, CPU 4x slower), cold cache,
//     median of several runs, plus unthrottled;
//   - Lighthouse mobile scores (performance, accessibility, best practices)
//     with Debian's Chromium headless and the background-networking flags.
// Writes the figures into www/BUDGETS.md as well. Times are from navigation
// start to the element's `pc-first-screen` performance mark.
//
//   node scripts/budgets.mjs [--runs 3] [--no-lighthouse] [--no-write]
// Needs the built app in dist/ (scripts/serve.sh or scripts/test-web.sh builds it);
// file sizes are those of dist/, which is what is served and deployed.

import { chromium } from 'playwright-core';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';
import { startServer } from './serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WWW = join(ROOT, 'www');
const DIST = join(ROOT, 'dist');
const AS_OF = '2025-03-01';
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) > 0 && args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
const LIGHTHOUSE = !args.includes('--no-lighthouse');
const WRITE = !args.includes('--no-write');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--disable-dev-shm-usage'];
const MOBILE = { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8, cpu: 4 };

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function fileSizes(path) {
  const raw = readFileSync(path);
  return {
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    br: brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/**
 * Loads `path` in a fresh context (cold cache) and reports what crossed the
 * wire until the element marked its first screen (performance mark
 * `pc-first-screen`): resource timing entries that started before the mark,
 * with their transfer sizes (headers and compressed body).
 */
async function load(browser, base, path, { throttle = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle) {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: MOBILE.latency, downloadThroughput: MOBILE.downloadThroughput, uploadThroughput: MOBILE.uploadThroughput });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: MOBILE.cpu });
  }
  await page.goto(new URL(path, base).href, { waitUntil: 'commit' });
  await page.waitForSelector('policy-calculator[ready]', { timeout: 120000 });
  // a resource is listed once it has finished: wait for the downloads started
  // before the first screen (the core, on index.html) to end
  await page.waitForSelector('policy-calculator[settled]', { timeout: 120000 });
  const measured = await page.evaluate(() => {
    const mark = performance.getEntriesByName('pc-first-screen')[0];
    const at = mark ? mark.startTime : performance.now();
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource').filter((e) => e.startTime <= at);
    const list = [nav, ...resources].map((e) => ({ url: e.name, bytes: e.transferSize, body: e.encodedBodySize }));
    return { at, list };
  });
  await context.close();
  const requests = measured.list;
  return { elapsed: Math.round(measured.at), requests, transferred: requests.reduce((s, r) => s + r.bytes, 0) };
}

/** gzip -9 of the files a page load fetched (what a gzip-only server would send, bodies only). */
function gzipOf(requests, base) {
  let total = 0;
  for (const r of requests) {
    const u = new URL(r.url);
    if (u.origin !== new URL(base).origin) continue;
    let p = decodeURIComponent(u.pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = join(DIST, p);
    if (existsSync(file)) total += gzipSync(readFileSync(file), { level: 9 }).length;
  }
  return total;
}

function lighthouse(url) {
  const out = join(mkdtempSync(join(tmpdir(), 'pc-lh-')), 'report.json');
  const bin = join(ROOT, 'node_modules', '.bin', 'lighthouse');
  return new Promise((ok) => {
    execFile(bin, [url, '--quiet', '--output=json', `--output-path=${out}`, '--only-categories=performance,accessibility,best-practices',
      `--chrome-flags=${FLAGS.join(' ')}`, '--max-wait-for-load=60000'],
    { env: { ...process.env, CHROME_PATH: CHROMIUM }, timeout: 240000 }, (err, stdout, stderr) => {
      if (err || !existsSync(out)) return ok({ error: (stderr || String(err)).split('\n').filter(Boolean).slice(-3).join(' | ') });
      const report = JSON.parse(readFileSync(out, 'utf8'));
      rmSync(dirname(out), { recursive: true, force: true });
      const score = (id) => Math.round((report.categories[id]?.score ?? 0) * 100);
      const audit = (id) => report.audits[id]?.displayValue ?? '';
      ok({
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        fcp: audit('first-contentful-paint'),
        lcp: audit('largest-contentful-paint'),
        tbt: audit('total-blocking-time'),
        cls: audit('cumulative-layout-shift'),
        failing: Object.values(report.audits).filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual' && a.scoreDisplayMode !== 'notApplicable').map((a) => a.id).slice(0, 12),
      });
    });
  });
}

const server = await startServer({ port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
const results = { date: new Date().toISOString().slice(0, 10) };
try {
  const wasm = fileSizes(join(DIST, 'pkg', 'policycalc_bg.wasm'));
  const regionIds = JSON.parse(readFileSync(join(DIST, 'pkg', 'regions.json'), 'utf8')).map((r) => r.id);
  const catalogs = Object.fromEntries(['zh-Hans', 'zh-Hant', 'en'].map((l) => {
    const regions = regionIds.map((r) => fileSizes(join(DIST, 'pkg', `catalog.${r}.${l}.bin`)).gzip);
    return [l, { ...fileSizes(join(DIST, 'pkg', `catalog.${l}.bin`)), regionMin: Math.min(...regions), regionMax: Math.max(...regions) }];
  }));
  results.regionIndex = fileSizes(join(DIST, 'pkg', 'regions.json'));
  const ownFiles = ['policy-calculator.js', 'pc-element.js', 'pc-core.js', 'pc-dom.js', 'pc-kiosk.js', 'policy-calculator.css', 'i18n.js', 'qr.js', 'pc-results.js', 'pc-share.js', 'i18n-results.js', 'trusted.js', 'pkg/policycalc.js'];
  const own = ownFiles.map((f) => [f, fileSizes(join(DIST, f))]);
  results.ownSource = ownFiles.reduce((s, f) => s + fileSizes(join(WWW, f)).gzip, 0);
  results.wasm = wasm;
  results.catalogs = catalogs;
  results.own = own;

  const pages = { main: `index.html?as-of=${AS_OF}`, embedded: `demo.html?as-of=${AS_OF}` };
  results.pages = {};
  await load(browser, server.url, pages.main); // warm-up: the browser's own first-start costs are not the page's
  for (const [name, path] of Object.entries(pages)) {
    const fast = await load(browser, server.url, path);
    const slow = [];
    for (let i = 0; i < RUNS; i++) slow.push((await load(browser, server.url, path, { throttle: true })).elapsed);
    results.pages[name] = {
      path,
      requests: fast.requests.length,
      transferred: fast.transferred,
      gzip: gzipOf(fast.requests, server.url),
      fastMs: fast.elapsed,
      mobileMs: median(slow),
      mobileRuns: slow,
      files: fast.requests.map((r) => `${new URL(r.url).pathname} ${kb(r.bytes)}`),
    };
  }
  if (LIGHTHOUSE) {
    results.lighthouse = {};
    for (const [name, path] of Object.entries({ main: `index.html?as-of=${AS_OF}`, embedded: `demo.html?as-of=${AS_OF}` })) {
      results.lighthouse[name] = await lighthouse(new URL(path, server.url).href);
    }
  }
} finally {
  await browser.close();
  await server.close();
}

// ------------------------------------------------------------------ report

const lines = [];
const p = (s = '') => lines.push(s);
p(`Measured ${results.date} on this machine (2 shared cores), Chromium ${'(Debian)'}, served by scripts/serve.mjs (brotli for Chromium).`);
p();
p('| budget | figure | aim |');
p('|---|---|---|');
for (const [name, page] of Object.entries(results.pages)) {
  p(`| bytes before the first question, ${name} page (${page.path.split('?')[0]}), as served | ${kb(page.transferred)} in ${page.requests} requests | |`);
  p(`| same files gzip -9 (bodies) | ${kb(page.gzip)} | < 100 KB |`);
}
p(`| wasm module alone | ${kb(results.wasm.raw)} raw, ${kb(results.wasm.gzip)} gzip, ${kb(results.wasm.br)} brotli | |`);
p(`| region list (pkg/regions.json, all the region choice needs) | ${kb(results.regionIndex.raw)} raw, ${kb(results.regionIndex.gzip)} gzip | |`);
for (const [lang, c] of Object.entries(results.catalogs)) p(`| catalog ${lang}: one region (fetched once it is known) / every region (batch page) | ${kb(c.regionMin)}–${kb(c.regionMax)} gzip / ${kb(c.raw)} raw, ${kb(c.gzip)} gzip | |`);
p(`| app JS + CSS, minified (${results.own.map(([f]) => f).join(', ')}) | ${kb(results.own.reduce((s, [, x]) => s + x.raw, 0))} raw, ${kb(results.own.reduce((s, [, x]) => s + x.gzip, 0))} gzip (sources in www/: ${kb(results.ownSource)} gzip) | |`);
for (const [name, page] of Object.entries(results.pages)) {
  p(`| time to first question, ${name} page, throttled mobile (150 ms RTT, 1.6 Mbit/s, CPU ×4), median of ${page.mobileRuns.length} | ${page.mobileMs} ms (runs: ${page.mobileRuns.join(', ')}) | |`);
  p(`| time to first question, ${name} page, unthrottled localhost | ${page.fastMs} ms | |`);
}
if (results.lighthouse) {
  for (const [name, lh] of Object.entries(results.lighthouse)) {
    if (lh.error) p(`| Lighthouse mobile, ${name} page | failed: ${lh.error} | |`);
    else {
      p(`| Lighthouse mobile, ${name} page: performance / accessibility / best practices | ${lh.performance} / ${lh.accessibility} / ${lh.bestPractices} | |`);
      p(`| Lighthouse ${name}: FCP, LCP, TBT, CLS | ${lh.fcp}, ${lh.lcp}, ${lh.tbt}, ${lh.cls} | |`);
      if (lh.failing.length) p(`| Lighthouse ${name}: audits under 0.9 | ${lh.failing.join(', ')} | |`);
    }
  }
}
p();
for (const [name, page] of Object.entries(results.pages)) p(`Requests before the first question (${name}): ${page.files.join('; ')}.`);

const table = lines.join('\n');
console.log(table);

if (WRITE) {
  const doc = `# Budgets

Written by \`node scripts/budgets.mjs\` (it prints the same figures and never
fails on them). The sizes that gate the test command are in
\`scripts/size-budgets.json\`, checked by \`scripts/size-gate.mjs\` (gzip -9,
deterministic); times stay here. "Before the first question" ends when the
element has shown its first screen: the region choice on index.html (drawn
from the region list; the core is fetched once that screen is up, so it is
not counted), the role question on the embedded demo page (core and the
region's catalog). Once the region is
known, its catalogs in the other two languages are fetched in idle time, with
the QR encoder, so that a language switch fetches nothing; they are not
counted here, nor is the chosen region's catalog on index.html (9–15 KB gzip,
fetched when the reader picks the region).

${table}
`;
  // Hand-written sections (each a '## ' heading after the generated part,
  // e.g. the batch modules' history) are kept as they are.
  const path = join(WWW, 'BUDGETS.md');
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const kept = previous.indexOf('\n## ');
  writeFileSync(path, kept < 0 ? doc : `${doc}${previous.slice(kept)}`);
  console.log('\nwritten to www/BUDGETS.md');
}
