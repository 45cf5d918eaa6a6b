import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, readJson, sharedTestIndex, startTestServer, type TestServer } from '../support/test-server.ts';

const lines: Array<Record<string, unknown>> = [];
let server: TestServer;
beforeAll(async () => {
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  server = await startTestServer({}, { logger });
});
afterAll(async () => {
  await server.close();
  await (await sharedTestIndex()).remove();
});

const QUESTION = '新质生产力的显著特点是什么？';
const API_KEY = 'sk-do-not-log-me-123';

/** The log lines of one request, found by the id the client was given; the completion line comes when the response closes. */
async function linesOf(requestId: string) {
  for (let attempt = 0; attempt < 500 && !lines.some((line) => line.reqId === requestId && line.msg === 'request completed'); attempt++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  return lines.filter((line) => line.reqId === requestId);
}

describe('request log', () => {
  it('writes one line per request with the id the client got, the route, the status and the time taken', async () => {
    const response = await postJson(`${server.baseURL}/api/search`, { query: QUESTION }, { authorization: `Bearer ${API_KEY}` });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id')!;
    const [completed] = (await linesOf(requestId)).filter((line) => line.msg === 'request completed');
    expect(completed).toMatchObject({ method: 'POST', path: '/api/search', statusCode: 200 });
    expect(completed!.responseTimeMs).toEqual(expect.any(Number));
  });

  it('leaves out API keys, and the question unless LOG_QUESTIONS is set', async () => {
    const response = await postJson(
      `${server.baseURL}/api/chat`,
      { messages: [{ role: 'user', content: QUESTION }], stream: false },
      { authorization: `Bearer ${API_KEY}` },
    );
    await readJson(response);
    const logged = await linesOf(response.headers.get('x-request-id')!);
    expect(logged.find((line) => line.msg === 'answering')).toMatchObject({ mode: 'offline', questionChars: QUESTION.length });
    const text = JSON.stringify(logged);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(QUESTION);
  });
});
