// 2,000 fuzzed requests across every route, dates included: none may be answered with a 5xx, in the
// status or, for a stream, in its terminal event.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedTestIndex, startTestServer, type TestServer } from '../support/test-server.ts';

const QUESTION = '新质生产力的显著特点是什么？';
let server: TestServer | undefined;
afterAll(async () => {
  await server?.close();
  await (await sharedTestIndex()).remove();
});

/** Dates a person might type, in range or far out of it: month 0–99, day 0–99, year 0–99999. */
const number = (max: number) => fc.integer({ min: 0, max });
const twoDigits = (max: number) => number(max).map((value) => String(value).padStart(2, '0'));
const isoDate = fc
  .tuple(fc.oneof(number(99_999).map(String), fc.constantFrom('2024', '2025', '0000')), twoDigits(99), twoDigits(99))
  .map(([year, month, day]) => `${year}-${month}-${day}`);
const chineseDate = fc
  .tuple(fc.oneof(number(99_999), fc.constantFrom(2024, 2025, 0)), number(99), number(99))
  .map(([year, month, day]) => `${year}年${month}月${day}日`);
const dateText = fc.oneof(
  isoDate,
  chineseDate,
  fc.tuple(fc.oneof(number(99_999), fc.constantFrom(2024)), number(99)).map(([year, month]) => `${year}年${month}月`),
  number(99_999).map((year) => `${year}年`),
  fc.string(),
);
const dateQuestion = fc.oneof(
  fc.tuple(dateText, fc.constantFrom('以前', '以后', '之前', '之后', '前', '后', '至今')).map(([date, word]) => `${date}${word}关于创新说了什么`),
  fc.tuple(fc.constantFrom('before', 'after', 'until', 'since', 'in', 'on'), dateText).map(([word, date]) => `what was said ${word} ${date} about innovation`),
  fc.tuple(dateText, dateText).map(([from, to]) => `${from}到${to}期间的讲话`),
  fc.tuple(dateText, dateText).map(([from, to]) => `between ${from} and ${to}`),
);
const question = fc.oneof(dateQuestion, fc.string({ maxLength: 300 }), fc.constant(QUESTION), fc.string({ unit: 'grapheme', maxLength: 50 }));
const filters = fc.oneof(
  fc.constant(undefined),
  fc.record(
    { from: fc.oneof(isoDate, fc.anything()), to: fc.oneof(isoDate, fc.anything()), occasion: fc.oneof(fc.string(), fc.anything()) },
    { requiredKeys: [] },
  ),
  fc.anything(),
);
const turns = fc.array(
  fc.record(
    { role: fc.oneof(fc.constantFrom('user', 'assistant', 'system', 'tool'), fc.string()), content: fc.oneof(question, fc.anything()) },
    { requiredKeys: [] },
  ),
  { maxLength: 25 },
);
const endingWithQuestion = fc.tuple(turns, question).map(([earlier, last]) => [...earlier, { role: 'user', content: last }]);
const messages = fc.oneof(endingWithQuestion, turns, fc.anything());
const stream = fc.oneof(fc.boolean(), fc.anything());

/** A request: method, path and, for a POST, the JSON text of its body (or raw text). */
type Case = { method: 'GET' | 'POST'; path: string; body?: string };
const json = (value: unknown) => JSON.stringify(value) ?? 'null';
const post = (path: string, body: fc.Arbitrary<unknown>) => body.map((value): Case => ({ method: 'POST', path, body: json(value) }));
const pathPart = fc
  .oneof(fc.string(), fc.constantFrom('new-quality-productive-forces#3', '..%2f..%2fetc%2fpasswd', '%E0%A4%A', '%00'))
  .map((part) => (/%/u.test(part) ? part : encodeURIComponent(part)));
const cases: fc.Arbitrary<Case> = fc.oneof(
  post('/api/chat', fc.record({ messages, stream, filters, language: fc.oneof(fc.constantFrom('zh', 'en'), fc.anything()) }, { requiredKeys: [] })),
  post('/api/chat', fc.record({ messages: endingWithQuestion, stream: fc.boolean(), filters }, { requiredKeys: ['messages'] })),
  post('/api/search', fc.record({ query: fc.oneof(question, fc.anything()), k: fc.oneof(fc.integer(), fc.anything()), filters }, { requiredKeys: [] })),
  post('/api/search', fc.record({ query: dateQuestion, filters }, { requiredKeys: ['query'] })),
  post('/v1/chat/completions', fc.record({ messages, stream, model: fc.oneof(fc.string(), fc.anything()) }, { requiredKeys: [] })),
  post('/v1/chat/completions', fc.record({ messages: endingWithQuestion, stream: fc.boolean() }, { requiredKeys: ['messages'] })),
  fc
    .tuple(fc.constantFrom('/api/chat', '/api/search', '/v1/chat/completions'), fc.string())
    .map(([path, text]): Case => ({ method: 'POST', path, body: text })),
  fc.tuple(pathPart, fc.string()).map(([id, hl]): Case => ({ method: 'GET', path: `/s/${id}?hl=${encodeURIComponent(hl)}` })),
  pathPart.map((id): Case => ({ method: 'GET', path: `/api/sources/${id}` })),
  fc
    .tuple(fc.constantFrom('/', '/demo', '/healthz', '/readyz', '/openapi.json', '/v1/models', '/api/sources', '/widget.js', '/favicon.ico'), fc.string())
    .map(([path, query]): Case => ({ method: 'GET', path: `${path}?lang=${encodeURIComponent(query)}` })),
  fc
    .tuple(fc.constantFrom('GET', 'POST') as fc.Arbitrary<'GET' | 'POST'>, pathPart)
    .map(([method, path]): Case => ({ method, path: `/${path}`, ...(method === 'POST' ? { body: '{}' } : {}) })),
);

