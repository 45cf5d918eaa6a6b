// POST /api/chat: the answer as server-sent events (sources, text-delta…, final | error) or as one JSON object.
import { Router, type Request, type Response } from 'express';
import type { FinishedAnswer } from '../../analytics/answer-recorder.ts';
import { answerTracker, type AnswerTracker } from '../../analytics/track-answer.ts';
import type { Logger } from 'pino';
import { collectEvents } from '../../answer/collect-answer.ts';
import type { AnswerEvent, AnswerOptions, ChatMessage } from '../../answer/types.ts';
import { AppError } from '../../errors.ts';
import type { ActiveStreams } from '../active-streams.ts';
import type { EngineState } from '../engine-state.ts';
import type { AnswerEngine } from '../../setup/create-answerer.ts';
import { statusFor } from '../http-errors.ts';
import { chatRequestSchema, type RequestLimits } from '../../protocol/requests.ts';
import type { ChatResponse } from '../../protocol/responses.ts';
import { startEventStream, writeEvent } from '../sse.ts';
import { replay, type AnswerCache } from '../shared-state/answer-cache.ts';
import { SseHeartbeat } from '../sse-heartbeat.ts';
import type { TokenBudget } from '../token-budget.ts';
import { resolveFilters } from '../resolve-filters.ts';
import { parseRequest } from '../validate.ts';
import { sendPostJson } from '../send-json.ts';

export interface ChatDependencies {
  state: EngineState;
  streams: ActiveStreams;
  budget: TokenBudget;
  /** Answers shared by every replica (LLM mode); absent without REDIS_URL. */
  answerCache?: AnswerCache | undefined;
  limits: RequestLimits;
  logQuestions: boolean;
  /** Takes each finished answer for the owner's dashboard; must return at once (it queues). */
  recordAnswer?: (answer: FinishedAnswer) => void;
  /** Silence on an answer stream before an SSE comment is sent, ms. */
  heartbeatMs: number;
}

const SHUTTING_DOWN = { type: 'error', code: 'shutting_down', message: 'the server is restarting; please ask again in a moment' } as const;

/**
 * Runs the engine for a request, wiring the client's disconnect and the server's shutdown to
 * cancellation. `events` is the stream to relay; `whole()` waits for the complete answer and throws
 * its error as an AppError, for the error middleware to answer.
 */
export async function answerFor(
  request: Request,
  response: Response,
  dependencies: ChatDependencies,
  messages: ChatMessage[],
  options: Omit<AnswerOptions, 'signal'>,
) {
  const engine = dependencies.state.require();
  const cached = await lookUpAnswer(response, dependencies.answerCache, engine, messages, options);
  if (engine.mode === 'llm' && !cached.events) await dependencies.budget.check();
  const question = messages.at(-1)?.content ?? '';
  request.log.info(
    {
      mode: engine.mode,
      messages: messages.length,
      ...(cached.events ? { cache: 'hit' } : {}),
      ...(dependencies.logQuestions ? { question } : { questionChars: question.length }),
    },
    'answering',
  );
  const controller = dependencies.streams.open();
  response.on('close', () => {
    if (!response.writableFinished) controller.abort();
    dependencies.streams.close(controller);
  });
  // Only one of the two is read. A streamed failure is logged here; a whole one by the error middleware.
  const answer = (log: Logger | undefined) => {
    const answered = cached.events
      ? replay(cached.events)
      : dependencies.streams.takingTurns(engine.answerer.answer(messages, { ...options, signal: controller.signal }));
    return relay(
      cached.key ? dependencies.answerCache!.recording(cached.key, answered) : answered,
      dependencies.streams,
      log,
      answerTracker({ question, language: options.language }, dependencies.recordAnswer),
    );
  };
  const events = answer(request.log);
  const whole = async () => {
    const { final, error, sources } = await collectEvents(answer(undefined));
    if (error)
      throw new AppError(error.code, error.message, {
        cause: error.cause,
        ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
      });
    return { final: final!, sources };
  };
  return { events, whole };
}

/**
 * Model answers are looked up in the shared cache (an offline answer costs less to compose than to fetch),
 * and the response says whether it was found. `key` is where a miss's answer is to be stored.
 */
async function lookUpAnswer(
  response: Response,
  cache: AnswerCache | undefined,
  engine: AnswerEngine,
  messages: ChatMessage[],
  options: Omit<AnswerOptions, 'signal'>,
) {
  if (!cache || engine.mode !== 'llm') return { key: undefined, events: undefined };
  const build = engine.store.manifest.builtAt;
  const key = cache.keyFor({ messages, options, mode: engine.mode, model: engine.chatModel, build });
  const events = await cache.lookup(key);
  response.setHeader('x-speechcite-cache', events ? 'hit' : 'miss');
  return { key: events ? undefined : key, events };
}

/**
 * The answer's events as the client gets them: `track` gives `final` its id and records the answer; a
 * shutdown ends the stream with its own reason rather than a plain cancellation; a server-side failure is
 * logged with its cause.
 */
async function* relay(events: AsyncIterable<AnswerEvent>, streams: ActiveStreams, log: Logger | undefined, track: AnswerTracker): AsyncIterable<AnswerEvent> {
  for await (const event of events) {
    if (event.type !== 'error') yield track(event);
    else if (streams.shuttingDown) yield SHUTTING_DOWN;
    else {
      if (log && statusFor(event.code) >= 500) log.error({ err: new AppError(event.code, event.message, { cause: event.cause }) }, 'answer failed');
      yield event;
    }
  }
}

export function chatRouter(dependencies: ChatDependencies): Router {
  const router = Router();
  const schema = chatRequestSchema(dependencies.limits);

  router.post('/api/chat', async (request, response) => {
    const body = parseRequest(schema, request.body, 'body');
    const answer = await answerFor(request, response, dependencies, body.messages, {
      ...(body.filters ? { filters: resolveFilters(body.filters, dependencies.state.requireStore()) } : {}),
      ...(body.language ? { language: body.language } : {}),
    });

    if (!body.stream) {
      const { final, sources } = await answer.whole();
      sendPostJson(response, {
        id: final.id,
        answer: final.text,
        abstained: final.abstained,
        coverage: final.coverage,
        sources,
        citations: final.citations,
        verification: final.verification,
        ...(final.truncated ? { truncated: true } : {}),
      } satisfies ChatResponse);
      return;
    }

    startEventStream(response);
    const heartbeat = new SseHeartbeat(response, dependencies.heartbeatMs);
    try {
      for await (const event of answer.events) {
        if (event.type === 'error') {
          const { type, ...error } = event;
          writeEvent(response, type, { ...error, status: statusFor(event.code) });
        } else {
          const { type, ...data } = event;
          writeEvent(response, type, data);
        }
        heartbeat.touch();
      }
    } finally {
      heartbeat.stop();
    }
    response.end();
  });
  return router;
}
