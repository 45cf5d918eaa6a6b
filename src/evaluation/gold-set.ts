// Reads a gold question file: one JSON object a line, {"id","lang","type","q","gold":[sections]}, and for
// time questions the period (`range`) or order (`order`), for follow-ups the turns before (`history`).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../errors.ts';

/** Section numbers of the corpus document, or full excerpt ids such as `doc#3`. Empty: not covered. */
const goldList = z.array(z.union([z.number().int().positive(), z.string()]));
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, 'must be an ISO date, yyyy-mm-dd');

const goldQuestionSchema = z.object({
  id: z.string(),
  lang: z.enum(['zh', 'zh-Hant', 'en']),
  type: z.string(),
  q: z.string().min(1),
  gold: goldList,
  /** The period a time question is about, inclusive. */
  range: z.object({ from: isoDate, to: isoDate }).optional(),
  /** A time question about the newest or the first speech on its topic. */
  order: z.enum(['latest', 'first']).optional(),
  /** The earlier turns of a follow-up, oldest first, each with its own gold. */
  history: z.array(z.object({ q: z.string().min(1), gold: goldList })).optional(),
});

export type GoldQuestion = z.infer<typeof goldQuestionSchema>;

export async function readGoldSet(filePath: string): Promise<GoldQuestion[]> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    throw new AppError('bad_request', `cannot read the gold file ${filePath}`, { cause: error });
  }
  return text.split(/\r?\n/u).flatMap((line, index) => {
    if (line.trim() === '') return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new AppError('bad_request', `${filePath}:${index + 1}: not valid JSON`, { cause: error });
    }
    const parsed = goldQuestionSchema.safeParse(value);
    if (!parsed.success) {
      throw new AppError(
        'bad_request',
        `${filePath}:${index + 1}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'line'} ${issue.message}`).join('; ')}`,
      );
    }
    return [parsed.data];
  });
}

/** A question the corpus does not cover: out of scope, or a prompt injection with nothing to find. */
export function isOutOfScope(question: GoldQuestion): boolean {
  return question.gold.length === 0;
}

/** Whether an excerpt (by id and section) is one of the question's gold excerpts. */
export function isGoldExcerpt(question: GoldQuestion, excerpt: { id: string; section: number }): boolean {
  return question.gold.some((gold) => (typeof gold === 'number' ? gold === excerpt.section : gold === excerpt.id));
}
