// A replica whose REDIS_URL points at nothing: it starts, answers with in-process limits and no
// cache, says `degraded` on /readyz, and logs the outage once, however long it lasts.
// (Shared state with a real Redis is the cluster test's: `npm run test:cluster`.)
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/cluster.ts';
import { chatResponse, startFakeOpenAIServer, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { postJson, readJson, startTestServer, type TestServer } from '../support/test-server.ts';

const QUESTION = '新质生产力的显著特点是什么？';
const logLines: string[] = [];
let fake: FakeOpenAIServer;
let server: TestServer;

beforeAll(async () => {
  fake = await startFakeOpenAIServer((request, response) => chatResponse(request, response, '新质生产力的显著特点是创新[1]。'));
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
  // A port nobody listens on: every connection attempt is refused.
  const nobody = await freePort();
  server = await startTestServer(
    { REDIS_URL: `redis://127.0.0.1:${nobody}`, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test', RATE_LIMIT_PER_MINUTE: '4' },
    { logger },
  );
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe('a replica whose Redis is unreachable from the start', () => {
  it('is ready, says degraded, answers without a cache, keeps its own rate limit, and logs the outage once', async () => {
    const ready = await readJson(fetch(`${server.baseURL}/readyz`));
    expect(ready).toMatchObject({ ready: true, status: 'degraded', redis: 'unreachable', mode: 'llm' });

    const statuses: number[] = [];
    for (let request = 0; request < 5; request++) {
      const response = await postJson(`${server.baseURL}/api/chat`, { messages: [{ role: 'user', content: QUESTION }], stream: false });
      statuses.push(response.status);
      if (response.status === 200) {
        expect(response.headers.get('x-speechcite-cache')).toBe('miss');
        expect(((await response.json()) as { answer: string }).answer).toContain('[1]');
      } else await response.body?.cancel();
    }
    // Four a minute, counted in process; every answer went to the model, none came from a cache.
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(fake.requests.filter((request) => request.path.endsWith('/chat/completions'))).toHaveLength(4);

    // The link keeps retrying in the background; the log says so once, not on every attempt.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const outage = logLines.filter((line) => line.includes('redis is unreachable'));
    expect(outage).toHaveLength(1);
    expect(JSON.parse(outage[0]!).level).toBe(40);
  });
});
