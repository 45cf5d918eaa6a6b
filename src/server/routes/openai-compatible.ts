// POST /v1/chat/completions and GET /v1/models, so OpenAI clients and chat front-ends can use the
// service as a model. Answers keep their [n] markers and source lines in the text, and carry the
// sources in an extra `sources` field.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { ChatMessage, Source } from '../../answer/types.ts';
import { AppError } from '../../errors.ts';
import { publicError } from '../http-errors.ts';
import { openAIChatRequestSchema, type ChatCompletion, type ChatCompletionChunk, type ModelList, type SourceSummary } from '../../protocol/openai.ts';
import { startEventStream } from '../sse.ts';
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

const sourceSummary = (sources: readonly Source[]): SourceSummary[] => sources.map(({ n, id, section, documentTitle, date, occasion }) => ({ n, id, section, documentTitle, date, occasion }));

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
    if (conversation.length > dependencies.limits.maxMessages) throw new AppError('bad_request', `invalid request body: messages: must hold at most ${dependencies.limits.maxMessages} user and assistant messages`);
    for (const message of conversation) {
      if (message.content.length > dependencies.limits.maxMessageChars) throw new AppError('bad_request', `invalid request body: each message must be at most ${dependencies.limits.maxMessageChars} characters`);
    }
    const answer = await answerFor(request, response, dependencies, conversation, {});
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };

    if (!body.stream) {
      const { final, sources } = await answer.whole();
      sendPostJson(response, {
        id,
        object: 'chat.completion',
        created,
        model: SERVICE_MODEL_ID,
        choices: [{ index: 0, message: { role: 'assistant', content: final.text }, finish_reason: 'stop' }],
        usage,
        sources: sourceSummary(sources),
        citations: final.citations,
        abstained: final.abstained,
        coverage: final.coverage,
      } satisfies ChatCompletion);
      return;
    }

    startEventStream(response);
    const chunk = (delta: ChatCompletionChunk['choices'][number]['delta'], finishReason: 'stop' | null, extra: Pick<ChatCompletionChunk, 'sources' | 'citations' | 'abstained' | 'coverage'> = {}) =>
      response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: SERVICE_MODEL_ID, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra } satisfies ChatCompletionChunk)}\n\n`);
    chunk({ role: 'assistant', content: '' }, null);
    let sources: Source[] = [];
    for await (const event of answer.events) {
      if (event.type === 'sources') sources = event.sources;
      else if (event.type === 'text-delta') chunk({ content: event.delta }, null);
      else if (event.type === 'final') chunk({}, 'stop', { sources: sourceSummary(sources), citations: event.citations, abstained: event.abstained, coverage: event.coverage });
      // OpenAI clients raise an error for a chunk that carries `error`.
      else response.write(`data: ${JSON.stringify({ error: { ...publicError(new AppError(event.code, event.message)), type: event.code } })}\n\n`);
    }
    response.end('data: [DONE]\n\n');
  });
  return router;
}
