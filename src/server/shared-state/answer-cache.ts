// Complete, verified answers kept in Redis, so that a popular question costs the model once across
// every replica. The key holds everything the answer depends on: the normalised question and the
// conversation before it, filters, language, mode, model and the index build, so an answer is never
// served for another build, model or conversation.
import { createHash } from 'node:crypto';
import type { AnswerEvent, AnswerOptions, ChatMessage } from '../../answer/types.ts';
import type { RedisLink } from './redis-link.ts';

export interface AnswerKeyParts {
  messages: readonly ChatMessage[];
  options: Pick<AnswerOptions, 'filters' | 'language'>;
  mode: 'offline' | 'llm';
  model: string | undefined;
  /** Identifies the index build the answer was retrieved from (its manifest's build time). */
  build: string;
}

/** Width, case, spacing and closing punctuation do not change the question; NFKC folds full-width forms. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[\s?!.。？！]+$/u, '');
}

/** Events worth replaying: the answer ended in a `final` that is whole, verified and not an abstention. */
function isCacheable(events: readonly AnswerEvent[]): boolean {
  const final = events.at(-1);
  if (final?.type !== 'final' || events.some((event) => event.type === 'error')) return false;
  // A reply cut by the model's length limit, or with a quote or date that failed verification, may be better next time.
  if ((final as { truncated?: boolean }).truncated) return false;
  return !final.abstained && final.verification.unverifiedQuotes.length === 0 && final.verification.dateMismatches.length === 0;
}

export class AnswerCache {
  /**
   * @param prefix the Redis key prefix, e.g. `speechcite:answer:`
   * @param ttlSeconds how long an answer is kept
   */
  constructor(
    private readonly link: RedisLink,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  keyFor(parts: AnswerKeyParts): string {
    const { filters, language } = parts.options;
    const identity = JSON.stringify({
      messages: parts.messages.map((message) => [message.role, normaliseText(message.content)]),
      filters: filters ? { from: filters.from, to: filters.to, occasion: filters.occasion, documentIds: filters.documentIds, speaker: filters.speaker } : null,
      language: language ?? null,
      mode: parts.mode,
      model: parts.model ?? null,
      build: parts.build,
    });
    return this.prefix + createHash('sha256').update(identity).digest('base64url');
  }

  /** The stored events, or undefined on a miss, and whenever Redis is unreachable or slow. */
  async lookup(key: string): Promise<AnswerEvent[] | undefined> {
    if (!this.link.available) return undefined;
    try {
      const stored = await this.link.client.get(key);
      return stored ? (JSON.parse(stored) as AnswerEvent[]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Passes the events through and stores them once the answer has ended, if it is worth replaying. */
  async *recording(key: string, events: AsyncIterable<AnswerEvent>): AsyncIterable<AnswerEvent> {
    const seen: AnswerEvent[] = [];
    for await (const event of events) {
      seen.push(event);
      yield event;
    }
    if (!this.link.available || !isCacheable(seen)) return;
    this.link.client.set(key, JSON.stringify(seen), 'EX', this.ttlSeconds).catch(() => undefined);
  }
}

/** A stored answer, as the same stream of events. */
export async function* replay(events: readonly AnswerEvent[]): AsyncIterable<AnswerEvent> {
  yield* events;
}
