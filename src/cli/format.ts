// Terminal formatting shared by the CLI commands.
import type { RetrievedExcerpt } from '../retrieval/retriever.ts';

export function formatRetrievedExcerpt(result: RetrievedExcerpt, rank: number): string {
  const { excerpt, bestSentence } = result;
  const matched = excerpt.text.slice(bestSentence.start, bestSentence.end);
  return [
    `${rank}. [${excerpt.id}] ${excerpt.speaker ? `${excerpt.speaker} ` : ''}${excerpt.date} ${excerpt.occasion}  (score ${result.score.toFixed(3)})`,
    `   ${matched}`,
    `   matched at ${bestSentence.start}–${bestSentence.end} of ${excerpt.text.length} characters`,
  ].join('\n');
}

export function formatDuration(milliseconds: number): string {
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`;
}
