// YAML front matter: a block between --- lines at the top of a document, giving what the text does
// not print (title, speaker, date, occasion).
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const frontMatterSchema = z
  .object({
    title: z.string().trim().min(1).optional(),
    speaker: z.string().trim().min(1).optional(),
    /** Written as yyyy-mm-dd or yyyy年m月d日. */
    date: z.string().trim().min(1).optional(),
    occasion: z.string().trim().min(1).optional(),
  })
  .strict();

export type FrontMatter = z.infer<typeof frontMatterSchema>;

export interface SplitDocument {
  frontMatter: FrontMatter;
  /** The text after the front matter. */
  body: string;
  /** How many lines the front matter took, so that line numbers in messages still count from the file's top. */
  bodyLineOffset: number;
}

const FENCE = /^---\s*$/u;

/** Splits off the front matter; fail(line, message) is called for front matter that is not valid. */
export function splitFrontMatter(text: string, fail: (line: number, message: string) => never): SplitDocument {
  // Most documents have none: they are not split into lines here (a large corpus would pay for it twice).
  if (!text.startsWith('---')) return { frontMatter: {}, body: text, bodyLineOffset: 0 };
  const lines = text.split(/\r\n|\r|\n/u);
  if (!FENCE.test(lines[0]!)) return { frontMatter: {}, body: text, bodyLineOffset: 0 };
  const end = lines.findIndex((line, index) => index > 0 && FENCE.test(line));
  if (end < 0) return fail(1, 'the front matter opened by --- is never closed; expected a line --- after it');
  let raw: unknown;
  try {
    // The core schema keeps 2024-11-06 a string, as the schema wants it.
    raw = parseYaml(lines.slice(1, end).join('\n')) ?? {};
  } catch (error) {
    return fail(2, `the front matter is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = frontMatterSchema.safeParse(normalise(raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.join('.');
    const detail =
      issue.code === 'unrecognized_keys'
        ? `unknown key(s) ${issue.keys.join(', ')}`
        : `${key || 'it'} must be ${key ? 'a non-empty text' : 'a mapping of keys to values'}`;
    return fail(2, `front matter: ${detail}; expected the keys title, speaker, date (yyyy-mm-dd) and occasion`);
  }
  return { frontMatter: parsed.data, body: lines.slice(end + 1).join('\n'), bodyLineOffset: end + 1 };
}

/** Numbers and dates written without quotes are kept as the text they were. */
function normalise(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, typeof value === 'number' ? String(value) : value]));
}
