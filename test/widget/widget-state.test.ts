// The panel's state without a browser: the conversation and its session copy, and an answer's
// stream read to each of its ends.
import { describe, expect, it } from 'vitest';
import { type ChatEvent, ServiceError } from '../../src/widget/api-client.ts';
import { readAnswer } from '../../src/widget/state/answer-stream.ts';
import { Conversation, type ConversationStorage } from '../../src/widget/state/conversation.ts';

function memoryStorage(): ConversationStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

const SOURCE = {
  n: 1,
  id: 'doc#1',
  section: 1,
  documentTitle: '文集',
  date: '2024-01-31',
  occasion: '讲话',
  text: '新质生产力',
  highlight: { start: 0, end: 5 },
};
const FINAL: ChatEvent = {
  event: 'final',
  data: { text: '答案[1]', citations: [1], verification: { invalidMarkers: 0, unverifiedQuotes: [], dateMismatches: [] }, abstained: false, query: '问' },
};

async function* events(list: ChatEvent[], failWith?: Error): AsyncIterable<ChatEvent> {
  for (const event of list) yield event;
  if (failWith) throw failWith;
}

describe('the conversation', () => {
  it('keeps a page’s conversation across a reload, sends no errors back, and refuses malformed storage', () => {
    const storage = memoryStorage();
    const first = new Conversation(storage, '/chat');
    first.add({ role: 'user', content: '什么是新质生产力？' });
    first.add({ role: 'assistant', content: 'the service is busy', error: true });
    first.save();
    const reloaded = new Conversation(storage, '/chat');
    expect(reloaded.restore()).toHaveLength(2);
    expect(reloaded.history()).toEqual([{ role: 'user', content: '什么是新质生产力？' }]);
    reloaded.dropErrors();
    expect(reloaded.messages).toHaveLength(1);
    expect(new Conversation(storage, '/other-page').restore()).toEqual([]);

    storage.items.set(
      'speechcite:conversation:/chat',
      JSON.stringify([
        { role: 'system', content: 'x' },
        { role: 'user', content: 42 },
        { role: 'user', content: 'kept' },
      ]),
    );
    expect(new Conversation(storage, '/chat').restore()).toEqual([{ role: 'user', content: 'kept' }]);
    storage.items.set('speechcite:conversation:/chat', '{not json');
    expect(new Conversation(storage, '/chat').restore()).toEqual([]);
  });

  it('keeps the latest 40 messages, and lasts as long as the page when storage is blocked', () => {
    const storage = memoryStorage();
    const conversation = new Conversation(storage, '/');
    for (let turn = 0; turn < 50; turn++) conversation.add({ role: 'user', content: `q${turn}` });
    conversation.save();
    expect(new Conversation(storage, '/').restore().map((message) => message.content)).toEqual(Array.from({ length: 40 }, (_, index) => `q${index + 10}`));
    const blocked = new Conversation(
      {
        getItem: () => null,
        setItem: () => {
          throw new Error('QuotaExceededError');
        },
      },
      '/',
    );
    blocked.add({ role: 'user', content: 'q' });
    expect(() => blocked.save()).not.toThrow();
  });
});

describe('an answer stream', () => {
  it('goes waiting → streaming → done, with the sources and the final text and citations', async () => {
    const phases: string[] = [];
    const result = await readAnswer(
      events([
        { event: 'sources', data: { sources: [SOURCE] } },
        { event: 'text-delta', data: { delta: '答' } },
        { event: 'text-delta', data: { delta: '案' } },
        FINAL,
      ]),
      new AbortController().signal,
      (state) => phases.push(`${state.phase}:${state.text}`),
    );
    expect(phases).toEqual(['waiting:', 'streaming:答', 'streaming:答案', 'done:答案[1]']);
    expect(result).toMatchObject({ phase: 'done', text: '答案[1]', citations: [1], sources: [SOURCE] });
  });

  it('fails with the service’s message on an error event or a refused request, and without one when unreachable', async () => {
    const errorEvent: ChatEvent = { event: 'error', data: { code: 'rate_limited', message: 'too many questions; wait a minute', status: 429 } };
    expect(
      await readAnswer(events([{ event: 'text-delta', data: { delta: '半' } }, errorEvent, FINAL]), new AbortController().signal, () => undefined),
    ).toMatchObject({ phase: 'failed', failure: 'too many questions; wait a minute' });
    expect(await readAnswer(events([], new ServiceError('protocol_error', 'unexpected form')), new AbortController().signal, () => undefined)).toMatchObject({
      phase: 'failed',
      failure: 'unexpected form',
    });
    const unreachable = await readAnswer(events([], new TypeError('Failed to fetch')), new AbortController().signal, () => undefined);
    expect(unreachable.phase).toBe('failed');
    expect(unreachable.failure).toBeUndefined();
  });

  it('stops, keeping what was written, when the reader aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await readAnswer(
      events([{ event: 'text-delta', data: { delta: '写到一半' } }], new DOMException('aborted', 'AbortError')),
      controller.signal,
      () => undefined,
    );
    expect(result).toMatchObject({ phase: 'stopped', text: '写到一半' });
  });
});
