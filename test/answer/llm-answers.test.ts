import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { collectAnswer } from '../../src/answer/collect-answer.ts';
import { loadPrompts } from '../../src/answer/prompts.ts';
import type { AnswerEvent, Answerer } from '../../src/answer/types.ts';
import { PROMPTS_DIR } from '../../src/paths.ts';
import { chatChunk, chatResponse, sendJson, type FakeHandler } from '../support/fake-openai-server.ts';
import { useLlmEngines } from '../support/llm-engine.ts';

const QUESTION = '新质生产力的显著特点是什么？';
/** The source list an answer citing [1] (the definition excerpt of 31 January 2024) ends with. */
const SOURCE_ONE = '\n\n来源：\n[1] 2024年1月31日，在二十届中央政治局第十一次集体学习时的讲话';
const llmAnswerer = useLlmEngines();

async function ask(answerer: Answerer, question = QUESTION, signal?: AbortSignal) {
  const events: AnswerEvent[] = [];
  const collected = await collectAnswer(answerer, [{ role: 'user', content: question }], signal ? { signal } : {}, (event) => events.push(event));
  return { ...collected, events, types: events.map((event) => event.type) };
}

const terminalCount = (types: string[]) => types.filter((type) => type === 'final' || type === 'error').length;

describe('LLM answers', () => {
  it('stream the model text and keep valid citations and verbatim quotes', async () => {
    const reply = '新质生产力的显著特点是创新[1]。讲话指出「新质生产力的显著特点是创新，既包括技术和业态模式层面的创新」[1]。';
    const { answerer, fake } = await llmAnswerer((request, response) => chatResponse(request, response, reply));
    const { final, streamedText, types } = await ask(answerer);
    expect(types[0]).toBe('sources');
    expect(types.filter((type) => type === 'text-delta').length).toBeGreaterThan(1);
    expect(types.at(-1)).toBe('final');
    expect(terminalCount(types)).toBe(1);
    expect(streamedText).toBe(reply + SOURCE_ONE);
    expect(final!.text).toBe(reply + SOURCE_ONE);
    expect(final!.citations).toEqual([1]);
    expect(final!.verification).toEqual({ invalidMarkers: 0, unverifiedQuotes: [], dateMismatches: [] });
    expect(fake.requests).toHaveLength(1);
  });

  it('send the model the numbered sources as delimited data, and the question', async () => {
    const { answerer, fake } = await llmAnswerer((request, response) => chatResponse(request, response, '创新[1]。'));
    await ask(answerer);
    const body = fake.requests[0]!.body;
    expect(body.model).toBe('fake-chat');
    expect(body.stream).toBe(true);
    const [system, user] = body.messages;
    expect(system.role).toBe('system');
    expect(system.content).toContain('Write the answer in Simplified Chinese');
    expect(user.role).toBe('user');
    expect(user.content).toMatch(/<source n="1" date="2024-01-31" occasion="在二十届中央政治局第十一次集体学习时的讲话">\n什么是新质生产力/u);
    expect(user.content).toMatch(/<source n="5" /u);
    expect(user.content.trim().endsWith(`Question: ${QUESTION}`)).toBe(true);
  });

  it('remove invalid markers and flag misquotes', async () => {
    const { answerer } = await llmAnswerer((request, response) =>
      chatResponse(request, response, '它的特点是创新[1][8]。讲话说「新质生产力就是人工智能」[1]。'),
    );
    const { final } = await ask(answerer);
    expect(final!.verification.invalidMarkers).toBe(1);
    expect(final!.verification.unverifiedQuotes).toEqual(['新质生产力就是人工智能']);
    expect(final!.text).toBe(`它的特点是创新[1]。讲话说「新质生产力就是人工智能」（未核实）[1]。${SOURCE_ONE}`);
  });

  it('ask again once when the answer cites nothing, and use the cited retry', async () => {
    const { answerer, fake } = await llmAnswerer((request, response, count) =>
      chatResponse(request, response, count === 0 ? '特点是创新。' : '特点是创新[1]。'),
    );
    const { final } = await ask(answerer);
    expect(fake.requests).toHaveLength(2);
    // The retry shows the model its uncited reply and asks for citations.
    expect(fake.requests[1]!.body.messages.at(-2)).toEqual({ role: 'assistant', content: '特点是创新。' });
    expect(fake.requests[1]!.body.messages.at(-1).content).toMatch(/cites no source/u);
    expect(final!.text).toBe(`特点是创新[1]。${SOURCE_ONE}`);
  });

  it('fall back to the extractive answer when the retry cites nothing either', async () => {
    const { answerer, fake } = await llmAnswerer((request, response) => chatResponse(request, response, '特点是创新。'));
    const { final } = await ask(answerer);
    expect(fake.requests).toHaveLength(2);
    expect(final!.text).toMatch(/^收录的讲话摘录中有.+\n- 「新质生产力的显著特点是创新/u);
    expect(final!.citations).toContain(1);
  });

  it('abstain, listing the nearest excerpts, when the model says the sources do not cover the question', async () => {
    const { answerer } = await llmAnswerer((request, response) => chatResponse(request, response, 'NOT_COVERED'));
    const { final, streamedText } = await ask(answerer, '新质生产力和足球有什么关系？');
    expect(streamedText).not.toContain('NOT_COVERED');
    expect(final!.abstained).toBe(true);
    expect(final!.citations).toEqual([]);
    expect(final!.text).toMatch(/^收录的讲话摘录没有谈到这个问题/u);
  });

  it('never ask the model about a question retrieval found nothing for', async () => {
    const { answerer, fake } = await llmAnswerer((request, response) => chatResponse(request, response, '北京明天晴[1]。'));
    const { final } = await ask(answerer, '明天北京的天气怎么样？');
    expect(fake.requests).toHaveLength(0);
    expect(final!.abstained).toBe(true);
  });

  it('ask the model for the answer language the caller chose', async () => {
    const { answerer, fake } = await llmAnswerer((request, response) =>
      chatResponse(request, response, 'Its defining feature is innovation: 「新质生产力的显著特点是创新」[1].'),
    );
    const { final } = await collectAnswer(answerer, [{ role: 'user', content: QUESTION }], { language: 'en' });
    expect(fake.requests[0]!.body.messages[0].content).toContain('Write the answer in English');
    expect(final!.verification.unverifiedQuotes).toEqual([]);
  });

  it('rewrite a follow-up into a standalone query with the rewrite prompt before searching', async () => {
    const { answerer, fake } = await llmAnswerer((request, response, count) =>
      chatResponse(request, response, count === 0 ? '西部地区如何发展新质生产力' : '西部地区要发展特色优势产业[1]。'),
    );
    const { final } = await collectAnswer(answerer, [
      { role: 'user', content: '中部地区如何发展新质生产力？' },
      { role: 'assistant', content: '……' },
      { role: 'user', content: '那西部地区呢？' },
    ]);
    expect(fake.requests[0]!.body.messages[0].content).toContain('Last message: 那西部地区呢？');
    expect(fake.requests[0]!.body.messages[0].content).toContain('user: 中部地区如何发展新质生产力？');
    expect(final!.query).toBe('西部地区如何发展新质生产力');
  });
});

