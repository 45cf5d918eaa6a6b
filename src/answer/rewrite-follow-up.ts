// Offline follow-up handling: a short question that leans on the one before it (那西部地区呢？)
// is searched together with the previous question's topic, minus the dates it replaces.
import { findChineseDates } from '../retrieval/date-expressions.ts';
import { countHan } from '../text/script.ts';
import type { ChatMessage } from './types.ts';

const CHINESE_FOLLOW_UP = /^(那|那么|还有|另外|再|以及|同样|又)|呢[？?]?$/u;
const ENGLISH_FOLLOW_UP = /^(what about|how about|and|what of|also|same for)\b/iu;

export function isFollowUp(question: string): boolean {
  const trimmed = question.trim();
  if (CHINESE_FOLLOW_UP.test(trimmed) || ENGLISH_FOLLOW_UP.test(trimmed)) return true;
  const withoutDates = findChineseDates(trimmed).remainder;
  const hanCount = countHan(withoutDates);
  const latinWords = withoutDates.match(/[A-Za-z]+/gu)?.length ?? 0;
  return hanCount + latinWords > 0 ? hanCount <= 4 && latinWords <= 3 : /\d{4}/u.test(trimmed);
}

/**
 * The question retrieval should run for the last user turn of a conversation.
 * @example standaloneQuestion([{role:'user',content:'东部地区如何发展新质生产力？'},{role:'assistant',content:'…'},{role:'user',content:'那西部地区呢？'}])
 *   // '东部地区如何发展新质生产力？ 那西部地区呢？'
 */
export function standaloneQuestion(messages: readonly ChatMessage[]): { question: string; rewritten: boolean } {
  const userTurns = messages.filter((message) => message.role === 'user').map((message) => message.content.trim());
  let standalone = userTurns[0] ?? '';
  let rewritten = false;
  for (const turn of userTurns.slice(1)) {
    rewritten = isFollowUp(turn);
    if (!rewritten) {
      standalone = turn;
      continue;
    }
    // A new date in the follow-up replaces the dates of the question it follows.
    const previousTopic = findChineseDates(turn).range || /\b(19|20)\d{2}\b/u.test(turn) ? findChineseDates(standalone).remainder : standalone;
    standalone = `${previousTopic.trim()} ${turn}`;
  }
  return { question: standalone, rewritten };
}
