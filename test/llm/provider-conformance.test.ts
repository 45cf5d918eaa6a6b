// How the service behaves against each provider's real wire behaviour and each way a provider
// fails, as the user sees it on /api/chat and /v1, streamed and not.
import { afterAll, describe, expect, it } from 'vitest';
import { sendJson, streamLikeProvider, piecesOf, chatChunk, type FakeHandler } from '../support/fake-openai-server.ts';
import { sharedTestIndex } from '../support/test-server.ts';
import { askEveryWay, askOneWay, type Seen } from './four-views.ts';

afterAll(async () => (await sharedTestIndex()).remove());

const ANSWER = '新质生产力的显著特点是创新[1]。讲话指出「新质生产力的显著特点是创新，既包括技术和业态模式层面的创新」[1]。';
/** The source list an answer citing [1] ends with. */
const SOURCE_ONE = '\n\n来源：\n[1] 2024年1月31日，在二十届中央政治局第十一次集体学习时的讲话';
const USAGE = { prompt_tokens: 812, completion_tokens: 47 };
/** Short limits so that the slow cases run in a moment: the 30 s and 40 s of real providers, scaled down. */
const QUICK_LIMITS = {
  LLM_FIRST_BYTE_TIMEOUT_MS: '400',
  LLM_IDLE_TIMEOUT_MS: '400',
  LLM_TIMEOUT_MS: '800',
  LLM_TIMEOUT_GROWTH_MS_PER_CHAR: '20',
  SSE_HEARTBEAT_MS: '100',
};

const openAI =
  (text: string, options: Partial<Parameters<typeof streamLikeProvider>[1]> = {}): FakeHandler =>
  (_request, response) =>
    streamLikeProvider(response, { pieces: piecesOf(text), usage: USAGE, ...options });

/** Every view shows the same complete answer, and what was streamed is exactly that answer. */
function expectSameAnswer(seen: Seen[], text: string): void {
  for (const view of seen) {
    expect(view.error, `${view.view}: ${view.error?.message}`).toBeUndefined();
    expect(view.status, view.view).toBe(200);
    expect(view.text, view.view).toBe(text);
    if (view.streamedText !== undefined) expect(view.streamedText, view.view).toBe(text);
  }
}

/** Every view ends in the same error, never in an answer; JSON views answer with its status. */
function expectSameError(seen: Seen[], code: string, message: RegExp, status: number): void {
  for (const view of seen) {
    expect(view.error?.code, view.view).toBe(code);
    expect(view.error?.message, view.view).toMatch(message);
    expect(view.error?.message, view.view).not.toContain('sk-test');
    expect(view.text, view.view).toBeUndefined();
    expect(view.status, view.view).toBe(view.view.endsWith('json') ? status : 200);
  }
}

