// Our wasm build in Node (bench/run.sh): the browser's module and the
// benchmark catalog, CSV text to CSV text through BatchJob, as the page's
// worker does it (4 MiB chunks), timed from bytes in memory (decoding
// included) to the finished output, a Blob of the pieces as the page's
// (read back into a file after the clock stops).
//
//   node bench/wasm/node.mjs IN.csv CATALOG.bin OUT.csv LABEL

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// PKG: another wasm-bindgen output directory (bench/run.sh measures an
// opt-level 3 build beside the shipped -Oz one).
const pkg = process.env.PKG ? new URL(`file://${process.env.PKG}/`) : new URL('../../www/pkg/', import.meta.url);
const { default: init, Calculator } = await import(new URL('policycalc_batch.js', pkg).href);

const [input, catalogPath, outPath, label] = process.argv.slice(2);
const wasm = readFileSync(fileURLToPath(new URL('policycalc_batch_bg.wasm', pkg)));
await init({ module_or_path: wasm });
const calc = new Calculator(readFileSync(catalogPath));
const bytes = readFileSync(input);
const CHUNK = 4 << 20;

// UTF-8 bytes in, the output rows as Blobs (`pushBytes`), as the batch page does.
function batch() {
  const job = calc.batchBegin('', '2025-03-01', 'en', 0, true, false);
  const parts = [];
  for (let at = 0; at < bytes.length; at += CHUNK) parts.push(job.pushBytes(bytes.subarray(at, at + CHUNK)).blob);
  const result = job.finish();
  parts.push(result.csv);
  job.free();
  if (result.stats.rejected) throw new Error(`${result.stats.rejected} rows rejected`);
  return new Blob(parts, { type: 'text/csv' });
}

const rows = bytes.toString('utf8').split('\n').length - 2;
const runs = rows <= 10000 ? 50 : rows <= 200000 ? 5 : 1;
const times = [];
let out = null;
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  out = batch();
  times.push((performance.now() - t) / 1000);
}
if (process.env.SHOW_RUNS) console.error(times.map((t) => t.toFixed(3)).join(" "));
times.sort((a, b) => a - b);
writeFileSync(outPath, Buffer.from(await out.arrayBuffer()));
console.log(JSON.stringify({ engine: 'ours-wasm-node', mode: 'csv-to-csv', label, rows, seconds: times[0], runs }));
