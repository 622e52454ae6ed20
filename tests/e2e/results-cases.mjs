// The cases the results-page tests (results.test.mjs) walk, as share-link
// fragments on a fixed as-of date: the graduate with no money in the results
// (ux review f1: 4,160 px on a phone) and the Chengyang employer whose print
// ran to 11 A4 pages (ux review f7).

export const RESULTS_AS_OF = '2026-12-01';

export const GRADUATE = {
  lang: 'zh-Hans',
  region: 'bayannur',
  facts: { role: 'graduate', graduation_date: '2024-06-30', unemployed_since_leaving_school: false, talent_reserve_programme: false, completed_training: false },
};

export const EMPLOYER = {
  lang: 'en',
  region: 'qingdao-chengyang',
  facts: {
    role: 'employer', employer_type: 'private_enterprise', enterprise_size: 'small', hire_employment_difficulty: true,
    employer_si_contribution_monthly: '1200', hire_disabled_difficulty: false, platform_insured_workers: '0',
    runs_staff_training: false, loan_criteria_met: false, pays_unemployment_insurance: false,
  },
};

/** index.html on the fixed as-of date, restoring `c`'s answers on its results screen. */
export function resultsPath(c, asOf = RESULTS_AS_OF) {
  const params = new URLSearchParams({ lang: c.lang, region: c.region, view: 'results' });
  for (const [k, v] of Object.entries(c.facts)) params.set(k, String(v));
  return `index.html?as-of=${asOf}#${params}`;
}

/** Pages in a PDF Chromium wrote (one page object each). */
export function pdfPages(buffer) {
  return (buffer.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
}
