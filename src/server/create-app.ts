// Builds the Express app from its dependencies; it never listens, so tests drive it on a port of their choosing.
import express, { type Express, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Analytics } from '../analytics/analytics.ts';
import { AppError } from '../errors.ts';
import { apiKeyCheck, originPolicy, ownOrigins } from './access-control.ts';
import type { ActiveStreams } from './active-streams.ts';
import type { EngineState } from './engine-state.ts';
import { errorHandler } from './http-errors.ts';
import { openApiDocument } from './openapi.ts';
import { adminRouter, type AdminAssets } from './routes/admin.ts';
import { chatRouter } from './routes/chat.ts';
import { feedbackRouter } from './routes/feedback.ts';
import { healthRouter } from './routes/health.ts';
import { openAICompatibleRouter } from './routes/openai-compatible.ts';
import { pagesRouter } from './routes/pages.ts';
import { requestLog } from './request-log.ts';
import { searchRouter } from './routes/search.ts';
import { siteRouter } from './routes/site.ts';
import { sourcesRouter } from './routes/sources.ts';
import type { SharedState } from './shared-state/shared-state.ts';
import type { TokenBudget } from './token-budget.ts';

export interface AppDependencies {
  state: EngineState;
  /** Path of the bundled widget (WIDGET_BUNDLE in paths.ts). */
  widgetBundle: string;
  streams: ActiveStreams;
  budget: TokenBudget;
  logger: Logger;
  /** Records answers and feedback; absent with ANALYTICS=false. */
  analytics?: Analytics | undefined;
  /** The owner's dashboard, served only when a token is set. */
  admin?: { token: string; assets: AdminAssets } | undefined;
  /** Rate limits and the answer cache shared with other replicas through Redis; in process without it. */
  shared?: Pick<SharedState, 'status' | 'rateLimitStore' | 'answerCache'>;
  settings: {
    allowedOrigins: string[];
    apiKeys: string[];
    /** PUBLIC_URL's origin; without it, the address a request arrived on is the app's own origin. */
    publicOrigin?: string | undefined;
    trustProxy: number;
    rateLimitPerMinute: number;
    maxMessages: number;
    maxMessageChars: number;
    logQuestions: boolean;
    /** Silence on an answer stream before an SSE comment is sent, ms. */
    heartbeatMs: number;
  };
}

const BODY_LIMIT = '32kb';

export function createApp(dependencies: AppDependencies): Express {
  const { settings } = dependencies;
  const app = express();
  app.disable('x-powered-by');
  // The number of proxies to trust; with 0 the socket address is the client, so a forged X-Forwarded-For changes nothing.
  app.set('trust proxy', settings.trustProxy);

  app.use(requestLog(dependencies.logger));
  // From the start of a drain every response closes its connection, so clients reconnect elsewhere.
  app.use((_request, response, next) => {
    dependencies.streams.track(response);
    next();
  });
  // A burst of questions arrives in one read of the sockets; each is handled on a turn of its own, so
  // that the requests arriving with them (/healthz) are not queued behind all of their handling.
  app.post(['/api/chat', '/api/search', '/v1/chat/completions'], (_request, _response, next) => {
    dependencies.streams.turn().then(() => next(), next);
  });
  app.use(helmet());

  const limits = { maxMessages: settings.maxMessages, maxMessageChars: settings.maxMessageChars };
  const access = {
    allowedOrigins: settings.allowedOrigins,
    apiKeys: settings.apiKeys,
    publicOrigin: settings.publicOrigin,
    failedAuthPerMinute: settings.rateLimitPerMinute,
  };
  const requestStore = dependencies.shared?.rateLimitStore('requests');
  const keyCheck = apiKeyCheck(access, dependencies.shared?.rateLimitStore('failed-keys'));
  const limiter = rateLimit({
    ...(requestStore ? { store: requestStore } : {}),
    windowMs: 60_000,
    limit: settings.rateLimitPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_request, _response, next) =>
      next(new AppError('rate_limited', `too many requests: the limit is ${settings.rateLimitPerMinute} a minute; try again shortly`)),
  });
  const requireJson: RequestHandler = (request, _response, next) => {
    if (request.method === 'POST' && !request.is('application/json'))
      return next(new AppError('unsupported_media_type', 'send the request body as JSON with "Content-Type: application/json"'));
    next();
  };

  app.use(healthRouter(dependencies.state, () => dependencies.streams.isDraining, dependencies.shared?.status ?? (() => 'off')));
  // With API_KEYS set the service is private: the pages that show the corpus need a key as the API does.
  if (keyCheck.length > 0) app.get(['/', '/s/:id'], keyCheck);
  app.use(pagesRouter(dependencies.state, dependencies.widgetBundle));
  if (dependencies.admin) {
    const { token, assets } = dependencies.admin;
    app.use(adminRouter(token, dependencies.analytics, assets, dependencies.shared?.rateLimitStore('admin-tokens')));
  }
  app.get('/openapi.json', (request, response) => {
    response.json(openApiDocument(limits, ownOrigins(request, settings.publicOrigin)[0]!));
  });

  const guarded = express.Router();
  guarded.use(originPolicy(access), ...keyCheck);
  guarded.post(['/api/chat', '/api/search', '/v1/chat/completions'], limiter);
  guarded.use(requireJson, express.json({ limit: BODY_LIMIT }));
  const { analytics } = dependencies;
  const chatDependencies = {
    state: dependencies.state,
    streams: dependencies.streams,
    budget: dependencies.budget,
    limits,
    logQuestions: settings.logQuestions,
    heartbeatMs: settings.heartbeatMs,
    answerCache: dependencies.shared?.answerCache,
    ...(analytics ? { recordAnswer: analytics.recorder.record.bind(analytics.recorder) } : {}),
  };
  guarded.use(
    chatRouter(chatDependencies),
    searchRouter(dependencies.state),
    sourcesRouter(dependencies.state),
    siteRouter(dependencies.state),
    openAICompatibleRouter(chatDependencies),
  );
  guarded.use(feedbackRouter(analytics, settings.rateLimitPerMinute, dependencies.shared?.rateLimitStore('feedback')));
  app.use(guarded);

  app.use((request, _response, next) => next(new AppError('not_found', `there is no ${request.method} ${request.path}: GET /openapi.json lists the routes`)));
  app.use(errorHandler);
  return app;
}
