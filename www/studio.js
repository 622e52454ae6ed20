// The policy studio: edit a pack, see check-pack's problems at their line,
// quote from the document, preview the draft in the real <policy-calculator>,
// run cases, see the impact of a CSV of cases, export what the portal deploys.
// The core is `core` (studio-core.js: the real loader and compiler compiled
// to wasm, pkg/policycalc_studio.js). Markup is built with
// createElement/textContent only (the page's CSP: no inline script or style,
// Trusted Types). The draft is kept in localStorage under STORE, this page only.

import * as core from './studio-core.js';
import { createEditor } from './studio-editor.js';
import { setCatalogSource } from './pc-core.js';
import './pc-element.js';

const STORE = 'policycalc-studio:draft';
const $ = (id) => document.getElementById(id);

function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null) continue;
    if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, String(v));
  }
  el.append(...children.flat().filter((c) => c != null));
  return el;
}

// ------------------------------------------------------------------ state

let shipped = {};
const state = { edited: {}, cases: {}, current: 'policies/bayannur.toml', doc: null };
let editor = null;
let lastEdit = 0; // performance.now() of the last edit: the figures below are measured from it

const files = () => ({ ...shipped, ...state.edited });
const packRegion = (path) => (files()[path] || '').match(/^\[region\]\s*\nid\s*=\s*"([^"]+)"/m)?.[1] ?? null;

function save() {
  try {
    // nothing drafted, nothing stored
    if (!Object.keys(state.edited).length && !Object.keys(state.cases).length && !state.doc) localStorage.removeItem(STORE);
    else localStorage.setItem(STORE, JSON.stringify(state));
    $('st-draft-status').textContent = `Draft kept on this device (${Object.keys(state.edited).length} edited files).`;
  } catch {
    $('st-draft-status').textContent = 'The draft could not be kept on this device (storage full or refused).';
  }
}

function restore() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE) || 'null');
    if (saved && typeof saved.edited === 'object') Object.assign(state, saved);
  } catch { /* a broken stored draft is dropped */ }
}

// ------------------------------------------------------------------ files

function listOpen() {
  const ul = $('st-open-files');
  ul.replaceChildren(...[...new Set([state.current, ...Object.keys(state.edited)])].map((p) => h('li', null,
    h('button', { type: 'button', 'aria-current': String(p === state.current), onclick: () => openFile(p), text: `${p}${p in state.edited ? ' (edited)' : ''}` }))));
  $('st-current').textContent = state.current;
}

function openFile(path, text) {
  if (text != null) state.edited[path] = text;
  state.current = path;
  editor.setText(files()[path] ?? '');
  listOpen();
  const region = packRegion(path);
  if (region) $('st-region').value = region;
  save();
  schedulePreview();
}

// ------------------------------------------------------------------ diagnostics

function lint(text) {
  const t0 = performance.now();
  const result = core.check(files(), [state.current]);
  const mine = result.diagnostics.concat(quoteDiagnostics()).filter((d) => d.file === state.current);
  performance.measure?.('studio-check', { start: t0 });
  showDiagnostics(mine);
  if (lastEdit) performance.measure?.('studio-edit-to-diagnostics', { start: lastEdit });
  return mine;
}

/** A quote not found verbatim in the document the officer opened (beside check-pack's own check against the shipped source). */
function quoteDiagnostics() {
  if (!state.doc) return [];
  const pack = core.readPack(files()[state.current] || '');
  const doc = pack.documents.find((d) => d.seed && state.doc.name.endsWith(d.seed)) ?? (pack.documents.length === 1 ? pack.documents[0] : null);
  if (!doc || `policies/sources/${doc.seed}` in shipped && state.doc.name === `policies/sources/${doc.seed}`) return [];
  return pack.provisions.filter((p) => p.fields['source.document']?.value === doc.id && p.fields['source.quote'] && !state.doc.text.includes(p.fields['source.quote'].value))
    .map((p) => ({ file: state.current, line: p.fields['source.quote'].line, column: p.fields['source.quote'].col + 1, code: 'quote_not_in_source', provision: p.id, field: 'source.quote',
      message: `${state.current}: \`${p.id}\`: field \`source.quote\`: not found verbatim in ${state.doc.name}` }));
}

