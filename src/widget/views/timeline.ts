// The chat page's timeline: one row per speech (its date, occasion and how many excerpts it has, and
// its speaker or document when the corpus has several), by date; the speeches the current answer cites light up, and clicking one opens its first excerpt
// in the chat. On a narrow screen it starts folded, below the chat.
import type { ApiClient, ExcerptSummary, WidgetSource } from '../api-client.ts';
import { formatDate } from '../../dates/format-date.ts';
import { STRINGS, type UiLanguage } from '../i18n.ts';

const TIMELINE_CSS = `
:host { all: initial; }
.timeline { font: 14px/1.5 system-ui, "Noto Sans CJK SC", sans-serif; color: #1d1d1f; }
summary { font-size: 15px; font-weight: 600; margin: 0 0 8px; cursor: pointer; }
summary:focus-visible { outline: 2px solid #1a73e8; }
details:not([open]) summary { margin: 0; }
ol { list-style: none; margin: 0; padding: 0 0 0 12px; border-left: 2px solid #ddd; }
li { margin: 0 0 6px; }
button { all: unset; cursor: pointer; display: block; padding: 4px 8px; border-radius: 6px; }
button:hover, button:focus-visible { background: #f3f3f3; outline: 2px solid #1a73e8; }
.date { font-weight: 600; font-size: 13px; }
.count { font-size: 12px; color: #777; margin-left: 6px; }
.occasion { display: block; font-size: 12px; color: #555; }
.byline { display: block; font-size: 12px; font-weight: 600; color: #b4232a; }
li.cited button { background: #ffe08a; }
li.cited .date::before { content: "● "; color: #b4232a; }
`;

/** The screen width below which the page stacks the timeline under the chat (as the page's CSS does). */
const NARROW = '(max-width: 760px)';

interface Speech {
  date: string;
  occasion: string;
  /** Its speaker and document, when the corpus has several speakers or documents (as the server's bylines). */
  byline: string | undefined;
  /** Its excerpts in order. */
  excerpts: ExcerptSummary[];
}

/** Excerpts grouped into speeches (same document, speaker, date and occasion), oldest first. */
export function speechesOf(excerpts: readonly ExcerptSummary[]): Speech[] {
  const speakers = new Set(excerpts.map((excerpt) => excerpt.speaker).filter((speaker) => speaker !== undefined)).size;
  const documents = new Set(excerpts.map((excerpt) => excerpt.documentId)).size;
  const bylineOf = (excerpt: ExcerptSummary) => {
    const parts = [...(speakers > 1 && excerpt.speaker ? [excerpt.speaker] : []), ...(documents > 1 ? [`《${excerpt.documentTitle}》`] : [])];
    return parts.length > 0 ? parts.join(' · ') : undefined;
  };
  const speeches = new Map<string, Speech>();
  for (const excerpt of [...excerpts].sort(
    (left, right) => left.date.localeCompare(right.date) || left.documentId.localeCompare(right.documentId) || left.section - right.section,
  )) {
    const key = [excerpt.documentId, excerpt.speaker ?? '', excerpt.date, excerpt.occasion].join('\u0000');
    const speech = speeches.get(key) ?? { date: excerpt.date, occasion: excerpt.occasion, byline: bylineOf(excerpt), excerpts: [] };
    speech.excerpts.push(excerpt);
    speeches.set(key, speech);
  }
  return [...speeches.values()];
}

export class Timeline {
  /** Each speech's row, with the ids of its excerpts. */
  private readonly rows: Array<{ item: HTMLLIElement; ids: Set<string> }> = [];

  constructor(
    private readonly shadow: ShadowRoot,
    private readonly api: ApiClient,
    private readonly language: UiLanguage,
    private readonly onOpen: (source: WidgetSource) => void,
  ) {}

  async render(): Promise<void> {
    const strings = STRINGS[this.language];
    const excerpts: ExcerptSummary[] = await this.api.sources();
    const style = document.createElement('style');
    style.textContent = TIMELINE_CSS;
    const nav = document.createElement('nav');
    nav.className = 'timeline';
    nav.setAttribute('aria-label', strings.timeline);
    const details = document.createElement('details');
    details.open = !matchMedia(NARROW).matches;
    const summary = document.createElement('summary');
    summary.textContent = strings.timeline;
    const list = document.createElement('ol');
    for (const speech of speechesOf(excerpts)) {
      const item = document.createElement('li');
      item.dataset.date = speech.date;
      const open = document.createElement('button');
      open.type = 'button';
      const date = document.createElement('span');
      date.className = 'date';
      date.textContent = formatDate(speech.date, this.language);
      const count = document.createElement('span');
      count.className = 'count';
      count.textContent = strings.excerptCount(speech.excerpts.length);
      const occasion = document.createElement('span');
      occasion.className = 'occasion';
      occasion.textContent = speech.occasion;
      if (speech.byline) {
        const byline = document.createElement('span');
        byline.className = 'byline';
        byline.textContent = speech.byline;
        open.append(date, count, byline, occasion);
      } else open.append(date, count, occasion);
      open.addEventListener('click', async () => {
        const source = await this.api.source(speech.excerpts[0]!.id);
        this.onOpen(speech.byline ? { ...source, byline: speech.byline } : source);
      });
      item.append(open);
      list.append(item);
      this.rows.push({ item, ids: new Set(speech.excerpts.map((excerpt) => excerpt.id)) });
    }
    details.append(summary, list);
    nav.append(details);
    this.shadow.append(style, nav);
  }

  highlight(ids: readonly string[]): void {
    for (const { item, ids: own } of this.rows)
      item.classList.toggle(
        'cited',
        ids.some((id) => own.has(id)),
      );
  }
}
