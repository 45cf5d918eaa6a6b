// The owner's dashboard at /admin: a sign-in with ADMIN_TOKEN, the report as JSON for the page's
// charts, and CSV exports. Mounted only when a token is set; without one /admin does not exist.
import { readFile } from 'node:fs/promises';
import express, { Router, type Request } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { z } from 'zod';
import type { Analytics } from '../../analytics/analytics.ts';
import { toCsv } from '../../analytics/csv.ts';
import { utcDay } from '../../analytics/sql-store.ts';
import type { Period } from '../../analytics/types.ts';
import { AppError } from '../../errors.ts';
import { AdminAuth } from '../admin-auth.ts';
import { adminDashboardPage, adminLoginPage, type AdminLanguage } from '../pages/admin-html.ts';
import { parseRequest } from '../validate.ts';

export interface AdminAssets {
  script: string;
  styles: string;
}

/** Periods the selector offers, in days ending today. */
export const PERIOD_DAYS = [7, 30, 90, 365] as const;
const ROWS_PER_LIST = 20;
// Guessing a token of 16+ characters at this rate is hopeless; an owner who mistypes is not locked out for long.
export const SIGN_INS_PER_MINUTE = 10;

const periodQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .refine((days) => (PERIOD_DAYS as readonly number[]).includes(days), `must be one of ${PERIOD_DAYS.join(', ')}`)
    .default(30),
});

function periodOf(days: number, now = Date.now()): Period {
  return { from: utcDay(now - (days - 1) * 86_400_000), to: utcDay(now) };
}

const languageOf = (request: Request): AdminLanguage => (request.query.lang === 'en' ? 'en' : 'zh');

/**
 * The owner's dashboard. `limitStore` (when replicas share their limits) keeps the count of wrong
 * tokens in one place, so that guesses cannot be spread across replicas.
 */
export function adminRouter(token: string, analytics: Analytics | undefined, assets: AdminAssets, limitStore?: Store): Router {
  const auth = new AdminAuth(token);
  const router = Router();
  // One count of wrong tokens, whether sent by the form, as a Bearer header or as a forged session:
  // each of them would otherwise be a way to guess without limit. Past it, the right token waits too.
  const wrongTokenLimiter = rateLimit({
    ...(limitStore ? { store: limitStore } : {}),
    windowMs: 60_000,
    limit: SIGN_INS_PER_MINUTE,
    skip: (request) => request.method !== 'POST' && !auth.offersCredentials(request),
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_request, response) => response.statusCode !== 401,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_request, _response, next) =>
      next(new AppError('rate_limited', `too many sign-in attempts with a wrong token: the limit is ${SIGN_INS_PER_MINUTE} a minute`)),
  });
  const noStore: express.RequestHandler = (_request, response, next) => {
    response.set('cache-control', 'no-store');
    next();
  };
  router.use('/admin', noStore);

  router.get('/admin', wrongTokenLimiter, (request, response) => {
    const language = languageOf(request);
    if (!auth.isSignedIn(request)) {
      // A wrong token offered here is a guess like any other: it is answered, and counted, as one.
      const status = auth.offersCredentials(request) ? 401 : 200;
      return void response.status(status).type('html').send(adminLoginPage(language, false));
    }
    response.type('html').send(adminDashboardPage(language));
  });

  router.post('/admin/login', wrongTokenLimiter, express.urlencoded({ extended: false, limit: '4kb' }), (request, response) => {
    const language = languageOf(request);
    const given = typeof request.body?.token === 'string' ? request.body.token : '';
    if (!auth.tokenMatches(given)) return void response.status(401).type('html').send(adminLoginPage(language, true));
    auth.startSession(request, response);
    response.redirect(303, `/admin?lang=${language}`);
  });

  router.post('/admin/logout', (request, response) => {
    auth.endSession(request, response);
    response.redirect(303, `/admin?lang=${languageOf(request)}`);
  });

  const signedIn = Router();
  signedIn.use(wrongTokenLimiter, auth.required());
  let script: Promise<string> | undefined;
  let styles: Promise<string> | undefined;
  const asset = async (read: () => Promise<string>, forget: () => void) => {
    try {
      return await read();
    } catch (error) {
      forget();
      throw new AppError('not_ready', 'the dashboard is not built: run `npm run build` (npm start does it)', { cause: error });
    }
  };
  signedIn.get('/assets/admin.js', async (_request, response) => {
    const body = await asset(
      () => (script ??= readFile(assets.script, 'utf8')),
      () => (script = undefined),
    );
    response.type('text/javascript; charset=utf-8').send(body);
  });
  signedIn.get('/assets/admin.css', async (_request, response) => {
    const body = await asset(
      () => (styles ??= readFile(assets.styles, 'utf8')),
      () => (styles = undefined),
    );
    response.type('text/css; charset=utf-8').send(body);
  });

  const requireAnalytics = (): Analytics => {
    if (!analytics) throw new AppError('not_found', 'nothing is recorded: the server runs with ANALYTICS=false');
    return analytics;
  };

  signedIn.get('/api/report', async (request, response) => {
    const { days } = parseRequest(periodQuery, request.query, 'query');
    const { store, recorder } = requireAnalytics();
    await recorder.flush();
    response.json({ days, periods: PERIOD_DAYS, ...(await store.report(periodOf(days), ROWS_PER_LIST)) });
  });

  signedIn.get('/export/questions.csv', async (request, response) => {
    const { days } = parseRequest(periodQuery, request.query, 'query');
    const { store, recorder } = requireAnalytics();
    await recorder.flush();
    const period = periodOf(days);
    const rows = await store.questions(period);
    response.attachment(`speechcite-questions-${period.from}-${period.to}.csv`).type('text/csv; charset=utf-8');
    response.send(
      toCsv(
        ['answer_id', 'asked_at', 'question', 'language', 'coverage', 'rating'],
        rows.map((row) => [row.answerId, row.createdAt, row.question, row.language, row.coverage, row.rating]),
      ),
    );
  });

  signedIn.get('/export/feedback.csv', async (request, response) => {
    const { days } = parseRequest(periodQuery, request.query, 'query');
    const { store, recorder } = requireAnalytics();
    await recorder.flush();
    const period = periodOf(days);
    const rows = await store.feedback(period);
    response.attachment(`speechcite-feedback-${period.from}-${period.to}.csv`).type('text/csv; charset=utf-8');
    response.send(
      toCsv(
        ['answer_id', 'given_at', 'rating', 'comment', 'question', 'coverage'],
        rows.map((row) => [row.answerId, row.createdAt, row.rating, row.comment, row.question, row.coverage]),
      ),
    );
  });

  // Everything else under /admin needs a session or the token: mounted at /admin so other routes never see this check.
  router.use('/admin', signedIn);
  return router;
}
