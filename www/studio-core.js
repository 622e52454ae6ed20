// The policy studio's core (www/studio.html only): the real loader and
// compiler, pkg/policycalc_studio.js (crates/policycalc-studio: check-pack,
// export-catalog --web, policycalc diff and tests/cases.rs's case reader and
// checker on the draft: the CLI's and the tests' own Rust). The preview's
// <policy-calculator> loads the calculator's module itself (pc-core.js).
// `readPack` is a line-based reading of a pack for the page's own use
// (documents pane, quote insertion), never for checking.

import * as studio from './pkg/policycalc_studio.js';

const BASE = new URL('.', import.meta.url);

let shipped = null; // {files: {path: text}, cases: {path: text}}

/** Loads the studio module and the shipped packs, sources and cases (build-web copies them into pkg/packs/). */
export async function init() {
  if (shipped) return shipped;
  const get = async (path) => {
    const r = await fetch(new URL(path, BASE));
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    return r.text();
  };
  const index = JSON.parse(await get('pkg/packs/index.json'));
  await studio.default({ module_or_path: new URL('pkg/policycalc_studio_bg.wasm', BASE) });
  const files = {};
  await Promise.all([...index.packs, ...index.sources].map(async (p) => { files[p] = await get(`pkg/packs/${p}`); }));
  const cases = {};
  await Promise.all(index.cases.map(async (p) => { cases[p] = await get(`pkg/packs/${p}`); }));
  shipped = { files, cases };
  return shipped;
}

/** The shipped files ({path: text}): packs, vocabulary, standards, local files, sources. */
export const shippedFiles = () => ({ ...shipped.files });
/** The shipped case files ({path: text}), tests/cases/<region>/*.toml. */
export const shippedCases = () => ({ ...shipped.cases });

/**
 * check-pack on the draft's pack files named in `only` (every one when null),
 * against the whole draft: `{diagnostics: [{file, line, column, code, message, provision, field}]}`.
 */
export const check = (files, only = null) => JSON.parse(studio.check(JSON.stringify(files), JSON.stringify(only)));
/** `{facts, parameters, standards, functions}` for completion. */
export const vocabulary = (files) => JSON.parse(studio.vocabulary(JSON.stringify(files)));
/** `{added, changed, removed}` provision ids. */
export const changeLog = (oldFiles, newFiles) => JSON.parse(studio.changeLog(JSON.stringify(oldFiles), JSON.stringify(newFiles)));

let lastGood = null;
/**
 * What `export-catalog --web` writes for `files`: `{regionsJson, catalogs:
 * {"<region>.<lang>": bytes}, all: {"<lang>": bytes}, error}`. When the
 * draft does not compile, `error` is the loader's message and the bytes are
 * those of the last draft that compiled (the preview keeps showing it).
 */
export function compile(files) {
  let out;
  try {
    out = studio.compile(JSON.stringify(files));
  } catch (err) {
    if (!lastGood) throw err;
    return { ...lastGood, error: err.message };
  }
  const catalogs = {};
  const all = {};
  let regionsJson = '';
  for (const [name, bytes] of Object.entries(out)) {
    if (name === 'regions.json') { regionsJson = new TextDecoder().decode(bytes); continue; }
    const m = /^catalog\.(?:(.+)\.)?(zh-Hans|zh-Hant|en)\.bin$/.exec(name);
    if (m?.[1]) catalogs[`${m[1]}.${m[2]}`] = bytes;
    else if (m) all[m[2]] = bytes;
  }
  lastGood = { regionsJson, catalogs, all, error: null };
  return lastGood;
}

// ------------------------------------------------------------------ reading TOML for the page (line-based)

function unescape(s) {
  return s.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e) => {
    if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    return { n: '\n', t: '\t', '"': '"', '\\': '\\', r: '\r' }[e] ?? e;
  });
}

/** `key = "string"` inside a line (an inline table's member or the line's own key): {value, col} (col 0-based, of the string's first character). */
function stringField(line, key) {
  const re = new RegExp(`(?:^|[{,\\s])${key.replace('.', '\\.')}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`);
  const m = re.exec(line);
  if (!m) return null;
  const col = m.index + m[0].length - m[1].length - 1;
  return { value: unescape(m[1]), col };
}

