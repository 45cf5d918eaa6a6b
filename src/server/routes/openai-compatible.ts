// POST /v1/chat/completions and GET /v1/models, so OpenAI clients and chat front-ends can use the
// service as a model. Answers keep their [n] markers and source lines in the text, and carry the
// sources in an extra `sources` field.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { ChatMessage, Source, TokenUsage } from '../../answer/types.ts';
import { AppError } from '../../errors.ts';
import { publicError } from '../http-errors.ts';
import { openAIChatRequestSchema, type ChatCompletion, type ChatCompletionChunk, type ModelList, type SourceSummary } from '../../protocol/openai.ts';
import { startEventStream } from '../sse.ts';
import { SseHeartbeat } from '../sse-heartbeat.ts';
import { parseRequest } from '../validate.ts';
import { answerFor, type ChatDependencies } from './chat.ts';
import { sendPostJson } from '../send-json.ts';

export const SERVICE_MODEL_ID = 'speechcite';

type OpenAIContent = string | Array<{ type: string; text?: string | undefined }> | null | undefined;

function textOf(content: OpenAIContent): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('');
}

/** Only the conversation's user and assistant turns reach the engine; its own system prompt governs. */
function toConversation(messages: Array<{ role: string; content?: OpenAIContent }>): ChatMessage[] {
  const conversation = messages
    .filter((message) => message.role === 'user' || message.role === 'assistant')
    .map((message) => ({ role: message.role as 'user' | 'assistant', content: textOf(message.content).trim() }))
    .filter((message) => message.content !== '');
  if (conversation.at(-1)?.role !== 'user') throw new AppError('bad_request', 'invalid request body: messages must end with a non-empty user message');
  return conversation;
}

/** The model's tokens as OpenAI reports them; offline answers use none. */
function openAIUsage(usage: TokenUsage | undefined) {
  const prompt = usage?.inputTokens ?? 0;
  const completion = usage?.outputTokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

const sourceSummary = (sources: readonly Source[]): SourceSummary[] =>
  sources.map(({ n, id, section, documentTitle, speaker, byline, date, occasion }) => ({
    n,
    id,
    section,
    documentTitle,
    ...(speaker === undefined ? {} : { speaker }),
    ...(byline === undefined ? {} : { byline }),
    date,
    occasion,
  }));

export function openAICompatibleRouter(dependencies: ChatDependencies): Router {
  const router = Router();
  const schema = openAIChatRequestSchema(dependencies.limits);

  router.get('/v1/models', (_request, response) => {
    response.json({ object: 'list', data: [{ id: SERVICE_MODEL_ID, object: 'model', created: 0, owned_by: 'speechcite' }] } satisfies ModelList);
  });

  router.post('/v1/chat/completions', async (request, response) => {
    const body = parseRequest(schema, request.body, 'body');
    const conversation = toConversation(body.messages as Array<{ role: string; content?: OpenAIContent }>);
    // Counted as /api/chat counts them: the turns that reach the engine.
    if (conversation.length > dependencies.limits.maxMessages)
      throw new AppError('bad_request', `invalid request body: messages: must hold at most ${dependencies.limits.maxMessages} user and assistant messages`);
    for (const message of conversation) {
      if (message.content.length > dependencies.limits.maxMessageChars)
        throw new AppError('bad_request', `invalid request body: each message must be at most ${dependencies.limits.maxMessageChars} characters`);
    }
    const answer = await answerFor(request, response, dependencies, conversation, {});
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const includeUsage = body.stream_options?.include_usage === true;

    if (!body.stream) {
      const { final, sources } = await answer.whole();
      sendPostJson(response, {
        id,
        object: 'chat.completion',
        created,
        model: SERVICE_MODEL_ID,
        choices: [{ index: 0, message: { role: 'assistant', content: final.text }, finish_reason: final.truncated ? 'length' : 'stop' }],
        usage: openAIUsage(final.usage),
        sources: sourceSummary(sources),
        citations: final.citations,
        abstained: final.abstained,
        coverage: final.coverage,
      } satisfies ChatCompletion);
      return;
    }

    startEventStream(response);
    const heartbeat = new SseHeartbeat(response, dependencies.heartbeatMs);
    const write = (data: unknown) => {
      response.write(`data: ${JSON.stringify(data)}\n\n`);
      heartbeat.touch();
    };
    // With include_usage, OpenAI sends `usage: null` on every chunk and the usage in a last chunk with no choices.
    const usageField = includeUsage ? { usage: null } : {};
    const chunk = (
      delta: ChatCompletionChunk['choices'][number]['delta'],
      finishReason: 'stop' | 'length' | null,
      extra: Pick<ChatCompletionChunk, 'sources' | 'citations' | 'abstained' | 'coverage'> = {},
    ) =>
      write({
        id,
        object: 'chat.completion.chunk',
        created,
        model: SERVICE_MODEL_ID,
        choices: [{ index: 0, delta, finish_reason: finishReason }],
        ...usageField,
        ...extra,
      } satisfies ChatCompletionChunk);
    try {
      chunk({ role: 'assistant', content: '' }, null);
      let sources: Source[] = [];
      for await (const event of answer.events) {
        if (event.type === 'sources') sources = event.sources;
        else if (event.type === 'text-delta') chunk({ content: event.delta }, null);
        else if (event.type === 'final') {
          chunk({}, event.truncated ? 'length' : 'stop', {
            sources: sourceSummary(sources),
            citations: event.citations,
            abstained: event.abstained,
            coverage: event.coverage,
          });
          if (includeUsage)
            write({
              id,
              object: 'chat.completion.chunk',
              created,
              model: SERVICE_MODEL_ID,
              choices: [],
              usage: openAIUsage(event.usage),
            } satisfies ChatCompletionChunk);
        }
        // OpenAI clients raise an error for a chunk that carries `error`.
        else {
          const error = new AppError(event.code, event.message, event.retryAfterSeconds !== undefined ? { retryAfterSeconds: event.retryAfterSeconds } : {});
          write({
            error: {
              ...publicError(error),
              type: event.code,
              ...(event.retryAfterSeconds !== undefined ? { retry_after_seconds: event.retryAfterSeconds } : {}),
            },
          });
        }
      }
    } finally {
      heartbeat.stop();
    }
    response.end('data: [DONE]\n\n');
  });
  return router;
}
