// The chat panel: conversation, streamed answers with citation chips, source cards, and the
// controls around them. Everything it renders from the service goes in as text.
import { ApiClient, ServiceError, type WidgetSource } from './api-client.ts';
import { formatDate } from '../dates/format-date.ts';
import { DEFAULT_STARTERS, STRINGS, type Strings, type UiLanguage } from './i18n.ts';
import { citedRanges, highlightedText, renderAnswer, safeHref } from './render-answer.ts';
import { WIDGET_CSS } from './styles.ts';

export interface PanelOptions {
  api: ApiClient;
  language: UiLanguage;
  title: string | undefined;
  placeholder: string | undefined;
  /** CSS colour for the header, launcher and chips. */
  color: string | undefined;
  position: 'right' | 'left';
  /** Render in place (the chat page) instead of behind a launcher button. */
  inline: boolean;
  openOnLoad: boolean;
  starters: string[] | undefined;
  /** Called with the ids of the excerpts each final answer cites. */
  onCited?: (ids: string[]) => void;
}

interface StoredMessage {
  role: 'user' | 'assistant';
  content: string;
  sources?: WidgetSource[];
  error?: boolean;
  /** The answer's id, for feedback on it. */
  id?: string;
  /** The reader's rating of this answer, once given. */
  rating?: 'up' | 'down';
}

const STORAGE_PREFIX = 'speechcite:conversation:';

export class ChatPanel {
  private readonly strings: Strings;
  private readonly rootElement: HTMLDivElement;
  private readonly panel: HTMLDivElement;
  private readonly log: HTMLDivElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly launcher: HTMLButtonElement | undefined;
  private readonly storageKey: string;
  private messages: StoredMessage[] = [];
  private controller: AbortController | undefined;

