#!/usr/bin/env node
// The size gate of the test command (scripts/test-web.sh): gzip -9 bytes of
// what each page loads before its first question, and of each wasm module,
// against the budgets in scripts/size-budgets.json. Fails (exit 1) when one
// is exceeded. Sizes are deterministic for a pinned toolchain and lock file,
// so they can gate; times are not, and stay in the reports
// (scripts/budgets.mjs, www/BUDGETS.md).
//
// Which files a page loads before its first question is listed in the
// budgets file; tests/e2e/portal.test.mjs loads each page in Chromium and
// checks that the list is exactly what the browser fetched, so the list
// cannot drift from the page.
//
//   node scripts/size-gate.mjs [--json]      # needs dist/ (scripts/build-web.mjs)

import { readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
export const BUDGETS = JSON.parse(readFileSync(join(ROOT, 'scripts', 'size-budgets.json'), 'utf8'));

const gzip = (file) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** Every budget with its measured figure: [{ name, files, bytes, budget, ok }]. */
export function measure() {
  const rows = [];
  for (const [name, page] of Object.entries(BUDGETS.pages)) {
    const missing = page.files.filter((f) => !existsSync(join(DIST, f)));
    if (missing.length) throw new Error(`size gate: ${name}: missing in dist/: ${missing.join(', ')} (build with scripts/build-web.mjs)`);
    const files = page.files.map((f) => [f, gzip(f)]);
    const bytes = files.reduce((s, [, n]) => s + n, 0);
    rows.push({ name: `${name} page (${page.page}) before its first question`, files, bytes, budget: page.gzip_budget, ok: bytes <= page.gzip_budget });
  }
  for (const [file, budget] of Object.entries(BUDGETS.modules)) {
    if (!existsSync(join(DIST, file))) throw new Error(`size gate: missing in dist/: ${file}`);
    const bytes = gzip(file);
    rows.push({ name: `module ${file}`, files: [[file, bytes]], bytes, budget, ok: bytes <= budget });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = measure();
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  for (const r of rows) {
    console.log(`${r.ok ? 'ok  ' : 'OVER'} ${r.name}: ${kb(r.bytes)} gzip (${r.bytes} B), budget ${kb(r.budget)} (${r.budget} B)`);
    if (!r.ok) for (const [f, n] of r.files) console.log(`       ${f}: ${n} B`);
  }
  const over = rows.filter((r) => !r.ok);
  if (over.length) {
    console.error(`size gate: ${over.length} budget(s) exceeded (scripts/size-budgets.json)`);
    process.exit(1);
  }
}
