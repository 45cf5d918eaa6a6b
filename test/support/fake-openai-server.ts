// A scripted OpenAI-compatible server on 127.0.0.1 for tests: real HTTP, no internet.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export type FakeHandler = (request: RecordedRequest, response: ServerResponse, index: number) => void | Promise<void>;

export interface FakeOpenAIServer {
  baseURL: string;
  requests: RecordedRequest[];
  /** Requests whose client went away before the response ended. */
  abortedRequests: number;
  close(): Promise<void>;
}

export async function startFakeOpenAIServer(handler: FakeHandler): Promise<FakeOpenAIServer> {
  const requests: RecordedRequest[] = [];
  const state = { abortedRequests: 0 };
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(recorded);
    response.on('close', () => {
      if (!response.writableFinished) state.abortedRequests++;
    });
    await handler(recorded, response, requests.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get abortedRequests() {
      return state.abortedRequests;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** A deterministic embedding for a text: the same text always gets the same vector. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const character of text) vector[character.codePointAt(0)! % dimensions]! += 1;
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

/** Answers /v1/embeddings requests as OpenAI does, with plain float arrays. */
export function embeddingsResponse(response: ServerResponse, body: { input: string[] | string; model: string }, dimensions: number): void {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  sendJson(response, 200, {
    object: 'list',
    model: body.model,
    data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(input, dimensions) })),
    usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
  });
}

/** A chat.completion.chunk line as OpenAI streams it. */
export function chatChunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model: 'fake-chat', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
}

/** Streams text as OpenAI does: role, content pieces, stop, usage, [DONE]. */
export function streamChatResponse(response: ServerResponse, pieces: readonly string[], usage = { prompt_tokens: 100, completion_tokens: 20 }): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.write(chatChunk({ role: 'assistant', content: '' }));
  for (const piece of pieces) response.write(chatChunk({ content: piece }));
  response.write(chatChunk({}, 'stop'));
  response.write(
    `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model: 'fake-chat', choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })}\n\n`,
  );
  response.end('data: [DONE]\n\n');
}

/** A whole (non-streamed) chat completion. */
export function chatCompletionResponse(response: ServerResponse, content: string): void {
  sendJson(response, 200, {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 0,
    model: 'fake-chat',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  });
}

/** Answers a chat request, streamed or not, with the given text. */
export function chatResponse(request: RecordedRequest, response: ServerResponse, content: string): void {
  if (request.body?.stream) streamChatResponse(response, content.match(/[\s\S]{1,8}/gu) ?? []);
  else chatCompletionResponse(response, content);
}

/** How each provider streams an answer, as their servers really do it. */
export interface ProviderStreamOptions {
  /** Pieces of the answer's content. */
  pieces: readonly string[];
  /** Reasoning pieces sent before the content, as reasoning_content (DeepSeek). */
  reasoning?: readonly string[];
  /** Delay between chunks, ms. */
  intervalMs?: number;
  /** SSE comments sent before anything else (DeepSeek's ": keep-alive" while the request waits). */
  keepAlives?: number;
  finish?: 'separate-chunk' | 'on-last-content' | 'none';
  finishReason?: string;
  /** A usage chunk (choices: []) after the finish, as OpenAI sends with include_usage. */
  usage?: { prompt_tokens: number; completion_tokens: number } | undefined;
  /** vLLM: one more empty chunk after the finish. */
  trailingEmptyChunk?: boolean;
  /** What happens at the end: [DONE] and close, close without [DONE], or keep the connection open. */
  end?: 'done' | 'close' | 'hang';
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function streamLikeProvider(response: ServerResponse, options: ProviderStreamOptions): Promise<void> {
  const pause = () => (options.intervalMs ? wait(options.intervalMs) : Promise.resolve());
  const write = (text: string) => {
    if (!response.destroyed) response.write(text);
  };
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  for (let index = 0; index < (options.keepAlives ?? 0); index++) {
    write(': keep-alive\n\n');
    await pause();
  }
  write(chatChunk({ role: 'assistant', content: '' }));
  for (const thought of options.reasoning ?? []) {
    await pause();
    write(chatChunk({ content: null, reasoning_content: thought }));
  }
  const finish = options.finish ?? 'separate-chunk';
  const reason = options.finishReason ?? 'stop';
  for (const [index, piece] of options.pieces.entries()) {
    await pause();
    write(chatChunk({ content: piece }, finish === 'on-last-content' && index === options.pieces.length - 1 ? reason : null));
  }
  if (finish === 'separate-chunk') write(chatChunk({}, reason));
  if (options.trailingEmptyChunk) write(chatChunk({ content: '' }));
  if (options.usage) {
    const usage = { ...options.usage, total_tokens: options.usage.prompt_tokens + options.usage.completion_tokens };
    write(`data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model: 'fake-chat', choices: [], usage })}\n\n`);
  }
  const end = options.end ?? 'done';
  if (end === 'done') response.end('data: [DONE]\n\n');
  else if (end === 'close') response.end();
}

/** Splits a text into the small pieces a model streams. */
export function piecesOf(text: string, size = 6): string[] {
  return text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'gu')) ?? [];
}
