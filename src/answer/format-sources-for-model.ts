// Hands the retrieved passages to the model as numbered, delimited data that cannot pose as instructions.
import type { Source } from './types.ts';

/** Angle brackets inside a passage are made full-width so a passage cannot close its own tag. */
const neutralize = (text: string) => text.replace(/</gu, '＜').replace(/>/gu, '＞');

const attribute = (text: string) => neutralize(text).replace(/"/gu, '＂');

/** Each source as a tag; `by` names the speaker and document when the corpus has several, so the model can say who said what. */
export function formatSourcesForModel(sources: readonly Source[]): string {
  return sources
    .map(
      (source) =>
        `<source n="${source.n}"${source.byline ? ` by="${attribute(source.byline)}"` : ''} date="${source.date}" occasion="${attribute(source.occasion)}">\n${neutralize(source.text)}\n</source>`,
    )
    .join('\n');
}
