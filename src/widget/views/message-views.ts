// The conversation's bubbles: a question, an answer as it streams (citation chips that open source
// cards), an error with its retry button, and the starter questions. They render what the state
// holds (src/widget/state) and report clicks back; they keep no conversation of their own.
import type { WidgetSource } from '../api-client.ts';
import { formatDate } from '../../dates/format-date.ts';
import type { AnswerState } from '../state/answer-stream.ts';
import type { StoredMessage } from '../state/conversation.ts';
import { button, element } from './dom.ts';
import { citedRanges, renderAnswer } from './render-answer.ts';
import { type FeedbackContext, feedbackControls } from './feedback-controls.ts';
import { type CardContext, sourceCard } from './source-card.ts';

export interface MessageContext extends CardContext, FeedbackContext {
  scrollToEnd: () => void;
  /** Scrolls the log to show an opened source card. */
  reveal: (card: HTMLElement) => void;
}

/** An answer's text with its chips; a chip opens its source's card below the text, or closes it. */
function renderText(container: HTMLElement, text: string, sources: readonly WidgetSource[], context: MessageContext): void {
  renderAnswer(
    container,
    text,
    sources,
    (n) => `${context.strings.source} ${n}`,
    (source, chip) => toggleCard(container, chip, source, text, context),
  );
  context.scrollToEnd();
}

function toggleCard(container: HTMLElement, chip: HTMLButtonElement, source: WidgetSource, answerText: string, context: MessageContext): void {
  const bubble = container.parentElement!;
  const existing = bubble.querySelector<HTMLElement>(`.card[data-n="${source.n}"]`);
  for (const other of bubble.querySelectorAll('.card')) other.remove();
  for (const other of bubble.querySelectorAll('.chip')) other.setAttribute('aria-expanded', 'false');
  if (existing) return;
  chip.setAttribute('aria-expanded', 'true');
  const card = sourceCard(source, citedRanges(answerText, source), context);
  card.dataset.n = String(source.n);
  container.after(card);
  context.reveal(card);
}

/** The copy button (the answer, then the sources it cites with their dates and links), and the feedback controls. */
function answerTools(message: StoredMessage, context: MessageContext): HTMLElement {
  const tools = element('div', 'tools');
  const copy = button(context.strings.copy, async () => {
    await navigator.clipboard?.writeText(copyText(message, context)).catch(() => undefined);
    copy.textContent = context.strings.copied;
  });
  tools.append(copy);
  if (message.id) tools.append(feedbackControls(message, message.id, context));
  return tools;
}

function copyText(message: StoredMessage, context: MessageContext): string {
  const cited = (message.sources ?? []).filter((source) => message.content.includes(`[${source.n}]`));
  const lines = cited.map(
    (source) =>
      `[${source.n}] ${source.byline ? `${source.byline} · ` : ''}${formatDate(source.date, context.language)} ${source.occasion} ${context.pageUrl(source.id)}`,
  );
  return lines.length > 0 ? `${message.content}\n\n${context.strings.sources}:\n${lines.join('\n')}` : message.content;
}

/** A stored message as a bubble: a question, an answer, or an error with a retry button. */
export function messageBubble(message: StoredMessage, context: MessageContext, onRetry: (bubble: HTMLElement) => void): HTMLElement {
  const bubble = element('div', `message ${message.role}${message.error ? ' error' : ''}`);
  const text = element('div', 'text');
  bubble.append(text);
  if (message.role === 'assistant' && !message.error) {
    renderText(text, message.content, message.sources ?? [], context);
    bubble.append(answerTools(message, context));
  } else {
    text.textContent = message.content;
  }
  if (message.error) {
    const tools = element('div', 'tools');
    tools.append(button(context.strings.retry, () => onRetry(bubble)));
    bubble.append(tools);
  }
  return bubble;
}

/** The bubble of the answer being written: "thinking" until its text arrives, then the text as it grows. */
export class AnswerBubble {
  readonly element = element('div', 'message assistant');
  private readonly text = element('div', 'text');
  private readonly status = element('div', 'status');

  constructor(private readonly context: MessageContext) {
    this.status.textContent = context.strings.thinking;
    this.element.append(this.status, this.text);
  }

  show(state: AnswerState): void {
    if (state.phase === 'waiting') return;
    this.status.remove();
    renderText(this.text, state.text, state.sources, this.context);
  }

  /** The answer is complete: it gets its copy button. */
  finish(message: StoredMessage): void {
    this.status.remove();
    this.element.append(answerTools(message, this.context));
  }

  /** The reader stopped it: what was written stays, marked as stopped. */
  stop(): void {
    this.status.remove();
    this.text.append(document.createTextNode(this.context.strings.stopped));
  }
}

/** Questions to start with, shown while the conversation is empty. */
export function starterList(label: string, questions: readonly string[], onAsk: (question: string) => void): HTMLElement {
  const starters = element('div', 'starters');
  starters.append(label);
  for (const question of questions) starters.append(button(question, () => onAsk(question)));
  return starters;
}
