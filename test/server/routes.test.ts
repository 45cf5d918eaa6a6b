import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, readEventStream, readJson, sharedTestIndex, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  await (await sharedTestIndex()).remove();
});

const QUESTION = '新质生产力的显著特点是什么？';

describe('health and documentation', () => {
  it('GET /healthz and /readyz report liveness, the mode and what the index holds', async () => {
    expect(await readJson(fetch(`${server.baseURL}/healthz`))).toEqual({ status: 'ok' });
    const ready = await readJson(fetch(`${server.baseURL}/readyz`));
    expect(ready).toMatchObject({ ready: true, mode: 'offline', index: { documents: 1, excerpts: 15, chunks: 15, embedder: 'local-hashed-ngram-v2' } });
  });

  it('GET /openapi.json is an OpenAPI 3.1 document generated from the request schemas', async () => {
    const document = await readJson(fetch(`${server.baseURL}/openapi.json`));
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/chat', '/api/search', '/api/sources', '/api/sources/{id}', '/v1/chat/completions', '/v1/models', '/healthz', '/readyz']),
    );
    const chatBody = document.paths['/api/chat'].post.requestBody.content['application/json'].schema;
    expect(chatBody.required).toEqual(['messages']);
    expect(chatBody.properties.messages.maxItems).toBe(20);
    expect(chatBody.properties.stream.default).toBe(true);
  });

  it('every response carries a request id', async () => {
    const response = await fetch(`${server.baseURL}/api/sources/unknown`);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/u);
  });
});

describe('sources and search', () => {
  it('GET /api/sources lists every excerpt with its date and occasion', async () => {
    const { sources } = await readJson(fetch(`${server.baseURL}/api/sources`));
    expect(sources).toHaveLength(15);
    expect(sources[0]).toEqual({
      id: 'new-quality-productive-forces-1',
      documentId: 'new-quality-productive-forces',
      documentTitle: '因地制宜发展新质生产力',
      speaker: '习近平',
      section: 1,
      date: '2023-09-08',
      occasion: '在黑龙江考察时的讲话',
    });
  });

  it('GET /api/sources/:id returns the full text, and a clear 404 for an unknown id', async () => {
    const excerpt = await readJson(fetch(`${server.baseURL}/api/sources/${encodeURIComponent('new-quality-productive-forces-9')}`));
    expect(excerpt.text).toMatch(/^新质生产力的内涵/u);
    expect(excerpt.date).toBe('2024-05-23');
    const missing = await fetch(`${server.baseURL}/api/sources/nope`);
    expect(missing.status).toBe(404);
    expect(await readJson(missing)).toEqual({ error: { code: 'not_found', message: 'no excerpt has the id "nope": GET /api/sources lists them all' } });
  });

  it('POST /api/search ranks excerpts and gives match offsets into the text', async () => {
    const response = await postJson(`${server.baseURL}/api/search`, { query: '绿色发展是高质量发展的底色', k: 3, filters: { from: '2024-01-01' } });
    const body = await readJson(response);
    expect(body.covered).toBe(true);
    expect(body.results).toHaveLength(3);
    const [top] = body.results;
    expect(top.section).toBe(5);
    expect(top.text.slice(top.bestSentence.start, top.bestSentence.end)).toBe('绿色发展是高质量发展的底色，新质生产力本身就是绿色生产力。');
    expect(top.matches.length).toBeGreaterThan(0);
  });
});

describe('POST /api/chat', () => {
  it('streams sources, text deltas and exactly one final event, whose text equals the non-streamed answer', async () => {
    const streamed = await readEventStream(await postJson(`${server.baseURL}/api/chat`, { messages: [{ role: 'user', content: QUESTION }] }));
    const names = streamed.map((event) => event.event);
    expect(names[0]).toBe('sources');
    expect(names.slice(1, -1).every((name) => name === 'text-delta')).toBe(true);
    expect(names.at(-1)).toBe('final');
    expect(names.filter((name) => name === 'final' || name === 'error')).toHaveLength(1);
    const streamedText = streamed
      .filter((event) => event.event === 'text-delta')
      .map((event) => event.data.delta)
      .join('');

    const whole = await readJson(postJson(`${server.baseURL}/api/chat`, { messages: [{ role: 'user', content: QUESTION }], stream: false }));
    expect(whole.answer).toBe(streamedText);
    expect(streamed.at(-1)!.data.text).toBe(whole.answer);
    expect(whole.citations).toEqual([1]);
    expect(whole.abstained).toBe(false);
    expect(whole.sources[0]).toMatchObject({ n: 1, id: 'new-quality-productive-forces-3', date: '2024-01-31' });
    expect(whole.verification).toEqual({ invalidMarkers: 0, unverifiedQuotes: [], dateMismatches: [] });
  });

  it('applies filters to the sources', async () => {
    const whole = await readJson(
      postJson(`${server.baseURL}/api/chat`, {
        messages: [{ role: 'user', content: '传统产业' }],
        stream: false,
        filters: { from: '2025-01-01', to: '2025-12-31' },
      }),
    );
    expect(whole.sources.map((source: { date: string }) => source.date.slice(0, 4))).toEqual(['2025', '2025']);
  });
});

describe('the OpenAI-compatible endpoint', () => {
  it('serves the official openai client, with identical streamed and non-streamed answers and the sources in an extra field', async () => {
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${server.baseURL}/v1` });
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['speechcite']);

    const completion = await client.chat.completions.create({
      model: 'speechcite',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: QUESTION },
      ],
    });
    const text = completion.choices[0]!.message.content!;
    expect(text).toMatch(/「新质生产力的显著特点是创新.*」\[1\]/u);
    expect(text).toContain('[1] 2024年1月31日，在二十届中央政治局第十一次集体学习时的讲话');
    expect((completion as unknown as { sources: Array<{ n: number; id: string }> }).sources[0]).toMatchObject({ n: 1, id: 'new-quality-productive-forces-3' });

    const stream = await client.chat.completions.create({ model: 'speechcite', stream: true, messages: [{ role: 'user', content: QUESTION }] });
    let streamedText = '';
    let finishReason: string | null = null;
    for await (const chunk of stream) {
      streamedText += chunk.choices[0]?.delta.content ?? '';
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
    }
    expect(streamedText).toBe(text);
    expect(finishReason).toBe('stop');
  });
});