describe('providers, as each really streams', () => {
  it('OpenAI with include_usage: the verified answer, and the usage passed through on /v1', async () => {
    const seen = await askEveryWay(openAI(ANSWER));
    expectSameAnswer(seen, ANSWER + SOURCE_ONE);
    for (const view of seen.filter((each) => each.view.startsWith('v1'))) {
      expect(view.usage, view.view).toEqual({ ...USAGE, total_tokens: USAGE.prompt_tokens + USAGE.completion_tokens });
      expect(view.finishReason).toBe('stop');
    }
    // The model request asked for usage in the stream.
    expect(seen[0]!.fake.requests[0]!.body.stream_options).toEqual({ include_usage: true });
  });

  it('DeepSeek: keep-alive comments and reasoning_content before the answer, the reasoning never shown', async () => {
    const seen = await askEveryWay((_request, response) =>
      streamLikeProvider(response, {
        keepAlives: 3,
        reasoning: ['The user asks about', ' the defining feature; source 1 says 创新.'],
        pieces: piecesOf(ANSWER),
        usage: USAGE,
      }),
    );
    expectSameAnswer(seen, ANSWER + SOURCE_ONE);
    for (const view of seen) expect(view.text).not.toContain('The user asks');
  });

  it('Ollama: no usage and the finish on the last content chunk; tokens are counted here instead', async () => {
    const seen = await askEveryWay((_request, response) =>
      streamLikeProvider(response, { pieces: piecesOf(ANSWER), finish: 'on-last-content', usage: undefined }),
    );
    expectSameAnswer(seen, ANSWER + SOURCE_ONE);
    for (const view of seen.filter((each) => each.view.startsWith('v1'))) {
      // The prompt holds five sources: hundreds of tokens; the answer tens.
      expect(view.usage!.prompt_tokens, view.view).toBeGreaterThan(300);
      expect(view.usage!.completion_tokens, view.view).toBeGreaterThan(10);
      expect(view.usage!.completion_tokens, view.view).toBeLessThan(200);
    }
  });

  it('Ollama without usage still spends the daily token budget', async () => {
    const script: FakeHandler = (_request, response) => streamLikeProvider(response, { pieces: piecesOf(ANSWER), finish: 'on-last-content', usage: undefined });
    const { startFakeOpenAIServer } = await import('../support/fake-openai-server.ts');
    const { startTestServer, postJson, readJson } = await import('../support/test-server.ts');
    const fake = await startFakeOpenAIServer(script);
    // Each answer reserves its prompt and 100 tokens of output, then is charged what the tokenizer counts.
    const server = await startTestServer({ OPENAI_BASE_URL: fake.baseURL, CHAT_MODEL: 'fake-chat', DAILY_TOKEN_BUDGET: '5000', LLM_MAX_OUTPUT_TOKENS: '100' });
    try {
      const ask = () => postJson(`${server.baseURL}/api/chat`, { messages: [{ role: 'user', content: '新质生产力的显著特点是什么？' }], stream: false });
      expect((await ask()).status).toBe(200);
      // Prompts of hundreds of tokens: 5,000 is spent within a few answers (never, if nothing were counted).
      let spent: Response | undefined;
      for (let attempt = 0; attempt < 40 && !spent; attempt++) {
        const response = await ask();
        if (response.status === 200) await response.body?.cancel();
        else spent = response;
      }
      expect(spent?.status).toBe(429);
      expect((await readJson(spent!)).error.code).toBe('budget_exhausted');
    } finally {
      await server.close();
      await fake.close();
    }
  });

  it("OpenAI's reasoning models, which refuse max_tokens: the output limit goes as max_completion_tokens", async () => {
    // As OpenAI answers o-series and gpt-5 models sent the older parameter.
    const refusesMaxTokens: FakeHandler = (request, response) => {
      if (request.body.max_tokens !== undefined) {
        return sendJson(response, 400, {
          error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." },
        });
      }
      streamLikeProvider(response, { pieces: piecesOf(ANSWER), usage: USAGE });
    };
    const seen = await askOneWay('api-stream', refusesMaxTokens, { CHAT_MODEL: 'o4-mini', LLM_MAX_OUTPUT_TOKENS: '900' });
    expectSameAnswer([seen], ANSWER + SOURCE_ONE);
    expect(seen.fake.requests[0]!.body.max_completion_tokens).toBe(900);
    // Other models and servers get the parameter they all know.
    const plain = await askOneWay('api-stream', openAI(ANSWER), { LLM_MAX_OUTPUT_TOKENS: '900' });
    expect(plain.fake.requests[0]!.body.max_tokens).toBe(900);
  });

  it('Ollama with a model it has not pulled: a 404 that names CHAT_MODEL', async () => {
    const seen = await askEveryWay((_request, response) =>
      sendJson(response, 404, { error: { message: 'model "fake-chat" not found, try pulling it first' } }),
    );
    expectSameError(seen, 'upstream_unavailable', /does not know the model fake-chat: check CHAT_MODEL/u, 502);
  });

  it('vLLM: an extra empty chunk after the finish changes nothing', async () => {
    const seen = await askEveryWay(openAI(ANSWER, { trailingEmptyChunk: true }));
    expectSameAnswer(seen, ANSWER + SOURCE_ONE);
  });
});

