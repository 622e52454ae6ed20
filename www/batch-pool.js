// One worker of the batch page's pool (batch-worker.js starts them when the
// browser gives more than one core): its own instance of the CSV batch module
// (compiled once by batch-worker.js and handed over), every language's
// catalog texts, and a job that only evaluates blocks of rows that
// batch-worker.js read and split. It answers each block with the block's
// output rows (a UTF-8 CSV Blob, posted by reference) and its counts, errors
// and totals as bytes, which batch-worker.js puts together in input order.
// It fetches nothing.
//
// Messages in: init {module, catalogs, warm}, begin {run, region, asOf, lang,
// detailed, header}, block {run, seq, block}. Out: ready, done {run, seq,
// output, part, memory (its linear memory's bytes)}, failed {run, seq, message}.

import init, { Calculator } from './pkg/policycalc_batch.js';

let calculator = null;
let memory = null;
let job = null;
let run = null;

onmessage = async ({ data }) => {
  try {
    switch (data.type) {
      case 'init': {
        ({ memory } = await init({ module_or_path: data.module }));
        calculator = new Calculator(new Uint8Array(data.catalogs[0]));
        for (const b of data.catalogs.slice(1)) calculator.batchAddTexts(new Uint8Array(b));
        postMessage({ type: 'ready' });
        // The same warm-up as batch-worker.js (the engine's code is optimised
        // once it has run a while); a failure costs only speed.
        try {
          const warm = calculator.batchBegin('', '2025-03-01', 'en', 0, false, false);
          warm.push(data.warm);
          warm.finish();
          warm.free();
        } catch { /* only speed */ }
        break;
      }
      case 'begin':
        job?.free();
        job = calculator.batchWorker(data.region, data.asOf, data.lang, data.detailed, data.header);
        run = data.run;
        break;
      case 'block': {
        if (data.run !== run) break;
        const output = job.evaluateRows(new Uint8Array(data.block));
        const part = job.takePart();
        postMessage({ type: 'done', run: data.run, seq: data.seq, output, part, memory: memory.buffer.byteLength }, [part.buffer]);
        break;
      }
      default:
        break;
    }
  } catch (e) {
    postMessage({ type: 'failed', run: data.run, seq: data.seq, message: e?.message ?? String(e) });
  }
};
