#!/usr/bin/env node
// Builds the deployable browser app into dist/: a copy of www/ (with the
// wasm build in www/pkg) whose JavaScript and CSS are minified by esbuild.
// Each file is transformed on its own: no bundling, so file names, the
// module graph and the embedding (one script tag for policy-calculator.js)
// stay exactly as in www/, which is kept readable. Texts keep their UTF-8
// characters (no \u escapes: the interface's Chinese would grow). The
// documents (*.md) stay behind; everything else is copied as it is.
// Last, dist/sw.js is written from www/sw.js with its file lists and cache
// version filled in from what dist/ then holds (see swLists below).
//
//   node scripts/build-web.mjs        # scripts/serve.sh and scripts/test-web.sh run it

import { transform } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WWW = join(ROOT, 'www');
const DIST = join(ROOT, 'dist');

const files = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? files(path) : [path];
});

// The service worker is written last, from what dist/ holds.
const SW = 'sw.js';
// Cached when first used, not at install (pages and modules a reader of the
// calculator may never open, and the all-region catalogs only the batch
// loads); every other file is fetched at install, so a new file in www/ is
// offline without anyone listing it.
const ON_USE = [/^embed\./, /^batch[.-]/, /^pkg\/policycalc_batch/, /^pkg\/catalog\.(zh-Hans|zh-Hant|en)\.bin$/];
// Never cached: the TypeScript declarations of the wasm glue (no page loads them).
const NOT_CACHED = /\.d\.ts$/;

rmSync(DIST, { recursive: true, force: true });
let before = 0;
let after = 0;
for (const source of files(WWW)) {
  const name = relative(WWW, source);
  if (name.endsWith('.md') || name === SW) continue;
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
    format: loader === 'js' ? 'esm' : undefined,
    sourcefile: name,
  });
  for (const warning of result.warnings) console.warn(`build-web: ${name}: ${warning.text}`);
  writeFileSync(target, result.code);
  before += Buffer.byteLength(code);
  after += Buffer.byteLength(result.code);
}
/**
 * dist/sw.js: www/sw.js with FILES, ON_USE and the cache version filled in.
 * The catalogs its REGION_CATALOG pattern takes are cached on use by that
 * pattern. The version is a hash of every cached file's name and bytes, so a
 * changed file gets a new cache (and the old one is deleted on activation).
 * Not minified: it is fetched after the first screen, and stays readable.
 */
function writeServiceWorker() {
  const source = readFileSync(join(WWW, SW), 'utf8');
  const regionCatalog = new RegExp(/const REGION_CATALOG = \/(.+)\/;/.exec(source)[1]);
  const names = files(DIST).map((f) => relative(DIST, f).split('\\').join('/')).sort();
  const cached = names.filter((n) => !NOT_CACHED.test(n) && !regionCatalog.test(n));
  const onUse = cached.filter((n) => ON_USE.some((p) => p.test(n)));
  const atInstall = ['./', ...cached.filter((n) => !onUse.includes(n))];
  const hash = createHash('sha256');
  for (const name of names.filter((n) => !NOT_CACHED.test(n))) hash.update(`${name}\0`).update(readFileSync(join(DIST, name)));
  const list = (items) => `[\n${items.map((n) => `  '${n}',\n`).join('')}]`;
  const code = source
    .replace('@BUILD_VERSION@', hash.digest('hex').slice(0, 16))
    .replace(/\[\/\* @BUILD_FILES@[^*]*\*\/\]/, list(atInstall))
    .replace(/\[\/\* @BUILD_ON_USE@[^*]*\*\/\]/, list(onUse));
  if (code.includes('@BUILD_')) throw new Error('build-web: a placeholder of www/sw.js was left unfilled (its lists must read [/* @BUILD_FILES@ ... */])');
  writeFileSync(join(DIST, SW), code);
  return atInstall.length + onUse.length;
}
const swFiles = writeServiceWorker();
console.error(`build-web: dist/sw.js lists ${swFiles} files; dist/ written; JS and CSS ${(before / 1024).toFixed(1)} KB -> ${(after / 1024).toFixed(1)} KB minified`);
