// The batch wasm module (as shipped, www/pkg/policycalc_batch_xlsx*, the Excel one) in Node on
// 100k rows: .xlsx in (openWorkbook + pushWorkbook slices) and .xlsx out
// (outputWorkbook), beside CSV in and out. Best of 3 each. Used by bench/xlsx.sh.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import init, { Calculator } from '../../www/pkg/policycalc_batch_xlsx.js';

const [xlsxPath, csvPath] = process.argv.slice(2);
const root = new URL('../../www/', import.meta.url);
await init({ module_or_path: readFileSync(fileURLToPath(new URL('pkg/policycalc_batch_xlsx_bg.wasm', root))) });
const calc = new Calculator(new Uint8Array(readFileSync(fileURLToPath(new URL('pkg/catalog.en.bin', root)))));
const xlsx = new Uint8Array(readFileSync(xlsxPath));
const csv = readFileSync(csvPath, 'utf8');

function once(input, out) {
  const t = performance.now();
  const job = calc.batchBegin('', '2025-03-01', 'en', 0, false, out === 'xlsx');
  let bytes = 0;
  if (input === 'xlsx') {
    job.openWorkbook(xlsx, '');
    for (;;) {
      const r = job.pushWorkbook(2000);
      bytes += r.csv.length;
      if (!r.more) break;
    }
  } else {
    bytes += job.push(csv).csv.length;
  }
  const result = job.finish();
  bytes += result.csv.length;
  if (out === 'xlsx') bytes = job.outputWorkbook().length;
  job.free();
  return [(performance.now() - t) / 1000, bytes, result.stats.rows];
}

for (const [input, out] of [['csv', 'csv'], ['xlsx', 'csv'], ['csv', 'xlsx'], ['xlsx', 'xlsx']]) {
  const runs = [once(input, out), once(input, out), once(input, out)];
  const best = Math.min(...runs.map((r) => r[0]));
  console.log(`wasm-node 100k ${input} -> ${out}`.padEnd(34), `${(best * 1000).toFixed(0).padStart(7)} ms  (${runs[0][2]} rows, output ${runs[0][1]} ${out === 'xlsx' ? 'bytes' : 'chars'})`);
}
