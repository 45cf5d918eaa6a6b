// The chat page's timeline: every excerpt by date; the ones the current answer cites light up,
// and clicking one opens it in the chat.
import type { ApiClient, ExcerptSummary, WidgetSource } from './api-client.ts';
import { formatDate } from '../dates/format-date.ts';
import { STRINGS, type UiLanguage } from './i18n.ts';

const TIMELINE_CSS = `
:host { all: initial; }
.timeline { font: 14px/1.5 system-ui, "Noto Sans CJK SC", sans-serif; color: #1d1d1f; }
h2 { font-size: 15px; margin: 0 0 8px; }
ol { list-style: none; margin: 0; padding: 0 0 0 12px; border-left: 2px solid #ddd; }
li { margin: 0 0 6px; }
button { all: unset; cursor: pointer; display: block; padding: 4px 8px; border-radius: 6px; }
button:hover, button:focus-visible { background: #f3f3f3; outline: 2px solid #1a73e8; }
.date { font-weight: 600; font-size: 13px; }
.occasion { display: block; font-size: 12px; color: #555; }
li.cited button { background: #ffe08a; }
li.cited .date::before { content: "● "; color: #b4232a; }
`;

export class Timeline {
  private readonly items = new Map<string, HTMLLIElement>();

  constructor(private readonly shadow: ShadowRoot, private readonly api: ApiClient, private readonly language: UiLanguage, private readonly onOpen: (source: WidgetSource) => void) {}

  async render(): Promise<void> {
    const excerpts: ExcerptSummary[] = await this.api.sources();
    const style = document.createElement('style');
    style.textContent = TIMELINE_CSS;
    const nav = document.createElement('nav');
    nav.className = 'timeline';
    nav.setAttribute('aria-label', STRINGS[this.language].timeline);
    const heading = document.createElement('h2');
    heading.textContent = STRINGS[this.language].timeline;
    const list = document.createElement('ol');
    for (const excerpt of [...excerpts].sort((left, right) => left.date.localeCompare(right.date) || left.section - right.section)) {
      const item = document.createElement('li');
      item.dataset.id = excerpt.id;
      const open = document.createElement('button');
      open.type = 'button';
      const date = document.createElement('span');
      date.className = 'date';
      date.textContent = formatDate(excerpt.date, this.language);
      const occasion = document.createElement('span');
      occasion.className = 'occasion';
      occasion.textContent = excerpt.occasion;
      open.append(date, occasion);
      open.addEventListener('click', async () => this.onOpen(await this.api.source(excerpt.id)));
      item.append(open);
      list.append(item);
      this.items.set(excerpt.id, item);
    }
    nav.append(heading, list);
    this.shadow.append(style, nav);
  }

  highlight(ids: readonly string[]): void {
    const cited = new Set(ids);
    for (const [id, item] of this.items) item.classList.toggle('cited', cited.has(id));
  }
}