  constructor(private readonly shadow: ShadowRoot, private readonly options: PanelOptions) {
    this.strings = STRINGS[options.language];
    this.storageKey = `${STORAGE_PREFIX}${location.pathname}`;
    const style = document.createElement('style');
    style.textContent = WIDGET_CSS;

    this.rootElement = element('div', `root${options.position === 'left' ? ' left' : ''}${options.inline ? ' inline' : ''}`);
    this.rootElement.lang = options.language === 'zh' ? 'zh-CN' : 'en';
    if (options.color && CSS.supports('color', options.color)) this.rootElement.style.setProperty('--sc-accent', options.color);

    this.panel = element('div', 'panel');
    this.panel.setAttribute('role', options.inline ? 'region' : 'dialog');
    this.panel.setAttribute('aria-label', options.title ?? this.strings.title);
    const header = element('div', 'header');
    const heading = element('h2');
    heading.textContent = options.title ?? this.strings.title;
    header.append(heading);
    if (!options.inline) {
      const close = button('×', () => this.close());
      close.setAttribute('aria-label', this.strings.close);
      header.append(close);
    }
    this.log = element('div', 'log');
    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-live', 'polite');
    this.log.setAttribute('aria-label', this.strings.messages);

    const composer = element('form', 'composer');
    this.input = element('textarea');
    // Two rows, so that the placeholder's example question is read whole on a phone.
    this.input.rows = 2;
    this.input.placeholder = options.placeholder ?? this.strings.placeholder;
    this.input.setAttribute('aria-label', this.strings.input);
    this.input.maxLength = 2000;
    this.sendButton = element('button');
    this.sendButton.type = 'submit';
    this.sendButton.textContent = this.strings.send;
    composer.append(this.input, this.sendButton);
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.controller) this.controller.abort();
      else void this.ask(this.input.value);
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        composer.requestSubmit();
      }
    });

    this.panel.append(header, this.log, composer);
    // When the log's box changes (a timeline unfolds under the page's chat, a phone rotates), a reader
    // who was at the newest answer stays there.
    let atEnd = true;
    this.log.addEventListener('scroll', () => (atEnd = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 24), { passive: true });
    new ResizeObserver(() => {
      if (atEnd) this.log.scrollTop = this.log.scrollHeight;
    }).observe(this.log);
    if (options.inline) {
      this.rootElement.append(this.panel);
    } else {
      this.launcher = button('', () => (this.panel.hidden ? this.open() : this.close()));
      this.launcher.className = 'launcher';
      this.launcher.append(speechBubbleIcon());
      this.launcher.setAttribute('aria-label', this.strings.open);
      this.launcher.setAttribute('aria-expanded', 'false');
      this.panel.hidden = true;
      this.panel.addEventListener('keydown', (event) => this.trapFocus(event));
      this.rootElement.append(this.launcher, this.panel);
    }
    shadow.append(style, this.rootElement);

    this.restore();
    if (options.openOnLoad && !options.inline) this.open();
  }

  open(): void {
    this.panel.hidden = false;
    this.launcher?.setAttribute('aria-expanded', 'true');
    this.input.focus();
  }

  close(): void {
    if (this.options.inline) return;
    this.panel.hidden = true;
    this.launcher?.setAttribute('aria-expanded', 'false');
    this.launcher?.focus();
  }

  /** Shows one excerpt's card, e.g. from the page's timeline. */
  showExcerpt(source: WidgetSource): void {
    const holder = element('div', 'message assistant');
    holder.append(this.sourceCard(source, []));
    this.log.append(holder);
    holder.scrollIntoView({ block: 'nearest' });
  }

  async ask(question: string): Promise<void> {
    const content = question.trim();
    if (!content || this.controller) return;
    this.input.value = '';
    this.log.querySelector('.starters')?.remove();
    this.messages.push({ role: 'user', content });
    this.appendMessage({ role: 'user', content });
    await this.answer();
  }

  private async answer(): Promise<void> {
    const bubble = element('div', 'message assistant');
    const text = element('div', 'text');
    const status = element('div', 'status');
    status.textContent = this.strings.thinking;
    bubble.append(status, text);
    this.log.append(bubble);
    this.setBusy(true);

    let sources: WidgetSource[] = [];
    let answer = '';
    let answerId: string | undefined;
    const controller = new AbortController();
    this.controller = controller;
    const history = this.messages.filter((message) => !message.error).map(({ role, content }) => ({ role, content }));
    try {
      for await (const event of this.options.api.chat(history, this.options.language === 'zh' ? 'zh' : 'en', controller.signal)) {
        if (event.event === 'sources') sources = event.data.sources;
        else if (event.event === 'text-delta') {
          status.remove();
          answer += event.data.delta;
          this.renderText(text, answer, sources);
        } else if (event.event === 'final') {
          answer = event.data.text;
          answerId = event.data.id;
          this.renderText(text, answer, sources);
          const cited = sources.filter((source) => event.data.citations.includes(source.n));
          this.options.onCited?.(cited.map((source) => source.id));
        } else {
          throw new ServiceError(event.data.code, event.data.message);
        }
      }
      status.remove();
      const message: StoredMessage = { role: 'assistant', content: answer, sources, ...(answerId ? { id: answerId } : {}) };
      this.messages.push(message);
      bubble.append(this.answerTools(message));
      // The tools arrive last: keep the whole newest answer in view.
      this.log.scrollTop = this.log.scrollHeight;
    } catch (error) {
      status.remove();
      if (controller.signal.aborted) {
        text.append(document.createTextNode(this.strings.stopped));
        if (answer) this.messages.push({ role: 'assistant', content: answer, sources });
      } else {
        bubble.remove();
        const message = error instanceof ServiceError ? error.message : this.strings.unreachable;
        this.messages.push({ role: 'assistant', content: message, error: true });
        this.appendMessage({ role: 'assistant', content: message, error: true });
      }
    } finally {
      this.controller = undefined;
      this.setBusy(false);
      this.save();
    }
  }

  private renderText(container: HTMLElement, text: string, sources: WidgetSource[]): void {
    renderAnswer(container, text, sources, (n) => `${this.strings.source} ${n}`, (source, chip) => this.toggleCard(container, chip, source, text));
    this.log.scrollTop = this.log.scrollHeight;
  }

  private toggleCard(container: HTMLElement, chip: HTMLButtonElement, source: WidgetSource, answerText: string): void {
    const bubble = container.parentElement!;
    const existing = bubble.querySelector<HTMLElement>(`.card[data-n="${source.n}"]`);
    for (const other of bubble.querySelectorAll('.card')) other.remove();
    for (const other of bubble.querySelectorAll('.chip')) other.setAttribute('aria-expanded', 'false');
    if (existing) return;
    chip.setAttribute('aria-expanded', 'true');
    const card = this.sourceCard(source, citedRanges(answerText, source));
    card.dataset.n = String(source.n);
    container.after(card);
    revealInside(this.log, card);
  }

  private sourceCard(source: WidgetSource, ranges: Array<{ start: number; end: number }>): HTMLElement {
    const card = element('div', 'card');
    card.setAttribute('role', 'note');
    const meta = element('div', 'meta');
    const date = element('strong', 'date');
    date.textContent = formatDate(source.date, this.options.language);
    const occasion = element('span', 'occasion');
    occasion.textContent = ` · ${source.occasion}`;
    meta.append(source.n > 0 ? `[${source.n}] ` : '', date, occasion);
    const body = element('div', 'text');
    body.append(highlightedText(source.text, ranges));
    card.append(meta, body);
    const href = safeHref(this.options.api.excerptPageUrl(source.id, ranges[0]));
    if (href) {
      const link = element('a');
      link.href = href;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.textContent = `${this.strings.openExcerpt} →`;
      card.append(link);
    }
    return card;
  }

  private answerTools(message: StoredMessage): HTMLElement {
    const tools = element('div', 'tools');
    const copy = button(this.strings.copy, async () => {
      await navigator.clipboard?.writeText(this.copyText(message)).catch(() => undefined);
      copy.textContent = this.strings.copied;
    });
    tools.append(copy);
    if (message.id) tools.append(this.feedbackControls(message, message.id));
    return tools;
  }

  /** Thumbs up or down, then an optional comment; buttons and a form, so the keyboard reaches all of it. */
  private feedbackControls(message: StoredMessage, answerId: string): HTMLElement {
    const holder = element('div', 'feedback');
    const group = element('div', 'rating');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', this.strings.rateAnswer);
    const status = element('span', 'feedback-status');
    status.setAttribute('role', 'status');
    const form = element('form', 'comment');
    form.hidden = true;
    const comment = element('input');
    comment.type = 'text';
    comment.maxLength = 500;
    comment.placeholder = this.strings.commentPlaceholder;
    comment.setAttribute('aria-label', this.strings.commentPlaceholder);
    const submit = element('button');
    submit.type = 'submit';
    submit.textContent = this.strings.sendComment;
    form.append(comment, submit);

    const send = async (rating: 'up' | 'down', text?: string) => {
      try {
        await this.options.api.feedback(answerId, rating, text);
        status.textContent = this.strings.thanks;
        return true;
      } catch (error) {
        status.textContent = error instanceof ServiceError ? error.message : this.strings.unreachable;
        return false;
      }
    };
    const choices = (['up', 'down'] as const).map((rating) => {
      const choice = button(rating === 'up' ? this.strings.helpful : this.strings.unhelpful, async () => {
        message.rating = rating;
        for (const other of choices) other.setAttribute('aria-pressed', String(other === choice));
        this.save();
        if (await send(rating)) {
          form.hidden = false;
          comment.focus();
        }
      });
      choice.className = `rate ${rating}`;
      choice.setAttribute('aria-pressed', String(message.rating === rating));
      return choice;
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = comment.value.trim();
      if (!message.rating || !text) return;
      if (await send(message.rating, text)) form.hidden = true;
    });
    group.append(...choices);
    holder.append(group, form, status);
    return holder;
  }

  private copyText(message: StoredMessage): string {
    const cited = (message.sources ?? []).filter((source) => message.content.includes(`[${source.n}]`));
    const lines = cited.map((source) => `[${source.n}] ${formatDate(source.date, this.options.language)} ${source.occasion} ${this.options.api.excerptPageUrl(source.id)}`);
    return lines.length > 0 ? `${message.content}\n\n${this.strings.sources}:\n${lines.join('\n')}` : message.content;
  }

  private appendMessage(message: StoredMessage): void {
    const bubble = element('div', `message ${message.role}${message.error ? ' error' : ''}`);
    const text = element('div', 'text');
    bubble.append(text);
    this.log.append(bubble);
    if (message.role === 'assistant' && !message.error) {
      this.renderText(text, message.content, message.sources ?? []);
      bubble.append(this.answerTools(message));
    } else {
      text.textContent = message.content;
    }
    if (message.error) {
      const tools = element('div', 'tools');
      tools.append(
        button(this.strings.retry, () => {
          this.messages = this.messages.filter((stored) => stored !== message && !stored.error);
          bubble.remove();
          void this.answer();
        }),
      );
      bubble.append(tools);
    }
    this.log.scrollTop = this.log.scrollHeight;
  }

  private showStarters(): void {
    const starters = element('div', 'starters');
    starters.append(this.strings.starters);
    for (const question of this.options.starters ?? DEFAULT_STARTERS[this.options.language]) {
      starters.append(
        button(question, () => void this.ask(question)),
      );
    }
    this.log.append(starters);
  }

  private setBusy(busy: boolean): void {
    this.sendButton.textContent = busy ? this.strings.stop : this.strings.send;
    this.sendButton.classList.toggle('stop', busy);
    this.sendButton.setAttribute('aria-label', busy ? this.strings.stop : this.strings.send);
  }

  /** The conversation lasts for the page session (sessionStorage), so a reload keeps it. */
  private save(): void {
    try {
      sessionStorage.setItem(this.storageKey, JSON.stringify(this.messages.slice(-40)));
    } catch {
      // Storage can be full or blocked; the conversation then lasts as long as the page.
    }
  }

  private restore(): void {
    try {
      const stored = JSON.parse(sessionStorage.getItem(this.storageKey) ?? '[]') as StoredMessage[];
      this.messages = Array.isArray(stored) ? stored.filter((message) => typeof message?.content === 'string' && (message.role === 'user' || message.role === 'assistant')) : [];
    } catch {
      this.messages = [];
    }
    if (this.messages.length === 0) this.showStarters();
    for (const message of this.messages) this.appendMessage(message);
  }

  /** Tab and Shift+Tab stay inside the open panel; Esc closes it. */
  private trapFocus(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
      return;
    }
    if (event.key !== 'Tab') return;
    const focusable = [...this.panel.querySelectorAll<HTMLElement>('button, textarea, a[href]')].filter((candidate) => !candidate.hasAttribute('disabled'));
    const first = focusable[0];
    const last = focusable.at(-1);
    const active = this.shadow.activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first?.focus();
    }
  }
}

/** Scrolls `container` just enough to show `child` (its top first, if it is taller than the view), leaving the page where it is. */
function revealInside(container: HTMLElement, child: HTMLElement): void {
  const view = container.getBoundingClientRect();
  const box = child.getBoundingClientRect();
  if (box.bottom > view.bottom) container.scrollTop += Math.min(box.bottom - view.bottom, box.top - view.top);
  else if (box.top < view.top) container.scrollTop -= view.top - box.top;
}

function element<Tag extends keyof HTMLElementTagNameMap>(tag: Tag, className?: string): HTMLElementTagNameMap[Tag] {
  const created = document.createElement(tag);
  if (className) created.className = className;
  return created;
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const created = element('button');
  created.type = 'button';
  created.textContent = label;
  created.addEventListener('click', onClick);
  return created;
}

/** The launcher's icon, drawn rather than an emoji, which needs a font the page may not have. */
function speechBubbleIcon(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '26');
  svg.setAttribute('height', '26');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z');
  svg.append(path);
  return svg;
}
