// POST /api/search: ranked excerpts with their metadata and where the query matched.
import { Router } from 'express';
import type { EngineState } from '../engine-state.ts';
import { searchRequestSchema } from '../schemas.ts';
import { parseRequest } from '../validate.ts';

export function searchRouter(state: EngineState): Router {
  const router = Router();
  router.post('/api/search', async (request, response) => {
    const body = parseRequest(searchRequestSchema, request.body, 'body');
    const { retriever } = state.require();
    const retrieval = await retriever.retrieve(body.query, { k: body.k, ...(body.filters ? { filters: body.filters } : {}) });
    response.json({
      query: body.query,
      covered: retrieval.covered,
      confidence: retrieval.confidence,
      results: retrieval.results.map((result) => ({
        id: result.excerpt.id,
        documentId: result.excerpt.documentId,
        section: result.excerpt.section,
        date: result.excerpt.date,
        occasion: result.excerpt.occasion,
        score: result.score,
        text: result.excerpt.text,
        matches: result.matches,
        bestSentence: result.bestSentence,
      })),
    });
  });
  return router;
}
