// The LLM prompts, loaded from prompts/ and checked at start-up: a missing placeholder is an
// error that names the file, not a silently worse answer.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PromptTemplate } from '@langchain/core/prompts';
import { AppError } from '../errors.ts';

const REQUIRED = {
  system: ['language'],
  answer: ['sources', 'question', 'today'],
  rewrite: ['history', 'question', 'today'],
  'search-queries': ['question', 'count'],
} as const;

export type PromptName = keyof typeof REQUIRED;
export type Prompts = Record<PromptName, PromptTemplate>;

export async function loadPrompts(promptsDir: string): Promise<Prompts> {
  const entries = await Promise.all(
    (Object.keys(REQUIRED) as PromptName[]).map(async (name) => {
      const file = path.join(promptsDir, `${name}.md`);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new AppError('prompt_invalid', `${file} is missing: the LLM answerer needs it (see prompts/ in the repository)`, { cause: error });
      }
      let template: PromptTemplate;
      try {
        template = PromptTemplate.fromTemplate(text);
      } catch (error) {
        throw new AppError('prompt_invalid', `${file} is not a valid template: write literal braces as {{ and }}`, { cause: error });
      }
      const present = new Set(template.inputVariables);
      const missing = REQUIRED[name].filter((variable) => !present.has(variable));
      if (missing.length > 0)
        throw new AppError(
          'prompt_invalid',
          `${file} is missing the placeholder${missing.length > 1 ? 's' : ''} ${missing.map((variable) => `{${variable}}`).join(', ')}`,
        );
      const unknown = template.inputVariables.filter((variable) => !(REQUIRED[name] as readonly string[]).includes(variable));
      if (unknown.length > 0)
        throw new AppError(
          'prompt_invalid',
          `${file} has unknown placeholder(s) ${unknown.map((variable) => `{${variable}}`).join(', ')}: the only ones filled in are ${REQUIRED[name].map((variable) => `{${variable}}`).join(', ')}`,
        );
      return [name, template] as const;
    }),
  );
  return Object.fromEntries(entries) as Prompts;
}
