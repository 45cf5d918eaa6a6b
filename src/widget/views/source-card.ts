// A source's card: its speaker and document (when the corpus has several), date, occasion and text, the cited passages marked, and a link to the
// excerpt's own page.
import type { WidgetSource } from '../api-client.ts';
import { formatDate } from '../../dates/format-date.ts';
import type { Strings, UiLanguage } from '../i18n.ts';
import { element } from './dom.ts';
import { highlightedText, safeHref } from './render-answer.ts';

export interface CardContext {
  language: UiLanguage;
  strings: Strings;
  /** The excerpt's shareable page, with a range marked. */
  pageUrl: (id: string, highlight?: { start: number; end: number }) => string;
}

export function sourceCard(source: WidgetSource, ranges: Array<{ start: number; end: number }>, context: CardContext): HTMLElement {
  const card = element('div', 'card');
  card.setAttribute('role', 'note');
  const meta = element('div', 'meta');
  const date = element('strong', 'date');
  date.textContent = formatDate(source.date, context.language);
  const occasion = element('span', 'occasion');
  occasion.textContent = ` · ${source.occasion}`;
  meta.append(source.n > 0 ? `[${source.n}] ` : '');
  if (source.byline) {
    const byline = element('span', 'byline');
    byline.textContent = `${source.byline} · `;
    meta.append(byline);
  }
  meta.append(date, occasion);
  const body = element('div', 'text');
  body.append(highlightedText(source.text, ranges));
  card.append(meta, body);
  const href = safeHref(context.pageUrl(source.id, ranges[0]));
  if (href) {
    const link = element('a');
    link.href = href;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.textContent = `${context.strings.openExcerpt} →`;
    card.append(link);
  }
  return card;
}
