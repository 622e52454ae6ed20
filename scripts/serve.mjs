#!/usr/bin/env node
// A tiny static server for the built app (dist/: www/ minified, written by
// scripts/build-web.mjs), with no dependencies beyond Node itself.
//
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--root dist] [--quiet]
//
// Every response carries the headers DEPLOYING.md asks of a static host: the
// strict Content-Security-Policy (no inline script or style, no eval;
// WebAssembly allowed; Trusted Types), no referrer, nosniff, a
// Permissions-Policy that turns off every powerful feature, no framing, and
// the right MIME types (application/wasm for the module, which
// WebAssembly.instantiateStreaming requires). Text and wasm are compressed
// (br or gzip, as the client accepts), and ETags allow cheap revalidation.
// Only GET and HEAD; nothing is logged but the method, path and status (the
// URL fragment, where the answers live, never reaches a server anyway).
//
// Tests import `startServer` and listen on port 0.

import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';

/** What a page hosting the calculator must allow, and no more (DEPLOYING.md, Content-Security-Policy). */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/**
 * What this server sends: CSP, hardened where the app needs nothing.
 * - base-uri / form-action 'none': no <base> may redirect the relative module
 *   URLs, and no form ever submits (every form is handled in script);
 * - frame-ancestors 'none': the pages are never framed (an embedding site
 *   uses the custom element, not an iframe);
 * - Trusted Types: no HTML, script or script-URL string sink may be used,
 *   except the script URLs passed through the `policycalc` policy (the
 *   service worker, the batch page's workers), which allows only the app's own files.
 */
export const PAGE_CSP = `${CSP}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types policycalc`;

/** Every powerful feature off; fullscreen for the page itself (the kiosk asks for it). */
export const PERMISSIONS_POLICY = [
  'accelerometer=()', 'autoplay=()', 'browsing-topics=()', 'camera=()', 'display-capture=()',
  'fullscreen=(self)', 'geolocation=()', 'gyroscope=()', 'hid=()', 'idle-detection=()', 'magnetometer=()',
  'microphone=()', 'midi=()', 'payment=()', 'publickey-credentials-get=()', 'screen-wake-lock=()', 'serial=()',
  'usb=()', 'xr-spatial-tracking=()',
].join(', ');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};
// .bin: the compiled policy catalogs (mostly text, 4x smaller compressed)
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.wasm', '.bin', '.svg', '.txt', '.md']);

const here = fileURLToPath(new URL('.', import.meta.url));
const defaultRoot = resolve(here, '..', 'dist');

/** Headers sent with every response, files and errors alike. */
export function securityHeaders() {
  return {
    'Content-Security-Policy': PAGE_CSP,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/**
 * Starts the server; resolves to `{ server, url, close() }` once listening.
 * @param {{port?: number, host?: string, root?: string, quiet?: boolean}} options
 */
export async function startServer({ port = 8080, host = '127.0.0.1', root = defaultRoot, quiet = true } = {}) {
  root = resolve(root);
  if (!existsSync(root)) throw new Error(`${root} is missing: build it with scripts/serve.sh (or node scripts/build-web.mjs)`);
  const cache = new Map(); // path -> { mtimeMs, size, etag, raw, gzip?, br? }

  async function load(file) {
    const info = await stat(file);
    if (!info.isFile()) return null;
    let entry = cache.get(file);
    if (!entry || entry.mtimeMs !== info.mtimeMs || entry.size !== info.size) {
      const raw = await readFile(file);
      entry = { mtimeMs: info.mtimeMs, size: info.size, etag: `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`, raw };
      cache.set(file, entry);
    }
    return entry;
  }

  function send(res, status, headers, body, head) {
    res.writeHead(status, { ...securityHeaders(), ...headers });
    res.end(head ? undefined : body);
  }

  const server = createServer(async (req, res) => {
    const log = (status) => { if (!quiet) console.log(`${req.method} ${req.url.split('?')[0]} ${status}`); };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        log(405);
        return send(res, 405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'method not allowed\n');
      }
      const head = req.method === 'HEAD';
      let path;
      try {
        path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      } catch {
        log(400);
        return send(res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'bad request\n', head);
      }
      if (path.includes('\0')) {
        log(400);
        return send(res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'bad request\n', head);
      }
      if (path.endsWith('/')) path += 'index.html';
      const file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        log(403);
        return send(res, 403, { 'Content-Type': 'text/plain; charset=utf-8' }, 'forbidden\n', head);
      }
      let entry = null;
      try {
        entry = await load(file);
      } catch {
        entry = null;
      }
      if (!entry) {
        // a directory without a trailing slash: redirect so relative URLs work
        try {
          if ((await stat(file)).isDirectory()) {
            log(301);
            return send(res, 301, { Location: path + '/' }, '', head);
          }
        } catch { /* not there */ }
        log(404);
        return send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, 'not found\n', head);
      }
      const ext = extname(file).toLowerCase();
      const headers = {
        'Content-Type': TYPES[ext] || 'application/octet-stream',
        'Cache-Control': 'no-cache',
        ETag: entry.etag,
        Vary: 'Accept-Encoding',
      };
      if (req.headers['if-none-match'] === entry.etag) {
        log(304);
        return send(res, 304, headers, '', true);
      }
      let body = entry.raw;
      const accept = String(req.headers['accept-encoding'] || '');
      if (COMPRESSIBLE.has(ext) && entry.raw.length > 256) {
        if (/\bbr\b/.test(accept)) {
          entry.br ??= brotliCompressSync(entry.raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: entry.raw.length } });
          body = entry.br;
          headers['Content-Encoding'] = 'br';
        } else if (/\bgzip\b/.test(accept)) {
          entry.gzip ??= gzipSync(entry.raw, { level: 9 });
          body = entry.gzip;
          headers['Content-Encoding'] = 'gzip';
        }
      }
      headers['Content-Length'] = String(body.length);
      log(200);
      return send(res, 200, headers, body, head);
    } catch (err) {
      log(500);
      if (!res.headersSent) send(res, 500, { 'Content-Type': 'text/plain; charset=utf-8' }, 'internal error\n');
      else res.destroy(err);
    }
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const address = server.address();
  const url = `http://${host}:${address.port}/`;
  return {
    server,
    url,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}

function parseArgs(argv) {
  const options = { quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--port') options.port = Number(value());
    else if (arg === '--host') options.host = value();
    else if (arg === '--root') options.root = value();
    else if (arg === '--quiet') options.quiet = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--root dist] [--quiet]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 0 && options.port < 65536)) {
    throw new Error('--port must be 0..65535');
  }
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`serve.mjs: ${err.message}`);
    process.exit(2);
  }
  const { url, close } = await startServer(options);
  console.log(`serving ${options.root || 'dist'} on ${url} (Ctrl-C to stop)`);
  const stop = () => close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
