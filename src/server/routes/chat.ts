// POST /api/chat: the answer as server-sent events (sources, text-delta…, final | error) or as one JSON object.
import { Router, type Request, type Response } from 'express';
import type { FinishedAnswer } from '../../analytics/answer-recorder.ts';
import { trackAnswer } from '../../analytics/track-answer.ts';
import { collectEvents } from '../../answer/collect-answer.ts';
import type { AnswerEvent, AnswerOptions, ChatMessage } from '../../answer/types.ts';
import { AppError } from '../../errors.ts';
import type { ActiveStreams } from '../active-streams.ts';
import type { EngineState } from '../engine-state.ts';
import { statusFor } from '../http-errors.ts';
import { chatRequestSchema, type RequestLimits } from '../schemas.ts';
import { startEventStream, writeEvent } from '../sse.ts';
import type { TokenBudget } from '../token-budget.ts';
import { parseRequest } from '../validate.ts';
import { sendPostJson } from '../send-json.ts';

export interface ChatDependencies {
  state: EngineState;
  streams: ActiveStreams;
  budget: TokenBudget;
  limits: RequestLimits;
  logQuestions: boolean;
  /** Takes each finished answer for the owner's dashboard; must return at once (it queues). */
  recordAnswer?: (answer: FinishedAnswer) => void;
}

const SHUTTING_DOWN = { type: 'error', code: 'shutting_down', message: 'the server is restarting; please ask again in a moment' } as const;

/**
 * Runs the engine for a request, wiring the client's disconnect and the server's shutdown to
 * cancellation. `events` is the stream to relay; `whole()` waits for the complete answer and throws
 * its error as an AppError, for the error middleware to answer.
 */
export function answerFor(request: Request, response: Response, dependencies: ChatDependencies, messages: ChatMessage[], options: Omit<AnswerOptions, 'signal'>) {
  const engine = dependencies.state.require();
  if (engine.mode === 'llm') dependencies.budget.check();
  const question = messages.at(-1)?.content ?? '';
  request.log.info({ mode: engine.mode, messages: messages.length, ...(dependencies.logQuestions ? { question } : { questionChars: question.length }) }, 'answering');
  const controller = dependencies.streams.open();
  response.on('close', () => {
    if (!response.writableFinished) controller.abort();
    dependencies.streams.close(controller);
  });
  const answered = relabelShutdown(engine.answerer.answer(messages, { ...options, signal: controller.signal }), dependencies.streams);
  const events = trackAnswer(answered, { question, language: options.language }, dependencies.recordAnswer);
  const whole = async () => {
    const { final, error, sources } = await collectEvents(events);
    if (error) throw new AppError(error.code, error.message);
    return { final: final!, sources };
  };
  return { events, whole };
}

/** A shutdown ends the stream with its own reason rather than a plain cancellation. */
async function* relabelShutdown(events: AsyncIterable<AnswerEvent>, streams: ActiveStreams): AsyncIterable<AnswerEvent> {
  for await (const event of events) yield event.type === 'error' && streams.shuttingDown ? SHUTTING_DOWN : event;
}

export function chatRouter(dependencies: ChatDependencies): Router {
  const router = Router();
  const schema = chatRequestSchema(dependencies.limits);

  router.post('/api/chat', async (request, response) => {
    const body = parseRequest(schema, request.body, 'body');
    const answer = answerFor(request, response, dependencies, body.messages, {
      ...(body.filters ? { filters: body.filters } : {}),
      ...(body.language ? { language: body.language } : {}),
    });

    if (!body.stream) {
      const { final, sources } = await answer.whole();
      sendPostJson(response, { id: final.id, answer: final.text, abstained: final.abstained, sources, citations: final.citations, verification: final.verification });
      return;
    }

    startEventStream(response);
    for await (const event of answer.events) {
      if (event.type === 'error') writeEvent(response, 'error', { code: event.code, message: event.message, status: statusFor(event.code) });
      else {
        const { type, ...data } = event;
        writeEvent(response, type, data);
      }
    }
    response.end();
  });
  return router;
}
