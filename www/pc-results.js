// The results screen of <policy-calculator>: the answer first, then what to
// do next. Loaded on demand (with the QR encoder, in idle time after the
// first screen), so none of it counts before the first question.
//
// Groups, in order: what you can get (money), what you can use (services,
// training, posts), eligible if … (conditions someone still has to judge),
// announced but not issued (never "eligible": you cannot apply yet), past its
// stated end (check), needs more answers, then — collapsed — what you do not
// qualify for and the region's other programmes.
//
// `render(el, focus)` draws it through `el`, the element's interface for its
// modules (pc-element.js #host: its state and screen helpers, never the
// element itself). The share panel is pc-share.js.

// money whose figure is stated or set by local rules (f10: reliefs with
// unstated terms promise no amount, so they are listed with services)
import './i18n-results.js';
import { t, formatDate, formatDecimal, errorMessage, todayIso } from './i18n.js';
import { h, normaliseNumber } from './pc-dom.js';
import { loadQr } from './pc-core.js';
import { fillShare } from './pc-share.js';

const MONEY = new Set(['grant', 'reward', 'loan']);
const LIVE = new Set(['get', 'use', 'conditional']);

/** The group a benefit is shown in. */
export function groupOf(b) {
  if (b.programme) return 'programmes';
  if (b.status === 'ineligible') return 'no';
  if (b.status === 'undetermined') return 'open';
  const v = b.validity?.status;
  if (v === 'announced' || v === 'not_yet_in_force') return 'announced';
  if (v === 'expired') return 'expired';
  if (b.status === 'conditional') return 'conditional';
  return MONEY.has(b.kind) ? 'get' : 'use';
}

/** What a "what changed" line compares: each benefit's group and amount. */
export function snapshot(report) {
  const map = new Map();
  for (const b of report.benefits) map.set(b.id, { title: b.title, group: groupOf(b), amount: b.amount?.text ?? null });
  return map;
}

/** The sentences saying what an edit changed, comparing two snapshots. */
export function changes(lang, t, before, after) {
  const lines = [];
  const what = (x) => (x.amount ? t(lang, 'changeWhat', { title: x.title, amount: x.amount }) : x.title);
  for (const [id, now] of after) {
    const was = before.get(id);
    if (!was) continue;
    const had = LIVE.has(was.group);
    const has = LIVE.has(now.group);
    if (had && !has) lines.push(t(lang, 'noLongerApplies', { what: what(was) }));
    else if (!had && has) lines.push(t(lang, 'nowApplies', { what: what(now) }));
    else if (had && has && was.amount !== now.amount && was.amount && now.amount) {
      lines.push(t(lang, 'amountChanged', { title: now.title, from: was.amount, to: now.amount }));
    } else if (was.group !== now.group && (now.group === 'announced' || now.group === 'expired' || now.group === 'open')) {
      lines.push(t(lang, `nowIn_${now.group}`, { title: now.title }));
    }
  }
  return lines;
}

/** A phone number as a tap-to-call link (the visible text stays as printed). */
function telLink(h, phone) {
  const digits = String(phone).replace(/[^\d+-]/g, ''); // hyphens are visual separators a tel: URI allows
  return h('a', { class: 'pc-tel', href: `tel:${digits}`, text: phone });
}

/** The words for what a periodic amount leaves open, unless the report gives the period's total. */
function periodOpen(lang, t, b) {
  const period = b.amount?.period;
  if (!period || period === 'once') return null;
  if (b.amount.period_total || b.period_total) return null;
  return t(lang, period === 'per_month' ? 'monthsOpen' : 'yearsOpen');
}

/** The label of a role id. */
function roleLabel(el, role) {
  return el.facts.get('role')?.values.find((v) => v.id === role)?.label || role || '';
}

/** An answer as the reader gave it, in words. */
function describeAnswer(el, id) {
  const fact = el.facts.get(id);
  const value = el.answers[id];
  const lang = el.language;
  if (el.unsure.has(id)) return t(lang, 'notSure');
  if (!fact) return String(value);
  if (fact.type === 'bool') return t(lang, value ? 'yes' : 'no');
  if (fact.type === 'enum') return fact.values.find((v) => v.id === value)?.label || String(value);
  if (fact.type === 'date') return formatDate(lang, value);
  const number = formatDecimal(lang, value);
  // `unit_one` after exactly one ("1 intern"), as the core's reports say it.
  const unit = Number(value) === 1 ? fact.unit_one : fact.unit;
  return unit ? `${number} ${unit}` : number;
}

