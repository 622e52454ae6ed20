// The interface's own words in the three languages. Policy texts (questions,
// benefit titles, amounts with their periods, validity, reasons) come ready
// from the wasm core in the chosen language; only the frame is here.
// Templates use {name} placeholders, filled by `t()`.

export const LANGS = ['zh-Hans', 'zh-Hant', 'en'];
export const DEFAULT_LANG = 'zh-Hans';

/** Each language's name in itself, for the switcher. */
export const LANG_NAMES = { 'zh-Hans': '简体中文', 'zh-Hant': '繁體中文', en: 'English' };

const STRINGS = {
  'zh-Hans': {
    title: '就业政策计算器',
    intro: '回答几个问题，看看您可能享受哪些就业补贴、贷款和服务。计算在您的设备上完成，回答不会发送到任何服务器。',
    language: '语言',
    region: '地区',
    changeRegion: '更换地区',
    chooseRegion: '请选择您所在的地区',
    provisions: '{n} 项政策',
    start: '开始',
    loading: '正在加载计算器…',
    loadFailed: '计算器无法加载，请刷新页面重试。',
    question: '第 {n} 题',
    questionsLeft: '还有约 {n} 题',
    questionsLeftOne: '还有约 1 题',
    questionsNone: '后面没有其他问题了',
    yes: '是',
    no: '否',
    next: '下一题',
    back: '上一题',
    notSure: '不确定',
    showResults: '查看目前结果',
    optional: '不确定就点“不确定”：这一项留空，接着问下一题；未确定的政策会告诉您还需要回答什么。',
    results: '测算结果',
    err_required: '请先回答这个问题。',
    err_choose: '请选择一项。',
    err_number: '请输入数字，例如 3。',
    err_whole: '请输入整数，不带小数。',
    err_fen: '最多两位小数（精确到分）。',
    err_min: '不能小于 {min}。',
    err_max: '不能大于 {max}。',
    err_contradicts: '与“{other}”的回答（{value}）矛盾：{message}。',
    err_date: '请输入真实的日期（年-月-日）。',
    err_unknown_fact: '这个问题已不再使用，请重新开始。',
    err_unknown_region: '找不到这个地区。',
    err_bad_date: '测算日期无效，请检查网址中的 as-of 参数（格式 YYYY-MM-DD）。',
    err_other: '这个回答无法使用，请检查后重试。',
    restoredFailed: '链接中的部分回答无法读取，已忽略。',
    coreRestarted: '计算器内部出错，已自动重新启动；您的回答都已保留。',
    poweredNote: '根据已公开的政策文件测算，仅供参考；以经办部门审核为准。',
    errorTitle: '出错了',
    // first screen, care mode, version stamp
    audience: '适用于：高校毕业生和在校大学生、求职者和劳动者、创业者、用人单位和其他机构。',
    duration: '大约需要 2–5 分钟，回答 3–12 个问题。',
    publisher: '服务提供：{name}',
    publisherDefault: 'policycalc 开源项目，根据各地政府公开的政策文件整理；不是政府部门的审批或决定',
    documentsCovered: '所依据的政策文件和日期',
    publishedOn: '{date}发布',
    undated: '文件未写明发布日期',
    includesParent: '含{parent}的政策',
    care: '关怀模式',
    stamp: '版本 {version} · 政策文件截至 {date}',
    stampVersion: '版本 {version}',
  },
  'zh-Hant': {
    title: '就業政策計算器',
    intro: '回答幾個問題，看看您可能享有哪些就業補貼、貸款和服務。計算在您的裝置上完成，回答不會傳送到任何伺服器。',
    language: '語言',
    region: '地區',
    changeRegion: '更換地區',
    chooseRegion: '請選擇您所在的地區',
    provisions: '{n} 項政策',
    start: '開始',
    loading: '正在載入計算器…',
    loadFailed: '計算器無法載入，請重新整理頁面再試。',
    question: '第 {n} 題',
    questionsLeft: '還有約 {n} 題',
    questionsLeftOne: '還有約 1 題',
    questionsNone: '後面沒有其他問題了',
    yes: '是',
    no: '否',
    next: '下一題',
    back: '上一題',
    notSure: '不確定',
    showResults: '查看目前結果',
    optional: '不確定就按「不確定」：這一項留空，接著問下一題；未確定的政策會告訴您還需要回答什麼。',
    results: '測算結果',
    err_required: '請先回答這個問題。',
    err_choose: '請選擇一項。',
    err_number: '請輸入數字，例如 3。',
    err_whole: '請輸入整數，不帶小數。',
    err_fen: '最多兩位小數（精確到分）。',
    err_min: '不能小於 {min}。',
    err_max: '不能大於 {max}。',
    err_contradicts: '與「{other}」的回答（{value}）矛盾：{message}。',
    err_date: '請輸入真實的日期（年-月-日）。',
    err_unknown_fact: '這個問題已不再使用，請重新開始。',
    err_unknown_region: '找不到這個地區。',
    err_bad_date: '測算日期無效，請檢查網址中的 as-of 參數（格式 YYYY-MM-DD）。',
    err_other: '這個回答無法使用，請檢查後再試。',
    restoredFailed: '連結中的部分回答無法讀取，已忽略。',
    coreRestarted: '計算器內部出錯，已自動重新啟動；您的回答都已保留。',
    poweredNote: '根據已公開的政策文件測算，僅供參考；以經辦部門審核為準。',
    errorTitle: '出錯了',
    // first screen, care mode, version stamp
    audience: '適用於：高校畢業生和在校大學生、求職者和勞動者、創業者、用人單位和其他機構。',
    duration: '大約需要 2–5 分鐘，回答 3–12 個問題。',
    publisher: '服務提供：{name}',
    publisherDefault: 'policycalc 開源專案，根據各地政府公開的政策文件整理；不是政府部門的審批或決定',
    documentsCovered: '所依據的政策文件和日期',
    publishedOn: '{date}發布',
    undated: '文件未寫明發布日期',
    includesParent: '含{parent}的政策',
    care: '關懷模式',
    stamp: '版本 {version} · 政策文件截至 {date}',
    stampVersion: '版本 {version}',
  },
  en: {
    title: 'Employment policy calculator',
    intro: 'Answer a few questions to see which employment subsidies, loans and services you may qualify for. Everything is worked out on this device; your answers are never sent to a server.',
    language: 'Language',
    region: 'Region',
    changeRegion: 'Change region',
    chooseRegion: 'Choose your region',
    provisions: '{n} policies',
    start: 'Start',
    loading: 'Loading the calculator…',
    loadFailed: 'The calculator could not load. Please reload the page.',
    question: 'Question {n}',
    questionsLeft: 'About {n} questions left',
    questionsLeftOne: 'About 1 question left',
    questionsNone: 'No other questions left',
    yes: 'Yes',
    no: 'No',
    next: 'Next',
    back: 'Back',
    notSure: 'Not sure',
    showResults: 'See results so far',
    optional: 'Not sure? Choose “Not sure”: the question is left open and the next one comes; the policies still open tell you what they need.',
    results: 'Your results',
    err_required: 'Please answer this question.',
    err_choose: 'Please choose one.',
    err_number: 'Enter a number, for example 3.',
    err_whole: 'Enter a whole number, without decimals.',
    err_fen: 'At most two decimal places (fen).',
    err_min: 'Must be at least {min}.',
    err_max: 'Must be at most {max}.',
    err_contradicts: 'This contradicts your answer to “{other}” ({value}): {message}.',
    err_date: 'Enter a real date (year-month-day).',
    err_unknown_fact: 'This question is no longer used; please start over.',
    err_unknown_region: 'This region is not known.',
    err_bad_date: 'The as-of date is not valid; check the as-of parameter in the address (YYYY-MM-DD).',
    err_other: 'This answer cannot be used; please check it.',
    restoredFailed: 'Some answers in the link could not be read and were left out.',
    coreRestarted: 'The calculator hit an internal error and was restarted; your answers are kept.',
    poweredNote: 'An estimate from the published documents, not a decision.',
    errorTitle: 'Something went wrong',
    // first screen, care mode, version stamp
    audience: 'For graduates and students, job seekers and workers, founders, employers and other organisations.',
    duration: 'It takes about 2–5 minutes: 3 to 12 questions.',
    publisher: 'Provided by {name}',
    publisherDefault: 'the policycalc open-source project, from the policy documents local governments published; not a decision of any government office',
    documentsCovered: 'The policy documents it follows, with their dates',
    publishedOn: 'published {date}',
    undated: 'no publication date stated',
    includesParent: 'includes {parent}’s policies',
    care: 'Large text',
    stamp: 'Version {version} · policy documents up to {date}',
    stampVersion: 'Version {version}',
  },
};

