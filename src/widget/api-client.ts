// Talks to the speechcite API: the chat stream (server-sent events over fetch, parsed with
// eventsource-parser and each event checked against the protocol) and the sources.
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type * as z from 'zod/mini';
import { type ExcerptSummary, excerptSchema, type Source } from '../protocol/answer-shapes.ts';
import { type ChatEvent, parseChatEvent, ProtocolError } from '../protocol/chat-events.ts';
import { type SiteResponse, siteResponseSchema, sourcesResponseSchema } from '../protocol/responses.ts';

export type { ChatEvent } from '../protocol/chat-events.ts';
export type { ExcerptSummary } from '../protocol/answer-shapes.ts';
/** A numbered source, as the API sends it (the same type the server answers with). */
export type WidgetSource = Source;

/** Thrown when the service answered with an error it could explain. */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ApiClient {
  constructor(private readonly base: string) {}

  /** Streams the answer's events; throws ServiceError for a refused request, TypeError when unreachable. */
  async *chat(messages: Array<{ role: 'user' | 'assistant'; content: string }>, language: string, signal: AbortSignal): AsyncIterable<ChatEvent> {
    const response = await fetch(`${this.base}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ messages, language }),
      signal,
    });
    if (!response.ok || !response.body) throw await serviceError(response);
    const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
    for await (const message of streamValues(events)) yield checked(() => parseChatEvent(message.event ?? 'message', message.data));
  }

  async sources(): Promise<ExcerptSummary[]> {
    const response = await fetch(`${this.base}/api/sources`);
    if (!response.ok) throw await serviceError(response);
    const body: unknown = await response.json();
    return checked(() => parseResponse(sourcesResponseSchema, body)).sources;
  }

  /** The site's title, placeholder and starter questions in one language, from the service's corpus profile. */
  async site(language: string): Promise<SiteResponse> {
    const response = await fetch(`${this.base}/api/site?lang=${encodeURIComponent(language)}`);
    if (!response.ok) throw await serviceError(response);
    const body: unknown = await response.json();
    return checked(() => parseResponse(siteResponseSchema, body));
  }

  async source(id: string): Promise<WidgetSource> {
    const response = await fetch(`${this.base}/api/sources/${encodeURIComponent(id)}`);
    if (!response.ok) throw await serviceError(response);
    const body: unknown = await response.json();
    const excerpt = checked(() => parseResponse(excerptSchema, body));
    return { ...excerpt, n: 0, highlight: { start: 0, end: 0 } };
  }

  /** Thumbs up or down on an answer, with an optional comment; saying it again replaces it. */
  async feedback(answerId: string, rating: 'up' | 'down', comment?: string): Promise<void> {
    const response = await fetch(`${this.base}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answerId, rating, ...(comment ? { comment } : {}) }),
    });
    if (!response.ok) throw await serviceError(response);
  }

  excerptPageUrl(id: string, highlight?: { start: number; end: number }): string {
    const url = new URL(`${this.base}/s/${encodeURIComponent(id)}`);
    if (highlight && highlight.end > highlight.start) url.searchParams.set('hl', `${highlight.start}-${highlight.end}`);
    return url.href;
  }
}

async function serviceError(response: Response): Promise<ServiceError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    return new ServiceError(body.error?.code ?? 'http_error', body.error?.message ?? `HTTP ${response.status}`);
  } catch {
    return new ServiceError('http_error', `HTTP ${response.status}`);
  }
}

/** An answer the widget cannot read is shown as an error, never half-rendered. */
function checked<Value>(read: () => Value): Value {
  try {
    return read();
  } catch (error) {
    if (error instanceof ProtocolError) throw new ServiceError('protocol_error', `the service answered in an unexpected form: ${error.message}`);
    throw error;
  }
}

function parseResponse<Schema extends z.ZodMiniType>(schema: Schema, body: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ProtocolError(`a response does not match the protocol at ${parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ')}`);
  return parsed.data as z.infer<Schema>;
}

/** A stream's values, read with a reader (async iteration of streams is missing from Safari 16). */
async function* streamValues<Value>(stream: ReadableStream<Value>): AsyncIterable<Value> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
