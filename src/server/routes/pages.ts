// The widget bundle and the pages built on it: the chat page, one excerpt's page, and a demo embed.
import { readFile } from 'node:fs/promises';
import { Router } from 'express';
import { splitSentences } from '../../chunking/split-sentences.ts';
import { AppError } from '../../errors.ts';
import type { EngineState } from '../engine-state.ts';
import { idFromLegacy } from '../../protocol/excerpt-ids.ts';
import { chatPage, demoPage, documentPage, excerptPage, LEGACY_LINK_SCRIPT } from '../pages/html.ts';
import { siteInfo } from '../pages/site-info.ts';

export function pagesRouter(state: EngineState, widgetBundle: string): Router {
  const router = Router();

  // Read on first request and kept: every page that embeds the widget asks for it, and the bundle is
  // built before the server starts.
  let bundle: Promise<string> | undefined;
  router.get('/widget.js', async (_request, response) => {
    let script: string;
    try {
      script = await (bundle ??= readFile(widgetBundle, 'utf8'));
    } catch (error) {
      bundle = undefined;
      throw new AppError('not_ready', 'the widget is not built: run `npm run build` (npm start and npm test do it)', { cause: error });
    }
    // Loaded by other sites' pages: the only route that relaxes the cross-origin resource policy.
    response.set({ 'content-type': 'text/javascript; charset=utf-8', 'cross-origin-resource-policy': 'cross-origin', 'cache-control': 'public, max-age=300' });
    response.send(script);
  });

  router.get('/', (request, response) => {
    const language = request.query.lang === 'en' ? 'en' : 'zh';
    response.type('html').send(chatPage({ site: siteInfo(state.store, language), language }));
  });

  router.get('/legacy-link.js', (_request, response) => {
    response.set({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300' });
    response.send(LEGACY_LINK_SCRIPT);
  });

  router.get('/favicon.ico', (_request, response) => {
    response.status(204).end();
  });

  router.get('/demo', (_request, response) => {
    response.type('html').send(demoPage());
  });

  router.get('/s/:id', (request, response) => {
    const store = state.requireStore();
    const id = request.params.id;
    const excerpt = store.excerpt(id);
    const siteTitle = siteInfo(store, 'zh').title;
    if (!excerpt) {
      // An old link, its `#` sent encoded (%23): the same excerpt under its URL-safe id.
      const renamed = idFromLegacy(id);
      if (renamed && store.excerpt(renamed)) return response.redirect(301, `/s/${encodeURIComponent(renamed)}${queryOf(request.originalUrl)}`);
      // An old link pasted as is: the browser kept `#5` to itself and asks for the document.
      const document = store.documents.find((candidate) => candidate.id === id);
      if (document) {
        const excerpts = store.excerpts.filter((candidate) => candidate.documentId === id);
        return response.type('html').send(documentPage(document, excerpts, siteTitle));
      }
      throw new AppError('not_found', `no excerpt has the id "${id}": GET /api/sources lists them all`);
    }
    const match = /^(\d+)-(\d+)$/u.exec(typeof request.query.hl === 'string' ? request.query.hl : '');
    const start = match ? Number(match[1]) : 0;
    const end = match ? Number(match[2]) : 0;
    const highlight = match && start < end && end <= excerpt.text.length ? { start, end } : undefined;
    const origin = { documentTitle: store.documentTitle(excerpt.documentId), speaker: store.speakers.length > 1 ? excerpt.speaker : undefined };
    response.type('html').send(excerptPage(excerpt, origin, siteTitle, highlight, splitSentences(excerpt.text)));
  });
  return router;
}

/** The query string of a URL, with its `?`, or '' when it has none. */
function queryOf(url: string): string {
  const start = url.indexOf('?');
  return start === -1 ? '' : url.slice(start);
}
