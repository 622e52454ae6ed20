// The benchmark rule set in json-rules-engine (bench/run.sh):
//
//   node bench/jre/run.mjs IN.csv OUT_DIR LABEL
//
// Written the way its documentation suggests: one Engine, one JSON rule per
// provision, derived facts (retention rate, graduating year, "within two
// years of leaving school") as dynamic facts computed from the almanac.
// Amounts are computed from the fired events in integer fen (exact), so the
// agreement check compares like with like. Per case = one `engine.run(facts)`
// on facts already parsed; the CSV parsing is timed separately.

import { Engine } from 'json-rules-engine';
import { readFileSync, writeFileSync } from 'node:fs';

const [input, outDir, label] = process.argv.slice(2);
const AS_OF = '2025-03-01';
const WAGE_FEN = AS_OF >= '2024-12-01' ? 227000 : 198000; // Inner Mongolia class-I minimum wage
const SLOTS = ['startup_hiring', 'startup_sustained', 'internship', 'internship_retention', 'chengyang_si'];

const all = (...c) => ({ all: c });
const any = (...c) => ({ any: c });
const is = (fact, operator, value) => ({ fact, operator, value });
const bayannurStartup = [is('region', 'equal', 'bayannur'), is('role', 'equal', 'startup'),
  is('insured_employees', 'greaterThanInclusive', 3), is('insured_months', 'greaterThanInclusive', 12)];
const bayannurInterns = [is('region', 'equal', 'bayannur'), is('role', 'equal', 'employer'), is('interns', 'greaterThan', 0)];

const rules = [
  { conditions: all(...bayannurStartup), event: { type: 'startup_hiring' } },
  { conditions: all(...bayannurStartup, is('years_operating', 'greaterThanInclusive', 3), is('headcount_not_decreased', 'equal', true)), event: { type: 'startup_sustained' } },
  { conditions: all(...bayannurInterns), event: { type: 'internship' } },
  { conditions: all(...bayannurInterns, is('retention_half', 'equal', true)), event: { type: 'internship_retention' } },
  {
    conditions: all(
      is('region', 'equal', 'qingdao-chengyang'), is('role', 'equal', 'employer'),
      is('employer_type', 'notEqual', 'public_institution'),
      any(
        is('hire_employment_difficulty', 'equal', true),
        all(is('enterprise_size', 'in', ['micro', 'small']),
          any(is('hire_graduating_year', 'equal', true), is('hire_unemployed_recent_graduate', 'equal', true))),
      ),
    ),
    event: { type: 'chengyang_si' },
  },
];

const leap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
/** add_years(date, n) with the 29th of February clamped, as the core does. */
function addYears(date, n) {
  const y = Number(date.slice(0, 4)) + n;
  const md = date.slice(5);
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap(y) ? '02-28' : md}`;
}

function makeEngine() {
  const engine = new Engine(rules, { allowUndefinedFacts: true });
  engine.addFact('retention_half', async (params, almanac) => {
    const interns = await almanac.factValue('interns');
    const retained = await almanac.factValue('interns_retained');
    return interns > 0 && retained * 2 >= interns;
  });
  engine.addFact('hire_graduating_year', async (params, almanac) => {
    const grad = await almanac.factValue('hire_is_graduate');
    const date = await almanac.factValue('hire_graduation_date');
    return grad === true && date !== undefined && date.slice(0, 4) === AS_OF.slice(0, 4);
  });
  engine.addFact('hire_unemployed_recent_graduate', async (params, almanac) => {
    const grad = await almanac.factValue('hire_is_graduate');
    const date = await almanac.factValue('hire_graduation_date');
    const unemployed = await almanac.factValue('hire_unemployed_since_leaving_school');
    return grad === true && date !== undefined && date <= AS_OF && AS_OF < addYears(date, 2) && unemployed === true;
  });
  return engine;
}

const fenOf = (text) => {
  const [yuan, frac = ''] = text.split('.');
  return Number(yuan) * 100 + Number((frac + '00').slice(0, 2));
};
const yuanText = (fen) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

function parse(text) {
  const lines = text.split('\n');
  const header = lines[0].split(',');
  const rows = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const cells = lines[i].split(',');
    const facts = {};
    header.forEach((name, k) => {
      const v = cells[k];
      if (v === '') return;
      if (v === 'true' || v === 'false') facts[name] = v === 'true';
      else if (/^\d+$/.test(v)) facts[name] = Number(v);
      else facts[name] = v;
    });
    if (cells[14]) facts.employer_si_contribution_monthly = cells[14];
    rows.push(facts);
  }
  return rows;
}

function amounts(facts, events) {
  const out = ['', '', '', '', ''];
  for (const e of events) {
    const slot = SLOTS.indexOf(e.type);
    let fen = 0;
    switch (e.type) {
      case 'startup_hiring':
      case 'startup_sustained': fen = 2000000; break;
      case 'internship': fen = (WAGE_FEN * 7 / 10) * facts.interns; break;
      case 'internship_retention': fen = WAGE_FEN * facts.interns; break;
      case 'chengyang_si': fen = fenOf(facts.employer_si_contribution_monthly); break;
      default: continue;
    }
    out[slot] = yuanText(fen);
  }
  return out.join(',');
}

const text = readFileSync(input, 'utf8');
let t = performance.now();
const rows = parse(text);
const parseSeconds = (performance.now() - t) / 1000;
const engine = makeEngine();
const results = new Array(rows.length);
// One warm-up pass over a few rows, then the timed pass over all of them.
for (let i = 0; i < Math.min(1000, rows.length); i++) await engine.run(rows[i]);
t = performance.now();
for (let i = 0; i < rows.length; i++) {
  const { events } = await engine.run(rows[i]);
  results[i] = events;
}
const seconds = (performance.now() - t) / 1000;
const lines = [SLOTS.join(',')];
for (let i = 0; i < rows.length; i++) lines.push(amounts(rows[i], results[i]));
writeFileSync(`${outDir}/amounts-jre-${label}.csv`, lines.join('\n') + '\n');
console.log(JSON.stringify({ engine: 'json-rules-engine', mode: 'per-case', label, rows: rows.length, seconds, runs: 1, parse_seconds: parseSeconds }));