function showDiagnostics(list) {
  $('st-diag-count').textContent = list.length ? `${list.length} problem${list.length > 1 ? 's' : ''} in ${state.current}` : `No problems in ${state.current}`;
  $('st-diagnostics').replaceChildren(...list.map((d) => h('li', null, h('button', {
    type: 'button',
    'data-code': d.code,
    onclick: () => {
      const line = editor.view.state.doc.line(d.line);
      editor.view.dispatch({ selection: { anchor: Math.min(line.from + d.column - 1, line.to) }, scrollIntoView: true });
      editor.focus();
    },
    text: `Line ${d.line}, column ${d.column}: ${d.message}`,
  }))));
}

function names() {
  const v = core.vocabulary(files());
  return [
    ...v.facts.map((label) => ({ label, type: 'variable', detail: 'fact' })),
    ...v.parameters.map((label) => ({ label, type: 'constant', detail: 'parameter' })),
    ...v.standards.map((label) => ({ label, type: 'constant', detail: 'national standard' })),
    ...v.functions.map((label) => ({ label, type: 'function', detail: 'function', apply: `${label}(` })),
  ];
}

// ------------------------------------------------------------------ document

function showDocument(name, text) {
  state.doc = { name, text };
  docSelection = null;
  $('st-doc-text').textContent = text;
  save();
  editor?.relint();
}

/** The clause heading the selection sits under: the nearest line before it that opens with a section number. */
function clauseBefore(text, index) {
  const lines = text.slice(0, index).split('\n').reverse();
  const heading = lines.find((l) => /^\s*(第[一二三四五六七八九十百]+[部分条章节]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)/.test(l));
  return heading ? heading.trim().slice(0, 40) : '';
}

// The last selection made in the document: pressing the button (or moving
// into the editor) would otherwise lose it before it is read.
let docSelection = null;
function rememberSelection() {
  const sel = document.getSelection();
  const box = $('st-doc-text');
  if (!sel || sel.rangeCount === 0 || !box.contains(sel.anchorNode) || !sel.toString()) return;
  const pre = document.createRange();
  pre.setStart(box, 0);
  pre.setEnd(sel.getRangeAt(0).startContainer, sel.getRangeAt(0).startOffset);
  docSelection = { text: sel.toString(), index: pre.toString().length };
}
const selectionInDocument = () => docSelection;

function insertQuote() {
  const s = selectionInDocument();
  if (!s) { $('st-draft-status').textContent = 'Select a sentence in the document first.'; return; }
  const pack = core.readPack(files()[state.current] || '');
  const doc = pack.documents.find((d) => d.seed && state.doc?.name.endsWith(d.seed)) ?? pack.documents[0];
  const clause = $('st-clause').value || clauseBefore(state.doc.text, s.index);
  const q = (x) => JSON.stringify(x);
  editor.insert(`source = { document = ${q(doc?.id ?? '')}, clause = ${q(clause)}, quote = ${q(s.text)} }`);
}

/** Shows a quote in the document: highlighted and scrolled to; a status line when it is not there verbatim. */
function showQuote(quote) {
  const box = $('st-doc-text');
  const node = box.firstChild;
  const at = state.doc ? state.doc.text.indexOf(quote) : -1;
  if (!node || at < 0) {
    $('st-draft-status').textContent = 'This quote is not in the open document verbatim.';
    return;
  }
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + quote.length);
  if (globalThis.CSS?.highlights) CSS.highlights.set('st-quote', new Highlight(range));
  const top = range.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
  box.scrollTop = Math.max(0, top - 40);
  box.dataset.shown = String(at);
  $('st-draft-status').textContent = 'Quote shown in the document.';
}

// ------------------------------------------------------------------ preview

let previewTimer = null;
function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(preview, 150);
}

function preview() {
  const c = core.compile(files());
  setCatalogSource({ regions: () => JSON.parse(c.regionsJson), catalog: (region, lang) => c.catalogs[`${region}.${lang}`] });
  const el = document.createElement('policy-calculator');
  el.setAttribute('region', $('st-region').value);
  el.setAttribute('lang', $('st-lang').value);
  el.setAttribute('as-of', $('st-asof').value);
  el.setAttribute('heading-level', '3');
  el.setAttribute('lock-lang', '');
  const edit = lastEdit;
  if (edit) el.addEventListener('pc-ready', () => performance.measure?.('studio-edit-to-preview', { start: edit }), { once: true });
  // The element's `answers` is read-only (www/README.md): the rebuilt
  // preview starts its interview again (carrying answers over needs an API).
  $('st-preview-host').replaceChildren(el);
  $('st-preview-host').dataset.generation = String(Number($('st-preview-host').dataset.generation || 0) + 1);
  $('st-preview-note').textContent = c.error
    ? `Not compiled (the preview shows the last draft that compiled): ${c.error}`
    : `Preview of the draft (${$('st-region').value}, ${$('st-lang').value}, as of ${$('st-asof').value}).`;
}

