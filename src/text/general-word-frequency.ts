// How common a word is in general Chinese, from the frequencies in jieba's own dictionary.
// Used to tell generic words (作用, 关系, 重要) from topical ones (天气, 红烧肉) when judging
// whether the corpus covers a question.
import { dict } from '@node-rs/jieba/dict.js';

let frequencies: Map<string, number> | undefined;
let totalFrequency = 0;

function table(): Map<string, number> {
  if (!frequencies) {
    // Parsed on first use (about 350k lines, ~150 ms), never at import.
    frequencies = new Map();
    for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
      const [word, count] = line.split(' ');
      const frequency = Number(count);
      if (word && Number.isFinite(frequency)) {
        frequencies.set(word, frequency);
        totalFrequency += frequency;
      }
    }
  }
  return frequencies;
}

/**
 * 0.3 for the most generic words (发展, 重要) rising to 1 for rare or unknown ones (倾向, 新质):
 * how much a word says about the topic of a question.
 */
export function topicality(word: string): number {
  const frequency = table().get(word);
  if (frequency === undefined || frequency === 0) return 1;
  const surprisal = Math.log(totalFrequency / frequency);
  return Math.min(1, Math.max(0.3, (surprisal - 6) / 4));
}

/** True when jieba's dictionary has the word; a CJK "word" it lacks is often a segmentation artifact (中起). */
export function isDictionaryWord(word: string): boolean {
  return table().has(word);
}
