#!/usr/bin/env node
// Bundles the studio's editor (CodeMirror 6 and its TOML mode, pinned in
// package.json) into one module, dist/studio-editor.js (scripts/build-web.mjs
// runs it after copying www/; the bundle stays out of www/, which holds only
// our own readable sources): the studio page loads nothing from another
// origin and the citizen pages never load it.
//
//   node scripts/build-studio.mjs [OUT_DIR]   # default dist/

import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const result = await build({
  entryPoints: [join(ROOT, 'www', 'studio-editor.src.mjs')],
  outfile: join(process.argv[2] ?? join(ROOT, 'dist'), 'studio-editor.js'),
  bundle: true,
  format: 'esm',
  minify: true,
  charset: 'utf8',
  legalComments: 'none',
  target: 'es2022',
  metafile: true,
});
for (const w of result.warnings) console.warn(`build-studio: ${w.text}`);
const bytes = Object.values(result.metafile.outputs)[0].bytes;
console.error(`build-studio: studio-editor.js written, ${(bytes / 1024).toFixed(1)} KB minified`);
