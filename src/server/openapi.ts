// The OpenAPI 3.1 document, generated from the same zod schemas that validate the requests.
import { z } from 'zod';
import { chatRequestSchema, feedbackRequestSchema, openAIChatRequestSchema, searchRequestSchema, type RequestLimits } from './schemas.ts';

const errorBody = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } },
  required: ['error'],
};

function jsonBody(schema: z.ZodType) {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { required: true, content: { 'application/json': { schema: json } } };
}

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/Error${status}` }]));
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'invalid request; the message names the field',
  401: 'an API key is required or not valid',
  403: 'the browser origin is not allowed',
  404: 'not found',
  413: 'the body is over 32 KB',
  415: 'the body is not JSON',
  429: 'rate limit or daily model budget reached',
  503: 'the index is missing or being built',
};

export function openApiDocument(limits: RequestLimits, serverUrl?: string): Record<string, unknown> {
  const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
  return {
    openapi: '3.1.0',
    info: { title: 'speechcite', version: '0.1.0', description: 'Cited answers about dated speech excerpts. Every claim carries [n] markers that refer to the numbered sources.' },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths: {
      '/api/chat': {
        post: {
          summary: 'Answer a conversation, citing the excerpts',
          description: 'With stream true (the default) the response is text/event-stream with events sources, text-delta, and exactly one final or error.',
          requestBody: jsonBody(chatRequestSchema(limits)),
          responses: { 200: { description: 'event stream, or the answer as JSON when stream is false', content: { 'text/event-stream': {}, 'application/json': { schema: { type: 'object' } } } }, ...errors(400, 401, 403, 413, 415, 429, 503) },
        },
      },
      '/api/search': { post: { summary: 'Ranked excerpts for a query', requestBody: jsonBody(searchRequestSchema), responses: { 200: json('ranked excerpts with match offsets'), ...errors(400, 401, 403, 413, 415, 429, 503) } } },
      '/api/feedback': {
        post: { summary: 'Thumbs up or down on an answer, by the id in its final event', requestBody: jsonBody(feedbackRequestSchema), responses: { 204: { description: 'saved' }, ...errors(400, 401, 403, 404, 415, 429) } },
      },
      '/api/sources': { get: { summary: 'Every excerpt’s metadata', responses: { 200: json('the excerpts'), ...errors(503) } } },
      '/api/sources/{id}': {
        get: { summary: 'One excerpt with its full text', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: json('the excerpt'), ...errors(404, 503) } },
      },
      '/v1/chat/completions': {
        post: { summary: 'OpenAI-compatible chat completions (streaming and not)', requestBody: jsonBody(openAIChatRequestSchema(limits)), responses: { 200: json('a chat.completion, or chat.completion.chunk events'), ...errors(400, 401, 429, 503) } },
      },
      '/v1/models': { get: { summary: 'The one model this service offers', responses: { 200: json('model list') } } },
      '/healthz': { get: { summary: 'Liveness', responses: { 200: json('the process is up') } } },
      '/readyz': { get: { summary: 'Readiness: the index is loaded, and the mode', responses: { 200: json('ready'), 503: json('not ready') } } },
    },
    components: {
      responses: Object.fromEntries(Object.entries(ERROR_DESCRIPTIONS).map(([status, description]) => [`Error${status}`, { description, content: { 'application/json': { schema: errorBody } } }])),
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'needed only when the server sets API_KEYS' } },
    },
  };
}
