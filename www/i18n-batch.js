// The batch page's own words in the three languages (see i18n.js, which owns
// every table and the one `t()`): added under the `batch.` prefix when
// batch.js loads, so they cost the calculator's pages nothing and cannot
// shadow the calculator's keys.

import { addStrings } from './i18n.js';

addStrings({
  'zh-Hans': {
    role: '申请人类型（模板）', roleEmployer: '用人单位', roleOrganisation: '服务机构、院校', roleStartup: '创业者或初创企业', roleGraduate: '高校毕业生', roleWorker: '劳动者',
    format: '结果文件格式', formatAuto: '与上传的文件相同', detailed: '逐项明细列（每个项目的状态、金额、说明）', templateXlsx: 'Excel 模板（含填写说明和下拉选项）', templateCsv: 'CSV 模板', templateValues: 'CSV 可填值说明',
    allColumns: '全部列', readingRows: '正在计算：已读取 {done}/{total} 行', lineCol: '行号', sheet: '工作表：{enc}；用时 {s} 秒',
    title: '批量计算（Excel / CSV）', intro: '每行一个人员或企业案例，列名为事实名称（英文 id 或中文名称）。文件只在本机处理，不会上传。',
    back: '返回计算器', settings: '设置', lang: '语言', region: '地区', regionFromFile: '按文件中的地区列', asOf: '查询日期',
    template: '模板：', file: '文件', choose: '选择或拖入 Excel（.xlsx、.xls）或 CSV 文件（UTF-8 或 GBK/GB18030）', start: '开始计算', cancel: '取消',
    results: '结果', download: '下载结果', downloadSummary: '下载汇总 CSV', summary: '汇总（按项目和周期）',
    errors: '被拒绝的行', preview: '前几行', loading: '正在加载…', ready: '请选择文件。', reading: '正在计算：已读取 {done}/{total} MB，{rows} 行',
    cancelled: '已取消，未生成结果。', counts: '共 {rows} 行：{computed} 行已计算，{rejected} 行被拒绝（原因见下方和结果文件的“错误”列）。',
    encoding: '文件编码：{enc}；用时 {s} 秒', moreErrors: '……另有 {n} 行错误，见结果文件的“错误”列。', noErrors: '无', loadFailed: '无法加载计算核心：',
    stream: '边计算边保存到我选择的文件（适合大文件）', saved: '结果已保存到 {name}。', workerFailed: '一个计算线程出错，计算已停止，未生成结果：{message}', workerHung: '一个计算线程 {seconds} 秒没有响应，已停止，计算未生成结果。再次开始计算时只用一个线程。',
  },
  'zh-Hant': {
    role: '申請人類型（範本）', roleEmployer: '用人單位', roleOrganisation: '服務機構、院校', roleStartup: '創業者或初創企業', roleGraduate: '高校畢業生', roleWorker: '勞動者',
    format: '結果檔案格式', formatAuto: '與上傳的檔案相同', detailed: '逐項明細列（每個項目的狀態、金額、說明）', templateXlsx: 'Excel 範本（含填寫說明和下拉選項）', templateCsv: 'CSV 範本', templateValues: 'CSV 可填值說明',
    allColumns: '全部列', readingRows: '正在計算：已讀取 {done}/{total} 行', lineCol: '行號', sheet: '工作表：{enc}；用時 {s} 秒',
    title: '批量計算（Excel / CSV）', intro: '每行一個人員或企業案例，列名為事實名稱（英文 id 或中文名稱）。檔案只在本機處理，不會上傳。',
    back: '返回計算器', settings: '設定', lang: '語言', region: '地區', regionFromFile: '按檔案中的地區列', asOf: '查詢日期',
    template: '範本：', file: '檔案', choose: '選擇或拖入 Excel（.xlsx、.xls）或 CSV 檔案（UTF-8 或 GBK/GB18030）', start: '開始計算', cancel: '取消',
    results: '結果', download: '下載結果', downloadSummary: '下載匯總 CSV', summary: '匯總（按項目和週期）',
    errors: '被拒絕的行', preview: '前幾行', loading: '正在載入…', ready: '請選擇檔案。', reading: '正在計算：已讀取 {done}/{total} MB，{rows} 行',
    cancelled: '已取消，未產生結果。', counts: '共 {rows} 行：{computed} 行已計算，{rejected} 行被拒絕（原因見下方和結果檔案的「錯誤」列）。',
    encoding: '檔案編碼：{enc}；用時 {s} 秒', moreErrors: '……另有 {n} 行錯誤，見結果檔案的「錯誤」列。', noErrors: '無', loadFailed: '無法載入計算核心：',
    stream: '邊計算邊儲存到我選擇的檔案（適合大檔案）', saved: '結果已儲存到 {name}。', workerFailed: '一個計算執行緒出錯，計算已停止，未產生結果：{message}', workerHung: '一個計算執行緒 {seconds} 秒沒有回應，已停止，計算未產生結果。再次開始計算時只用一個執行緒。',
  },
  en: {
    role: 'Applicant type (template)', roleEmployer: 'Employer', roleOrganisation: 'Service organisation or school', roleStartup: 'Founder or startup', roleGraduate: 'Graduate', roleWorker: 'Worker',
    format: 'Results file format', formatAuto: 'Same as the file uploaded', detailed: 'Detailed columns (status, amount and reason of every provision)', templateXlsx: 'Excel template (instructions and drop-downs)', templateCsv: 'CSV template', templateValues: 'CSV allowed values',
    allColumns: 'All columns', readingRows: 'Computing: read {done}/{total} rows', lineCol: 'line', sheet: 'Sheet: {enc}; {s} s',
    title: 'Batch (Excel / CSV)', intro: 'One person or enterprise case per row; columns are named by fact (English id or Chinese label). The file is processed on this device and never uploaded.',
    back: 'Back to the calculator', settings: 'Settings', lang: 'Language', region: 'Region', regionFromFile: 'From the file’s region column', asOf: 'As of',
    template: 'Template: ', file: 'File', choose: 'Choose or drop an Excel (.xlsx, .xls) or CSV file (UTF-8 or GBK/GB18030)', start: 'Compute', cancel: 'Cancel',
    results: 'Results', download: 'Download results', downloadSummary: 'Download summary CSV', summary: 'Totals by provision and period',
    errors: 'Rejected rows', preview: 'First rows', loading: 'Loading…', ready: 'Choose a file.', reading: 'Computing: read {done}/{total} MB, {rows} rows',
    cancelled: 'Cancelled; no results were produced.', counts: '{rows} rows: {computed} computed, {rejected} rejected (reasons below and in the error column of the results file).',
    encoding: 'File encoding: {enc}; {s} s', moreErrors: '… {n} more rejected rows: see the error column of the results file.', noErrors: 'None', loadFailed: 'The calculator core could not load: ',
    stream: 'Save the results to a file I choose as they are computed (for large files)', saved: 'Results saved to {name}.', workerFailed: 'A calculation worker failed, so the batch stopped and produced no results: {message}', workerHung: 'A calculation worker gave no answer for {seconds} s, so it was stopped and the batch produced no results. The next run uses one worker.',
  },
}, 'batch.');
