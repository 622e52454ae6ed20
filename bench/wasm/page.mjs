// Loaded by bench/wasm/chromium.mjs: the same loop as node.mjs, in the page.
import init, { Calculator } from '../../www/pkg/policycalc_batch.js';

const CHUNK = 4 << 20;

window.runBench = async (dataUrl, catalogUrl, runs) => {
  await init({ module_or_path: new URL('../../www/pkg/policycalc_batch_bg.wasm', import.meta.url) });
  const calc = new Calculator(new Uint8Array(await (await fetch(catalogUrl)).arrayBuffer()));
  const bytes = new Uint8Array(await (await fetch(dataUrl)).arrayBuffer());
  const times = [];
  let output = null;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    // UTF-8 bytes in, UTF-8 bytes out (`pushBytes`), as the batch page does.
    const job = calc.batchBegin('', '2025-03-01', 'en', 0, true, false);
    const parts = [];
    for (let at = 0; at < bytes.length; at += CHUNK) {
      parts.push(job.pushBytes(bytes.subarray(at, at + CHUNK)).blob);
    }
    const result = job.finish();
    parts.push(new Blob([result.csv]));
    job.free();
    output = new Blob(parts, { type: 'text/csv' });
    times.push((performance.now() - t) / 1000);
    if (result.stats.rejected) throw new Error(`${result.stats.rejected} rows rejected`);
  }
  const order = times.slice();
  times.sort((a, b) => a - b);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await output.arrayBuffer()));
  const sha256 = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  return { seconds: times[0], runs, sha256, bytes: output.size, order };
};
document.getElementById('state').textContent = 'ready';
