// The OpenAPI 3.1 document, generated from the protocol's zod schemas: the same ones that validate
// the requests and describe what each route answers, the chat stream's events included.
import { z } from 'zod';
import { errorBodySchema, excerptSchema } from '../protocol/answer-shapes.ts';
import { chatEventDataSchemas } from '../protocol/chat-events.ts';
import { chatCompletionChunkSchema, chatCompletionSchema, modelListSchema, openAIChatRequestSchema } from '../protocol/openai.ts';
import { chatRequestSchema, feedbackRequestSchema, searchRequestSchema, type RequestLimits } from '../protocol/requests.ts';
import { chatResponseSchema, readinessSchema, searchResponseSchema, siteResponseSchema, sourcesResponseSchema } from '../protocol/responses.ts';

type Schema = z.core.$ZodType;

/** A schema as JSON Schema: requests as clients write them (defaults optional), responses as the server sends them. */
function jsonSchema(schema: Schema, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

const jsonBody = (schema: Schema) => ({ required: true, content: { 'application/json': { schema: jsonSchema(schema, 'input') } } });
const json = (description: string, schema: Schema) => ({ description, content: { 'application/json': { schema: jsonSchema(schema, 'output') } } });

/** The chat stream's events, each an object of its name and data, as SSE `event:` and `data:` lines carry them. */
function chatEventStreamSchema(): Record<string, unknown> {
  return {
    oneOf: Object.entries(chatEventDataSchemas).map(([event, data]) => ({
      type: 'object',
      properties: { event: { const: event }, data: jsonSchema(data, 'output') },
      required: ['event', 'data'],
    })),
  };
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
  return {
    openapi: '3.1.0',
    info: {
      title: 'speechcite',
      version: '0.1.0',
      description: 'Cited answers about dated speech excerpts. Every claim carries [n] markers that refer to the numbered sources.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths: {
      '/api/chat': {
        post: {
          summary: 'Answer a conversation, citing the excerpts',
          description: 'With stream true (the default) the response is text/event-stream with events sources, text-delta, and exactly one final or error.',
          requestBody: jsonBody(chatRequestSchema(limits)),
          responses: {
            200: {
              description: 'event stream, or the answer as JSON when stream is false',
              content: { 'text/event-stream': { schema: chatEventStreamSchema() }, 'application/json': { schema: jsonSchema(chatResponseSchema, 'output') } },
            },
            ...errors(400, 401, 403, 413, 415, 429, 503),
          },
        },
      },
      '/api/search': {
        post: {
          summary: 'Ranked excerpts for a query',
          requestBody: jsonBody(searchRequestSchema),
          responses: { 200: json('ranked excerpts with match offsets', searchResponseSchema), ...errors(400, 401, 403, 413, 415, 429, 503) },
        },
      },
      '/api/feedback': {
        post: {
          summary: 'Thumbs up or down on an answer, by the id in its final event',
          requestBody: jsonBody(feedbackRequestSchema),
          responses: { 204: { description: 'saved' }, ...errors(400, 401, 403, 404, 415, 429) },
        },
      },
      '/api/sources': { get: { summary: 'Every excerpt’s metadata', responses: { 200: json('the excerpts', sourcesResponseSchema), ...errors(503) } } },
      '/api/sources/{id}': {
        get: {
          summary: 'One excerpt with its full text',
          description: 'Ids are URL-safe (`new-quality-productive-forces-5`); an id in the old form (`…#5`, sent as `%23`) is redirected to the new one.',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: json('the excerpt', excerptSchema),
            301: { description: 'an id in the old `…#5` form: Location has the new one' },
            ...errors(404, 503),
          },
        },
      },
      '/api/site': {
        get: {
          summary: 'The site’s title, subtitle, input placeholder and starter questions, from the corpus profile or derived from the corpus',
          parameters: [{ name: 'lang', in: 'query', required: false, schema: { enum: ['zh', 'en'] } }],
          responses: { 200: json('the site’s texts in one language', siteResponseSchema), ...errors(401, 403) },
        },
      },
      '/v1/chat/completions': {
        post: {
          summary: 'OpenAI-compatible chat completions (streaming and not)',
          requestBody: jsonBody(openAIChatRequestSchema(limits)),
          responses: {
            200: {
              description: 'a chat.completion, or with stream true chat.completion.chunk events ending with data: [DONE]',
              content: {
                'application/json': { schema: jsonSchema(chatCompletionSchema, 'output') },
                'text/event-stream': { schema: jsonSchema(chatCompletionChunkSchema, 'output') },
              },
            },
            ...errors(400, 401, 429, 503),
          },
        },
      },
      '/v1/models': { get: { summary: 'The one model this service offers', responses: { 200: json('model list', modelListSchema) } } },
      '/healthz': {
        get: {
          summary: 'Liveness',
          responses: {
            200: {
              description: 'the process is up',
              content: { 'application/json': { schema: { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] } } },
            },
          },
        },
      },
      '/readyz': {
        get: {
          summary: 'Readiness: the index is loaded, and the mode',
          responses: { 200: json('ready', readinessSchema), 503: json('not ready', readinessSchema) },
        },
      },
    },
    components: {
      responses: Object.fromEntries(
        Object.entries(ERROR_DESCRIPTIONS).map(([status, description]) => [
          `Error${status}`,
          { description, content: { 'application/json': { schema: jsonSchema(errorBodySchema, 'output') } } },
        ]),
      ),
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'needed only when the server sets API_KEYS' } },
    },
  };
}
