// The event stream of POST /api/chat: `sources`, then `text-delta`s, then exactly one `final` or
// `error`. The server writes these shapes and the widget checks each event it reads against them.
import * as z from 'zod/mini';
import { coverageSchema, publicErrorSchema, sourceSchema, verificationSchema } from './answer-shapes.ts';

export const chatEventDataSchemas = {
  sources: z.object({ sources: z.array(sourceSchema) }),
  'text-delta': z.object({ delta: z.string() }),
  final: z.object({
    text: z.string(),
    /** The source numbers the answer cites, ascending. */
    citations: z.array(z.int()),
    verification: verificationSchema,
    /** True when the answer says the excerpts do not cover the question. */
    abstained: z.boolean(),
    /** answered; partial: the excerpts quoted may not address the question directly; not_covered: abstained. */
    coverage: coverageSchema,
    /** The query retrieval ran, after follow-up rewriting. */
    query: z.string(),
    /** The answer's id, for POST /api/feedback; present when the server records answers. */
    id: z.optional(z.string()),
    /** LLM mode: the tokens the model used for this answer, every request included. */
    usage: z.optional(z.object({ inputTokens: z.int(), outputTokens: z.int() })),
    /** The model stopped at its length limit; the text says so before its sources. */
    truncated: z.optional(z.literal(true)),
  }),
  error: z.object({
    ...publicErrorSchema.shape,
    /** The HTTP status the same error gets as a JSON answer. */
    status: z.int(),
    /** For a rate limit: seconds to wait before asking again (the JSON answer's Retry-After). */
    retryAfterSeconds: z.optional(z.int()),
  }),
};

export type ChatEventName = keyof typeof chatEventDataSchemas;
export type ChatEventData<Name extends ChatEventName> = z.infer<(typeof chatEventDataSchemas)[Name]>;
/** One server-sent event of the chat stream: its name and its JSON data. */
export type ChatEvent = { [Name in ChatEventName]: { event: Name; data: ChatEventData<Name> } }[ChatEventName];

/** Thrown for an event that does not match the protocol: an unknown name, data that is not JSON, or a field missing. */
export class ProtocolError extends Error {}

/**
 * Checks one server-sent event (its name and raw data) against the protocol.
 * @example parseChatEvent('text-delta', '{"delta":"新质"}') // { event: 'text-delta', data: { delta: '新质' } }
 */
export function parseChatEvent(event: string, data: string): ChatEvent {
  if (!Object.hasOwn(chatEventDataSchemas, event)) throw new ProtocolError(`unknown event "${event}"`);
  const name = event as ChatEventName;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new ProtocolError(`the data of a "${name}" event is not JSON`);
  }
  const parsed = chatEventDataSchemas[name].safeParse(json);
  if (!parsed.success)
    throw new ProtocolError(
      `a "${name}" event does not match the protocol at ${parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ')}`,
    );
  return { event: name, data: parsed.data } as ChatEvent;
}
