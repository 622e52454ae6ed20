// scripts/serve.mjs (no browser) and the static rules for www/: the headers
// every response carries, MIME types, compression, path traversal; no markup
// built from strings, no eval, no address of another origin anywhere in www/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { request } from 'node:http';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { startServer, CSP } from '../../scripts/serve.mjs';
import { ROOT } from './helpers.mjs';

let server;
before(async () => { server = await startServer({ port: 0 }); });
after(async () => { await server?.close(); });

/** A raw request (fetch would normalise the path and decode bodies). */
function raw(path, { method = 'GET', headers = {} } = {}) {
  const url = new URL(server.url);
  return new Promise((ok, fail) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

function assertSecurityHeaders(res, what) {
  assert.equal(res.headers['content-security-policy'], CSP, `${what}: CSP`);
  assert.equal(res.headers['referrer-policy'], 'no-referrer', `${what}: Referrer-Policy`);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
}

test('the CSP is exactly the strict one', () => {
  assert.equal(CSP, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
});

test('every file type has its MIME type and the security headers', async () => {
  const cases = {
    '/': 'text/html; charset=utf-8',
    '/index.html': 'text/html; charset=utf-8',
    '/policy-calculator.js': 'text/javascript; charset=utf-8',
    '/policy-calculator.css': 'text/css; charset=utf-8',
    '/pkg/policycalc_bg.wasm': 'application/wasm',
    '/pkg/catalog.en.bin': 'application/octet-stream',
    '/pkg/catalog.bayannur.en.bin': 'application/octet-stream',
    '/pkg/regions.json': 'application/json; charset=utf-8',
    '/manifest.webmanifest': 'application/manifest+json; charset=utf-8',
    '/favicon.png': 'image/png',
  };
  for (const [path, type] of Object.entries(cases)) {
    const res = await raw(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers['content-type'], type, path);
    assertSecurityHeaders(res, path);
  }
});

test('errors carry the headers too: 404, 405, traversal', async () => {
  const missing = await raw('/nope.html');
  assert.equal(missing.status, 404);
  assertSecurityHeaders(missing, '404');
  const post = await raw('/index.html', { method: 'POST' });
  assert.equal(post.status, 405);
  assertSecurityHeaders(post, '405');
  for (const path of ['/../Cargo.toml', '/%2e%2e/Cargo.toml', '/pkg/../../Cargo.toml', '/..%2fCargo.toml']) {
    const res = await raw(path);
    assert.ok(res.status === 403 || res.status === 404, `${path}: ${res.status}`);
    assert.ok(!res.body.toString().includes('[package]'), `${path} leaked a file outside www/`);
  }
  const nul = await raw('/index.html%00.js');
  assert.equal(nul.status, 400);
});

test('compression: brotli or gzip as accepted, identical bytes once decoded; ETag revalidation', async () => {
  const plain = await raw('/pkg/policycalc_bg.wasm');
  const gz = await raw('/pkg/policycalc_bg.wasm', { headers: { 'accept-encoding': 'gzip' } });
  const br = await raw('/pkg/policycalc_bg.wasm', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(br.headers['content-encoding'], 'br');
  assert.ok(gunzipSync(gz.body).equals(plain.body));
  assert.ok(brotliDecompressSync(br.body).equals(plain.body));
  assert.ok(br.body.length < plain.body.length);
  const again = await raw('/pkg/policycalc_bg.wasm', { headers: { 'if-none-match': plain.headers.etag } });
  assert.equal(again.status, 304);
  const head = await raw('/index.html', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
});

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const WWW = join(ROOT, 'www');
const TEXT = /\.(html|js|mjs|css|json|webmanifest|md|txt)$/;

test('www/ builds no markup from strings and never evaluates code', () => {
  const forbidden = /\b(innerHTML|outerHTML|insertAdjacentHTML)\b|document\.write|\beval\s*\(|new\s+Function\b|setTimeout\s*\(\s*['"`]|setInterval\s*\(\s*['"`]/;
  const found = [];
  for (const file of files(WWW).filter((f) => TEXT.test(f))) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (forbidden.test(line)) found.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim().slice(0, 100)}`);
    });
  }
  assert.deepEqual(found, []);
});

test('www/ names no address of another origin and has no inline script or style', () => {
  const found = [];
  for (const file of files(WWW).filter((f) => TEXT.test(f))) {
    const text = readFileSync(file, 'utf8');
    text.split('\n').forEach((line, i) => {
      if (/https?:\/\//i.test(line)) found.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim().slice(0, 100)}`);
    });
    if (file.endsWith('.html')) {
      if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(text)) found.push(`${relative(ROOT, file)}: inline <script>`);
      if (/<style\b|\sstyle\s*=|\son[a-z]+\s*=/i.test(text)) found.push(`${relative(ROOT, file)}: inline style or handler`);
    }
  }
  assert.deepEqual(found, []);
});

test('the service worker caches exactly the app files, all of which exist', () => {
  const sw = readFileSync(join(WWW, 'sw.js'), 'utf8');
  const array = (name) => {
    const at = sw.indexOf(`const ${name} = [`);
    assert.ok(at >= 0, `sw.js has ${name}`);
    return JSON.parse(sw.slice(at + `const ${name} = `.length, sw.indexOf('];', at) + 1).replace(/'/g, '"').replace(/,\s*]/, ']'));
  };
  const list = [...array('FILES'), ...array('ON_USE')];
  const regionCatalog = new RegExp(/const REGION_CATALOG = \/(.+)\/;/.exec(sw)[1]);
  for (const file of list) {
    if (file === './') continue;
    assert.ok(statSync(join(WWW, file)).isFile(), `${file} listed in sw.js exists`);
  }
  for (const file of files(WWW).map((f) => relative(WWW, f))) {
    if (/\.(d\.ts|md)$/.test(file) || file === 'sw.js') continue;
    assert.ok(list.includes(file) || regionCatalog.test(file), `${file} is in the offline list`);
  }
  assert.doesNotMatch(sw, /localStorage|indexedDB|document\.cookie|postMessage/);
});
