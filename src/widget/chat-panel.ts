// The chat panel: wires the conversation and the answer stream (state/) to the frame and the
// bubbles (views/). Everything it renders from the service goes in as text.
import type { ApiClient, WidgetSource } from './api-client.ts';
import type { SiteResponse } from '../protocol/responses.ts';
import { STRINGS, type Strings, type UiLanguage } from './i18n.ts';
import { readAnswer } from './state/answer-stream.ts';
import { Conversation, type StoredMessage } from './state/conversation.ts';
import { AnswerBubble, type MessageContext, messageBubble, starterList } from './views/message-views.ts';
import { PanelView } from './views/panel-view.ts';
import { sourceCard } from './views/source-card.ts';
import { element } from './views/dom.ts';

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
  /** Starter questions from data-starters; without them, the service's (its corpus profile's) are offered. */
  starters: string[] | undefined;
  /** Called with the ids of the excerpts each final answer cites. */
  onCited?: (ids: string[]) => void;
}

export class ChatPanel {
  private readonly strings: Strings;
  private readonly view: PanelView;
  private readonly conversation: Conversation;
  private readonly context: MessageContext;
  private controller: AbortController | undefined;

  constructor(
    shadow: ShadowRoot,
    private readonly options: PanelOptions,
  ) {
    this.strings = STRINGS[options.language];
    this.view = new PanelView(shadow, {
      strings: this.strings,
      lang: options.language === 'zh' ? 'zh-CN' : 'en',
      title: options.title,
      placeholder: options.placeholder,
      color: options.color,
      position: options.position,
      inline: options.inline,
      onSubmit: () => (this.controller ? this.controller.abort() : void this.ask(this.view.input.value)),
    });
    this.context = {
      language: options.language,
      strings: this.strings,
      pageUrl: (id, highlight) => options.api.excerptPageUrl(id, highlight),
      scrollToEnd: () => this.view.scrollToEnd(),
      reveal: (card) => this.view.reveal(card),
      sendFeedback: (answerId, rating, comment) => options.api.feedback(answerId, rating, comment),
      onRated: () => this.conversation.save(),
    };
    this.conversation = new Conversation(sessionStorageIfAllowed(), location.pathname);
    const restored = this.conversation.restore();
    if (restored.length === 0 && options.starters) this.offerStarters(options.starters);
    for (const message of restored) this.show(message);
    if (options.openOnLoad && !options.inline) this.view.open();
  }

  open(): void {
    this.view.open();
  }

  /** Takes the service's texts for what the page's data-* attributes left out. */
  useSite(site: SiteResponse): void {
    if (this.options.title === undefined && !this.options.inline) this.view.setTitle(site.title);
    if (this.options.placeholder === undefined) this.view.setPlaceholder(site.placeholder);
    if (this.options.starters === undefined && this.conversation.history().length === 0) this.offerStarters(site.starters);
  }

  private offerStarters(questions: readonly string[]): void {
    if (questions.length === 0 || this.view.log.querySelector('.starters')) return;
    this.view.append(starterList(this.strings.starters, questions, (question) => void this.ask(question)));
  }

  close(): void {
    this.view.close();
  }

  /** Shows one excerpt's card, e.g. from the page's timeline. */
  showExcerpt(source: WidgetSource): void {
    const holder = element('div', 'message assistant');
    holder.append(sourceCard(source, [], this.context));
    this.view.log.append(holder);
    holder.scrollIntoView({ block: 'nearest' });
  }

  async ask(question: string): Promise<void> {
    const content = question.trim();
    if (!content || this.controller) return;
    this.view.input.value = '';
    this.view.log.querySelector('.starters')?.remove();
    const message: StoredMessage = { role: 'user', content };
    this.conversation.add(message);
    this.show(message);
    await this.answer();
  }

  private show(message: StoredMessage): void {
    this.view.append(
      messageBubble(message, this.context, (bubble) => {
        // Retry: the error goes, with any before it, and the same conversation is asked again.
        this.conversation.dropErrors();
        bubble.remove();
        void this.answer();
      }),
    );
  }

  private async answer(): Promise<void> {
    const bubble = new AnswerBubble(this.context);
    this.view.append(bubble.element);
    this.view.setBusy(true);
    const controller = new AbortController();
    this.controller = controller;
    const events = this.options.api.chat(this.conversation.history(), this.options.language === 'zh' ? 'zh' : 'en', controller.signal);
    const result = await readAnswer(events, controller.signal, (state) => {
      bubble.show(state);
      if (state.phase === 'done') this.options.onCited?.(state.sources.filter((source) => state.citations.includes(source.n)).map((source) => source.id));
    });
    if (result.phase === 'done') {
      const message: StoredMessage = { role: 'assistant', content: result.text, sources: result.sources, ...(result.id ? { id: result.id } : {}) };
      this.conversation.add(message);
      bubble.finish(message);
      // The tools arrive last: keep the whole newest answer in view.
      this.view.scrollToEnd();
    } else if (result.phase === 'stopped') {
      bubble.stop();
      if (result.text) this.conversation.add({ role: 'assistant', content: result.text, sources: result.sources });
    } else {
      bubble.element.remove();
      const message: StoredMessage = { role: 'assistant', content: result.failure ?? this.strings.unreachable, error: true };
      this.conversation.add(message);
      this.show(message);
    }
    this.controller = undefined;
    this.view.setBusy(false);
    this.conversation.save();
  }
}

/** sessionStorage, or undefined where the browser blocks it (reading the property itself can throw). */
function sessionStorageIfAllowed(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}
