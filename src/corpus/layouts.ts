// The layouts a corpus document may have, as every layout error lists them (README: "Corpus layouts").

export const ACCEPTED_LAYOUTS =
  'Accepted layouts: (1) a title line, an optional speaker line, then sections headed 一 / 一、标题 / （一）标题 (or ## 一 in Markdown), ' +
  'each ending with an attribution such as （2024年1月31日在…的讲话）, （2024年11月6日，杭州）, ——2024年11月6日在… or （2024-11-06，杭州）; ' +
  '(2) one speech without sections: a title line, an optional speaker line, a date line such as ## 2024年11月6日 · 杭州 ' +
  '(or title, speaker, date and occasion in YAML front matter), then its text; either may end with a ※ note.';

/** A layout error's message: where, what was expected there, and the accepted layouts. */
export function layoutError(file: string, line: number, expected: string): string {
  return `${file}:${line}: ${expected}. ${ACCEPTED_LAYOUTS}`;
}

/** A message without the accepted layouts, for reports that list them once for several files. */
export function withoutLayouts(message: string): string {
  const suffix = `. ${ACCEPTED_LAYOUTS}`;
  return message.endsWith(suffix) ? message.slice(0, -suffix.length) : message;
}