describe('rate limits and failures', () => {
  it('a 429 with a short Retry-After is waited out, and the answer follows', async () => {
    const seen = await askEveryWay(
      (request, response, index) => {
        if (index === 0) {
          response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
          response.end(JSON.stringify({ error: { message: 'Rate limit reached' } }));
        } else void openAI(ANSWER)(request, response, index);
      },
      { LLM_MAX_RETRIES: '1' },
    );
    expectSameAnswer(seen, ANSWER + SOURCE_ONE);
    for (const view of seen) {
      expect(view.fake.requests).toHaveLength(2);
      expect(view.elapsedMs).toBeGreaterThanOrEqual(900);
    }
  });

  it('a 429 with a long Retry-After is reported at once as a rate limit, with its Retry-After', async () => {
    const seen = await askEveryWay((_request, response) => {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '20' });
      response.end(JSON.stringify({ error: { message: 'Rate limit reached' } }));
    });
    expectSameError(seen, 'upstream_rate_limited', /rate limiting requests; try again in 20 s/u, 503);
    for (const view of seen) {
      expect(view.elapsedMs, view.view).toBeLessThan(5000);
      if (view.view.endsWith('json')) expect(view.retryAfterHeader, view.view).toBe('20');
      else expect(view.error?.retryAfterSeconds, view.view).toBe(20);
    }
  });

  it('a 429 without Retry-After, still refused after the retries: a rate limit that says when to ask again', async () => {
    const seen = await askEveryWay(
      (_request, response) => {
        response.writeHead(429, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'Rate limit reached' } }));
      },
      { LLM_MAX_RETRIES: '1' },
    );
    // One retry after 0.5 s; the next would have waited 1 s.
    expectSameError(seen, 'upstream_rate_limited', /rate limiting requests; try again in 1 s/u, 503);
    for (const view of seen) {
      expect(view.fake.requests, view.view).toHaveLength(2);
      if (view.view.endsWith('json')) expect(view.retryAfterHeader, view.view).toBe('1');
      else expect(view.error?.retryAfterSeconds, view.view).toBe(1);
    }
  });

  it('a 500 then success: retried, and answered', async () => {
    const seen = await askEveryWay(
      (request, response, index) => (index === 0 ? sendJson(response, 500, { error: { message: 'boom' } }) : void openAI(ANSWER)(request, response, index)),
      { LLM_MAX_RETRIES: '1' },
    );
    expectSameAnswer(seen, ANSWER + SOURCE_ONE);
  });

  it('a socket cut mid-answer ends in an error, after only verified text', async () => {
    const seen = await askEveryWay((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chatChunk({ role: 'assistant', content: '新质生产力的显著特点是创新[1]。讲话指出「新质生产力' }));
      setTimeout(() => response.socket?.destroy(), 50);
    });
    expectSameError(seen, 'upstream_unavailable', /cut off/u, 502);
    // The complete, verified first sentence was shown; the unfinished quotation never was.
    for (const view of seen.filter((each) => each.view.endsWith('stream'))) expect(view.streamedText, view.view).toBe('新质生产力的显著特点是创新[1]。');
  });

  it('a clean close mid-answer, without a finish_reason, is an error, never a finished answer', async () => {
    const seen = await askEveryWay(openAI(ANSWER.slice(0, 30), { finish: 'none', usage: undefined, end: 'close' }));
    expectSameError(seen, 'upstream_unavailable', /stopped before the answer was complete/u, 502);
  });

  it('finish_reason "length": the answer says plainly it was cut short, and /v1 reports length', async () => {
    const seen = await askEveryWay(openAI('新质生产力的显著特点是创新[1]。它既包括技术', { finishReason: 'length' }));
    const text = `新质生产力的显著特点是创新[1]。它既包括技术\n\n（回答到此被截断：模型已达长度上限。）${SOURCE_ONE}`;
    expectSameAnswer(seen, text);
    for (const view of seen) {
      if (view.view.startsWith('v1')) expect(view.finishReason, view.view).toBe('length');
      else expect(view.truncated, view.view).toBe(true);
    }
  });

  it('no [DONE] but a finish and a clean close: the answer stands', async () => {
    expectSameAnswer(await askEveryWay(openAI(ANSWER, { end: 'close' })), ANSWER + SOURCE_ONE);
  });

  it('stop and usage received but the connection never closed: the answer is used at once, and the connection closed', async () => {
    const seen = await askEveryWay(openAI(ANSWER, { end: 'hang' }), { ...QUICK_LIMITS, LLM_IDLE_TIMEOUT_MS: '5000' });
    expectSameAnswer(seen, ANSWER + SOURCE_ONE);
    for (const view of seen) expect(view.closedByService, view.view).toBe(1);
    // Not a wait for a silence limit or a grace period (1 s), but at once; the first question of a process also loads the dictionaries.
    for (const view of seen.slice(1)) expect(view.elapsedMs, view.view).toBeLessThan(600);
  });

  it('a model that never sends a byte: the first-byte limit, as a timeout', async () => {
    const seen = await askEveryWay(() => undefined, QUICK_LIMITS);
    expectSameError(seen, 'upstream_timeout', /sent nothing for 0.4 s/u, 504);
  });

  it('a model that goes silent mid-answer: the silence limit, as a timeout', async () => {
    const seen = await askEveryWay((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chatChunk({ role: 'assistant', content: '新质生产力的显著特点是创新[1]。' }));
    }, QUICK_LIMITS);
    expectSameError(seen, 'upstream_timeout', /went silent for 0.4 s/u, 504);
  });
});

