// The panel's conversation: the messages so far, and their copy in session storage, so that a
// reload of the page keeps them. No DOM here; the views render what it holds.
import type { WidgetSource } from '../api-client.ts';

export interface StoredMessage {
  role: 'user' | 'assistant';
  content: string;
  sources?: WidgetSource[];
  /** An error shown in place of an answer; never sent back to the service. */
  error?: boolean;
  /** The answer's id, for feedback on it. */
  id?: string;
  /** The reader's rating of this answer, once given. */
  rating?: 'up' | 'down';
}

/** The part of the Web Storage API the conversation uses. */
export type ConversationStorage = Pick<Storage, 'getItem' | 'setItem'>;

const STORAGE_PREFIX = 'speechcite:conversation:';
/** Only the latest messages are kept: sessionStorage holds about 5 MB per origin, shared with the host page. */
const KEPT_MESSAGES = 40;

export class Conversation {
  private stored: StoredMessage[] = [];
  private readonly key: string;

  /** One conversation per page path: the widget on another page of the site starts afresh. */
  constructor(
    private readonly storage: ConversationStorage | undefined,
    pagePath: string,
  ) {
    this.key = `${STORAGE_PREFIX}${pagePath}`;
  }

  get messages(): readonly StoredMessage[] {
    return this.stored;
  }

  /** What the service is sent: the turns so far, without the errors shown in between. */
  history(): Array<{ role: 'user' | 'assistant'; content: string }> {
    return this.stored.filter((message) => !message.error).map(({ role, content }) => ({ role, content }));
  }

  add(message: StoredMessage): void {
    this.stored.push(message);
  }

  /** Before asking again after an error: drops every error shown so far. */
  dropErrors(): void {
    this.stored = this.stored.filter((message) => !message.error);
  }

  save(): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(this.stored.slice(-KEPT_MESSAGES)));
    } catch {
      // Storage can be full or blocked; the conversation then lasts as long as the page.
    }
  }

  /** Loads the stored conversation, keeping only well-formed messages (the storage is the page's, and may hold anything). */
  restore(): readonly StoredMessage[] {
    try {
      const stored: unknown = JSON.parse(this.storage?.getItem(this.key) ?? '[]');
      this.stored = Array.isArray(stored) ? stored.filter(isStoredMessage) : [];
    } catch {
      this.stored = [];
    }
    return this.stored;
  }
}

function isStoredMessage(value: unknown): value is StoredMessage {
  const message = value as Partial<StoredMessage> | null;
  return typeof message?.content === 'string' && (message.role === 'user' || message.role === 'assistant');
}
