// The batch page's memory on one file (issue 14: bounded memory), a figure
// for the report, not a timed test: the JS heap of every worker (the reader
// and the pool's, peaks sampled every 50 ms over the DevTools protocol), the
// renderer process's peak resident memory, and the workers' wasm linear
// memory after the run (`data-wasm-bytes`, as the page reports it), and the
// browser process's peak (where Chromium keeps Blob bytes).
// Debian's Chromium through playwright-core; the DevTools socket needs
// `node --experimental-websocket` on Node 20.
//
//   node --experimental-websocket bench/wasm/page-memory.mjs IN.csv [POOL] [--save] [--detailed]
// (bench/run.sh runs it on 200k rows; bench/report.py prints its lines.)
//
// POOL: `?pool=` ('' = the page's choice); --save: write the results to a
// picked file (the picker answered with a file in the page's private storage).
// PAGE_ROOT serves another checkout's www/ (a "before" figure).

import { createServer } from 'node:http';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = resolve(process.env.PAGE_ROOT ?? fileURLToPath(new URL('../..', import.meta.url)));
const require = createRequire(join(fileURLToPath(new URL('../..', import.meta.url)), 'package.json'));
const { chromium } = require('playwright-core');
const [input, pool = ''] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const save = process.argv.includes('--save');
const detailed = process.argv.includes('--detailed');

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = createServer((req, res) => {
  const file = join(ROOT, normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  if (!file.startsWith(ROOT)) { res.writeHead(403).end(); return; }
  try {
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  } catch { res.writeHead(404).end(); }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const port = 9200 + (process.pid % 700);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--remote-debugging-port=${port}`],
});

// The DevTools socket: every worker attached (nested ones too), heap polled.
const { webSocketDebuggerUrl } = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
const ws = new WebSocket(webSocketDebuggerUrl);
await new Promise((ok) => { ws.onopen = ok; });
let id = 0;
const replies = new Map();
const send = (method, params = {}, sessionId) => new Promise((ok) => {
  id += 1;
  replies.set(id, ok);
  ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
});
const workers = new Map(); // sessionId -> peak used bytes
const attach = { autoAttach: true, waitForDebuggerOnStart: false, flatten: true };
ws.onmessage = ({ data }) => {
  const m = JSON.parse(data);
  if (m.id) { replies.get(m.id)?.(m.result); replies.delete(m.id); return; }
  if (m.method === 'Target.attachedToTarget') {
    const { sessionId, targetInfo } = m.params;
    if (targetInfo.type === 'worker') workers.set(sessionId, 0);
    send('Target.setAutoAttach', attach, sessionId);
  }
  if (m.method === 'Target.detachedFromTarget') workers.delete(m.params.sessionId);
};
await send('Target.setDiscoverTargets', { discover: true });
await send('Target.setAutoAttach', attach);

let heapSum = 0;
let rss = 0;
let browserRss = 0;
/** Resident kB of this process's Chromium renderer (the largest) and browser process (it holds Blobs). */
function residentKb() {
  const parent = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try { parent.set(pid, readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]); } catch { /* gone */ }
  }
  let [max, browserKb] = [0, 0];
  for (const pid of parent.keys()) {
    let p = pid;
    while (p && p !== '1' && p !== '0' && p !== String(process.pid)) p = parent.get(p);
    if (p !== String(process.pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      if (cmd.includes('--type=renderer')) max = Math.max(max, kb);
      else if (cmd.includes('chrom') && !cmd.includes('--type=')) browserKb = Math.max(browserKb, kb);
    } catch { /* gone */ }
  }
  return [max, browserKb];
}
async function sample() {
  let total = 0;
  for (const s of [...workers.keys()]) {
    const r = await send('Runtime.getHeapUsage', {}, s);
    if (!r) continue;
    workers.set(s, Math.max(workers.get(s), r.usedSize));
    total += r.usedSize;
  }
  heapSum = Math.max(heapSum, total);
  const [renderer, browserKb] = residentKb();
  rss = Math.max(rss, renderer);
  browserRss = Math.max(browserRss, browserKb);
}

try {
  const page = await browser.newPage();
  if (save) {
    await page.addInitScript(() => {
      window.showSaveFilePicker = async () => (await navigator.storage.getDirectory()).getFileHandle('out.csv', { create: true });
    });
  }
  await page.goto(`http://127.0.0.1:${server.address().port}/www/batch.html?lang=en&as-of=2025-03-01${pool ? `&pool=${pool}` : ''}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  await page.setInputFiles('#bt-file', resolve(input));
  await page.selectOption('#bt-format', 'csv');
  if (save) await page.check('#bt-stream');
  if (detailed) await page.check('#bt-detailed');
  let sampling = true;
  const loop = (async () => { while (sampling) { await sample(); await new Promise((ok) => { setTimeout(ok, 50); }); } })();
  const t = Date.now();
  await page.click('#bt-start');
  await page.waitForSelector('body[data-state="done"], body[data-state="failed"]', { timeout: 600000 });
  const seconds = (Date.now() - t) / 1000;
  sampling = false;
  await loop;
  const mib = (b) => Math.round(b / 1048576);
  console.log(JSON.stringify({
    file: input, pool: (await page.getAttribute('body', 'data-pool')) ?? 'none', save, detailed, seconds,
    state: await page.getAttribute('body', 'data-state'), counts: await page.textContent('#bt-counts'),
    worker_heap_peaks_mib: [...workers.values()].map(mib), worker_heap_sum_peak_mib: mib(heapSum),
    wasm_memory_mib: mib(Number(await page.getAttribute('body', 'data-wasm-bytes'))), renderer_peak_mib: Math.round(rss / 1024), browser_process_peak_mib: Math.round(browserRss / 1024),
    load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  }));
} finally {
  ws.close();
  await browser.close();
  server.close();
}