describe('answers the model gets wrong', () => {
  it('no citations, twice: the extractive answer, listing its sources once', async () => {
    const seen = await askEveryWay(openAI('新质生产力的显著特点是创新。'));
    for (const view of seen) {
      expect(view.text, view.view).toMatch(/^收录的讲话摘录中有.+\n- 「新质生产力的显著特点是创新/u);
      expect(view.text!.match(/来源：/gu), view.view).toHaveLength(1);
      if (view.streamedText !== undefined) expect(view.streamedText, view.view).toBe(view.text);
      // The uncited reply was never shown.
      expect(view.streamedText ?? '', view.view).not.toMatch(/^新质生产力的显著特点是创新。/u);
      expect(view.fake.requests, view.view).toHaveLength(2);
    }
  });

  it('an out-of-range marker is removed from the streamed text too', async () => {
    const seen = await askEveryWay(openAI('新质生产力的显著特点是创新[1][7]。'));
    expectSameAnswer(seen, `新质生产力的显著特点是创新[1]。${SOURCE_ONE}`);
    for (const view of seen.filter((each) => each.view.startsWith('api'))) expect(view.invalidMarkers, view.view).toBe(1);
  });

  it('a multi-sentence invented quote is flagged wherever it is shown', async () => {
    const seen = await askEveryWay(openAI('创新是显著特点[1]。讲话说「新质生产力等于房地产。这是根本要求。」[1]。'));
    expectSameAnswer(seen, `创新是显著特点[1]。讲话说「新质生产力等于房地产。这是根本要求。」（未核实）[1]。${SOURCE_ONE}`);
  });

  it('an invented quotation the model never closed is flagged wherever it is shown', async () => {
    const seen = await askEveryWay(openAI('创新是显著特点[1]。讲话说「新质生产力等于房地产。这是根本要求[1]。'));
    expectSameAnswer(seen, `创新是显著特点[1]。讲话说「新质生产力等于房地产。这是根本要求[1]。（未核实）${SOURCE_ONE}`);
  });

  it('NOT_COVERED: a plain abstention, the sentinel never shown', async () => {
    const seen = await askEveryWay(openAI('NOT_COVERED'));
    for (const view of seen) {
      expect(view.text, view.view).toMatch(/^收录的讲话摘录没有谈到这个问题/u);
      expect(view.streamedText ?? view.text, view.view).not.toContain('NOT_COVERED');
      if (view.streamedText !== undefined) expect(view.streamedText, view.view).toBe(view.text);
    }
  });
});

describe('slow models', () => {
  it('a long reasoning phase (40 s against a 30 s limit, scaled down) is not cut off, and the streams carry heartbeats', async () => {
    // Reasoning for 1.2 s against an overall limit of 0.8 s: each streamed character extends the limit.
    const reasoning = Array.from({ length: 24 }, (_, index) => `step ${index}: weighing the sources. `);
    const seen = await askEveryWay(
      (_request, response) => streamLikeProvider(response, { reasoning, pieces: piecesOf(ANSWER), intervalMs: 50, usage: USAGE }),
      QUICK_LIMITS,
    );
    expectSameAnswer(seen, ANSWER + SOURCE_ONE);
    for (const view of seen) {
      expect(view.elapsedMs, view.view).toBeGreaterThan(1200);
      if (view.view.endsWith('stream')) expect(view.heartbeats, view.view).toBeGreaterThanOrEqual(5);
    }
  });

  it('a model that reasons on and on still meets the overall ceiling', async () => {
    const reasoning = Array.from({ length: 100 }, () => 'more thought. ');
    const seen = await askOneWay('api-json', (_request, response) => streamLikeProvider(response, { reasoning, pieces: piecesOf(ANSWER), intervalMs: 20 }), {
      ...QUICK_LIMITS,
      LLM_MAX_TIMEOUT_MS: '1000',
    });
    expect(seen.error?.code).toBe('upstream_timeout');
    expect(seen.error?.message).toMatch(/did not finish answering in time/u);
    expect(seen.status).toBe(504);
    expect(seen.elapsedMs).toBeLessThan(1500);
  });
});