describe('LLM answers about dates relative to today', () => {
  it('count 去年 and "last year" from the caller\'s clock, tell the model that date, and state the dates used', async () => {
    const { answerer, fake } = await llmAnswerer((request, response) => chatResponse(request, response, '讲话谈到了基础研究[1]。'));
    const { final, sources } = await collectAnswer(answerer, [{ role: 'user', content: 'What did he say last year about basic research?' }], {
      today: '2026-03-10',
    });
    // Last year from 10 March 2026 is 2025: the sources are the 2025 speeches, not the system clock's year before.
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((source) => source.date.startsWith('2025-'))).toBe(true);
    expect(fake.requests[0]!.body.messages.at(-1).content).toContain('Today is 2026-03-10');
    expect(final!.text).toContain('(Dates counted from today, 10 March 2026: 1 January 2025 – 31 December 2025.)');
  });

  it('give the rewrite prompt the same clock for a follow-up that names a relative date', async () => {
    const { answerer, fake } = await llmAnswerer((request, response, count) =>
      chatResponse(request, response, count === 0 ? '2025年1月1日至2025年12月31日关于基础研究讲了什么' : '讲话谈到了基础研究[1]。'),
    );
    const { final, sources } = await collectAnswer(
      answerer,
      [
        { role: 'user', content: '2024年关于基础研究讲了什么？' },
        { role: 'assistant', content: '……' },
        { role: 'user', content: '那去年呢？' },
      ],
      { today: '2026-03-10' },
    );
    expect(fake.requests[0]!.body.messages[0].content).toContain('Today is 2026-03-10');
    expect(final!.query).toBe('2025年1月1日至2025年12月31日关于基础研究讲了什么');
    expect(sources.every((source) => source.date.startsWith('2025-'))).toBe(true);
  });
});