/** Edit one answer from the results: the results then say what the edit changed. */
function editAnswer(el, fact, report) {
  noteChange(el, report, [fact]);
  el.fromResults = true;
  el.showQuestion({ ...el.facts.get(fact), id: fact }, true);
}

/** A what-if suggestion applied: its answers changed, the new results shown with what changed. */
function tryWhatIf(el, changes, report) {
  noteChange(el, report, changes.map((c) => c.fact));
  for (const c of changes) {
    const type = el.facts.get(c.fact)?.type;
    el.saveAnswer(c.fact, type === 'bool' ? c.to === 'true' : c.to);
  }
  el.showResults(true);
}

function noteChange(el, report, facts) {
  el.changeNote = report ? { before: snapshot(report), facts } : null;
}

/**
 * The months a per-month amount is totalled over, asked beside the figure
 * (never in the interview: eligibility does not depend on it). Stored like
 * any answer, so the share link keeps it.
 */
function monthsForm(el, id) {
  const lang = el.language;
  const fact = el.facts.get(id);
  const input = h('input', { type: 'text', inputmode: 'numeric', class: 'pc-months-input', 'aria-label': fact.label, value: el.answers[id] ?? '' });
  const error = h('p', { class: 'pc-error pc-small', role: 'alert' });
  const form = h('form', { class: 'pc-months', 'data-fact': id },
    h('label', null, h('span', { text: `${t(lang, 'overPeriodAsk')} ` }), input, h('span', { text: ` ${fact.unit || ''}` })),
    h('button', { type: 'submit', class: 'pc-link', text: t(lang, 'overPeriodGo') }), error);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = normaliseNumber(input.value);
    try {
      el.checkAnswer(id, value);
    } catch (err) {
      error.textContent = errorMessage(lang, err, fact, value);
      return;
    }
    el.saveAnswer(id, value);
    el.showResults(false);
  });
  return form;
}