/**
 * Adds a screen's own strings, kept in a file loaded with that screen's
 * module (www/i18n-results.js with the results, www/i18n-batch.js with the
 * batch page, whose keys take the prefix `batch.`), so they cost nothing
 * before the first question.
 */
export function addStrings(tables, prefix = '') {
  for (const [lang, table] of Object.entries(tables)) {
    for (const [key, text] of Object.entries(table)) STRINGS[lang][prefix + key] = text;
  }
}

/** The interface text `key` in `lang`, with {placeholders} filled from `values`. */
export function t(lang, key, values = {}) {
  const table = STRINGS[lang] || STRINGS[DEFAULT_LANG];
  const template = table[key] ?? STRINGS.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
}

/** Today's date from the device's clock and time zone, `YYYY-MM-DD` (the default as-of date). */
export function todayIso() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A BCP 47 tag for Intl formatting. */
function locale(lang) {
  return lang === 'en' ? 'en-GB' : lang === 'zh-Hant' ? 'zh-Hant-TW' : 'zh-Hans-CN';
}

/** `YYYY-MM-DD` as a date in the language: 2025年3月1日, 1 March 2025. */
export function formatDate(lang, iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m) return iso || '';
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return new Intl.DateTimeFormat(locale(lang), { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(date);
}

/**
 * A decimal string formatted with the language's group separators, digit
 * for digit (never through a float): "12345.5" -> "12,345.5".
 */
export function formatDecimal(lang, text) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(text ?? '').trim());
  if (!m) return String(text ?? '');
  const group = new Intl.NumberFormat(locale(lang)).formatToParts(1000).find((p) => p.type === 'group')?.value ?? ',';
  const whole = m[2].replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return m[1] + whole + (m[3] ? '.' + m[3] : '');
}