// ------------------------------------------------------------------ cases

function regionCases() {
  const region = $('st-region').value;
  const all = { ...core.shippedCases(), ...state.cases };
  return Object.fromEntries(Object.entries(all).filter(([p]) => p.startsWith(`tests/cases/${region}/`)));
}

function runCases() {
  let results;
  try {
    results = core.runCases(files(), regionCases());
  } catch (err) {
    $('st-cases-summary').textContent = `Cases not run: the draft does not compile: ${err.message}`;
    return;
  }
  const failed = results.filter((r) => !r.pass);
  $('st-cases-summary').textContent = `${results.length - failed.length} of ${results.length} cases pass${failed.length ? `; ${failed.length} fail` : ''}.`;
  $('st-cases-table').tBodies[0].replaceChildren(...results.map((r) => h('tr', { class: r.pass ? 'st-pass' : 'st-fail' },
    h('td', { text: r.file }), h('td', { text: r.pass ? 'pass' : 'fail' }),
    h('td', { text: r.differences.map((d) => `${d.field}: expected ${d.expected}, got ${d.actual}`).join('; ') }))));
}

function saveCase() {
  const el = $('st-preview-host').querySelector('policy-calculator');
  const answers = { ...(el?.answers || {}) };
  if (!Object.keys(answers).length) { $('st-cases-summary').textContent = 'Answer some questions in the preview first.'; return; }
  const region = $('st-region').value;
  const n = Object.keys(state.cases).length + 1;
  const path = `tests/cases/${region}/studio_${n}.toml`;
  try {
    state.cases[path] = core.caseFromAnswers(files(), region, $('st-asof').value, answers);
  } catch (err) {
    $('st-cases-summary').textContent = `Not saved: ${err.message}`;
    return;
  }
  save();
  $('st-cases-summary').textContent = `Saved as ${path}.`;
}

// ------------------------------------------------------------------ impact

/** An amount as `policycalc diff` writes it: `min-max` for a range, else the figure. */
const amountText = (a) => (a ? (a.min != null && a.min !== a.max ? `${a.min}-${a.max}` : a.max) : '');

async function impact(file) {
  const text = await file.text();
  let out;
  try {
    out = core.diff(shipped, files(), text, { region: $('st-region').value, asOf: $('st-asof').value, lang: $('st-lang').value });
  } catch (err) {
    $('st-impact-summary').textContent = `${file.name}: ${err.message}`;
    for (const id of ['st-impact-rows', 'st-impact-totals', 'st-impact-periods']) $(id).tBodies[0].replaceChildren();
    return;
  }
  const c = out.counts;
  const only = { old: ' (with the published packs only)', new: ' (with the draft only)' };
  const warnings = out.warnings.map((w) => ` ${w.message}${only[w.only] ?? ''}.`).join('');
  $('st-impact-summary').textContent = `${c.changes} changes in ${c.rows_changed} of ${c.rows} rows of ${file.name} (computed ${c.computed_before} before, ${c.computed_after} after; rejected ${c.rejected_before} before, ${c.rejected_after} after).${warnings}`;
  const side = (s) => [h('td', { text: s.error ? `${s.status}: ${s.error}` : s.status }), h('td', { text: amountText(s.amount) })];
  $('st-impact-rows').tBodies[0].replaceChildren(...out.rows.map((r) => h('tr', null,
    h('td', { text: String(r.line) }), h('td', { text: r.provision ?? '' }), ...side(r.before), ...side(r.after))));
  const minMax = (t) => ['min', 'max'].flatMap((k) => [t.before[k], t.after[k], t.difference[k]].map((v) => h('td', { text: v })));
  $('st-impact-totals').tBodies[0].replaceChildren(...out.provisions.map((t) => h('tr', null,
    h('td', { text: t.provision }), h('td', { text: t.period ?? '' }), ...minMax(t))));
  $('st-impact-periods').tBodies[0].replaceChildren(...out.periods.map((t) => h('tr', null, h('td', { text: t.period }), ...minMax(t))));
}

// ------------------------------------------------------------------ export

