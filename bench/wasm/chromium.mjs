// Our wasm build in headless Chromium (bench/run.sh), two ways:
//  - bench/wasm/page.html: the benchmark catalog, the same loop as node.mjs
//    (decode, parse, evaluate, output Blob), on the page's main thread;
//  - www/batch.html, the real page: the full catalog, its worker, file read,
//    progress messages and result tables, every region's provisions as
//    columns (the detailed columns), CSV out, timed from the click on
//    "Compute" to the results on screen; with a pool of one worker (`?pool=1`) and the
//    pool the page picks (`?pool=N` with POOL=N), PAGE_RUNS (2) runs each on
//    a fresh page, each with the peak resident memory of the renderer
//    process (sampled every 50 ms; it holds the page, its workers and the
//    output Blob) and the workers' wasm linear memory after the run.
// Debian's Chromium through playwright-core; never a downloaded browser.
//
//   node bench/wasm/chromium.mjs IN.csv CATALOG.bin LABEL EXPECTED_SHA256 [--page]

import { createServer } from 'node:http';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const require = createRequire(join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');
const [input, catalog, label, expected] = process.argv.slice(2);
const withPage = process.argv.includes('--page');

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  const file = join(ROOT, path);
  if (!file.startsWith(ROOT)) { res.writeHead(403).end(); return; }
  try {
    const st = statSync(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': st.size });
    createReadStream(file).pipe(res);
  } catch { res.writeHead(404).end(); }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;
const rel = (p) => '/' + resolve(p).slice(ROOT.length + 1);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const rows = Number(process.env.ROWS);
  const runs = rows <= 10000 ? 30 : rows <= 200000 ? 5 : 1;
  const page = await browser.newPage();
  await page.goto(`${base}/bench/wasm/page.html`);
  await page.waitForFunction(() => document.getElementById('state').textContent === 'ready');
  const r = await page.evaluate(([d, c, n]) => window.runBench(d, c, n), [rel(input), rel(catalog), runs]);
  console.log(JSON.stringify({ engine: 'ours-wasm-chromium', mode: 'csv-to-csv', label, rows, seconds: r.seconds, runs, agrees_with_node: r.sha256 === expected, first_run: r.order[0] }));
  await page.close();

  if (withPage) {
    for (const pool of ['1', process.env.POOL ?? '']) {
      for (let i = 0; i < Number(process.env.PAGE_RUNS ?? 2); i++) await pageRun(pool);
    }
  }
} finally {
  await browser.close();
  server.close();
}

/** Resident kB of this process's descendant Chromium renderers (the largest). */
function rendererKb() {
  const parent = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      parent.set(pid, readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
    } catch { /* gone */ }
  }
  const mine = (pid) => {
    for (let p = pid; p && p !== '1' && p !== '0'; p = parent.get(p)) if (p === String(process.pid)) return true;
    return false;
  };
  let max = 0;
  for (const pid of parent.keys()) {
    try {
      if (!mine(pid) || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      max = Math.max(max, Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch { /* gone */ }
  }
  return max;
}

/** One run of the real page on a fresh page, `pool` workers ('' = the page's choice). */
async function pageRun(pool) {
  const rows = Number(process.env.ROWS);
  const real = await browser.newPage();
  try {
    await real.goto(`${base}/www/batch.html?lang=en&as-of=2025-03-01${pool ? `&pool=${pool}` : ''}`);
    await real.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    await real.setInputFiles('#bt-file', resolve(input));
    // Every region's provisions as columns (status, amount, reason each), CSV out.
    await real.check('#bt-detailed');
    await real.selectOption('#bt-format', 'csv');
    let peak = rendererKb();
    const sampler = setInterval(() => { peak = Math.max(peak, rendererKb()); }, 50);
    const seconds = await real.evaluate(() => new Promise((done) => {
      const t = performance.now();
      const watch = new MutationObserver(() => {
        const state = document.body.dataset.state;
        if (state === 'done' || state === 'failed') {
          watch.disconnect();
          requestAnimationFrame(() => done(state === 'done' ? (performance.now() - t) / 1000 : -1));
        }
      });
      watch.observe(document.body, { attributes: true });
      document.getElementById('bt-start').click();
    }));
    clearInterval(sampler);
    const counts = await real.textContent('#bt-counts');
    const worker = Number(await real.getAttribute('body', 'data-seconds'));
    const used = Number(await real.getAttribute('body', 'data-pool'));
    const wasmMib = Number(await real.getAttribute('body', 'data-wasm-bytes')) / 1048576;
    const mode = pool === '1' ? 'batch-page-full-catalog-pool-1' : 'batch-page-full-catalog';
    console.log(JSON.stringify({
      engine: 'ours-wasm-chromium', mode, label, rows, seconds, runs: 1, pool: used, worker_seconds: worker, counts,
      renderer_peak_mib: Math.round(peak / 1024), wasm_memory_mib: Math.round(wasmMib), load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    }));
  } finally {
    await real.close();
  }
}
