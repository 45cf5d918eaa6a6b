// Hands the retrieved passages to the model as numbered, delimited data that cannot pose as instructions.
import type { Source } from './types.ts';

/** Angle brackets inside a passage are made full-width so a passage cannot close its own tag. */
const neutralize = (text: string) => text.replace(/</gu, '＜').replace(/>/gu, '＞');

export function formatSourcesForModel(sources: readonly Source[]): string {
  return sources
    .map(
      (source) =>
        `<source n="${source.n}" date="${source.date}" occasion="${neutralize(source.occasion).replace(/"/gu, '＂')}">\n${neutralize(source.text)}\n</source>`,
    )
    .join('\n');
}
