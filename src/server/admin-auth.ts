// Who may see the owner's dashboard: whoever knows ADMIN_TOKEN, sent as a Bearer header or exchanged
// once for a signed session cookie (HttpOnly, SameSite=Strict, scoped to /admin).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors.ts';

export const SESSION_COOKIE = 'speechcite_admin';
const SESSION_MS = 12 * 3_600_000;

/** Compares digests, so neither the token's length nor its first differing byte shows in the time taken. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function cookieValue(request: Request, name: string): string | undefined {
  for (const part of (request.get('cookie') ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return undefined;
}

export class AdminAuth {
  readonly #token: string;
  readonly #now: () => number;

  constructor(token: string, now: () => number = Date.now) {
    this.#token = token;
    this.#now = now;
  }

  tokenMatches(given: string): boolean {
    return sameSecret(given, this.#token);
  }

  /** A session that ends at a fixed time, signed with the token: changing the token ends every session. */
  #signature(expires: number): string {
    return createHmac('sha256', this.#token).update(`speechcite-admin-session:${expires}`).digest('base64url');
  }

  startSession(request: Request, response: Response): void {
    const expires = this.#now() + SESSION_MS;
    response.cookie(SESSION_COOKIE, `${expires}.${this.#signature(expires)}`, {
      httpOnly: true,
      sameSite: 'strict',
      secure: request.secure,
      path: '/admin',
      maxAge: SESSION_MS,
    });
  }

  endSession(request: Request, response: Response): void {
    response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: request.secure, path: '/admin' });
  }

  /** Whether the request offers a token or a session at all: only those can be guesses worth counting. */
  offersCredentials(request: Request): boolean {
    return request.get('authorization') !== undefined || cookieValue(request, SESSION_COOKIE) !== undefined;
  }

  isSignedIn(request: Request): boolean {
    const bearer = /^Bearer\s+(.+)$/iu.exec(request.get('authorization') ?? '')?.[1];
    if (bearer !== undefined) return this.tokenMatches(bearer);
    const [expires, signature] = (cookieValue(request, SESSION_COOKIE) ?? '').split('.');
    if (!expires || !signature || !/^\d+$/u.test(expires) || Number(expires) < this.#now()) return false;
    return sameSecret(signature, this.#signature(Number(expires)));
  }

  /** Lets signed-in requests through; answers the rest 401 without saying anything about the dashboard. */
  required(): RequestHandler {
    return (request, _response, next) => {
      if (this.isSignedIn(request)) return next();
      next(new AppError('unauthorized', 'sign in at /admin with the admin token, or send it as "Authorization: Bearer <token>"'));
    };
  }
}
