// Asks one question of the service in LLM mode the four ways a user can (/api/chat and /v1, streamed
// and not), each against its own fresh scripted provider, and records what the user sees.
import { createParser } from 'eventsource-parser';
import { startFakeOpenAIServer, type FakeHandler, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { postJson, startTestServer } from '../support/test-server.ts';

export type View = 'api-stream' | 'api-json' | 'v1-stream' | 'v1-json';
export const VIEWS: readonly View[] = ['api-stream', 'api-json', 'v1-stream', 'v1-json'];

export interface Seen {
  view: View;
  status: number;
  /** The answer's text: final.text, `answer`, or the message content (streamed content joined, on /v1). */
  text: string | undefined;
  /** /api/chat streamed: the text-deltas joined. */
  streamedText: string | undefined;
  error: { code: string; message: string; retryAfterSeconds: number | undefined } | undefined;
  /** Retry-After header of a JSON error response. */
  retryAfterHeader: string | null;
  finishReason: string | undefined;
  truncated: boolean;
  usage: { prompt_tokens: number; completion_tokens: number } | undefined;
  citations: number[] | undefined;
  invalidMarkers: number | undefined;
  /** SSE comment lines the stream carried. */
  heartbeats: number;
  elapsedMs: number;
  /** Provider connections the service closed before the provider finished its response, counted 50 ms after the answer ended. */
  closedByService: number;
  /** The provider's record of this view's requests. */
  fake: FakeOpenAIServer;
}

export const QUESTION = '新质生产力的显著特点是什么？';

export async function askEveryWay(script: FakeHandler, environment: Record<string, string> = {}, question = QUESTION): Promise<Seen[]> {
  const seen: Seen[] = [];
  for (const view of VIEWS) seen.push(await askOneWay(view, script, environment, question));
  return seen;
}

export async function askOneWay(view: View, script: FakeHandler, environment: Record<string, string> = {}, question = QUESTION): Promise<Seen> {
  const fake = await startFakeOpenAIServer(script);
  const server = await startTestServer({ OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test', CHAT_MODEL: 'fake-chat', ...environment });
  const started = performance.now();
  try {
    const messages = [{ role: 'user', content: question }];
    const streamed = view.endsWith('stream');
    const response = view.startsWith('api')
      ? await postJson(`${server.baseURL}/api/chat`, { messages, stream: streamed })
      : await postJson(`${server.baseURL}/v1/chat/completions`, {
          model: 'speechcite',
          messages,
          stream: streamed,
          ...(streamed ? { stream_options: { include_usage: true } } : {}),
        });
    const base: Seen = {
      view,
      status: response.status,
      text: undefined,
      streamedText: undefined,
      error: undefined,
      retryAfterHeader: response.headers.get('retry-after'),
      finishReason: undefined,
      truncated: false,
      usage: undefined,
      citations: undefined,
      invalidMarkers: undefined,
      heartbeats: 0,
      elapsedMs: 0,
      closedByService: 0,
      fake,
    };
    if (!streamed) {
      const body = (await response.json()) as any;
      if (body.error) base.error = { code: body.error.code, message: body.error.message, retryAfterSeconds: undefined };
      else if (view === 'api-json')
        Object.assign(base, {
          text: body.answer,
          truncated: body.truncated === true,
          citations: body.citations,
          invalidMarkers: body.verification.invalidMarkers,
        });
      else
        Object.assign(base, {
          text: body.choices[0].message.content,
          finishReason: body.choices[0].finish_reason,
          usage: body.usage,
          citations: body.citations,
        });
    } else {
      const raw = await response.text();
      base.heartbeats = raw.split('\n').filter((line) => line.startsWith(':')).length;
      const events: Array<{ event: string; data: string }> = [];
      const parser = createParser({ onEvent: (message) => events.push({ event: message.event ?? 'message', data: message.data }) });
      parser.feed(raw);
      if (view === 'api-stream') {
        base.streamedText = '';
        for (const { event, data } of events) {
          const payload = JSON.parse(data);
          if (event === 'text-delta') base.streamedText += payload.delta;
          else if (event === 'final')
            Object.assign(base, {
              text: payload.text,
              truncated: payload.truncated === true,
              citations: payload.citations,
              invalidMarkers: payload.verification.invalidMarkers,
            });
          else if (event === 'error') base.error = { code: payload.code, message: payload.message, retryAfterSeconds: payload.retryAfterSeconds };
        }
      } else {
        let content = '';
        for (const { data } of events) {
          if (data === '[DONE]') continue;
          const chunk = JSON.parse(data);
          if (chunk.error) base.error = { code: chunk.error.code, message: chunk.error.message, retryAfterSeconds: chunk.error.retry_after_seconds };
          if (chunk.usage) base.usage = chunk.usage;
          for (const choice of chunk.choices ?? []) {
            content += choice.delta?.content ?? '';
            if (choice.finish_reason) {
              base.finishReason = choice.finish_reason;
              base.citations = chunk.citations;
            }
          }
        }
        base.text = base.finishReason ? content : undefined;
        base.streamedText = content;
      }
    }
    base.elapsedMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
    base.closedByService = fake.abortedRequests;
    return base;
  } finally {
    await server.close();
    await fake.close();
  }
}