/** The status a client would see as the outcome: the HTTP status, or a stream's terminal error status. */
async function outcome(response: Response): Promise<number> {
  const text = await response.text();
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) return response.status;
  const status = /^event: error\ndata: (.*)$/mu.exec(text)?.[1];
  if (status) return (JSON.parse(status) as { status: number }).status;
  // /v1 streams: an error chunk carries the code, mapped to a status as the JSON error would be.
  const openAIError = /^data: (\{"error".*)$/mu.exec(text)?.[1];
  if (openAIError) return (JSON.parse(openAIError) as { error: { code: string } }).error.code === 'internal' ? 500 : 400;
  return response.status;
}

describe('fuzzed requests across every route', () => {
  it('get no 5xx in 2,000 bodies, dates out of range included', async () => {
    server = await startTestServer();
    const seen = new Map<string, number>();
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(cases, async (request) => {
        const response = await fetch(`${server!.baseURL}${request.path}`, {
          method: request.method,
          ...(request.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: request.body }),
        });
        const status = await outcome(response);
        const route = request.path.split(/[/?]/u)[1] ?? '';
        seen.set(route, (seen.get(route) ?? 0) + 1);
        if (status >= 500) failures.push(`${status} ${request.method} ${request.path} ${request.body ?? ''}`.slice(0, 300));
        return status < 500;
      }),
      { numRuns: 2000, endOnFailure: true },
    );
    expect(failures).toEqual([]);
    // Every family of routes was reached.
    for (const route of ['api', 'v1', 's']) expect({ route, reached: (seen.get(route) ?? 0) > 100 }).toEqual({ route, reached: true });
  }, 180_000);
});

describe('dates out of range', () => {
  it('are ignored or refused by name, never a 5xx, on every route that takes a question', async () => {
    server ??= await startTestServer();
    const questions = ['2024年13月99日以前', '0000年1月1日以前', 'before 2024-13-45', 'until 2099-99-99', '2024年2月30日以后新质生产力'];
    const outcomes: string[] = [];
    for (const text of questions) {
      const requests: Array<[string, unknown]> = [
        ['/api/search', { query: text }],
        ['/api/search', { query: '创新', filters: { from: '2024-13-45', to: '0000-00-00' } }],
        ['/api/chat', { messages: [{ role: 'user', content: text }], stream: false }],
        ['/api/chat', { messages: [{ role: 'user', content: text }] }],
        ['/v1/chat/completions', { messages: [{ role: 'user', content: text }] }],
        ['/v1/chat/completions', { messages: [{ role: 'user', content: text }], stream: true }],
      ];
      for (const [path, body] of requests) {
        const response = await fetch(`${server.baseURL}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const status = await outcome(response.clone());
        outcomes.push(`${status} ${path} ${text}`);
        expect(`${status} ${path} ${text}`).toMatch(/^[24]\d\d /u);
      }
    }
    expect(outcomes).toHaveLength(30);
  }, 60_000);

  it('in filters are refused with a 400 naming the field; a real day, 29 February of a leap year included, is taken', async () => {
    server ??= await startTestServer();
    const ask = (path: string, filters: Record<string, string>) =>
      fetch(`${server!.baseURL}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(path === '/api/search' ? { query: '创新', filters } : { messages: [{ role: 'user', content: '创新' }], stream: false, filters }),
      });
    for (const path of ['/api/search', '/api/chat']) {
      for (const [field, date] of [
        ['from', '2024-13-45'],
        ['to', '0000-01-01'],
        ['from', '2023-02-29'],
        ['to', '2024-04-31'],
      ] as const) {
        const response = await ask(path, { [field]: date });
        const body = (await response.json()) as { error?: { message: string } };
        expect({ path, date, status: response.status, message: body.error?.message }).toEqual({
          path,
          date,
          status: 400,
          message: `invalid request body: filters.${field}: must be a day of the calendar (month 01–12, a day that month has, year from 0001)`,
        });
      }
      expect({ path, status: (await ask(path, { from: '2024-02-29', to: '2025-12-31' })).status }).toEqual({ path, status: 200 });
    }
  }, 60_000);
});