/** Yuan with separators and fen: ¥4,767.00 (en) or 4,767.00 元 (Chinese). */
export function formatYuan(lang, text) {
  const m = /^(-?\d+)(?:\.(\d+))?$/.exec(String(text ?? '').trim());
  if (!m) return String(text ?? '');
  const fen = (m[2] || '').padEnd(2, '0');
  const number = formatDecimal(lang, `${m[1]}.${fen}`);
  return lang === 'en' ? `¥${number}` : `${number} 元`;
}

/**
 * The localised message for a failed `checkAnswer`, chosen by the error's
 * `code` and, for `bad_value`, by what the input and the fact allow.
 */
export function errorMessage(lang, error, fact, raw) {
  const code = error && error.code;
  if (code === 'bad_value' && fact) {
    if (fact.type === 'integer' || fact.type === 'decimal') {
      const text = String(raw ?? '').trim();
      if (!/^-?\d+(\.\d+)?$/.test(text)) return t(lang, 'err_number');
      if (fact.type === 'integer' && /\.\d*[1-9]/.test(text)) return t(lang, 'err_whole');
      if (fact.type === 'decimal' && /\.\d{3,}$/.test(text.replace(/0+$/, ''))) return t(lang, 'err_fen');
      const n = Number(text);
      if (fact.min != null && n < Number(fact.min)) return t(lang, 'err_min', { min: formatDecimal(lang, fact.min) });
      if (fact.max != null && n > Number(fact.max)) return t(lang, 'err_max', { max: formatDecimal(lang, fact.max) });
      return t(lang, 'err_number');
    }
    if (fact.type === 'date') return t(lang, 'err_date');
    if (fact.type === 'enum' || fact.type === 'bool') return t(lang, 'err_choose');
  }
  if (code === 'contradictory_facts' && fact) {
    // the constraint's words come with the fact, in the reader's language
    const c = (fact.constraints || []).find((k) => k.other === error.other);
    if (c) return t(lang, 'err_contradicts', { other: c.other_label, value: error.other_value, message: c.message });
  }
  if (code === 'unknown_fact') return t(lang, 'err_unknown_fact');
  if (code === 'unknown_region') return t(lang, 'err_unknown_region');
  if (code === 'bad_date') return t(lang, 'err_bad_date');
  if (code === 'core_restarted') return t(lang, 'coreRestarted');
  return t(lang, 'err_other');
}
