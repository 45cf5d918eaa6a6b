// Renders untrusted answer text safely: only text nodes and citation chips are created, so markup
// in an answer (<img onerror>, javascript: links, SVG) is shown as the characters it is and never runs.
import type { WidgetSource } from '../api-client.ts';

const MARKER = /\[(\d+)\]/gu;

export function renderAnswer(
  container: HTMLElement,
  text: string,
  sources: readonly WidgetSource[],
  chipLabel: (n: number) => string,
  onChip: (source: WidgetSource, chip: HTMLButtonElement) => void,
): void {
  const byNumber = new Map(sources.map((source) => [source.n, source]));
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    const source = byNumber.get(Number(match[1]));
    if (!source) continue;
    fragment.append(document.createTextNode(text.slice(last, match.index)));
    const chip = document.createElement('button');
    chip.type = 'button';
    chip.className = 'chip';
    chip.textContent = String(source.n);
    chip.setAttribute('aria-label', chipLabel(source.n));
    chip.addEventListener('click', () => onChip(source, chip));
    fragment.append(chip);
    last = match.index + match[0].length;
  }
  fragment.append(document.createTextNode(text.slice(last)));
  container.replaceChildren(fragment);
}

/** The spans of a source that the answer quotes next to its marker, or the source's best sentence. */
export function citedRanges(answerText: string, source: WidgetSource): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  const quoted = new RegExp(`(?:「([^」]+)」|“([^”]+)”)\\s*(?:\\[\\d+\\])*\\[${source.n}\\]`, 'gu');
  for (const match of answerText.matchAll(quoted)) {
    const quote = match[1] ?? match[2] ?? '';
    const at = source.text.indexOf(quote);
    if (at !== -1) ranges.push({ start: at, end: at + quote.length });
  }
  if (ranges.length === 0 && source.highlight.end > source.highlight.start) ranges.push(source.highlight);
  return ranges.sort((left, right) => left.start - right.start);
}

/** The excerpt's text with the given ranges wrapped in <mark>, built from text nodes only. */
export function highlightedText(text: string, ranges: ReadonlyArray<{ start: number; end: number }>): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const { start, end } of ranges) {
    if (start < last) continue;
    fragment.append(document.createTextNode(text.slice(last, start)));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(start, end);
    fragment.append(mark);
    last = end;
  }
  fragment.append(document.createTextNode(text.slice(last)));
  return fragment;
}

/** Only http(s) links are ever made; anything else (javascript:, data:) becomes no link at all. */
export function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
