// The policy studio: edit a pack, see check-pack's problems at their line,
// quote from the document, preview the draft in the real <policy-calculator>,
// run cases, see the impact of a CSV of cases, export what the portal deploys.
// The core is `core` (studio-core.js: the real loader and compiler compiled
// to wasm, pkg/policycalc_studio.js). Markup is built with
// createElement/textContent only (the page's CSP: no inline script or style,
// Trusted Types). The draft is kept in localStorage under STORE, this page only.
// The page's words are in i18n-studio.js (keys `studio.…`), in the studio's
// language (`state.lang`, kept with the draft); the preview has its own.

import * as core from './studio-core.js';
import { createEditor } from './studio-editor.js';
import { setCatalogSource } from './pc-core.js';
import { LANGS, DEFAULT_LANG, LANG_NAMES, t } from './i18n.js';
import './i18n-studio.js';
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
/** The browser's language among the three (zh-TW, zh-HK, zh-Hant: Traditional), else the default. */
function browserLang() {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const l = String(tag).toLowerCase();
    if (/^zh-(hant|tw|hk|mo)\b/.test(l)) return 'zh-Hant';
    if (l.startsWith('zh')) return 'zh-Hans';
    if (l.startsWith('en')) return 'en';
  }
  return DEFAULT_LANG;
}

const state = { edited: {}, cases: {}, current: 'policies/bayannur.toml', doc: null, lang: browserLang() };
/** This page's text `key` (www/i18n-studio.js) in the studio's language. */
const tr = (key, values) => t(state.lang, `studio.${key}`, values);
let editor = null;
let lastEdit = 0; // performance.now() of the last edit: the figures below are measured from it

const files = () => ({ ...shipped, ...state.edited });
const packRegion = (path) => (files()[path] || '').match(/^\[region\]\s*\nid\s*=\s*"([^"]+)"/m)?.[1] ?? null;

function save() {
  try {
    // nothing drafted (and the browser's language), nothing stored
    if (!Object.keys(state.edited).length && !Object.keys(state.cases).length && !state.doc && state.lang === browserLang()) localStorage.removeItem(STORE);
    else localStorage.setItem(STORE, JSON.stringify(state));
    $('st-draft-status').textContent = tr('draftKept', { n: Object.keys(state.edited).length });
  } catch {
    $('st-draft-status').textContent = tr('draftNotKept');
  }
}

function restore() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE) || 'null');
    if (saved && typeof saved.edited === 'object') Object.assign(state, saved);
  } catch { /* a broken stored draft is dropped */ }
  if (!LANGS.includes(state.lang)) state.lang = browserLang();
}

/** Every word on the page in the studio's language (the `data-t` elements, then what the page wrote). */
function applyLang() {
  document.documentElement.lang = state.lang;
  document.title = tr('title');
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = tr(el.dataset.t);
  for (const el of document.querySelectorAll('[data-t-label]')) el.setAttribute('aria-label', tr(el.dataset.tLabel));
  $('st-ui-lang').value = state.lang;
  if (!editor) return;
  editor.setLabel(tr('editorLabel'));
  for (const o of $('st-region').options) o.textContent = regionName(o.value);
  $('st-doc-shipped').options[0].textContent = tr('none');
  listOpen();
  editor.relint();
  showPreviewNote();
  if (lastCases) showCases(lastCases);
  if (lastImpact) showImpact(...lastImpact);
}

// ------------------------------------------------------------------ files

function listOpen() {
  const ul = $('st-open-files');
  ul.replaceChildren(...[...new Set([state.current, ...Object.keys(state.edited)])].map((p) => h('li', null,
    h('button', { type: 'button', 'aria-current': String(p === state.current), onclick: () => openFile(p), text: p in state.edited ? tr('edited', { path: p }) : p }))));
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
  const file = state.current;
  $('st-diag-count').textContent = tr(list.length > 1 ? 'problemsMany' : list.length ? 'problemsOne' : 'problemsNone', { n: list.length, file });
  $('st-diagnostics').replaceChildren(...list.map((d) => h('li', null, h('button', {
    type: 'button',
    'data-code': d.code,
    onclick: () => {
      const line = editor.view.state.doc.line(d.line);
      editor.view.dispatch({ selection: { anchor: Math.min(line.from + d.column - 1, line.to) }, scrollIntoView: true });
      editor.focus();
    },
    text: tr('at', { line: d.line, column: d.column, message: d.message }),
  }))));
}

