// Parses a request part with its schema, or fails with a 400 that names each bad field.
import type { z } from 'zod';
import { validationError } from './http-errors.ts';

export function parseRequest<Schema extends z.ZodType>(schema: Schema, value: unknown, where: 'body' | 'query' | 'path'): z.output<Schema> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw validationError(parsed.error, where);
  return parsed.data;
}