let blobUrls = [];
function exportFiles() {
  for (const u of blobUrls) URL.revokeObjectURL(u);
  blobUrls = [];
  const c = core.compile(files());
  const log = core.changeLog(shipped, files());
  const changes = ['# Changes in this draft', '', ...['added', 'changed', 'removed'].flatMap((k) => log[k].map((id) => `- ${k}: ${id}`))];
  if (c.error) {
    // never export the bytes of an older draft as this one's
    $('st-downloads').replaceChildren(h('li', { text: `Not exported: the draft does not compile: ${c.error}` }));
    return;
  }
  const out = [
    ['pkg/regions.json', c.regionsJson],
    ...Object.entries(c.catalogs).map(([k, b]) => [`pkg/catalog.${k}.bin`, b]),
    ...Object.entries(c.all).map(([k, b]) => [`pkg/catalog.${k}.bin`, b]),
    ...Object.entries(state.edited),
    ...Object.entries(state.cases),
    ['CHANGES.md', `${changes.join('\n')}\n`],
  ];
  $('st-downloads').replaceChildren(...out.map(([name, body]) => {
    const url = URL.createObjectURL(new Blob([body]));
    blobUrls.push(url);
    return h('li', null, h('a', { href: url, download: name.replaceAll('/', '_'), text: name }));
  }));
}

// ------------------------------------------------------------------ start

async function start() {
  await core.init();
  shipped = core.shippedFiles();
  restore();
  if (!(state.current in files())) state.current = 'policies/bayannur.toml';
  const packs = Object.keys(shipped).filter((p) => p.endsWith('.toml')).sort();
  $('st-shipped').replaceChildren(...packs.map((p) => h('option', { value: p, text: p })));
  $('st-shipped').value = state.current in shipped ? state.current : packs[0];
  const sources = Object.keys(shipped).filter((p) => p.endsWith('.txt')).sort();
  $('st-doc-shipped').replaceChildren(h('option', { value: '', text: '(none)' }), ...sources.map((p) => h('option', { value: p, text: p })));
  const regions = JSON.parse(core.compile(shipped).regionsJson);
  $('st-region').replaceChildren(...regions.map((r) => h('option', { value: r.id, text: r.name.en })));

  editor = createEditor({
    parent: $('st-cm'),
    doc: files()[state.current] ?? '',
    label: 'Pack source (TOML)',
    lint,
    names,
    onChange: (text) => {
      lastEdit = performance.now();
      // a file back to its shipped text is no longer part of the draft
      if (text === shipped[state.current]) delete state.edited[state.current];
      else state.edited[state.current] = text;
      save();
      schedulePreview();
    },
    onQuote: showQuote,
  });
  // for the tests and for scripting the page: the editor's handle on its host element
  $('st-cm').editor = editor;
  listOpen();
  if (packRegion(state.current)) $('st-region').value = packRegion(state.current);
  if (state.doc) showDocument(state.doc.name, state.doc.text);

  $('st-open').addEventListener('click', () => openFile($('st-shipped').value));
  $('st-disk').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    if (f) openFile(`policies/${f.name.replace(/[^A-Za-z0-9_.-]/g, '_')}`, await f.text());
  });
  $('st-doc-shipped').addEventListener('change', (e) => { if (e.target.value) showDocument(e.target.value, shipped[e.target.value]); });
  $('st-doc-disk').addEventListener('change', async (e) => { const f = e.target.files[0]; if (f) showDocument(f.name, await f.text()); });
  const box = $('st-doc-text');
  box.addEventListener('dragover', (e) => { e.preventDefault(); box.classList.add('st-drop'); });
  box.addEventListener('dragleave', () => box.classList.remove('st-drop'));
  box.addEventListener('drop', async (e) => {
    e.preventDefault();
    box.classList.remove('st-drop');
    const f = e.dataTransfer.files[0];
    if (f) showDocument(f.name, await f.text());
  });
  document.addEventListener('selectionchange', rememberSelection);
  $('st-insert-quote').addEventListener('click', insertQuote);
  for (const id of ['st-region', 'st-lang', 'st-asof']) $(id).addEventListener('change', schedulePreview);
  $('st-run-cases').addEventListener('click', runCases);
  $('st-save-case').addEventListener('click', saveCase);
  $('st-csv').addEventListener('change', (e) => { if (e.target.files[0]) impact(e.target.files[0]); });
  $('st-export').addEventListener('click', exportFiles);
  $('st-discard').addEventListener('click', () => {
    localStorage.removeItem(STORE);
    Object.assign(state, { edited: {}, cases: {}, doc: null });
    $('st-doc-text').textContent = '';
    openFile(state.current in shipped ? state.current : 'policies/bayannur.toml');
    $('st-draft-status').textContent = 'Draft discarded.';
  });
  preview();
  document.body.dataset.ready = '';
}

start().catch((err) => {
  $('st-draft-status').textContent = `The studio could not start: ${err.message}`;
});
