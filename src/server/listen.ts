// Creates the HTTP server for an app with its limits (header, request and keep-alive timeouts, a cap
// on open connections) and listens, turning a busy port into a message that says how to choose another.
import { createServer, type RequestListener, type Server } from 'node:http';
import { AppError } from '../errors.ts';

export interface ListenSettings {
  port: number;
  host: string;
  /** How long a client may take to send a request's headers, ms. */
  headersTimeoutMs: number;
  /** How long a client may take to send a whole request, body included, ms (answers may stream for longer). */
  requestTimeoutMs: number;
  /** How long an idle kept-alive connection stays open, ms. */
  keepAliveTimeoutMs: number;
  /** Connections open at once; more are closed as they arrive. */
  maxConnections: number;
}

export function listen(app: RequestListener, settings: ListenSettings): Promise<Server> {
  const server = createServer(
    {
      headersTimeout: settings.headersTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      keepAliveTimeout: settings.keepAliveTimeoutMs,
      // Node checks the two timeouts above this often (30 s by default, which let slow clients hold a connection for far longer).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(Math.min(settings.headersTimeoutMs, settings.requestTimeoutMs) / 4))),
    },
    app,
  );
  server.maxConnections = settings.maxConnections;
  return new Promise<Server>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, settings)));
    server.listen(settings.port, settings.host, () => {
      server.removeAllListeners('error');
      resolve(server);
    });
  });
}

function listenError(error: NodeJS.ErrnoException, { port, host }: ListenSettings): Error {
  const suggestion = `choose another with PORT (e.g. PORT=${port === 65_535 ? 3000 : port + 1} npm start), or PORT=0 for any free port`;
  if (error.code === 'EADDRINUSE')
    return new AppError('config_invalid', `port ${port} on ${host} is already in use by another program: stop it, or ${suggestion}`, { cause: error });
  if (error.code === 'EACCES')
    return new AppError('config_invalid', `port ${port} on ${host} needs more privileges than this process has: ${suggestion}`, { cause: error });
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
    return new AppError('config_invalid', `HOST=${host} is not an address of this machine: set HOST to one of its addresses, e.g. 127.0.0.1 or 0.0.0.0`, {
      cause: error,
    });
  return error;
}