describe('LLM follow-ups that contrast', () => {
  it("ask the rewrite model to replace what the follow-up contrasts, and answer from the new subject's excerpts only", async () => {
    const { answerer, fake } = await llmAnswerer((request, response, count) =>
      chatResponse(request, response, count === 0 ? '中部地区座谈会上讲了什么' : '中部地区要以科技创新引领产业创新[1]。'),
    );
    const { sources } = await collectAnswer(
      answerer,
      [
        { role: 'user', content: '西部大开发座谈会上讲了什么？' },
        { role: 'assistant', content: '……' },
        { role: 'user', content: '那中部地区呢？' },
      ],
      { today: '2026-11-30' },
    );
    const rewritePrompt = fake.requests[0]!.body.messages[0].content as string;
    expect(rewritePrompt).toContain('replace what it contrasts, and drop the thing it replaces');
    expect(rewritePrompt).toContain('keep the earlier topic and\n  use the new period instead of the old one');
    // The model's rewrite still reads 座谈会, which the 西部 speech matches too: the sources it is given are the 中部 ones.
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((source) => `${source.text}${source.occasion}`.includes('中部'))).toBe(true);
    expect(fake.requests[1]!.body.messages.at(-1).content).not.toContain('西部大开发座谈会上的讲话');
  });
});

describe('LLM answers in a conversation', () => {
  const conversation = [
    { role: 'user' as const, content: '中部地区如何发展新质生产力？' },
    { role: 'assistant' as const, content: '中部地区要因地制宜[1]。' },
    { role: 'user' as const, content: '那西部地区呢？' },
  ];

  it('send the answering model the recent turns, then the sources with the current question', async () => {
    const { answerer, fake } = await llmAnswerer((request, response, count) =>
      chatResponse(request, response, count === 0 ? '西部地区如何发展新质生产力' : '西部地区要发展特色优势产业[1]。'),
    );
    await collectAnswer(answerer, conversation);
    const [system, ...rest] = fake.requests[1]!.body.messages;
    expect(system.role).toBe('system');
    expect(rest.slice(0, 2)).toEqual(conversation.slice(0, 2));
    expect(rest).toHaveLength(3);
    expect(rest[2].content).toMatch(/<source n="1" /u);
    expect(rest[2].content.trim().endsWith('Question: 那西部地区呢？')).toBe(true);
  });

  it('bound the turns sent by MAX_MESSAGES and by the token cap, dropping the oldest first', async () => {
    const long = [
      { role: 'user' as const, content: '东部地区如何发展新质生产力？'.repeat(40) },
      { role: 'assistant' as const, content: '东部地区要加快创新[1]。'.repeat(40) },
      ...conversation,
    ];
    const byTokens = await llmAnswerer((request, response) => chatResponse(request, response, '要发展特色优势产业[1]。'), { LLM_HISTORY_TOKENS: '100' });
    await collectAnswer(byTokens.answerer, long);
    const sent = byTokens.fake.requests.at(-1)!.body.messages;
    expect(sent.slice(1, -1)).toEqual(conversation.slice(0, 2));
    const byCount = await llmAnswerer((request, response) => chatResponse(request, response, '要发展特色优势产业[1]。'), { MAX_MESSAGES: '2' });
    await collectAnswer(byCount.answerer, long);
    // One earlier turn fits beside the question; a conversation sent to the model opens with a user turn, so the lone answer goes too.
    expect(byCount.fake.requests.at(-1)!.body.messages).toHaveLength(2);
  });
});

