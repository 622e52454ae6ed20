#!/usr/bin/env node
// Builds the deployable browser app into dist/: a copy of www/ (with the
// wasm build in www/pkg) whose JavaScript and CSS are minified by esbuild.
// Each file is transformed on its own: no bundling, so file names, the
// module graph and the embedding (one script tag for policy-calculator.js)
// stay exactly as in www/, which is kept readable. Texts keep their UTF-8
// characters (no \u escapes: the interface's Chinese would grow). The
// documents (*.md) stay behind; everything else is copied as it is.
// dist/kiosk.html is written from www/index.html (writeKioskPage).
// Last, dist/sw.js is written from www/sw.js with its file lists and cache
// version filled in from what dist/ then holds (see swLists below).
//
//   node scripts/build-web.mjs        # scripts/serve.sh and scripts/test-web.sh run it

import { transform } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';

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
// Never cached: the TypeScript declarations of the wasm glue (no page loads
// them), and the policy studio (its page, words, editor, module and the packs it
// edits): an officer's tool, online, never installed with the citizen pages.
const NOT_CACHED = /\.d\.ts$|^studio[.-]|^i18n-studio\.js$|^pkg\/policycalc_studio|^pkg\/packs\//;

rmSync(DIST, { recursive: true, force: true });
let before = 0;
let after = 0;
for (const source of files(WWW)) {
  const name = relative(WWW, source);
  if (name.endsWith('.md') || name === SW || name.endsWith('.src.mjs')) continue;
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
 * dist/kiosk.html: the kiosk page is www/index.html with these changes, so
 * the two pages' heads (CSP, preloads, manifest) cannot drift apart. Each
 * must match exactly once, or the build fails.
 */
function writeKioskPage() {
  const edits = [
    [/<meta name="description" content="[^"]*">/, '<meta name="description" content="自助终端版就业政策计算器。Employment policy calculator, kiosk mode.">'],
    // The kiosk controller and its words, fetched with the first screen.
    [/(<link rel="modulepreload" href="pkg\/policycalc\.js">\n)/, '$1<link rel="modulepreload" href="pc-kiosk.js">\n<link rel="modulepreload" href="i18n-kiosk.js">\n'],
    [/<body>/, '<body class="kiosk">'],
    [/<policy-calculator heading-level="1" offline>/, '<policy-calculator heading-level="1" kiosk offline>'],
    // A kiosk is a managed browser with scripts on.
    [/ *<noscript>.*<\/noscript>\n/, ''],
  ];
  let html = readFileSync(join(WWW, 'index.html'), 'utf8');
  for (const [pattern, replacement] of edits) {
    const found = html.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
    if (found !== 1) throw new Error(`build-web: kiosk.html: ${pattern} matches www/index.html ${found} times, not once`);
    html = html.replace(pattern, replacement);
  }
  writeFileSync(join(DIST, 'kiosk.html'), html);
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
/**
 * dist/pkg/packs/: what the studio opens and checks (policies/*.toml,
 * policies/local/, policies/sources/, tests/cases/) under their repo paths,
 * with index.json `{packs, sources, cases}`. Only the studio fetches them.
 */
function copyPacks() {
  const out = join(DIST, 'pkg', 'packs');
  const rel = (f) => relative(ROOT, f).split('\\').join('/');
  const all = (dir) => files(join(ROOT, dir)).map(rel).sort();
  const packs = all('policies').filter((p) => /^policies\/(local\/)?[^/]+\.toml$/.test(p));
  const sources = all('policies/sources').filter((p) => p.endsWith('.txt'));
  const cases = all('tests/cases').filter((p) => p.endsWith('.toml'));
  for (const p of [...packs, ...sources, ...cases]) {
    mkdirSync(dirname(join(out, p)), { recursive: true });
    cpSync(join(ROOT, p), join(out, p));
  }
  writeFileSync(join(out, 'index.json'), JSON.stringify({ packs, sources, cases }));
}
writeKioskPage();
copyPacks();
// The studio's editor bundle (CodeMirror, scripts/build-studio.mjs), straight
// into dist/; its source entry (*.src.mjs) stays behind.
execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-studio.mjs'), DIST], { stdio: 'inherit' });
const swFiles = writeServiceWorker();
console.error(`build-web: dist/sw.js lists ${swFiles} files; dist/ written; JS and CSS ${(before / 1024).toFixed(1)} KB -> ${(after / 1024).toFixed(1)} KB minified`);
