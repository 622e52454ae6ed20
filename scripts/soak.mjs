#!/usr/bin/env node
// Kiosk soak: a few hundred visitors in one kiosk page that is never
// reloaded. Each visitor picks a region, a role, answers one number with a
// value of their own (a marker), and ends with "end and clear". Every
// `--every` visitors, after forced garbage collection: DOM nodes, JS event
// listeners, JS heap, the core's linear memory, what `settling` resolves to,
// and whether the previous visitor's marker is anywhere in that memory.
// Writes a Markdown report (stdout, and --out FILE). The suite runs a short
// version of this (tests/e2e/portal.test.mjs); this one is for reports.
//
//   node scripts/soak.mjs [--visitors 300] [--every 25] [--out test-results/soak.md]
// Needs dist/ (scripts/serve.sh or scripts/test-web.sh builds it).

import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setup, openPage, el } from '../tests/e2e/helpers.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const VISITORS = Number(opt('--visitors', 300));
const EVERY = Number(opt('--every', 25));
const OUT = opt('--out', null);

const env = await setup();
const { page, close } = await openPage(env, 'kiosk.html?as-of=2025-03-01&idle=600');
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
// !! everywhere: an element returned to the harness would be kept alive by its handle
const shows = (selector) => page.waitForFunction((s) => !!document.querySelector('policy-calculator').shadowRoot.querySelector(s), selector);

async function sample(visitor, marker) {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
  const inPage = await page.evaluate(async (marker) => {
    const exports = await (await import('/pkg/policycalc.js')).default();
    const bytes = new Uint8Array(exports.memory.buffer);
    const needle = new TextEncoder().encode(marker);
    let found = false;
    outer: for (let i = bytes.indexOf(needle[0]); i >= 0; i = bytes.indexOf(needle[0], i + 1)) {
      for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
      found = true;
      break;
    }
    const settled = await document.querySelector('policy-calculator').settling;
    return { wasm: bytes.length, found, settling: settled === undefined ? 0 : JSON.stringify(settled).length };
  }, marker);
  return { visitor, nodes: m.Nodes, listeners: m.JSEventListeners, heap: m.JSHeapUsedSize, ...inPage };
}

const rows = [];
const started = Date.now();
try {
  for (let i = 1; i <= VISITORS; i++) {
    const marker = String(40000 + i * 7); // five digits (interns are at most 100000), different for every visitor
    await el(page, 'input[name="pc-region"][value="bayannur"]').check();
    await el(page, '.pc-start button[type="submit"]').click();
    await shows('form.pc-question[data-fact="role"]');
    await el(page, 'input[name="pc-answer"][value="employer"]').check();
    await el(page, 'button.pc-next').click();
    await shows('form.pc-question[data-fact="interns"]');
    await el(page, '#pc-input').fill(marker);
    await el(page, 'button.pc-next').click();
    await shows('form.pc-question:not([data-fact="interns"]), .pc-totals');
    const wiped = page.evaluate(() => new Promise((ok) => document.addEventListener('pc-wiped', ok, { once: true })));
    await el(page, 'button.pc-end').click();
    await wiped;
    await shows('input[name="pc-region"]');
    if (i === 1 || i % EVERY === 0) rows.push(await sample(i, marker));
  }
} finally {
  await close();
  await env.close();
}

const first = rows.find((r) => r.visitor >= EVERY) ?? rows[0];
const last = rows[rows.length - 1];
const lines = [
  `# Kiosk soak: ${VISITORS} visitors in one page`,
  '',
  `${new Date().toISOString().slice(0, 10)}, ${Math.round((Date.now() - started) / 1000)} s. Each visitor: region, role, one number (a marker of their own), "end and clear". Sampled after 3 forced GCs.`,
  '',
  '| visitor | DOM nodes | listeners | JS heap B | wasm memory B | settling (JSON length) | last marker in wasm memory |',
  '|---:|---:|---:|---:|---:|---:|---|',
  ...rows.map((r) => `| ${r.visitor} | ${r.nodes} | ${r.listeners} | ${r.heap} | ${r.wasm} | ${r.settling} | ${r.found ? '**yes**' : 'no'} |`),
  '',
  `From visitor ${first.visitor} to ${last.visitor}: nodes ${first.nodes} -> ${last.nodes}, listeners ${first.listeners} -> ${last.listeners}, wasm memory ${first.wasm} -> ${last.wasm} B, JS heap ${first.heap} -> ${last.heap} B (${(((last.heap - first.heap) / Math.max(1, last.visitor - first.visitor)) * 100 / 1024).toFixed(1)} KB per 100 visitors). Marker found after a wipe: ${rows.filter((r) => r.found).length} of ${rows.length} samples.`,
];
const report = `${lines.join('\n')}\n`;
process.stdout.write(report);
if (OUT) {
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, report);
}
const flat = first.nodes === last.nodes && first.listeners === last.listeners && first.wasm === last.wasm && last.settling === 0 && !rows.some((r) => r.found);
process.exit(flat ? 0 : 1);