export function render(el, focus, quiet = false) {
  const lang = el.language;
  let report;
  try {
    report = el.evaluate();
  } catch (err) {
    return el.showFatal(err);
  }
  el.current = null;
  const pending = el.nextQuestion();
  const groups = { get: [], use: [], conditional: [], announced: [], expired: [], open: [], no: [], programmes: [] };
  for (const b of report.benefits) groups[groupOf(b)].push(b);

  const nodes = [];
  nodes.push(el.heading(t(lang, pending ? 'resultsPartial' : 'results')));
  nodes.push(h('p', { class: 'pc-meta' },
    h('span', { class: 'pc-region-role', text: t(lang, 'forRole', { region: report.region_name, role: roleLabel(el, report.role) }) }),
    ' · ',
    h('span', { class: 'pc-asof', text: t(lang, 'asOf', { date: formatDate(lang, report.as_of) }) })));
  // Employers and organisations often check many cases: the batch page, same region and date.
  if (report.role === 'employer' || report.role === 'organisation') {
    const href = `batch.html?${new URLSearchParams({ lang, region: report.region, 'as-of': report.as_of, role: report.role })}`;
    nodes.push(h('p', { class: 'pc-small pc-batch-link' }, h('a', { href, text: t(lang, 'checkMany') })));
  }

  // what an edit or a tried suggestion changed, said first
  const note = el.changeNote;
  el.changeNote = null;
  if (note) {
    const lines = changes(lang, t, note.before, snapshot(report));
    const said = note.facts.filter((f) => f in el.answers)
      .map((f) => t(lang, 'changedTo', { label: el.facts.get(f)?.label || f, value: describeAnswer(el, f) }));
    const head = said.length ? t(lang, 'afterChange', { changes: said.join(t(lang, 'listSep')) }) : '';
    nodes.push(h('div', { class: 'pc-changed', role: 'status' },
      h('p', null, h('strong', { text: head })),
      h('ul', { class: 'pc-reasons' }, (lines.length ? lines : [t(lang, 'nothingChanged')]).map((line) => h('li', { text: line })))));
  }

  nodes.push(headline(el, report, groups, pending));

  const section = (key, cls, list, { collapsed = false, intro = null } = {}) => {
    if (!list.length) return null;
    const title = t(lang, key, { n: list.length, title: t(lang, cls) });
    const cards = h('ul', { class: 'pc-cards' }, list.map((b) => card(el, b, cls, report)));
    const introEl = intro ? h('p', { class: 'pc-section-intro', text: intro }) : null;
    if (collapsed) {
      return h('details', { class: `pc-section pc-section-${cls} pc-collapsed` },
        h('summary', null, h('h3', { id: `pc-sec-${cls}`, text: title })), introEl, cards);
    }
    return h('section', { class: `pc-section pc-section-${cls}`, 'aria-labelledby': `pc-sec-${cls}` },
      h('h3', { id: `pc-sec-${cls}`, text: title }), introEl, cards);
  };
  nodes.push(section('groupGet', 'eligible', groups.get));
  nodes.push(section('groupUse', 'services', groups.use));
  nodes.push(section('groupConditional', 'conditional', groups.conditional, { intro: t(lang, 'conditionalNote') }));
  nodes.push(section('groupAnnounced', 'announced', groups.announced, { intro: t(lang, 'announcedIntro') }));
  nodes.push(section('groupExpired', 'expired', groups.expired, { intro: t(lang, 'expiredIntro') }));
  nodes.push(section('groupOpen', 'undetermined', groups.open));
  nodes.push(suggestions(el, report));
  nodes.push(nextSteps(el, report, groups));
  nodes.push(section('groupNo', 'ineligible', groups.no, { collapsed: true }));
  nodes.push(section('groupProgrammes', 'programmes', groups.programmes, { collapsed: true }));

  const answers = el.orderedAnswers();
  nodes.push(h('section', { class: 'pc-section pc-your-answers', 'aria-labelledby': 'pc-sec-answers' },
    h('h3', { id: 'pc-sec-answers', text: t(lang, 'yourAnswers') }),
    h('ul', { class: 'pc-answers' }, answers.map((id) => {
      const fact = el.facts.get(id);
      const label = fact?.label || id;
      return h('li', { 'data-fact': id },
        h('span', null, h('span', { text: `${label}${t(lang, 'colon')}` }), h('span', { class: 'pc-answer-value', text: describeAnswer(el, id) })),
        h('button', { type: 'button', class: 'pc-link pc-edit', 'aria-label': t(lang, 'editAnswer', { label }), text: t(lang, 'edit'), onclick: () => editAnswer(el, id, report) }));
    }))));

  const share = h('div', { class: 'pc-share', hidden: !el.kiosk });
  const printDetails = h('input', { type: 'checkbox', id: 'pc-print-details', class: 'pc-print-details',
    onchange: () => el.container.classList.toggle('pc-print-full', printDetails.checked) });
  el.container.classList.remove('pc-print-full');
  const actions = h('div', { class: 'pc-actions' },
    pending ? h('button', { type: 'button', class: 'pc-primary pc-continue', text: t(lang, 'continueInterview'), onclick: () => el.showQuestion(pending, true) }) : null,
    el.kiosk ? null : h('button', { type: 'button', class: 'pc-print', text: t(lang, 'print'), onclick: () => window.print() }),
    el.kiosk ? null : h('label', { class: 'pc-check', for: 'pc-print-details' }, printDetails, h('span', { text: t(lang, 'printDetails') })),
    el.kiosk ? null : h('button', { type: 'button', class: 'pc-share-button', 'aria-expanded': 'false', text: t(lang, 'share'), onclick: (e) => {
      const opening = share.hidden;
      share.hidden = !opening;
      e.currentTarget.setAttribute('aria-expanded', String(opening));
      if (opening) share.querySelector('input')?.focus();
    } }),
    h('button', { type: 'button', class: 'pc-restart', text: t(lang, 'startOver'), onclick: () => {
      el.emit('pc-restart', {});
      el.reset(true);
    } }));
  nodes.unshift(printHeader(el, report));
  nodes.push(actions);
  fillShare(el, share);
  nodes.push(share);
  nodes.push(h('p', { class: 'pc-notice pc-report-notice', text: report.notice }));
  el.show('results', nodes, focus);
  // Counts only, never an answer (the operators' events, www/README.md).
  if (!quiet) el.emit('pc-results', { answered: answers.length, complete: !pending });
  el.kioskControl?.placeQr(share);
  const summary = headlineText(lang, t, groups);
  el.announce(`${t(lang, pending ? 'resultsPartial' : 'results')}. ${summary}`);
  return report;
}

