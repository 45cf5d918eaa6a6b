// GET /api/site: the title, subtitle, placeholder and starter questions the pages and the widget show,
// from the corpus profile or derived from the corpus (site-info.ts). Read at run time, so a new corpus
// or profile changes them without rebuilding the widget.
import { Router } from 'express';
import type { SiteResponse } from '../../protocol/responses.ts';
import type { EngineState } from '../engine-state.ts';
import { siteInfo } from '../pages/site-info.ts';

export function siteRouter(state: EngineState): Router {
  const router = Router();
  router.get('/api/site', (request, response) => {
    const language = request.query.lang === 'en' ? 'en' : 'zh';
    response.json(siteInfo(state.store, language) satisfies SiteResponse);
  });
  return router;
}