function names() {
  const v = core.vocabulary(files());
  return [
    ...v.facts.map((label) => ({ label, type: 'variable', detail: tr('kindFact') })),
    ...v.parameters.map((label) => ({ label, type: 'constant', detail: tr('kindParameter') })),
    ...v.standards.map((label) => ({ label, type: 'constant', detail: tr('kindStandard') })),
    ...v.functions.map((label) => ({ label, type: 'function', detail: tr('kindFunction'), apply: `${label}(` })),
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
  if (!s) { $('st-draft-status').textContent = tr('selectFirst'); return; }
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
    $('st-draft-status').textContent = tr('quoteNotInDoc');
    return;
  }
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + quote.length);
  if (globalThis.CSS?.highlights) CSS.highlights.set('st-quote', new Highlight(range));
  const top = range.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
  box.scrollTop = Math.max(0, top - 40);
  box.dataset.shown = String(at);
  $('st-draft-status').textContent = tr('quoteShown');
}

// ------------------------------------------------------------------ preview

let previewTimer = null;
function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(preview, 150);
}

// The old preview's last screen, from its pc-question / pc-results events:
// the rebuilt one opens on the same (results, or the question still open).
let previewView = null;
// What the preview note says: the compiler's error, the preview's settings
// and the answers carried over or dropped.
let note = null;
// The fragment the current preview was given, with the answers it carries.
let handed = null;

function preview() {
  const c = core.compile(files());
  setCatalogSource({ regions: () => JSON.parse(c.regionsJson), catalog: (region, lang) => c.catalogs[`${region}.${lang}`] });
  const host = $('st-preview-host');
  const old = host.querySelector('policy-calculator');
  const [region, lang, asOf] = [$('st-region').value, $('st-lang').value, $('st-asof').value];
  // The old preview's answers go to the new one through the share link's
  // fragment, which the element restores from when it connects (each answer
  // checked against the draft's vocabulary; pc-element.js): same region only.
  // An old preview still restoring (edits faster than it loads) has not
  // taken its answers yet: the fragment it was given goes on.
  const restoring = old && !old.hasAttribute('ready') && handed?.el === old;
  const sameRegion = old?.getAttribute('region') === region;
  const carried = !sameRegion ? {} : restoring ? handed.carried : old.answers;
  let fragment = null;
  if (Object.keys(carried).length) {
    const params = new URLSearchParams(restoring ? handed.fragment : new URL(old.shareLink()).hash.slice(1));
    params.set('as-of', asOf); // the date chosen now, not the old preview's
    params.set('lang', lang);
    if (previewView !== 'results') params.delete('view');
    fragment = params.toString();
  } else previewView = null;
  const el = document.createElement('policy-calculator');
  el.setAttribute('region', region);
  el.setAttribute('lang', lang);
  el.setAttribute('as-of', asOf);
  el.setAttribute('heading-level', '3');
  el.setAttribute('lock-lang', '');
  const edit = lastEdit;
  el.addEventListener('pc-ready', () => {
    if (edit) performance.measure?.('studio-edit-to-preview', { start: edit });
    const kept = el.answers;
    const dropped = Object.entries(carried).filter(([id]) => !(id in kept)).map(([id, v]) => `${id} = ${v}`);
    if (fragment && host.contains(el)) showPreviewNote({ kept: Object.keys(kept).length, dropped });
  }, { once: true });
  handed = { el, carried, fragment };
  // The fragment is on this page's address only while the new preview
  // connects (replaceState: no history entry, no hashchange).
  const page = location.href;
  if (fragment) history.replaceState(history.state, '', `#${fragment}`);
  try {
    host.replaceChildren(el);
  } finally {
    if (fragment) history.replaceState(history.state, '', page);
  }
  host.dataset.generation = String(Number(host.dataset.generation || 0) + 1);
  note = { error: c.error, region, lang, asOf };
  showPreviewNote();
}

/** The preview note in the studio's language; `answers` ({kept, dropped}) once the rebuilt preview restored them. */
function showPreviewNote(answers) {
  if (!note) return;
  if (answers) note.answers = answers;
  const { error, region, lang, asOf } = note;
  const parts = [error ? tr('notCompiled', { error }) : tr('previewOf', { region: regionName(region), lang: LANG_NAMES[lang], date: asOf })];
  if (note.answers?.kept) parts.push(tr('answersKept', { n: note.answers.kept }));
  if (note.answers?.dropped.length) parts.push(tr('answersDropped', { facts: note.answers.dropped.join(tr('listSep')) }));
  $('st-preview-note').textContent = parts.join(''); // the English sentences carry their space
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
    $('st-cases-summary').textContent = tr('casesNotRun', { error: err.message });
    return;
  }
  lastCases = results;
  showCases(results);
}