/** The one-line count the screen reader hears and the headline ends with. */
function headlineText(lang, t, g) {
  const parts = [];
  if (g.get.length) parts.push(t(lang, 'countGet', { n: g.get.length }));
  if (g.use.length) parts.push(t(lang, 'countUse', { n: g.use.length }));
  if (g.conditional.length) parts.push(t(lang, 'countConditional', { n: g.conditional.length }));
  if (g.announced.length) parts.push(t(lang, 'countAnnounced', { n: g.announced.length }));
  if (g.expired.length) parts.push(t(lang, 'countExpired', { n: g.expired.length }));
  if (g.open.length) parts.push(t(lang, 'countOpen', { n: g.open.length }));
  if (g.no.length) parts.push(t(lang, 'countNo', { n: g.no.length }));
  return parts.join(t(lang, 'listSep')) + t(lang, 'fullStop');
}

/** The answer first: money with its period in words, what one can use, and what is pending or not yet available. */
function headline(el, report, g, pending) {
  const lang = el.language;
  const rows = [];
  if (g.get.length) {
    rows.push(h('p', { class: 'pc-lead', text: t(lang, 'leadGet') }));
    rows.push(h('ul', { class: 'pc-lead-list' }, g.get.map((b) => {
      const open = periodOpen(lang, t, b);
      const amount = b.amount ? b.amount.text : t(lang, 'amountByLocalRules');
      return h('li', null, h('span', { text: `${b.title}${t(lang, 'colon')}` }), h('strong', { text: amount }), open ? h('span', { text: `${t(lang, 'semicolon')}${open}` }) : null);
    })));
    if (report.totals.length) {
      rows.push(h('p', { class: 'pc-small', text: t(lang, 'totalsLead') }));
      rows.push(h('ul', null, report.totals.map((total) => h('li', { class: 'pc-total', 'data-period': total.period, text: total.text }))));
      rows.push(h('p', { class: 'pc-muted pc-small', text: t(lang, 'totalsNote') }));
    }
  }
  if (g.use.length) {
    rows.push(h('p', { class: 'pc-lead', text: t(lang, 'leadUse') }));
    rows.push(h('ul', { class: 'pc-lead-list' }, g.use.map((b) => h('li', { text: b.title }))));
  }
  if (g.conditional.length) rows.push(h('p', { class: 'pc-lead', text: t(lang, 'leadConditional', { n: g.conditional.length }) }));
  if (g.announced.length) rows.push(h('p', { class: 'pc-lead pc-warn-text', text: t(lang, 'leadAnnounced', { n: g.announced.length }) }));
  if (g.expired.length) rows.push(h('p', { class: 'pc-lead pc-warn-text', text: t(lang, 'leadExpired', { n: g.expired.length }) }));
  if (!g.get.length && !g.use.length && !g.conditional.length && !g.announced.length && !g.expired.length) {
    rows.push(h('p', { class: 'pc-lead', text: t(lang, g.open.length || pending ? 'leadNothingYet' : 'leadNothing') }));
  }
  if (g.open.length) rows.push(h('p', { class: 'pc-small', text: t(lang, 'leadOpen', { n: g.open.length }) }));
  const tone = g.get.length || g.use.length ? 'yes' : 'none';
  return h('section', { class: `pc-totals pc-headline pc-tone-${tone}`, 'aria-labelledby': 'pc-totals-title' },
    h('h3', { id: 'pc-totals-title', text: t(lang, 'inShort') }),
    ...rows,
    h('p', { class: 'pc-summary pc-small pc-muted', text: headlineText(lang, t, g) }));
}

/** Every what-if suggestion as a sentence with a button that applies it. */
function suggestions(el, report) {
  const lang = el.language;
  const items = report.benefits.flatMap((b) => (b.status === 'undetermined' ? [] : b.what_if.map((w) => ({ b, w }))));
  if (!items.length) return null;
  return h('section', { class: 'pc-section pc-suggestions', 'aria-labelledby': 'pc-sec-whatif' },
    h('h3', { id: 'pc-sec-whatif', text: t(lang, 'groupWhatIf') }),
    h('ul', { class: 'pc-whatif' }, items.map(({ b, w }) => h('li', { 'data-id': b.id },
      h('p', null, h('strong', { text: b.title })),
      h('p', { text: w.text }),
      h('button', { type: 'button', class: 'pc-try', 'data-provision': b.id, 'aria-label': `${t(lang, 'tryIt')}${t(lang, 'colon')}${w.text}`, text: t(lang, 'tryIt'), onclick: () => tryWhatIf(el, w.changes, report) })))));
}

