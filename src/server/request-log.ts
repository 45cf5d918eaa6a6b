// One log line per request (id, method, path, status, time), an x-request-id header to quote in a
// bug report, and `request.log` for handlers, bound to the request's id.
//
// pino-http did this too, but it built a child logger around the serialised request on every
// request, even with logging off: a tenth of the server's time under a search load.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request's id, as sent back in x-request-id. */
    id: string;
    /** The server's logger, bound to this request's id. */
    log: Logger;
  }
}

export function requestLog(logger: Logger): RequestHandler {
  return (request, response, next) => {
    const id = randomUUID();
    const started = performance.now();
    request.id = id;
    request.log = logger.child({ reqId: id });
    response.setHeader('x-request-id', id);
    // Headers can hold API keys, so only the method and path are logged.
    if (logger.isLevelEnabled('info')) {
      response.once('close', () => {
        const fields = {
          reqId: id,
          method: request.method,
          path: request.path,
          statusCode: response.statusCode,
          responseTimeMs: Math.round((performance.now() - started) * 10) / 10,
        };
        if (response.writableFinished) logger.info(fields, 'request completed');
        else logger.warn(fields, 'request aborted');
      });
    }
    next();
  };
}
