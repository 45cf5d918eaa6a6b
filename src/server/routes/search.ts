// POST /api/search: ranked excerpts with their metadata and where the query matched.
import { Router } from 'express';
import { searchReport } from '../../retrieval/search-report.ts';
import type { EngineState } from '../engine-state.ts';
import { searchRequestSchema } from '../../protocol/requests.ts';
import { resolveFilters } from '../resolve-filters.ts';
import { parseRequest } from '../validate.ts';
import { sendPostJson } from '../send-json.ts';

export function searchRouter(state: EngineState): Router {
  const router = Router();
  router.post('/api/search', async (request, response) => {
    const body = parseRequest(searchRequestSchema, request.body, 'body');
    const { retriever, store } = state.require();
    const retrieval = await retriever.retrieve(body.query, { k: body.k, ...(body.filters ? { filters: resolveFilters(body.filters, store) } : {}) });
    sendPostJson(response, searchReport(body.query, retrieval));
  });
  return router;
}
