// Composes an extractive answer: the most relevant sentences of the sources, quoted verbatim,
// each followed by its [n], with a lead sentence and the date and occasion of each cited source.
import { splitSentences, type SentenceSpan } from '../chunking/split-sentences.ts';
import { sentenceScore } from '../retrieval/find-matches.ts';
import type { Retrieval } from '../retrieval/retriever.ts';
import { leadSentence, sourceLines } from './answer-text.ts';
import { definitionCueCount } from '../text/definition-cues.ts';
import { formatDate } from './format-date.ts';
import type { AnswerLanguage, Source } from './types.ts';

export interface ExtractiveSettings {
  /** Sentences quoted at most. */
  maxSentences: number;
  /** A sentence is quoted when it scores at least this share of the best sentence. */
  minRelativeScore: number;
}

export const DEFAULT_EXTRACTIVE_SETTINGS: ExtractiveSettings = { maxSentences: 4, minRelativeScore: 0.5 };

const ABOUT_TIME = /变化|演变|历程|先后|以来|何时|什么时候|哪一年|时间|when|over time|evolv|chang|timeline|since|latest/iu;

interface Candidate extends SentenceSpan {
  source: Source;
  score: number;
}

export function composeExtractiveAnswer(
  retrieval: Retrieval,
  sources: readonly Source[],
  language: AnswerLanguage,
  settings: ExtractiveSettings = DEFAULT_EXTRACTIVE_SETTINGS,
): string {
  const chosen = chooseSentences(retrieval, sources, settings);
  const aboutTime = retrieval.query.dates.range !== undefined || retrieval.query.dates.latest || ABOUT_TIME.test(retrieval.query.question);
  // Reading order: a definition first; in date order when the question is about time; otherwise the most
  // relevant excerpt first, each excerpt's sentences in the order they were spoken.
  chosen.sort((left, right) => {
    const definition = Number(definitionCueCount(right.text) > 0) - Number(definitionCueCount(left.text) > 0);
    if (definition !== 0 && !aboutTime) return definition;
    if (aboutTime) return left.source.date.localeCompare(right.source.date) || left.source.n - right.source.n || left.start - right.start;
    return left.source.n - right.source.n || left.start - right.start;
  });
  const cited = [...new Set(chosen.map((candidate) => candidate.source.n))].sort((left, right) => left - right);
  const lines = chosen.map((candidate) => `- 「${candidate.text}」[${candidate.source.n}]${aboutTime && language === 'en' ? ` (${formatDate(candidate.source.date, language)})` : ''}`);
  return [leadSentence(language, cited.length), ...lines, '', ...sourceLines(sources.filter((source) => cited.includes(source.n)), language)].join('\n');
}

/** The best sentence of the top source always, then others close to the best, at most two per source. */
function chooseSentences(retrieval: Retrieval, sources: readonly Source[], settings: ExtractiveSettings): Candidate[] {
  const candidates: Candidate[] = [];
  sources.forEach((source, position) => {
    const relevance = retrieval.results[position]?.score ?? 0;
    for (const sentence of splitSentences(source.text)) {
      const score = sentenceScore(retrieval.weighedTerms, sentence.text) * (0.5 + 0.5 * relevance);
      if (score > 0) candidates.push({ ...sentence, source, score });
    }
  });
  candidates.sort((left, right) => right.score - left.score);
  const top = sources[0];
  if (!top) return [];
  // The top source is always quoted: when only its occasion or date matched (2023年9月在黑龙江说了什么),
  // its opening sentence speaks for it.
  const opening = splitSentences(top.text)[0] ?? { text: top.text, start: 0, end: top.text.length };
  const fromTop = candidates.find((candidate) => candidate.source.n === top.n) ?? { ...opening, source: top, score: 0 };
  const best = candidates[0] ?? fromTop;
  const chosen: Candidate[] = [fromTop];
  const perSource = new Map<number, number>([[top.n, 1]]);
  for (const candidate of candidates) {
    if (chosen.length >= settings.maxSentences) break;
    if (chosen.includes(candidate) || candidate.score < best.score * settings.minRelativeScore) continue;
    if ((perSource.get(candidate.source.n) ?? 0) >= 2) continue;
    chosen.push(candidate);
    perSource.set(candidate.source.n, (perSource.get(candidate.source.n) ?? 0) + 1);
  }
  return chosen;
}
