// DOM and input helpers of <policy-calculator> and its modules: markup built
// with createElement/textContent only (never from strings), dates and
// numbers as people type them, URL and attribute helpers.

/** createElement with properties, attributes, listeners and children (text nodes for strings). */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'checked' || key === 'value' || key === 'disabled') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child);
  }
  return el;
}

/** A real calendar date written YYYY-MM-DD (2025-02-30 is not). */
export function isIsoDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || '');
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Full-width digits and separators to ASCII; thousands separators and spaces dropped. */
export function normaliseNumber(text) {
  return String(text)
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/[\uFF0D\u2212]/g, '-')
    .replace(/[,\uFF0C\s\u3000]/g, '')
    .trim();
}

export function urlParams() {
  try {
    return new URL(location.href).searchParams;
  } catch {
    return new URLSearchParams();
  }
}

/** An absolute http(s) URL, or null (a share base must be a web page). */
export function httpUrl(text) {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Property -> attribute (null or undefined removes it). */
export function mirror(el, name, value) {
  if (value == null) el.removeAttribute(name);
  else el.setAttribute(name, String(value));
}

export function positiveSeconds(value, fallback) {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
