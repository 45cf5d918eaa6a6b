// The one table from error codes to HTTP statuses and public messages, and the error middleware
// that answers every failure as {error:{code,message}}: internals are logged, never sent.
import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';
import { AppError, isAppError, type AppErrorCode } from '../errors.ts';

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  config_invalid: 500,
  corpus_parse: 500,
  corpus_empty: 500,
  index_missing: 503,
  index_mismatch: 503,
  index_corrupt: 503,
  not_ready: 503,
  shutting_down: 503,
  embedding_failed: 502,
  prompt_invalid: 500,
  upstream_auth: 502,
  upstream_rate_limited: 503,
  upstream_unavailable: 502,
  upstream_timeout: 504,
  upstream_malformed: 502,
  aborted: 499,
  not_found: 404,
  unauthorized: 401,
  forbidden_origin: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  budget_exhausted: 429,
  internal: 500,
};

/** Codes whose message is written for the client; the rest get a generic message (their details can name files and settings). */
const PUBLIC_MESSAGE = new Set<AppErrorCode>([
  'bad_request',
  'not_found',
  'unauthorized',
  'forbidden_origin',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'budget_exhausted',
  'not_ready',
  'shutting_down',
  'upstream_auth',
  'upstream_rate_limited',
  'upstream_unavailable',
  'upstream_timeout',
  'upstream_malformed',
  'aborted',
]);

export function statusFor(code: AppErrorCode): number {
  return STATUS[code];
}

export function publicError(error: AppError): { code: AppErrorCode; message: string } {
  if (PUBLIC_MESSAGE.has(error.code)) return { code: error.code, message: error.message };
  if (statusFor(error.code) === 503) return { code: 'not_ready', message: 'the search index is not ready; try again shortly' };
  return { code: 'internal', message: 'something went wrong on our side; the error has been logged' };
}

export function sendError(response: Response, error: AppError): void {
  if (error.retryAfterSeconds !== undefined) response.set('retry-after', String(error.retryAfterSeconds));
  response.status(statusFor(error.code)).json({ error: publicError(error) });
}

/** A zod failure as one readable sentence naming each field: "messages.0.content: must not be empty". */
export function validationError(error: z.ZodError, where: 'body' | 'query' | 'path'): AppError {
  const problems = error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : where}: ${issue.message}`);
  return new AppError('bad_request', `invalid request ${where}: ${problems.join('; ')}`);
}

/** Maps body-parser's failures and anything unexpected; unknown errors are logged in full and answered with a plain 500. */
export const errorHandler: ErrorRequestHandler = (error, request, response, _next) => {
  const known = toAppError(error);
  if (!known || statusFor(known.code) >= 500) request.log.error({ err: error }, 'request failed');
  if (response.headersSent) {
    response.end();
    return;
  }
  sendError(response, known ?? new AppError('internal', 'internal error'));
};

function toAppError(error: unknown): AppError | undefined {
  if (isAppError(error)) return error;
  const type = (error as { type?: unknown })?.type;
  if (type === 'entity.too.large') return new AppError('payload_too_large', 'the request body is too large: the limit is 32 KB');
  if (type === 'entity.parse.failed') return new AppError('bad_request', 'the request body is not valid JSON');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new AppError('unsupported_media_type', 'the request body must be UTF-8 JSON');
  const status = (error as { status?: unknown })?.status;
  if (status === 400) return new AppError('bad_request', 'the request could not be read');
  return undefined;
}
