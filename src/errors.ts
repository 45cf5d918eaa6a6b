// One error type for the whole service: a closed set of codes, a message that says how to fix
// the problem, and the underlying cause kept for logs (never for responses).

export type AppErrorCode =
  | 'config_invalid'
  | 'corpus_parse'
  | 'corpus_empty'
  | 'index_missing'
  | 'index_mismatch'
  | 'index_corrupt'
  | 'embedding_failed'
  | 'prompt_invalid'
  | 'upstream_auth'
  | 'upstream_rate_limited'
  | 'upstream_unavailable'
  | 'upstream_timeout'
  | 'upstream_malformed'
  | 'aborted'
  | 'bad_request'
  | 'not_found'
  | 'unauthorized'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'budget_exhausted'
  | 'not_ready'
  | 'forbidden_origin'
  | 'shutting_down'
  | 'internal';

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** For a rate limit: how long the client should wait before asking again, s (sent as Retry-After). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export function isAppError(value: unknown, code?: AppErrorCode): value is AppError {
  return value instanceof AppError && (code === undefined || value.code === code);
}