/** Whom to ask, once for all the items it covers (tap-to-call), and what the documents leave unsaid. */
function nextSteps(el, report, g) {
  const lang = el.language;
  const relevant = [...g.get, ...g.use, ...g.conditional, ...g.open];
  if (!relevant.length) return null;
  const byContact = new Map();
  for (const b of relevant) {
    if (!b.contact) continue;
    const key = `${b.contact.name}|${b.contact.phone || ''}`;
    if (!byContact.has(key)) byContact.set(key, { contact: b.contact, titles: [] });
    byContact.get(key).titles.push(b.title);
  }
  const contacts = [...byContact.values()];
  // 12333, the national human resources and social security hotline, is
  // always a channel; named once, whether or not a document prints a number
  const national = (titles) => h('li', { class: 'pc-contact pc-contact-national' },
    h('strong', { text: t(lang, 'askBureau') }), h('br'),
    h('span', { text: t(lang, 'phoneLabel') }), telLink(h, '12333'), h('span', { class: 'pc-small pc-muted', text: t(lang, 'nationalHotline') }),
    titles ? h('p', { class: 'pc-small pc-muted', text: t(lang, 'contactCovers', { titles: titles.join(t(lang, 'listSep')) }) }) : null);
  const items = contacts.filter((c) => !c.contact.general).map(({ contact, titles }) => h('li', { class: 'pc-contact' },
    h('strong', { text: contact.name }),
    contact.phone ? [h('br'), h('span', { text: t(lang, 'phoneLabel') }), telLink(h, contact.phone)] : null,
    h('p', { class: 'pc-small pc-muted', text: t(lang, 'contactCovers', { titles: titles.join(t(lang, 'listSep')) }) })));
  const general = contacts.find((c) => c.contact.general);
  items.push(national(general ? general.titles : null));
  const shown = new Set(['12333', ...contacts.map((c) => c.contact.phone).filter(Boolean)]);
  return h('section', { class: 'pc-section pc-next-steps', 'aria-labelledby': 'pc-sec-next' },
    h('h3', { id: 'pc-sec-next', text: t(lang, 'nextSteps') }),
    h('p', { text: t(lang, 'howToApplyUnknown') }),
    h('ul', { class: 'pc-contacts' }, items),
    localGuide(lang, relevant, shown));
}

const LOCAL_ROWS = [['how', 'localHow'], ['documents', 'localDocuments'], ['deadline', 'localDeadline'], ['office', 'localOffice'], ['hours', 'localHours']];

/** The local service guide's entries (policies/local/, the operator's file), once each for the items they cover, labelled as not the document's words; a phone already listed above is not repeated. */
function localGuide(lang, relevant, shown) {
  const entries = new Map();
  for (const b of relevant) {
    const l = b.local;
    if (!l) continue;
    const key = JSON.stringify([l.source, l.how, l.documents, l.deadline, l.office, l.hours, l.phone, l.url]);
    if (!entries.has(key)) entries.set(key, { l, titles: [] });
    entries.get(key).titles.push(b.title);
  }
  if (!entries.size) return null;
  return h('ul', { class: 'pc-local-guide' }, [...entries.values()].map(({ l, titles }) => h('li', { class: 'pc-local' },
    h('p', null, h('strong', { class: 'pc-local-label', text: l.label })),
    h('dl', null,
      LOCAL_ROWS.filter(([field]) => l[field]).map(([field, key]) => [h('dt', { text: t(lang, key) }), h('dd', { text: l[field] })]),
      l.phone && !shown.has(l.phone) ? [h('dt', { text: t(lang, 'localPhone') }), h('dd', null, telLink(h, l.phone))] : null,
      l.url ? [h('dt', { text: t(lang, 'localUrl') }), h('dd', null, h('a', { class: 'pc-local-url', href: l.url, rel: 'noopener noreferrer', target: '_blank', text: l.url }))] : null),
    l.unknown_text ? h('p', { class: 'pc-small pc-local-unknown', text: l.unknown_text }) : null,
    l.source ? h('p', { class: 'pc-small pc-muted pc-local-source', text: `${t(lang, 'localSource')}${t(lang, 'colon')}${l.source}` }) : null,
    // a region default covers every item above: listing them again only lengthens the page
    l.own ? h('p', { class: 'pc-small pc-muted', text: t(lang, 'contactCovers', { titles: titles.join(t(lang, 'listSep')) }) }) : null)));
}

