// GET /healthz (the process is up) and GET /readyz (the index is loaded, and in which mode; 503 from
// the start of a drain, so that load balancers stop sending; `degraded` while the Redis that replicas
// share is unreachable, still 200: the replica answers on its own).
import { Router } from 'express';
import type { EngineState } from '../engine-state.ts';
import type { SharedStateStatus } from '../shared-state/shared-state.ts';

export function healthRouter(state: EngineState, draining: () => boolean, sharedStatus: () => SharedStateStatus): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  router.get('/readyz', (_request, response) => {
    const engine = state.engine;
    if (draining()) {
      response.status(503).json({ ready: false, status: 'draining' });
      return;
    }
    if (!engine) {
      response.status(503).json({ ready: false, status: state.status });
      return;
    }
    const { manifest } = engine.store;
    const shared = sharedStatus();
    response.json({
      ready: true,
      status: shared === 'unreachable' ? 'degraded' : 'ok',
      ...(shared === 'off' ? {} : { redis: shared }),
      mode: engine.mode,
      ...(engine.chatModel ? { chatModel: engine.chatModel } : {}),
      index: { ...manifest.counts, embedder: manifest.embedder.id, dimensions: manifest.embedder.dimensions, builtAt: manifest.builtAt },
    });
  });
  return router;
}
