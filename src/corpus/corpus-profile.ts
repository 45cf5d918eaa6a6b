// A corpus's own words, kept beside its documents (corpus/profile.json) instead of in the code:
// renderings of its set expressions, the cues its definitions use, the words that say nothing
// about a topic in it, and how the site presents it (title, subtitle, starter questions, the input's
// placeholder). Retrieval and the pages work with an empty profile; the profile only adds to them.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.ts';

export const PROFILE_FILE = 'profile.json';

const wordList = z.array(z.string().trim().min(1)).default([]);

/** A text the site shows, in Chinese and in English; either may be left out and then comes from the corpus. */
const siteText = z.object({ zh: z.string().trim().min(1).max(200).optional(), en: z.string().trim().min(1).max(200).optional() }).strict();

/** At most this many starter questions a language: the panel shows them all above the input. */
export const MAX_STARTERS = 6;
const starterList = z.array(z.string().trim().min(1).max(200)).max(MAX_STARTERS, `must hold at most ${MAX_STARTERS} questions`);

export const siteProfileSchema = z
  .object({
    /** The site's title: the chat page's header and <title>, the excerpt pages' header. */
    title: siteText.optional(),
    /** One line under the title. */
    subtitle: siteText.optional(),
    /** The question input's placeholder. */
    placeholder: siteText.optional(),
    /** Questions offered before the first one is asked; keep to questions the corpus answers. */
    starters: z.object({ zh: starterList.optional(), en: starterList.optional() }).strict().optional(),
  })
  .strict();

export type SiteProfile = z.infer<typeof siteProfileSchema>;

export const corpusProfileSchema = z.object({
  /** Why the entries are there: for people, ignored by the code. */
  _why: z.string().optional(),
  /** English phrases → Simplified Chinese terms of the corpus that a general dictionary cannot know (新质生产力 is a 2023 coinage). */
  domainPhrases: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
  /** Phrases with which the corpus's excerpts introduce a definition (所谓…, X是指…). */
  definitionCues: wordList,
  /** Words that say nothing about a question's topic in this corpus (its speaker's name and titles), per language. */
  stopWords: z.object({ en: wordList, zh: wordList }).default({ en: [], zh: [] }),
  /** How the pages and the widget present the corpus; what is left out is derived from the corpus. */
  site: siteProfileSchema.default({}),
});

export type CorpusProfile = z.infer<typeof corpusProfileSchema>;

export const EMPTY_PROFILE: CorpusProfile = Object.freeze(corpusProfileSchema.parse({}));

export interface LoadedProfile {
  profile: CorpusProfile;
  /** SHA-256 of the file's bytes, hex; undefined when the corpus has no profile. */
  contentHash: string | undefined;
}

/** Reads `profile.json` from the corpus folder; a corpus without one gets the empty profile. */
export async function readCorpusProfile(corpusDir: string): Promise<LoadedProfile> {
  const filePath = path.join(corpusDir, PROFILE_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profile: EMPTY_PROFILE, contentHash: undefined };
    throw new AppError('corpus_parse', `cannot read ${filePath}`, { cause: error });
  }
  return { profile: parseCorpusProfile(bytes.toString('utf8'), filePath), contentHash: createHash('sha256').update(bytes).digest('hex') };
}

/** Validates a profile's text, naming the file and every problem at once. */
export function parseCorpusProfile(text: string, filePath: string): CorpusProfile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('corpus_parse', `${filePath} is not valid JSON: fix it, or remove it to run without a corpus profile`, { cause: error });
  }
  const parsed = corpusProfileSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      'corpus_parse',
      `${filePath}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'profile'} ${issue.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
