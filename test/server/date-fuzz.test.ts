// A bounded fuzz of date expressions through the HTTP API: 2,000 date-like questions, valid and not
// (2024年13月99日以前, before 2024-13-45, Q7 99999), each asked of /api/search and /api/chat.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const number = fc.oneof(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 0, max: 99_999 }));
const chinesePart = fc.oneof(
  fc.tuple(number, fc.constantFrom('年', '年份', '年度')).map(([value, unit]) => `${value}${unit}`),
  fc.tuple(number, fc.constantFrom('月', '月份')).map(([value, unit]) => `${value}${unit}`),
  fc.tuple(number, fc.constantFrom('日', '号')).map(([value, unit]) => `${value}${unit}`),
  fc.constantFrom(
    '上半年',
    '下半年',
    '第一季度',
    '四季度',
    '第五季度',
    '年初',
    '年中',
    '年底',
    '年末',
    '春天',
    '夏季',
    '秋天',
    '冬天',
    '今年',
    '去年',
    '前年',
    '明年',
    '最近一次',
    '最新',
    '最早',
    '首次',
    '第一次',
  ),
  fc.constantFrom('以来', '以前', '之后', '以后', '之间', '到', '至', '从', '自', '截至', '为止', '前后', '起'),
);
const englishPart = fc.oneof(
  number.map(String),
  fc.tuple(number, number, number).map(([year, month, day]) => `${year}-${month}-${day}`),
  fc.constantFrom('January', 'May', 'may', 'Sept', 'december', 'Q1', 'Q4', 'Q9', 'H1', 'H3', 'early', 'mid', 'late', 'spring', 'summer', 'fall', 'winter'),
  fc.constantFrom(
    'since',
    'before',
    'after',
    'until',
    'prior to',
    'between',
    'and',
    'from',
    'to',
    'the start of',
    'the end of',
    'first half of',
    'last year',
    'this year',
    'the latest',
    'the first time',
    'most recent',
  ),
);
const tail = fc.constantFrom('', '讲了什么？', '关于传统产业说了啥', ' what was said?', ' about new quality productive forces', '？', '');
const dateLike = fc
  .tuple(fc.array(fc.oneof(chinesePart, englishPart), { minLength: 1, maxLength: 6 }), fc.constantFrom('', ' '), tail)
  .map(([parts, separator, ending]) => `${parts.join(separator)}${ending}`.slice(0, 500));

describe('date-like questions over HTTP', () => {
  it('never answer 5xx, on /api/search or /api/chat, for 2,000 of them', async () => {
    const questions = fc.sample(dateLike, { numRuns: 2000, seed: 20261130 });
    const failures: string[] = [];
    let answered = 0;
    // A few requests in flight at a time: bounded, and not a load test.
    for (let start = 0; start < questions.length; start += 8) {
      await Promise.all(
        questions.slice(start, start + 8).map(async (question) => {
          const search = await postJson(`${server.baseURL}/api/search`, { query: question });
          const chat = await postJson(`${server.baseURL}/api/chat`, { messages: [{ role: 'user', content: question }], stream: false });
          for (const [route, response] of [
            ['search', search],
            ['chat', chat],
          ] as const) {
            const body = (await response.json()) as { answer?: unknown; results?: unknown; error?: { code?: unknown } };
            if (response.status >= 500) failures.push(`${route} ${response.status}: ${question}`);
            else if (response.status === 200) answered++;
            else if (typeof body.error?.code !== 'string') failures.push(`${route} ${response.status} without an error code: ${question}`);
          }
        }),
      );
    }
    expect(failures).toEqual([]);
    // Nearly all are well-formed requests: they are answered, not refused.
    expect(answered).toBeGreaterThan(3900);
  }, 600_000);
});