describe('LLM upstream faults', () => {
  const faults: Array<[string, FakeHandler, string, RegExp]> = [
    [
      'a 401',
      (_request, response) => sendJson(response, 401, { error: { message: 'Incorrect API key provided: sk-test' } }),
      'upstream_auth',
      /refused the API key: check OPENAI_API_KEY/u,
    ],
    ['a 429', (_request, response) => sendJson(response, 429, { error: { message: 'Rate limit reached' } }), 'upstream_rate_limited', /rate limiting/u],
    ['a 503', (_request, response) => sendJson(response, 503, { error: { message: 'overloaded' } }), 'upstream_unavailable', /failed \(503\)/u],
    [
      'a stream cut mid-answer',
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(chatChunk({ role: 'assistant', content: '新质生产力的显著特点' }));
        setTimeout(() => response.socket?.destroy(), 50);
      },
      'upstream_unavailable',
      /cut off/u,
    ],
    [
      'a malformed chunk',
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(chatChunk({ role: 'assistant', content: '新质' }));
        response.end('data: {"choices": [{"delta": \n\n');
      },
      'upstream_malformed',
      /could not be read/u,
    ],
  ];

  for (const [name, handler, code, message] of faults) {
    it(`turn ${name} into one error event after the sources`, async () => {
      const { answerer } = await llmAnswerer(handler);
      const { types, error, sources } = await ask(answerer);
      expect(types[0]).toBe('sources');
      expect(sources.length).toBeGreaterThan(0);
      expect(types.at(-1)).toBe('error');
      expect(terminalCount(types)).toBe(1);
      expect(error!.code).toBe(code);
      expect(error!.message).toMatch(message);
      expect(error!.message).not.toContain('sk-test');
    });
  }

  it('time out a model that never answers', async () => {
    const { answerer } = await llmAnswerer(() => undefined, { LLM_TIMEOUT_MS: '300' });
    const { error } = await ask(answerer);
    expect(error!.code).toBe('upstream_timeout');
  });

  it('retry a 503 with backoff and then answer', async () => {
    const { answerer, fake } = await llmAnswerer(
      (request, response, count) =>
        count === 0 ? sendJson(response, 503, { error: { message: 'overloaded' } }) : chatResponse(request, response, '特点是创新[1]。'),
      { LLM_MAX_RETRIES: '1' },
    );
    const { final } = await ask(answerer);
    expect(fake.requests).toHaveLength(2);
    expect(final!.text).toBe(`特点是创新[1]。${SOURCE_ONE}`);
  });

  it('stop the upstream request when the caller cancels', async () => {
    let opened: ServerResponse | undefined;
    const { answerer, fake } = await llmAnswerer((_request, response) => {
      opened = response;
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chatChunk({ role: 'assistant', content: '新质生产力的显著特点是创新[1]。它' }));
    });
    const controller = new AbortController();
    const events: AnswerEvent[] = [];
    for await (const event of answerer.answer([{ role: 'user', content: QUESTION }], { signal: controller.signal })) {
      events.push(event);
      if (event.type === 'text-delta') controller.abort();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(opened).toBeDefined();
    expect(fake.abortedRequests).toBe(1);
    expect(events.at(-1)).toEqual({ type: 'error', code: 'aborted', message: 'the answer was cancelled' });
  });
});

describe('prompt files', () => {
  it('are checked at start: a missing placeholder names the file', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'speechcite-prompts-'));
    await cp(PROMPTS_DIR, directory, { recursive: true });
    await writeFile(path.join(directory, 'answer.md'), 'Today is {today}.\nSources:\n{sources}\n');
    await expect(loadPrompts(directory)).rejects.toThrow(`${path.join(directory, 'answer.md')} is missing the placeholder {question}`);
    await writeFile(path.join(directory, 'answer.md'), '{sources} {question} {today} {extra}');
    await expect(loadPrompts(directory)).rejects.toThrow(/has unknown placeholder\(s\) \{extra\}/u);
  });
});
