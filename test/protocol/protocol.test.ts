// The server keeps to the one protocol its clients read: every answer a route gives parses with
// the schema in src/protocol, the widget's event reader refuses what does not, and /openapi.json
// describes the responses from the same schemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { excerptSchema } from '../../src/protocol/answer-shapes.ts';
import { parseChatEvent, ProtocolError } from '../../src/protocol/chat-events.ts';
import { chatCompletionChunkSchema, chatCompletionSchema, modelListSchema } from '../../src/protocol/openai.ts';
import { chatResponseSchema, readinessSchema, searchResponseSchema, sourcesResponseSchema } from '../../src/protocol/responses.ts';
import { postJson, readJson, sharedTestIndex, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  await (await sharedTestIndex()).remove();
});

const QUESTION = '新质生产力的显著特点是什么？';
/** Parses strictly: a field the schema does not name is an error too, so the schema cannot fall behind the route. */
function expectConforms(schema: z.ZodMiniType, body: unknown): void {
  const parsed = schema.safeParse(body);
  expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  // Parsing drops fields the schema does not name: the same value back means there were none.
  expect(parsed.data).toEqual(body);
}

/** Server-sent events read the way the widget reads them: eventsource-parser, then the protocol. */
async function chatEvents(body: unknown) {
  const { EventSourceParserStream } = await import('eventsource-parser/stream');
  const response = await postJson(`${server.baseURL}/api/chat`, body);
  const events = [];
  for await (const message of response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream())) {
    events.push(parseChatEvent(message.event ?? 'message', message.data));
  }
  return events;
}

describe('the routes answer in the protocol', () => {
  it('the chat stream: sources, text deltas, one final, every event valid', async () => {
    const events = await chatEvents({ messages: [{ role: 'user', content: QUESTION }] });
    expect(events[0]!.event).toBe('sources');
    expect(events.filter((event) => event.event === 'text-delta').length).toBeGreaterThan(0);
    expect(events.at(-1)!.event).toBe('final');
    const final = events.at(-1)!;
    if (final.event === 'final') expect(final.data.citations.length).toBeGreaterThan(0);
  });

  it('the JSON answers of /api/chat, /api/search, /api/sources, /readyz and /v1', async () => {
    expectConforms(
      chatResponseSchema,
      await readJson(postJson(`${server.baseURL}/api/chat`, { messages: [{ role: 'user', content: QUESTION }], stream: false })),
    );
    expectConforms(searchResponseSchema, await readJson(postJson(`${server.baseURL}/api/search`, { query: '新质生产力', k: 3 })));
    const sources = await readJson(fetch(`${server.baseURL}/api/sources`));
    expectConforms(sourcesResponseSchema, sources);
    expectConforms(excerptSchema, await readJson(fetch(`${server.baseURL}/api/sources/${encodeURIComponent(sources.sources[0].id)}`)));
    expectConforms(readinessSchema, await readJson(fetch(`${server.baseURL}/readyz`)));
    expectConforms(modelListSchema, await readJson(fetch(`${server.baseURL}/v1/models`)));
    expectConforms(
      chatCompletionSchema,
      await readJson(postJson(`${server.baseURL}/v1/chat/completions`, { messages: [{ role: 'user', content: QUESTION }] })),
    );
  });

  it('the OpenAI stream: every chunk a chat.completion.chunk, the last with the sources', async () => {
    const response = await postJson(`${server.baseURL}/v1/chat/completions`, { messages: [{ role: 'user', content: QUESTION }], stream: true });
    const { EventSourceParserStream } = await import('eventsource-parser/stream');
    const chunks: unknown[] = [];
    for await (const message of response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream())) {
      if (message.data !== '[DONE]') chunks.push(JSON.parse(message.data));
    }
    for (const chunk of chunks) expectConforms(chatCompletionChunkSchema, chunk);
    expect((chunks.at(-1) as { sources?: unknown[] }).sources?.length).toBeGreaterThan(0);
  });
});

describe('the widget event reader', () => {
  it('refuses an unknown event, data that is not JSON, and data missing a field, naming the field', () => {
    expect(() => parseChatEvent('mystery', '{}')).toThrow(ProtocolError);
    expect(() => parseChatEvent('text-delta', 'not json')).toThrow(/not JSON/u);
    expect(() => parseChatEvent('final', JSON.stringify({ text: 'x', citations: [1], abstained: false, query: 'q' }))).toThrow(/verification/u);
    expect(parseChatEvent('text-delta', '{"delta":"新质"}')).toEqual({ event: 'text-delta', data: { delta: '新质' } });
  });
});

describe('/openapi.json', () => {
  it('describes each route’s response with the protocol’s schema', async () => {
    const document = await readJson(fetch(`${server.baseURL}/openapi.json`));
    const ok = (route: string, method: string, type = 'application/json') => document.paths[route][method].responses['200'].content[type].schema;
    expect(Object.keys(ok('/api/search', 'post').properties)).toEqual(['query', 'covered', 'confidence', 'results']);
    expect(ok('/api/search', 'post').properties.results.items.required).toContain('bestSentence');
    expect(ok('/api/chat', 'post').required).toEqual(expect.arrayContaining(['answer', 'sources', 'citations', 'verification']));
    expect(
      ok('/api/chat', 'post', 'text/event-stream').oneOf.map((event: { properties: { event: { const: string } } }) => event.properties.event.const),
    ).toEqual(['sources', 'text-delta', 'final', 'error']);
    expect(ok('/v1/chat/completions', 'post').properties.object.const).toBe('chat.completion');
    expect(ok('/api/sources/{id}', 'get').required).toContain('text');
    expect(document.components.responses.Error400.content['application/json'].schema.properties.error.required).toEqual(['code', 'message']);
  });
});