/** Shown in print only: who publishes the documents, the data's date, the print date and a QR back to this result. */
function printHeader(el, report) {
  const lang = el.language;
  const issuers = [...new Set(report.benefits.flatMap((b) => b.sources.map((s) => s.issuer)))];
  const published = report.benefits.flatMap((b) => b.sources.map((s) => s.published)).filter(Boolean).sort();
  const latest = published[published.length - 1];
  const qr = h('div', { class: 'pc-print-qr' });
  const link = el.shareLink();
  loadQr().then(({ toCanvas }) => {
    try {
      qr.replaceChildren(toCanvas(document, link, t(lang, 'printQr')), h('p', { class: 'pc-small', text: t(lang, 'printQr') }));
    } catch {
      qr.replaceChildren();
    }
  }, () => qr.replaceChildren());
  return h('div', { class: 'pc-print-only pc-print-header' },
    h('div', null,
      h('p', null, h('strong', { text: t(lang, 'title') })),
      h('p', { class: 'pc-small', text: t(lang, 'printPublishers', { issuers: issuers.join(t(lang, 'listSep')) }) }),
      latest ? h('p', { class: 'pc-small', text: t(lang, 'printDataDate', { date: formatDate(lang, latest) }) }) : null,
      h('p', { class: 'pc-small', text: t(lang, 'printDates', { asOf: formatDate(lang, report.as_of), printed: formatDate(lang, todayIso()) }) })),
    qr);
}

