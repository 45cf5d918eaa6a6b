// Who may call the API. Browsers are told by CORS which sites may call it: the app's own origin and
// ALLOWED_ORIGINS; a browser request from any other site is refused. With API_KEYS set the service is
// private: every API route, and the pages that show excerpts, need a key, whatever the Origin says,
// because only browsers are kept from forging an Origin header. Failed keys count against a rate limit.
import { timingSafeEqual } from 'node:crypto';
import cors from 'cors';
import type { Request, RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { AppError } from '../errors.ts';

export interface AccessSettings {
  allowedOrigins: readonly string[];
  apiKeys: readonly string[];
  /** The origin the service is reached at (PUBLIC_URL), if configured; otherwise the address a request arrived on stands in. */
  publicOrigin: string | undefined;
  /** Failed key checks admitted per client and minute before the client gets 429s. */
  failedAuthPerMinute: number;
}

const LOOPBACK = new Set(['127.0.0.1', '::1']);

/**
 * The app's own origins: PUBLIC_URL's, or else the address and port the connection arrived on (with
 * `localhost` beside a loopback address), never the request's Host header, which the client chooses.
 */
export function ownOrigins(request: Request, publicOrigin: string | undefined): string[] {
  if (publicOrigin) return [publicOrigin];
  const address = (request.socket.localAddress ?? '').replace(/^::ffff:/u, '');
  const port = request.socket.localPort;
  const origins = [`${request.protocol}://${address.includes(':') ? `[${address}]` : address}:${port}`];
  if (LOOPBACK.has(address)) origins.push(`${request.protocol}://localhost:${port}`);
  return origins;
}

/** CORS headers for allowlisted origins; a browser request from any other origin is refused with a clear 403. */
export function originPolicy(settings: AccessSettings): RequestHandler[] {
  const allowed = new Set(settings.allowedOrigins);
  const corsHeaders = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization'],
    exposedHeaders: ['x-request-id'],
    maxAge: 600,
  });
  const refuseOthers: RequestHandler = (request, _response, next) => {
    const origin = request.get('origin');
    if (origin === undefined || allowed.has(origin) || ownOrigins(request, settings.publicOrigin).includes(origin)) return next();
    const hint = settings.publicOrigin ? '' : " (or, if it is this service's own address, set PUBLIC_URL to it)";
    next(new AppError('forbidden_origin', `this site (${origin}) is not allowed to use the API: add it to ALLOWED_ORIGINS on the server${hint}`));
  };
  return [corsHeaders, refuseOthers];
}

/**
 * With API keys configured, every request must send one as a Bearer token; an Origin header never
 * stands in for it. Each client's failed attempts are counted, and past the limit it gets 429s.
 * @example app.use(...apiKeyCheck({ allowedOrigins: [], apiKeys: ['k'], publicOrigin: undefined, failedAuthPerMinute: 30 }))
 */
export function apiKeyCheck(settings: AccessSettings, store?: Store): RequestHandler[] {
  if (settings.apiKeys.length === 0) return [];
  const keys = settings.apiKeys.map((key) => Buffer.from(key));
  const failures = rateLimit({
    // Shared between replicas when they share their rate limits, so that guesses cannot be spread across them.
    ...(store ? { store } : {}),
    windowMs: 60_000,
    limit: settings.failedAuthPerMinute,
    // Only refused keys count: a request that got past the check is given back.
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_request, response) => response.statusCode !== 401,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_request, _response, next) =>
      next(
        new AppError(
          'rate_limited',
          `too many requests with a missing or wrong API key: the limit is ${settings.failedAuthPerMinute} a minute; try again shortly`,
        ),
      ),
  });
  const check: RequestHandler = (request, _response, next) => {
    const token = /^Bearer\s+(.+)$/iu.exec(request.get('authorization') ?? '')?.[1];
    const given = token ? Buffer.from(token) : undefined;
    if (given && keys.some((key) => key.length === given.length && timingSafeEqual(key, given))) return next();
    next(new AppError('unauthorized', token ? 'the API key is not valid' : 'an API key is required: send it as "Authorization: Bearer <key>"'));
  };
  return [failures, check];
}
