// Which language a question is in: Simplified Chinese, Traditional Chinese, or English.
import { looksTraditional } from '../text/chinese-script.ts';
import type { AnswerLanguage } from './types.ts';

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /[A-Za-z]{2,}/gu;

/** A question with more Latin words than Chinese characters is English; mixed ones with real Chinese in them are Chinese. */
export function detectLanguage(text: string): AnswerLanguage {
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN_WORD)?.length ?? 0;
  if (han === 0 || latin > han) return 'en';
  return looksTraditional(text) ? 'zh-Hant' : 'zh';
}
