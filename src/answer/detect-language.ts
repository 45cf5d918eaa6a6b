// Which language a question is in: Simplified Chinese, Traditional Chinese, or English.
import { looksTraditional } from '../text/chinese-script.ts';
import { countHan, leansEnglish } from '../text/script.ts';
import type { AnswerLanguage } from './types.ts';

const LATIN_WORD = /[A-Za-z]{2,}/gu;

/** A question with more Latin words than Chinese characters is English; mixed ones with real Chinese in them are Chinese. */
export function detectLanguage(text: string): AnswerLanguage {
  const hanCharacters = countHan(text);
  const latinWords = text.match(LATIN_WORD)?.length ?? 0;
  if (hanCharacters === 0 || leansEnglish({ latinWords, hanCharacters })) return 'en';
  return looksTraditional(text) ? 'zh-Hant' : 'zh';
}
