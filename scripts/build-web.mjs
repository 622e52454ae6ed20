#!/usr/bin/env node
// Builds the deployable browser app into dist/: a copy of www/ (with the
// wasm build in www/pkg) whose JavaScript and CSS are minified by esbuild.
// Each file is transformed on its own: no bundling, so file names, the
// module graph and the embedding (one script tag for policy-calculator.js)
// stay exactly as in www/, which is kept readable. Texts keep their UTF-8
// characters (no \u escapes: the interface's Chinese would grow). The
// documents (*.md) stay behind; everything else is copied as it is.
//
//   node scripts/build-web.mjs        # scripts/serve.sh and scripts/test-web.sh run it

import { transform } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WWW = join(ROOT, 'www');
const DIST = join(ROOT, 'dist');

const files = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? files(path) : [path];
});

// sw.js is a classic script (its top-level names are globals); the rest are modules.
const CLASSIC = new Set(['sw.js']);

rmSync(DIST, { recursive: true, force: true });
let before = 0;
let after = 0;
for (const source of files(WWW)) {
  const name = relative(WWW, source);
  if (name.endsWith('.md')) continue;
  const target = join(DIST, name);
  mkdirSync(dirname(target), { recursive: true });
  const loader = name.endsWith('.js') ? 'js' : name.endsWith('.css') ? 'css' : null;
  if (!loader) {
    cpSync(source, target, { preserveTimestamps: true });
    continue;
  }
  const code = readFileSync(source, 'utf8');
  const result = await transform(code, {
    loader,
    minify: true,
    charset: 'utf8',
    legalComments: 'none',
    format: loader === 'js' && !CLASSIC.has(name) ? 'esm' : undefined,
    sourcefile: name,
  });
  for (const warning of result.warnings) console.warn(`build-web: ${name}: ${warning.text}`);
  writeFileSync(target, result.code);
  before += Buffer.byteLength(code);
  after += Buffer.byteLength(result.code);
}
console.error(`build-web: dist/ written; JS and CSS ${(before / 1024).toFixed(1)} KB -> ${(after / 1024).toFixed(1)} KB minified`);
