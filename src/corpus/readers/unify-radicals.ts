// PDFs set in CJK fonts often map a character to the radical that shares its glyph: 一 comes out as
// ⼀ (KANGXI RADICAL ONE), 民 as ⺠ (CJK RADICAL C-SIMPLIFIED CIVILIAN). The text would look right and
// match nothing, so radicals are read as the characters they stand for.

/** CJK Radicals Supplement that Unicode's EquivalentUnifiedIdeograph.txt maps but NFKC does not (simplified forms). */
const SUPPLEMENT: ReadonlyMap<string, string> = new Map([
  ['\u2E81', '厂'],
  ['\u2E9D', '月'],
  ['\u2EA0', '民'],
  ['\u2EAC', '示'],
  ['\u2EC4', '西'],
  ['\u2EC5', '见'],
  ['\u2EC9', '贝'],
  ['\u2ECB', '车'],
  ['\u2ED3', '长'],
  ['\u2ED4', '门'],
  ['\u2ED8', '青'],
  ['\u2ED9', '韦'],
  ['\u2EDA', '页'],
  ['\u2EDB', '风'],
  ['\u2EDC', '飞'],
  ['\u2EDD', '食'],
  ['\u2EE2', '马'],
  ['\u2EE3', '骨'],
  ['\u2EE4', '鬼'],
  ['\u2EE5', '鱼'],
  ['\u2EE6', '鸟'],
  ['\u2EE7', '卤'],
  ['\u2EE8', '麦'],
  ['\u2EE9', '黄'],
  ['\u2EEA', '黾'],
  ['\u2EEC', '齐'],
  ['\u2EEE', '齿'],
  ['\u2EF0', '龙'],
]);

const RADICAL = /[\u2E80-\u2EFF\u2F00-\u2FDF]/gu;

/** Kangxi radicals by their compatibility decomposition (NFKC), supplement radicals by the table above. */
export function unifyRadicals(text: string): string {
  return text.replace(RADICAL, (radical) => SUPPLEMENT.get(radical) ?? radical.normalize('NFKC'));
}
