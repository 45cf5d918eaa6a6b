// Words a question carries that say nothing about its topic.
import questionWords from './data/question-words.json' with { type: 'json' };

const CHINESE_QUESTION_WORDS: ReadonlySet<string> = new Set(questionWords.zh);

/** True for interrogatives and function words such as 什么, 如何, 的. */
export function isQuestionWord(word: string): boolean {
  return CHINESE_QUESTION_WORDS.has(word);
}

let longestFirst: string[] | undefined;

/** Blanks out the longest question phrases first, so 什么样 goes before 什么. */
export function stripQuestionPhrases(text: string): string {
  // Sorted once, on first use: this runs for every question.
  longestFirst ??= [...CHINESE_QUESTION_WORDS].filter((word) => word.length >= 2).sort((left, right) => right.length - left.length);
  let stripped = text;
  for (const phrase of longestFirst) stripped = stripped.replaceAll(phrase, ' ');
  return stripped;
}
