// The interface's tables (www/i18n.js and every www/i18n-*.js a screen adds):
// each key in all three languages, with the same {placeholders}. No browser.
// The tables are read from the sources as they are: i18n.js's STRINGS is
// private, so each file is imported from a copy whose `addStrings` (or
// STRINGS) is handed to this test instead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGS } from '../../www/i18n.js';

const WWW = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'www');
const load = (source) => import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);

/** [file, prefix, {lang: {key: text}}] for i18n.js and each i18n-*.js. */
async function tables() {
  const base = readFileSync(join(WWW, 'i18n.js'), 'utf8');
  assert.match(base, /^const STRINGS = \{/m);
  const out = [['i18n.js', '', (await load(base.replace(/^const STRINGS = /m, 'export const STRINGS = '))).STRINGS]];
  const files = readdirSync(WWW).filter((f) => /^i18n-.+\.js$/.test(f)).sort();
  // the studio's words are one of them (tests/e2e/studio.test.mjs)
  assert.ok(files.includes('i18n-studio.js'), files.join());
  for (const file of files) {
    const source = readFileSync(join(WWW, file), 'utf8');
    const stub = 'const addStrings = (tables, prefix = \'\') => globalThis.__i18nTables.push([tables, prefix]);';
    assert.match(source, /^import \{ addStrings \} from '\.\/i18n\.js';$/m, file);
    globalThis.__i18nTables = [];
    await load(source.replace(/^import \{ addStrings \} from '\.\/i18n\.js';$/m, stub));
    assert.equal(globalThis.__i18nTables.length, 1, `${file} adds one set of tables`);
    const [[table, prefix]] = globalThis.__i18nTables;
    out.push([file, prefix, table]);
  }
  return out;
}

const placeholders = (text) => [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();

test('every interface key is in all three languages, with the same placeholders, and no two files share a key', async () => {
  const seen = new Map();
  for (const [file, prefix, table] of await tables()) {
    assert.deepEqual(Object.keys(table).sort(), [...LANGS].sort(), `${file}: its languages`);
    const keys = new Set(LANGS.flatMap((l) => Object.keys(table[l])));
    for (const key of keys) {
      for (const lang of LANGS) {
        assert.equal(typeof table[lang][key], 'string', `${file}: ${prefix}${key} missing in ${lang}`);
        assert.ok(table[lang][key].trim(), `${file}: ${prefix}${key} empty in ${lang}`);
        assert.equal(placeholders(table[lang][key]), placeholders(table.en[key]), `${file}: ${prefix}${key}: the placeholders of ${lang} and en differ`);
      }
      const full = prefix + key;
      assert.ok(!seen.has(full), `${full} in ${seen.get(full)} and ${file}`);
      seen.set(full, file);
    }
  }
});