/** A region pack: its id, documents, parameters and provisions with the lines their fields are on. */
export function readPack(text) {
  const lines = text.split('\n');
  const pack = { region: null, documents: [], parameters: [], provisions: [] };
  let table = null;
  let current = null;
  lines.forEach((line, i) => {
    const header = /^\s*\[\[?([A-Za-z0-9_.-]+)\]\]?\s*$/.exec(line);
    if (header) {
      table = header[1];
      if (table === 'provisions') pack.provisions.push(current = { id: null, line: i + 1, end: i + 1, fields: {}, lines: [] });
      else if (table === 'documents') pack.documents.push(current = { id: null, seed: null });
      else if (table === 'parameters') pack.parameters.push(current = { id: null, values: [], line: i + 1 });
      else if (table === 'parameters.values') pack.parameters.at(-1)?.values.push(current = { line: i + 1 });
      else current = null;
      return;
    }
    const kv = /^\s*([A-Za-z0-9_-]+)\s*=/.exec(line);
    if (table === 'provisions' && current) {
      current.lines.push(line);
      current.end = i + 1;
    }
    if (!kv) return;
    const key = kv[1];
    const own = stringField(line, key);
    if (table === 'region' && key === 'id') pack.region = own?.value ?? null;
    else if (table === 'documents' && current && (key === 'id' || key === 'seed')) current[key] = own?.value ?? null;
    else if (table === 'parameters' && current && key === 'id') current.id = own?.value ?? null;
    else if (table === 'parameters.values' && current && ['from', 'until', 'value'].includes(key)) {
      current[key] = own?.value ?? null;
      if (key === 'value') current.valueLine = i + 1;
    } else if (table === 'provisions' && current) {
      if (key === 'id') current.id = own?.value ?? null;
      else if (key === 'when' && own) current.fields.when = { ...own, line: i + 1 };
      else if (key === 'amount') {
        for (const sub of ['value', 'months']) {
          const f = stringField(line.slice(line.indexOf('=') + 1), sub);
          if (f) current.fields[`amount.${sub}`] = { value: f.value, col: f.col + line.indexOf('=') + 1, line: i + 1 };
        }
      } else if (key === 'source') {
        const rest = line.slice(line.indexOf('=') + 1);
        for (const sub of ['document', 'clause', 'quote']) {
          const f = stringField(rest, sub);
          if (f) current.fields[`source.${sub}`] = { value: f.value, col: f.col + line.indexOf('=') + 1, line: i + 1 };
        }
      }
    }
  });
  return pack;
}

// ------------------------------------------------------------------ cases and impact (the studio module's Rust)

/**
 * Runs case files (`{path: text}`, tests/cases format) on the draft with
 * tests/cases.rs's reader and checker: `[{file, pass, differences: [{field,
 * expected, actual}]}]`, in path order.
 */
export const runCases = (files, caseFiles) => JSON.parse(studio.runCases(JSON.stringify(files), JSON.stringify(caseFiles)));

/** A case file (tests/cases format) from answers: the draft's own results become its expectations. */
export const caseFromAnswers = (files, region, asOf, answers) => studio.caseFromAnswers(JSON.stringify(files), region, asOf, JSON.stringify(answers));

/**
 * Impact: `policycalc diff OLD NEW CASES.csv --format json` with `oldFiles`
 * as OLD and `newFiles` as NEW (the studio module runs policycalc-batch's
 * diff.rs, as the CLI does): `{rows, provisions, periods, counts}`. Options
 * as `batch` takes them (`region`, `asOf`, `lang`); a CSV that cannot be read
 * throws the batch's message.
 */
export function diff(oldFiles, newFiles, csvText, { region, asOf, lang } = {}) {
  const options = JSON.stringify({ region: region || null, as_of: asOf || null, lang: lang || null });
  return JSON.parse(studio.diff(JSON.stringify(oldFiles), JSON.stringify(newFiles), csvText, options));
}
