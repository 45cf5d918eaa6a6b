// GET /api/sources and /api/sources/:id: the excerpts the answers cite.
import { Router } from 'express';
import { AppError } from '../../errors.ts';
import type { EngineState } from '../engine-state.ts';
import { sourceIdSchema } from '../schemas.ts';
import { parseRequest } from '../validate.ts';

export function sourcesRouter(state: EngineState): Router {
  const router = Router();
  const titleOf = (documentId: string) => state.require().retriever.searchIndex.documents.find((document) => document.id === documentId)?.title ?? documentId;

  router.get('/api/sources', (_request, response) => {
    const { excerpts } = state.require().retriever.searchIndex;
    response.json({
      sources: excerpts.map((excerpt) => ({ id: excerpt.id, documentId: excerpt.documentId, documentTitle: titleOf(excerpt.documentId), section: excerpt.section, date: excerpt.date, occasion: excerpt.occasion })),
    });
  });

  router.get('/api/sources/:id', (request, response) => {
    const { id } = parseRequest(sourceIdSchema, request.params, 'path');
    const excerpt = state.require().retriever.searchIndex.excerptById.get(id);
    if (!excerpt) throw new AppError('not_found', `no excerpt has the id "${id}": GET /api/sources lists them all`);
    response.json({ ...excerpt, documentTitle: titleOf(excerpt.documentId) });
  });
  return router;
}
