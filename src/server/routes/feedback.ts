// POST /api/feedback: thumbs up or down on an answer, by its id, with an optional short comment.
import { Router } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import type { Analytics } from '../../analytics/analytics.ts';
import { AppError } from '../../errors.ts';
import { feedbackRequestSchema } from '../../protocol/requests.ts';
import { parseRequest } from '../validate.ts';

/** `limitStore` (when replicas share their limits) counts each client's feedback across all of them. */
export function feedbackRouter(analytics: Analytics | undefined, rateLimitPerMinute: number, limitStore?: Store): Router {
  const router = Router();
  // Its own budget: a reader who asks many questions can still rate the answers.
  const limiter = rateLimit({
    ...(limitStore ? { store: limitStore } : {}),
    windowMs: 60_000,
    limit: rateLimitPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_request, _response, next) =>
      next(new AppError('rate_limited', `too much feedback: the limit is ${rateLimitPerMinute} a minute; try again shortly`)),
  });

  router.post('/api/feedback', limiter, async (request, response) => {
    const body = parseRequest(feedbackRequestSchema, request.body, 'body');
    if (!analytics) throw new AppError('not_found', 'this server does not collect feedback');
    // The answer may still be waiting in the recorder's queue.
    await analytics.recorder.flush();
    const comment = body.comment === undefined || body.comment === '' ? undefined : body.comment;
    const saved = await analytics.store.recordFeedback({ answerId: body.answerId, createdAt: Date.now(), rating: body.rating, comment });
    if (!saved) throw new AppError('not_found', `no answer has the id "${body.answerId}": send the id from an answer's final event`);
    response.status(204).end();
  });
  return router;
}
