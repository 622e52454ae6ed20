// The integrator page (embed.html): builds the snippet from the form,
// re-creates the preview element with the same attributes and theme, and
// lists the preview's events. No markup from strings (Trusted Types).

const form = document.getElementById('builder');
const snippet = document.getElementById('snippet');
const preview = document.getElementById('preview');
const log = document.getElementById('events');
const ATTRIBUTES = ['region', 'lang', 'preset-role', 'limit-regions', 'share-base', 'heading-level'];
const FLAGS = ['hide-header', 'lock-lang', 'care'];
const THEME = ['--pc-accent', '--pc-fg', '--pc-bg', '--pc-surface', '--pc-radius'];
const DEFAULTS = { '--pc-accent': '#0b57a4', '--pc-fg': '#1a1c1e', '--pc-bg': '#ffffff', '--pc-surface': '#f3f5f8', '--pc-radius': '' };

function chosen() {
  const data = new FormData(form);
  const attrs = ATTRIBUTES.map((name) => [name, String(data.get(name) || '').trim()]).filter(([, v]) => v);
  const flags = FLAGS.filter((name) => data.get(name));
  const theme = THEME.map((name) => [name, String(data.get(name) || '')]).filter(([name, v]) => v && v !== DEFAULTS[name]);
  return { attrs, flags, theme };
}

function render() {
  const { attrs, flags, theme } = chosen();
  const quote = (v) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const attrText = [...attrs.map(([n, v]) => ` ${n}="${quote(v)}"`), ...flags.map((n) => ` ${n}`)].join('');
  const lines = ['<script type="module" src="/calculator/policy-calculator.js"></script>'];
  if (theme.length) lines.push('<style>', `  policy-calculator { ${theme.map(([n, v]) => `${n}: ${v};`).join(' ')} }`, '</style>');
  lines.push(`<policy-calculator${attrText}></policy-calculator>`);
  snippet.textContent = lines.join('\n');
  const el = document.createElement('policy-calculator');
  for (const [n, v] of attrs) el.setAttribute(n, v);
  for (const n of flags) el.setAttribute(n, '');
  for (const [n, v] of theme) el.style.setProperty(n, v);
  preview.replaceChildren(el);
}

for (const type of ['pc-ready', 'pc-question', 'pc-results', 'pc-restart', 'pc-wiped']) {
  preview.addEventListener(type, (e) => {
    const item = document.createElement('li');
    item.textContent = `${type} ${e.detail == null ? '' : JSON.stringify(e.detail)}`;
    log.prepend(item);
    while (log.children.length > 30) log.lastChild.remove();
  });
}

fetch('pkg/regions.json').then((r) => r.json()).then((regions) => {
  const select = form.elements.region;
  for (const r of regions) select.append(new Option(`${r.name.en} · ${r.name['zh-Hans']} (${r.id})`, r.id));
}).catch(() => {});
form.addEventListener('input', render);
form.addEventListener('change', render);
render();
