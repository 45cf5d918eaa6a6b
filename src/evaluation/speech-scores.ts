// Speech-level scores of one answer: which speeches (distinct date and occasion) it cites against the
// gold speeches. Several excerpts of one speech count once, on both sides.
import type { Excerpt } from '../corpus/types.ts';
import { isGoldExcerpt, type GoldQuestion } from './gold-set.ts';

/** A speech: its date and occasion. */
export function speechKey(excerpt: { date: string; occasion: string }): string {
  return `${excerpt.date} ${excerpt.occasion}`;
}

export interface SpeechScores {
  /** Share of the cited speeches that are gold; 1 when nothing is cited. */
  precision: number;
  /** Share of the gold speeches cited; 1 when there are none. */
  recall: number;
  cited: string[];
  gold: string[];
}

export function speechScores(question: GoldQuestion, excerpts: readonly Excerpt[], cited: ReadonlyArray<{ date: string; occasion: string }>): SpeechScores {
  const gold = new Set(excerpts.filter((excerpt) => isGoldExcerpt(question, excerpt)).map(speechKey));
  const citedSpeeches = new Set(cited.map(speechKey));
  const hits = [...citedSpeeches].filter((speech) => gold.has(speech)).length;
  return {
    precision: citedSpeeches.size === 0 ? 1 : hits / citedSpeeches.size,
    recall: gold.size === 0 ? 1 : hits / gold.size,
    cited: [...citedSpeeches],
    gold: [...gold],
  };
}