function card(el, b, cls, report) {
  const lang = el.language;
  const li = h('li', { class: `pc-card pc-${cls}`, 'data-id': b.id, 'data-status': b.status });
  li.append(h('h4', { text: b.title }));
  if (b.amount) li.append(h('p', { class: 'pc-amount', text: b.amount.text }));
  if (b.over_period) {
    li.append(h('p', { class: 'pc-over-period', text: b.over_period.text }), h('p', { class: 'pc-muted pc-small', text: b.over_period.note }));
  }
  if (b.months_fact && b.amount && (b.status === 'eligible' || b.status === 'conditional')) li.append(monthsForm(el, b.months_fact));
  if (b.amount?.per) li.append(h('p', { class: 'pc-muted pc-small', text: b.amount.per }));
  const open = b.status !== 'ineligible' ? periodOpen(lang, t, b) : null;
  if (open) li.append(h('p', { class: 'pc-small pc-period-open', text: open }));
  // the core's note never says "eligible" (it is shown in every group but "not for you")
  if (!b.amount && b.amount_note && cls !== 'ineligible') li.append(h('p', { class: 'pc-amount-note', text: b.amount_note }));
  if (b.terms) li.append(h('p', null, h('strong', { text: `${t(lang, 'terms')}${t(lang, 'colon')}` }), b.terms));
  li.append(h('p', { class: 'pc-card-summary', text: b.summary }));
  // the as-of date is in the header once; a pill only says what neither "in force" nor the group's heading says
  const v = b.validity;
  const plain = (v.status === 'in_force' && !v.until) || (v.status === 'announced' && cls === 'announced');
  const badges = [
    plain ? null : h('li', { class: `pc-badge pc-${v.status}`, text: v.text }),
    b.status === 'eligible' && b.amount && !b.counts_in_totals && !b.superseded_by ? h('li', { class: 'pc-badge', text: t(lang, 'notCounted') }) : null,
    b.inherited_from ? h('li', { class: 'pc-badge', text: t(lang, 'inherited', { region: el.regions.find((r) => r.id === b.inherited_from)?.name || b.inherited_from }) }) : null,
  ].filter(Boolean);
  if (badges.length) li.append(h('ul', { class: 'pc-badges' }, badges));
  if (b.superseded_by) {
    const by = report.benefits.find((x) => x.id === b.superseded_by);
    li.append(h('p', { class: 'pc-muted', text: t(lang, 'superseded', { title: by?.title || b.superseded_by }) }));
  }
  if (b.no_application && b.status === 'eligible') li.append(h('p', { class: 'pc-muted', text: t(lang, 'noApplication') }));
  const pending = b.pending_conditions || [];
  if (b.status === 'conditional') {
    // "Eligible if": each condition a named body decides, never a question.
    li.append(h('ul', { class: 'pc-pending' }, pending.map((c) => h('li', { 'data-fact': c.fact },
      h('span', { class: 'pc-pending-condition', text: c.condition }),
      h('span', { class: 'pc-muted pc-small pc-pending-judge', text: ` — ${t(lang, 'judgedBy')}${t(lang, 'colon')}${c.judged_by} (${t(lang, 'clause')}${t(lang, 'colon')}${c.clause})` })))));
  }
  // Judged facts are never asked: they show as "eligible if", not as questions.
  const askable = b.missing_facts.filter((id) => !pending.some((c) => c.fact === id));
  if (b.status === 'undetermined' && askable.length) {
    li.append(h('p', { class: 'pc-status-line', text: t(lang, 'toDecide') }));
    li.append(h('ul', { class: 'pc-missing' }, askable.map((id) => {
      const fact = el.facts.get(id);
      const label = fact?.label || id;
      return h('li', null, fact
        ? h('button', { type: 'button', class: 'pc-answer-missing', 'data-fact': id, text: `${t(lang, 'answer')}${t(lang, 'colon')}${label}${el.unsure.has(id) ? ` (${t(lang, 'notSure')})` : ''}`, onclick: () => editAnswer(el, id, report) })
        : h('span', { text: label }));
    })));
  }
  if (b.status === 'ineligible' || b.status === 'undetermined') {
    const reasons = b.why.filter((r) => (b.status === 'ineligible' ? r.holds === false : r.holds !== true));
    if (reasons.length) li.append(h('ul', { class: 'pc-reasons pc-why' }, reasons.map((r) => h('li', { text: r.text }))));
  }
  if (b.status !== 'ineligible' && !b.amount && !b.amount_stated && b.national_standard) {
    const ns = b.national_standard;
    li.append(h('p', { class: 'pc-small pc-national' }, h('strong', { text: `${t(lang, 'nationalStandard')}${t(lang, 'colon')}` }), ns.text,
      ns.validity ? h('span', { class: `pc-badge pc-${ns.validity.status}`, text: ` ${t(lang, 'validity')}${t(lang, 'colon')}${ns.validity.text}` }) : null));
  }
  if (b.computation || b.parameters.length || b.conditions || b.gaps) {
    li.append(h('details', { class: 'pc-how' }, h('summary', { text: t(lang, b.computation ? 'computation' : 'conditionsAndGaps') }),
      b.conditions ? h('p', null, h('strong', { text: `${t(lang, 'conditions')}${t(lang, 'colon')}` }), b.conditions) : null,
      b.who ? h('p', null, h('strong', { text: `${t(lang, 'who')}${t(lang, 'colon')}` }), b.who) : null,
      b.computation ? h('p', { class: 'pc-computation', text: b.computation }) : null,
      b.parameters.length ? h('ul', { class: 'pc-reasons' }, b.parameters.map((p) => h('li', {
        text: t(lang, 'parameter', { label: p.label, value: formatDecimal(lang, p.value), unit: p.unit, from: formatDate(lang, p.from), source: p.source }) + (p.provisional ? t(lang, 'provisional') : ''),
      }))) : null,
      b.gaps ? h('p', null, h('strong', { text: `${t(lang, 'gaps')}${t(lang, 'colon')}` }), b.gaps) : null,
      h('p', { class: 'pc-small pc-muted', text: b.validity.note })));
  }
  for (const s of b.sources) {
    li.append(h('details', { class: 'pc-source' }, h('summary', { text: `${t(lang, 'source')}${t(lang, 'colon')}${s.clause}` }),
      h('dl', null,
        h('dt', { text: t(lang, 'document') }), h('dd', { text: s.title }),
        s.number ? [h('dt', { text: t(lang, 'number') }), h('dd', { text: s.number })] : null,
        h('dt', { text: t(lang, 'issuer') }), h('dd', { text: s.issuer }),
        s.published ? [h('dt', { text: t(lang, 'published') }), h('dd', { text: formatDate(lang, s.published) })] : null,
        h('dt', { text: t(lang, 'clause') }), h('dd', { text: s.clause })),
      h('blockquote', { lang: lang === 'en' ? 'zh' : lang, text: s.quote || s.quote_as_published }),
      s.quote_as_published && s.quote && s.quote_as_published !== s.quote
        ? h('p', { class: 'pc-small pc-muted' }, h('span', { text: `${t(lang, 'quote')}${t(lang, 'colon')}` }), h('span', { lang: 'zh', text: s.quote_as_published }))
        : null));
  }
  return li;
}
