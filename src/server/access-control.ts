// Who may call the API: browsers from the app's own origin or an allowlisted one (CORS), and other
// clients with an API key when keys are configured.
import { timingSafeEqual } from 'node:crypto';
import cors from 'cors';
import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors.ts';

export interface AccessSettings {
  allowedOrigins: readonly string[];
  apiKeys: readonly string[];
}

function ownOrigin(request: Request): string {
  return `${request.protocol}://${request.get('host')}`;
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
    if (origin === undefined || allowed.has(origin) || origin === ownOrigin(request)) return next();
    next(new AppError('forbidden_origin', `this site (${origin}) is not allowed to use the API: add it to ALLOWED_ORIGINS on the server`));
  };
  return [corsHeaders, refuseOthers];
}

/** With API keys configured, requests that do not come from an admitted browser origin must send one as a Bearer token. */
export function apiKeyCheck(settings: AccessSettings): RequestHandler {
  const keys = settings.apiKeys.map((key) => Buffer.from(key));
  const allowed = new Set(settings.allowedOrigins);
  return (request, _response, next) => {
    if (keys.length === 0) return next();
    const origin = request.get('origin');
    if (origin !== undefined && (allowed.has(origin) || origin === ownOrigin(request))) return next();
    const token = /^Bearer\s+(.+)$/iu.exec(request.get('authorization') ?? '')?.[1];
    const given = token ? Buffer.from(token) : undefined;
    if (given && keys.some((key) => key.length === given.length && timingSafeEqual(key, given))) return next();
    next(new AppError('unauthorized', token ? 'the API key is not valid' : 'an API key is required: send it as "Authorization: Bearer <key>"'));
  };
}
