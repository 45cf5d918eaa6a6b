// How topical an English word is, judged through its Chinese senses: "tackle" (处理) is generic,
// "bread" (面包) and "Australia" (澳大利亚) are topics. A word the dictionary lacks counts as topical.
import { topicality } from '../text/general-word-frequency.ts';
import { bilingualDictionary } from './bilingual-dictionary.ts';
import { phraseKey } from './english-words.ts';

export function englishTopicality(word: string): number {
  const headwords = bilingualDictionary().lookup(phraseKey(word));
  if (headwords.length === 0) return 1;
  // The most common sense decides: a word that can mean something everyday is not evidence of a new topic.
  return Math.min(...headwords.map((headword) => topicality(headword)));
}
