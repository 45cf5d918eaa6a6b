// Helpful / Not helpful under an answer, then an optional comment: buttons and a form, so the
// keyboard reaches all of it. The rating is kept on the stored message.
import { ServiceError } from '../api-client.ts';
import type { Strings } from '../i18n.ts';
import type { StoredMessage } from '../state/conversation.ts';
import { button, element } from './dom.ts';

export interface FeedbackContext {
  strings: Strings;
  /** Sends the rating (and comment); rejects with a ServiceError the reader can be shown. */
  sendFeedback: (answerId: string, rating: 'up' | 'down', comment?: string) => Promise<void>;
  /** The message's rating changed: the conversation stores it. */
  onRated: () => void;
}

export function feedbackControls(message: StoredMessage, answerId: string, context: FeedbackContext): HTMLElement {
  const { strings } = context;
  const holder = element('div', 'feedback');
  const group = element('div', 'rating');
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', strings.rateAnswer);
  const status = element('span', 'feedback-status');
  status.setAttribute('role', 'status');
  const form = element('form', 'comment');
  form.hidden = true;
  const comment = element('input');
  comment.type = 'text';
  comment.maxLength = 500;
  comment.placeholder = strings.commentPlaceholder;
  comment.setAttribute('aria-label', strings.commentPlaceholder);
  const submit = element('button');
  submit.type = 'submit';
  submit.textContent = strings.sendComment;
  form.append(comment, submit);

  const send = async (rating: 'up' | 'down', text?: string) => {
    try {
      await context.sendFeedback(answerId, rating, text);
      status.textContent = strings.thanks;
      return true;
    } catch (error) {
      status.textContent = error instanceof ServiceError ? error.message : strings.unreachable;
      return false;
    }
  };
  const choices = (['up', 'down'] as const).map((rating) => {
    const choice = button(rating === 'up' ? strings.helpful : strings.unhelpful, async () => {
      message.rating = rating;
      for (const other of choices) other.setAttribute('aria-pressed', String(other === choice));
      context.onRated();
      // The comment field opens at once, not after the rating's round trip: someone rating from the
      // keyboard starts typing straight away, and keys typed before a late focus would be lost.
      form.hidden = false;
      comment.focus();
      // A failed rating says so in the status; sending the comment sends the rating again.
      await send(rating);
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
