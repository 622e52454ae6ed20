// scripts/serve.mjs (no browser) and the static rules for www/: the headers
// every response carries (and DEPLOYING.md gives), MIME types, compression,
// path traversal; no markup built from strings, no eval, no address of
// another origin anywhere in www/; SECURITY.md names tests that exist.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { request } from 'node:http';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { startServer, securityHeaders, CSP, PAGE_CSP, PERMISSIONS_POLICY } from '../../scripts/serve.mjs';
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
  for (const [name, value] of Object.entries(securityHeaders())) {
    assert.equal(res.headers[name.toLowerCase()], value, `${what}: ${name}`);
  }
}

test('the served CSP is the strict one, hardened: no <base>, no form submission, no framing, Trusted Types', () => {
  assert.equal(CSP, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
  assert.equal(PAGE_CSP, `${CSP}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types policycalc`);
  assert.deepEqual(Object.keys(securityHeaders()), [
    'Content-Security-Policy', 'Referrer-Policy', 'X-Content-Type-Options', 'Permissions-Policy', 'X-Frame-Options',
    'Cross-Origin-Opener-Policy', 'Cross-Origin-Resource-Policy',
  ]);
  assert.equal(securityHeaders()['Referrer-Policy'], 'no-referrer');
  assert.equal(securityHeaders()['X-Content-Type-Options'], 'nosniff');
  for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) assert.ok(PERMISSIONS_POLICY.includes(`${feature}=()`), feature);
  assert.ok(PERMISSIONS_POLICY.includes('fullscreen=(self)'), 'the kiosk may go full screen');
});

test('DEPLOYING.md gives the same headers as this server: its table, the nginx snippet and the Caddy snippet', () => {
  const doc = readFileSync(join(ROOT, 'DEPLOYING.md'), 'utf8');
  const block = (lang) => doc.match(new RegExp('```' + lang + '\\n([\\s\\S]*?)```'))[1];
  const expected = securityHeaders();
  const sources = {
    table: [...doc.matchAll(/^\| `([\w-]+)` \| `([^`]+)` \|/gm)],
    nginx: [...block('nginx').matchAll(/add_header ([\w-]+) "([^"]+)" always;/g)],
    caddy: [...block('caddy').matchAll(/^\t\t\t([\w-]+) "([^"]+)"$/gm)],
  };
  for (const [where, matches] of Object.entries(sources)) {
    const given = Object.fromEntries(matches.map((m) => [m[1], m[2]]));
    delete given['Cache-Control'];
    assert.deepEqual(given, expected, `${where} in DEPLOYING.md`);
  }
  assert.match(block('nginx'), /add_header Cache-Control "no-cache" always;/);
  assert.match(block('caddy'), /Cache-Control "no-cache"/);
  assert.match(block('nginx'), /application\/wasm wasm;/);
});

test('the service worker may control its own directory only, and is always revalidated', async () => {
  const res = await raw('/sw.js');
  assert.equal(res.status, 200);
  assert.equal(res.headers['service-worker-allowed'], undefined);
  assert.equal(res.headers['cache-control'], 'no-cache');
  assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
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
const DIST = join(ROOT, 'dist');
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

// dist/sw.js, as scripts/build-web.mjs writes it from www/sw.js and dist/'s files
test('the service worker caches exactly the app files, all of which exist', () => {
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  const array = (name) => {
    const at = sw.indexOf(`const ${name} = [`);
    assert.ok(at >= 0, `sw.js has ${name}`);
    return JSON.parse(sw.slice(at + `const ${name} = `.length, sw.indexOf('];', at) + 1).replace(/'/g, '"').replace(/,\s*]/, ']'));
  };
  const list = [...array('FILES'), ...array('ON_USE')];
  const regionCatalog = new RegExp(/const REGION_CATALOG = \/(.+)\/;/.exec(sw)[1]);
  for (const file of list) {
    if (file === './') continue;
    assert.ok(statSync(join(DIST, file)).isFile(), `${file} listed in sw.js exists`);
  }
  for (const file of files(DIST).map((f) => relative(DIST, f))) {
    if (/\.(d\.ts|md)$/.test(file) || file === 'sw.js') continue;
    // the policy studio is an officer's online tool, never installed (build-web's NOT_CACHED)
    if (/^studio[.-]|^i18n-studio\.js$|^pkg\/policycalc_studio|^pkg\/packs\//.test(file)) continue;
    assert.ok(list.includes(file) || regionCatalog.test(file), `${file} is in the offline list`);
  }
  assert.doesNotMatch(sw, /localStorage|indexedDB|document\.cookie|postMessage/);
});

test('the service worker\'s lists and cache version are generated: no placeholder is left in dist/', () => {
  const source = readFileSync(join(WWW, 'sw.js'), 'utf8');
  const built = readFileSync(join(DIST, 'sw.js'), 'utf8');
  for (const placeholder of ['@BUILD_VERSION@', '@BUILD_FILES@', '@BUILD_ON_USE@']) {
    assert.ok(source.includes(placeholder), `www/sw.js has ${placeholder}`);
    assert.ok(!built.includes(placeholder), `dist/sw.js has ${placeholder} left`);
  }
  assert.match(built, /const CACHE = 'policycalc-static-[0-9a-f]{16}';/);
});

test('the loader\'s language list is i18n.js\'s LANGS (kept in the loader so its downloads start without waiting for i18n.js)', async () => {
  const { LANGS } = await import('../../www/i18n.js');
  const loader = readFileSync(join(WWW, 'policy-calculator.js'), 'utf8');
  const list = /const LANGS = (\[[^\]]*\]);/.exec(loader);
  assert.ok(list, 'policy-calculator.js has its LANGS');
  assert.deepEqual(JSON.parse(list[1].replace(/'/g, '"')), LANGS);
});

test('SECURITY.md names only tests that exist, by their exact names', () => {
  const doc = readFileSync(join(ROOT, 'SECURITY.md'), 'utf8');
  let named = 0;
  for (const row of doc.split('\n').filter((l) => l.startsWith('| '))) {
    const parts = row.split(/`((?:crates\/[\w.-]+\/)?tests\/[\w./-]+)` › /);
    for (let i = 1; i < parts.length; i += 2) {
      const source = readFileSync(join(ROOT, parts[i]), 'utf8');
      for (const [, name] of parts[i + 1].matchAll(/"([^"]+)"/g)) {
        // test('…') or a suite's own wrapper of it (batchTest('…') in batch.test.mjs)
        const quoted = `('${name.replace(/'/g, "\\'")}'`;
        assert.ok(source.includes(`test${quoted}`) || source.includes(`Test${quoted}`), `${parts[i]} has no test "${name}"`);
        named++;
      }
      for (const [, name] of parts[i + 1].matchAll(/`([a-z0-9_]+)`/g)) {
        assert.match(source, new RegExp(`fn ${name}\\(`), `${parts[i]} has no fn ${name}`);
        named++;
      }
    }
  }
  assert.ok(named >= 40, `${named} tests named`);
});
