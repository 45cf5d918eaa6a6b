// The widget bundle and the pages built on it: the chat page, one excerpt's page, and a demo embed.
import { readFile } from 'node:fs/promises';
import { Router } from 'express';
import { splitSentences } from '../../chunking/split-sentences.ts';
import { AppError } from '../../errors.ts';
import type { EngineState } from '../engine-state.ts';
import { chatPage, demoPage, excerptPage } from '../pages/html.ts';

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
      throw new AppError('not_ready', 'the widget is not built: run `npm run build:widget` (npm start and npm test do it)', { cause: error });
    }
    // Loaded by other sites' pages: the only route that relaxes the cross-origin resource policy.
    response.set({ 'content-type': 'text/javascript; charset=utf-8', 'cross-origin-resource-policy': 'cross-origin', 'cache-control': 'public, max-age=300' });
    response.send(script);
  });

  router.get('/', (request, response) => {
    const language = request.query.lang === 'en' ? 'en' : 'zh';
    const title = state.store?.documents[0]?.title ?? 'speechcite';
    response.type('html').send(chatPage({ title: language === 'en' ? `speechcite · ${title}` : title, language }));
  });

  router.get('/favicon.ico', (_request, response) => {
    response.status(204).end();
  });

  router.get('/demo', (_request, response) => {
    response.type('html').send(demoPage());
  });

  router.get('/s/:id', (request, response) => {
    const store = state.requireStore();
    const excerpt = store.excerpt(request.params.id);
    if (!excerpt) throw new AppError('not_found', `no excerpt has the id "${request.params.id}": GET /api/sources lists them all`);
    const match = /^(\d+)-(\d+)$/u.exec(typeof request.query.hl === 'string' ? request.query.hl : '');
    const start = match ? Number(match[1]) : 0;
    const end = match ? Number(match[2]) : 0;
    const highlight = match && start < end && end <= excerpt.text.length ? { start, end } : undefined;
    response.type('html').send(excerptPage(excerpt, store.documentTitle(excerpt.documentId), highlight, splitSentences(excerpt.text)));
  });
  return router;
}
