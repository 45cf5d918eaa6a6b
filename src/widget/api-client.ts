// Talks to the speechcite API: the chat stream (server-sent events over fetch) and the sources.
import type { Source } from '../answer/source.ts';

/** A numbered source, as the API sends it (the same type the server answers with). */
export type WidgetSource = Source;

export interface ExcerptSummary {
  id: string;
  section: number;
  date: string;
  occasion: string;
  documentTitle: string;
}

export type ChatEvent =
  | { event: 'sources'; data: { sources: WidgetSource[] } }
  | { event: 'text-delta'; data: { delta: string } }
  | { event: 'final'; data: { text: string; citations: number[]; abstained: boolean } }
  | { event: 'error'; data: { code: string; message: string } };

/** Thrown when the service answered with an error it could explain. */
export class ServiceError extends Error {
  constructor(readonly code: string, message: string) {
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
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let boundary = buffer.indexOf('\n\n');
      while (boundary !== -1) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const event = /^event: (.+)$/mu.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        if (event && data) yield { event, data: JSON.parse(data) } as ChatEvent;
        boundary = buffer.indexOf('\n\n');
      }
    }
  }

  async sources(): Promise<ExcerptSummary[]> {
    const response = await fetch(`${this.base}/api/sources`);
    if (!response.ok) throw await serviceError(response);
    return ((await response.json()) as { sources: ExcerptSummary[] }).sources;
  }

  async source(id: string): Promise<WidgetSource> {
    const response = await fetch(`${this.base}/api/sources/${encodeURIComponent(id)}`);
    if (!response.ok) throw await serviceError(response);
    const excerpt = (await response.json()) as Omit<WidgetSource, 'n' | 'highlight'>;
    return { ...excerpt, n: 0, highlight: { start: 0, end: 0 } };
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
