import { describe, expect, it } from 'vitest';
import { collectAnswer } from '../../src/answer/collect-answer.ts';
import { parseSearchQueries } from '../../src/answer/search-query-writer.ts';
import { sendJson, streamChatResponse, type FakeHandler } from '../support/fake-openai-server.ts';
import { useLlmEngines } from '../support/llm-engine.ts';

// Colloquial English that shares no word with the excerpt it is about (section 9: 一哄而起、一哄而散; section 6: 一哄而上、泡沫化).
const QUESTION = 'Does he have a problem with that boom-and-bust thing where everyone piles in and then everyone bails?';
const WRITTEN_QUERIES = '1. 一哄而上 泡沫化\n2. 一哄而起 一哄而散';

const llmAnswerer = useLlmEngines();

/** Whether a model request is the one asking for search queries (every request streams). */
const asksForQueries = (request: { body?: { messages?: unknown } }) => JSON.stringify(request.body?.messages ?? '').includes('short search queries');

/** The model writes search queries when asked for them, and otherwise answers, citing source 1. */
const model: FakeHandler = (request, response) => {
  if (asksForQueries(request)) streamChatResponse(response, [WRITTEN_QUERIES]);
  else streamChatResponse(response, ['讲话提醒不要一哄而上[1]。']);
};

async function ask(handler: FakeHandler, searchQueries: string) {
  const { answerer, fake } = await llmAnswerer(handler, { LLM_SEARCH_QUERIES: searchQueries });
  const answer = await collectAnswer(answerer, [{ role: 'user', content: QUESTION }]);
  return { ...answer, fake };
}

describe('search queries written by the model (LLM mode)', () => {
  it('find the excerpt a colloquial English question is about, which the question as asked does not reach', async () => {
    const plain = await ask(model, '0');
    expect([6, 9]).not.toContain(plain.sources[0]?.section);

    const { sources, final, fake } = await ask(model, '2');
    expect([6, 9]).toContain(sources[0]!.section);
    expect(final!.citations).toEqual([1]);
    const writing = fake.requests.find((request) => request.path.endsWith('/chat/completions') && asksForQueries(request))!;
    const prompt = JSON.stringify(writing.body.messages);
    expect(prompt).toContain(QUESTION.slice(0, 40));
    expect(prompt).toContain('at most 2 short search queries');
  });

  it('search the question as asked when writing the queries fails', async () => {
    const { sources, final } = await ask((request, response) => {
      if (asksForQueries(request)) sendJson(response, 500, { error: { message: 'upstream broke' } });
      else streamChatResponse(response, ['讲话提醒不要一哄而上[1]。']);
    }, '2');
    expect(final).toBeDefined();
    expect(sources.length).toBeGreaterThan(0);
  });

  it('keep one query a line, without list markers, and leave out lines too long to be queries', () => {
    expect(parseSearchQueries(`1. 传统产业 改造升级\n- 关键核心技术\n\n「新质生产力」\n${'很'.repeat(80)}`, 5)).toEqual([
      '传统产业 改造升级',
      '关键核心技术',
      '新质生产力',
    ]);
    expect(parseSearchQueries('一\n二\n三', 2)).toEqual(['一', '二']);
  });
});
