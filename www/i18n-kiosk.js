// The kiosk's own words in the three languages (see i18n.js: the frame's
// words; these are added to the same tables when the kiosk controller,
// www/pc-kiosk.js, loads: only in kiosk mode).

import { addStrings } from './i18n.js';

addStrings({
  'zh-Hans': {
    idleTitle: '还在使用吗？',
    idleText: '{s} 秒后将清除所有回答并回到首页。',
    idleContinue: '继续使用',
    idleClear: '立即清除',
    cleared: '所有回答已清除。',
    kioskNotice: '这是公共设备：{after}无操作会自动清除您的全部回答。',
    kioskEnd: '结束并清除',
    minutes: '{n} 分钟',
    seconds: '{n} 秒',
  },
  'zh-Hant': {
    idleTitle: '還在使用嗎？',
    idleText: '{s} 秒後將清除所有回答並回到首頁。',
    idleContinue: '繼續使用',
    idleClear: '立即清除',
    cleared: '所有回答已清除。',
    kioskNotice: '這是公共設備：{after}無操作會自動清除您的全部回答。',
    kioskEnd: '結束並清除',
    minutes: '{n} 分鐘',
    seconds: '{n} 秒',
  },
  en: {
    idleTitle: 'Still there?',
    idleText: 'All answers will be cleared in {s} seconds.',
    idleContinue: 'Keep going',
    idleClear: 'Clear now',
    cleared: 'All answers were cleared.',
    kioskNotice: 'This is a public device: after {after} without use it clears all your answers.',
    kioskEnd: 'End and clear',
    minutes: '{n} min',
    seconds: '{n} s',
  },
});
