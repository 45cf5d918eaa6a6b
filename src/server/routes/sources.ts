// GET /api/sources and /api/sources/:id: the excerpts the answers cite.
import { Router } from 'express';
import { AppError } from '../../errors.ts';
import type { EngineState } from '../engine-state.ts';
import type { Excerpt } from '../../protocol/answer-shapes.ts';
import { idFromLegacy } from '../../protocol/excerpt-ids.ts';
import { sourceIdSchema } from '../../protocol/requests.ts';
import type { SourcesResponse } from '../../protocol/responses.ts';
import { parseRequest } from '../validate.ts';

export function sourcesRouter(state: EngineState): Router {
  const router = Router();
  router.get('/api/sources', (_request, response) => {
    const store = state.requireStore();
    response.json({
      sources: store.excerpts.map((excerpt) => ({
        id: excerpt.id,
        documentId: excerpt.documentId,
        documentTitle: store.documentTitle(excerpt.documentId),
        ...(excerpt.speaker === undefined ? {} : { speaker: excerpt.speaker }),
        section: excerpt.section,
        date: excerpt.date,
        occasion: excerpt.occasion,
      })),
    } satisfies SourcesResponse);
  });

  router.get('/api/sources/:id', (request, response) => {
    const { id } = parseRequest(sourceIdSchema, request.params, 'path');
    const store = state.requireStore();
    const excerpt = store.excerpt(id);
    // An id in the old `doc#5` form: the same excerpt under its URL-safe id.
    const renamed = excerpt ? undefined : idFromLegacy(id);
    if (renamed && store.excerpt(renamed)) return response.redirect(301, `/api/sources/${encodeURIComponent(renamed)}`);
    if (!excerpt) throw new AppError('not_found', `no excerpt has the id "${id}": GET /api/sources lists them all`);
    response.json({ ...excerpt, documentTitle: store.documentTitle(excerpt.documentId) } satisfies Excerpt);
  });
  return router;
}