// the last results shown (cases, impact): drawn again in another language
let lastCases = null;
let lastImpact = null;

function showCases(results) {
  const fail = results.filter((r) => !r.pass).length;
  $('st-cases-summary').textContent = tr(fail ? 'casesFail' : 'casesPass', { pass: results.length - fail, n: results.length, fail });
  $('st-cases-table').tBodies[0].replaceChildren(...results.map((r) => h('tr', { class: r.pass ? 'st-pass' : 'st-fail' },
    h('td', { text: r.file }), h('td', { text: tr(r.pass ? 'pass' : 'fail') }),
    h('td', { text: r.differences.map((d) => tr('differs', d)).join(tr('listSep')) }))));
}

function saveCase() {
  const el = $('st-preview-host').querySelector('policy-calculator');
  const answers = { ...(el?.answers || {}) };
  if (!Object.keys(answers).length) { $('st-cases-summary').textContent = tr('answerFirst'); return; }
  const region = $('st-region').value;
  const n = Object.keys(state.cases).length + 1;
  const path = `tests/cases/${region}/studio_${n}.toml`;
  try {
    state.cases[path] = core.caseFromAnswers(files(), region, $('st-asof').value, answers);
  } catch (err) {
    $('st-cases-summary').textContent = tr('notSaved', { error: err.message });
    return;
  }
  save();
  $('st-cases-summary').textContent = tr('savedAs', { path });
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
    lastImpact = null;
    return;
  }
  lastImpact = [out, file.name];
  showImpact(out, file.name);
}

function showImpact(out, name) {
  const c = out.counts;
  // the warnings' own words are the diff's (English, as the CLI prints them)
  const only = { old: 'warnOld', new: 'warnNew' };
  const warnings = out.warnings.map((w) => tr(only[w.only] ?? 'warn', { message: w.message })).join('');
  $('st-impact-summary').textContent = tr('impactSummary', {
    changes: c.changes, changed: c.rows_changed, rows: c.rows, file: name, cb: c.computed_before, ca: c.computed_after, rb: c.rejected_before, ra: c.rejected_after,
  }) + warnings;
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
    $('st-downloads').replaceChildren(h('li', { text: tr('notExported', { error: c.error }) }));
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

let regionIndex = [];
function regionName(id) {
  const name = regionIndex.find((r) => r.id === id)?.name;
  return name?.[state.lang] ?? name?.[DEFAULT_LANG] ?? id;
}

async function start() {
  $('st-ui-lang').replaceChildren(...LANGS.map((l) => h('option', { value: l, lang: l, text: LANG_NAMES[l] })));
  $('st-lang').replaceChildren(...LANGS.map((l) => h('option', { value: l, lang: l, text: LANG_NAMES[l] })));
  restore();
  applyLang();
  await core.init();
  shipped = core.shippedFiles();
  if (!(state.current in files())) state.current = 'policies/bayannur.toml';
  const packs = Object.keys(shipped).filter((p) => p.endsWith('.toml')).sort();
  $('st-shipped').replaceChildren(...packs.map((p) => h('option', { value: p, text: p })));
  $('st-shipped').value = state.current in shipped ? state.current : packs[0];
  const sources = Object.keys(shipped).filter((p) => p.endsWith('.txt')).sort();
  $('st-doc-shipped').replaceChildren(h('option', { value: '', text: tr('none') }), ...sources.map((p) => h('option', { value: p, text: p })));
  regionIndex = JSON.parse(core.compile(shipped).regionsJson);
  $('st-region').replaceChildren(...regionIndex.map((r) => h('option', { value: r.id, text: regionName(r.id) })));

  editor = createEditor({
    parent: $('st-cm'),
    doc: files()[state.current] ?? '',
    label: tr('editorLabel'),
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
    Object.assign(state, { edited: {}, cases: {}, doc: null }); // the language stays
    $('st-doc-text').textContent = '';
    openFile(state.current in shipped ? state.current : 'policies/bayannur.toml');
    $('st-draft-status').textContent = tr('discarded');
  });
  $('st-ui-lang').addEventListener('change', (e) => {
    state.lang = e.target.value;
    applyLang();
    save();
  });
  const host = $('st-preview-host');
  host.addEventListener('pc-question', () => { previewView = 'question'; });
  host.addEventListener('pc-results', () => { previewView = 'results'; });
  host.addEventListener('pc-restart', () => { previewView = null; });
  preview();
  document.body.dataset.ready = '';
}

start().catch((err) => {
  $('st-draft-status').textContent = tr('cannotStart', { error: err.message });
});
