import net from 'node:net';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ExtractiveAnswerer } from '../../src/answer/extractive-answerer.ts';
import type { Retriever } from '../../src/retrieval/retriever.ts';
import type { AnswerEngine } from '../../src/setup/create-answerer.ts';
import { postJson, readEventStream, readJson, sharedTestIndex, startTestServer, type TestServer } from '../support/test-server.ts';

const QUESTION = '新质生产力的显著特点是什么？';
const servers: TestServer[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  while (servers.length > 0) await servers.pop()!.close();
});
afterAll(async () => (await sharedTestIndex()).remove());

async function serve(environment: Record<string, string> = {}, options: Parameters<typeof startTestServer>[1] = {}) {
  const server = await startTestServer(environment, options);
  servers.push(server);
  return server;
}

/** A raw connection; resolves `closed` with what the server sent and how long after opening it closed the connection. */
async function connect(baseURL: string) {
  const { hostname, port } = new URL(baseURL);
  const socket = net.connect(Number(port), hostname);
  sockets.push(socket);
  await new Promise((resolve) => socket.once('connect', resolve));
  const opened = performance.now();
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<{ received: string; afterMs: number }>((resolve) =>
    socket.once('close', () => resolve({ received, afterMs: performance.now() - opened })),
  );
  return { socket, closed };
}

describe('connection limits', () => {
  it('drops a client that sends its headers too slowly, after HEADERS_TIMEOUT_MS', async () => {
    const { baseURL } = await serve({ HEADERS_TIMEOUT_MS: '400' });
    const { socket, closed } = await connect(baseURL);
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 100);
    const { received, afterMs } = await closed;
    clearInterval(trickle);
    expect(received).toMatch(/^HTTP\/1\.1 408/u);
    expect(afterMs).toBeLessThan(3000);
  });

  it('drops a client that sends its body too slowly, after REQUEST_TIMEOUT_MS', async () => {
    const { baseURL } = await serve({ REQUEST_TIMEOUT_MS: '600', HEADERS_TIMEOUT_MS: '600' });
    const { socket, closed } = await connect(baseURL);
    socket.write('POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":');
    const trickle = setInterval(() => socket.writable && socket.write(' '), 100);
    const { received, afterMs } = await closed;
    clearInterval(trickle);
    expect(received).toMatch(/^HTTP\/1\.1 408/u);
    expect(afterMs).toBeLessThan(3000);
  });

  it('closes an idle kept-alive connection after KEEP_ALIVE_TIMEOUT_MS', async () => {
    const { baseURL } = await serve({ KEEP_ALIVE_TIMEOUT_MS: '300' });
    const { socket, closed } = await connect(baseURL);
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const { received, afterMs } = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 200/u);
    expect(afterMs).toBeGreaterThanOrEqual(250);
    expect(afterMs).toBeLessThan(2000);
  });

  it('closes connections past MAX_CONNECTIONS as they arrive, and serves again once some close', async () => {
    const { baseURL } = await serve({ MAX_CONNECTIONS: '3' });
    const held = await Promise.all([connect(baseURL), connect(baseURL), connect(baseURL)]);
    const extra = await connect(baseURL);
    extra.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect((await extra.closed).received).toBe('');
    held[0]!.socket.destroy();
    await held[0]!.closed;
    await expect.poll(async () => (await fetch(`${baseURL}/healthz`).catch(() => undefined))?.status).toBe(200);
  });
});

describe('/v1/chat/completions', () => {
  it('counts messages as /api/chat does', async () => {
    const { baseURL } = await serve({ MAX_MESSAGES: '3' });
    const turns = (count: number) => Array.from({ length: count }, (_, index) => ({ role: index % 2 ? 'assistant' : 'user', content: QUESTION }));
    const tooMany = await postJson(`${baseURL}/v1/chat/completions`, { messages: turns(5) });
    expect(tooMany.status).toBe(400);
    expect((await readJson(tooMany)).error.message).toBe('invalid request body: messages: must hold at most 3 user and assistant messages');
    expect((await postJson(`${baseURL}/api/chat`, { messages: turns(5) })).status).toBe(400);
    expect((await postJson(`${baseURL}/v1/chat/completions`, { messages: [{ role: 'system', content: 'be brief' }, ...turns(3)] })).status).toBe(200);
  });
});

describe('an internal error', () => {
  async function brokenServer() {
    const lines: any[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const server = await serve({}, { logger });
    const broken: Retriever = {
      retrieve: async () => {
        throw new RangeError('the real cause, at /srv/app/src/retrieval.ts:42');
      },
      close: async () => undefined,
    };
    const engine = server.state.engine!;
    server.state.ready({ ...engine, retriever: broken, answerer: new ExtractiveAnswerer(broken, engine.store) } satisfies AnswerEngine);
    return { server, lines };
  }

  it('is logged once, with its cause and the request id, streamed or not, on /api/chat and /v1, and never sent', async () => {
    const { server, lines } = await brokenServer();
    for (const [path, stream] of [
      ['/api/chat', true],
      ['/api/chat', false],
      ['/v1/chat/completions', true],
      ['/v1/chat/completions', false],
    ] as const) {
      lines.length = 0;
      const response = await postJson(`${server.baseURL}${path}`, { messages: [{ role: 'user', content: QUESTION }], stream });
      const requestId = response.headers.get('x-request-id');
      const text = stream && path === '/api/chat' ? JSON.stringify(await readEventStream(response)) : await response.text();
      expect(text).not.toMatch(/real cause|\.ts:/u);
      expect({ path, stream, internal: text.includes('"code":"internal"') }).toEqual({ path, stream, internal: true });
      expect({ path, stream, logged: lines.length }).toEqual({ path, stream, logged: 1 });
      expect(lines[0]).toMatchObject({
        reqId: requestId,
        err: { message: expect.stringContaining('the real cause'), stack: expect.stringContaining('RangeError') },
      });
    }
  });
});
