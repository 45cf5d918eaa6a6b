// Server-sent events: one named event per answer event, flushed as it happens. The event names and
// their data are the protocol's (src/protocol/chat-events.ts), which the widget checks on arrival.
import type { Response } from 'express';
import type { ChatEventData, ChatEventName } from '../protocol/chat-events.ts';

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

export function writeEvent<Name extends ChatEventName>(response: Response, event: Name, data: ChatEventData<Name>): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
