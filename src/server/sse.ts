// Server-sent events: one named event per answer event, flushed as it happens.
import type { Response } from 'express';

export function startEventStream(response: Response): void {
  response.status(200);
  response.set({
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    // No Connection header: Node keeps the connection alive unless the client or a drain asked to close it.
    // Keeps reverse proxies (nginx) from buffering the stream.
    'x-accel-buffering': 'no',
  });
  response.flushHeaders();
}

export function writeEvent(response: Response, event: string, data: unknown): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
