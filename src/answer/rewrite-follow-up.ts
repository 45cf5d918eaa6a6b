// Offline follow-up handling: a question that leans on the one before it becomes a standalone one.
// 那中部地区呢？ after a question about 西部 asks the same about 中部 (the follow-up's words replace what
// they contrast with); "And in 2025?" keeps the topic and changes the period; "Why?" or 具体咋做？
// carries the whole previous question along.
import { dayAfter, isoDay } from '../dates/calendar.ts';
import { formatDate } from '../dates/format-date.ts';
import { parseDateIntent, type DateRange } from '../dates/parse-date-intent.ts';
import { englishPlaces, isPlace, regionOfDirection } from '../geography/china-regions.ts';
import { foldWidth, toSimplified } from '../text/chinese-script.ts';
import { isQuestionWord, stripQuestionPhrases } from '../text/query-words.ts';
import { segmentPrecise } from '../text/tokenizer.ts';
import { englishWords } from '../translation/english-words.ts';
import type { ChatMessage } from './types.ts';

/** 那…呢, 还有…呢, "what about …", "and …?": the follow-up names something to put in place of part of the previous question. */
const CHINESE_CONTRAST = /^(?:那么|那|还有|另外|再|以及|同样|又)|呢[？?。.!！]*$/u;
const ENGLISH_CONTRAST = /^(?:(?:and|but|ok|okay|so)[,\s]+)?(?:what about|how about|what of|and|same for)\b/iu;
/** Words that point back at the previous turn (that, 这个, 他们). */
const CHINESE_ANAPHORA = /这个|这些|这方面|这事|这件事|那个|那些|那次|那里|那边|那块|那头|其中|他们|它们|上述|前面|刚才|具体|为什么|为啥|咋/u;
const ENGLISH_ANAPHORA = /\b(?:that|this|those|these|it|its|they|them|their|there|then|why|how so|more|else|exactly|specifically)\b/iu;
/** What a contrasting follow-up wraps its subject in: 那…呢, 那边/那块/那次, "what about … then". */
const CHINESE_WRAPPING = /^(?:那么|那|还有|另外|再|以及|同样|又)|(?:那边|那块|那头|那次|那里|这边|方面|上|里)?呢[？?。.!！]*$|[？?。.!！]+$/gu;
const ENGLISH_WRAPPING = /^(?:(?:and|but|ok|okay|so)[,\s]+)?(?:what about|how about|what of|and|same for)\b|\b(?:then|too|as well)\b|[?.!]+$/giu;
const HAN = /\p{Script=Han}/u;
/**
 * 那之后呢, 后来呢, "what came next", "and after that?": the follow-up asks about the time after the previous
 * question's period, on the same topic; with a period of its own ("what came next, in July?") it asks about that one.
 */
const CHINESE_MOVES_ON = /(?:在?那?(?:之后|以后|往后)|此后|后来|接下来|接着|然后|随后|再往后)(?:又|还)?/gu;
const ENGLISH_MOVES_ON =
  /\b(?:what|anything|who|which)\s+(?:came|comes|happened|followed)\s+(?:next|after(?:wards)?|later)\b|\bwhat\s+next\b|\bnext\b|\b(?:after|since)\s+(?:that|then)\b|\bafterwards\b|\blater\s+on\b|\bthen\s+what\b/giu;

/** @param today ISO yyyy-mm-dd; by default the system's date. */
export function isFollowUp(question: string, today = isoDay(new Date())): boolean {
  const trimmed = question.trim();
  if (CHINESE_CONTRAST.test(trimmed) || ENGLISH_CONTRAST.test(trimmed)) return true;
  if (CHINESE_ANAPHORA.test(trimmed) || ENGLISH_ANAPHORA.test(trimmed) || movesOn(trimmed)) return true;
  const dates = parseDateIntent(toSimplified(trimmed), { today });
  const content = contentWords(dates.remainder);
  // Nothing but a date, or a very short question, cannot stand on its own.
  return content.length === 0 ? dates.range !== undefined : content.join('').length <= 3;
}

/** The topical words of a text: jieba words that are not question words, English words that are not stop words. */
function contentWords(text: string): string[] {
  const simplified = toSimplified(foldWidth(text));
  const chinese = stripQuestionPhrases(simplified.replace(/[A-Za-z0-9'’-]+/gu, ' '));
  const words = HAN.test(chinese) ? segmentPrecise(chinese).filter((word) => HAN.test(word) && !isQuestionWord(word)) : [];
  return [
    ...words,
    ...englishWords(simplified)
      .filter((word) => !word.stop)
      .map((word) => word.text),
  ];
}

/** A range written out so that the date parser reads it back exactly, in the question's language. */
function rangeAsText(range: DateRange, english: boolean): string {
  const from = range.from && formatDate(range.from, english ? 'en' : 'zh');
  const to = range.to && formatDate(range.to, english ? 'en' : 'zh');
  if (english) return from && to ? `from ${from} to ${to}` : from ? `since ${from}` : `until ${to}`;
  return from && to ? `${from}至${to}` : from ? `${from}以来` : `截至${to}`;
}

/**
 * Puts the follow-up's subject in place of the previous question's: the content words that share a
 * character (西部 → 中部) or an English word with it, or, when none does, all of its content words.
 */
function replaceSubject(previous: string, subject: string): string {
  const subjectWords = contentWords(subject);
  if (subjectWords.length === 0) return `${previous} ${subject}`;
  const previousWords = contentWords(previous);
  let result = toSimplified(foldWidth(previous));
  // Where each content word stands; a related word takes the content words written right next to it along
  // (西部 → 西部大开发, industries → emerging industries): together they name the thing contrasted.
  const spans: Array<{ start: number; end: number; related: boolean }> = [];
  let from = 0;
  for (const word of previousWords) {
    const at = result.toLowerCase().indexOf(word.toLowerCase(), from);
    if (at === -1) continue;
    spans.push({ start: at, end: at + word.length, related: subjectWords.some((other) => sharesPart(word, other)) });
    from = at + word.length;
  }
  const runs: Array<{ start: number; end: number; related: boolean }> = [];
  for (const span of spans) {
    const last = runs.at(-1);
    if (
      last &&
      /^[\s-]*$/u.test(result.slice(last.end, span.start)) &&
      HAN.test(result.slice(span.start, span.end)) === HAN.test(result.slice(last.start, last.end))
    ) {
      last.end = span.end;
      last.related ||= span.related;
    } else {
      runs.push({ ...span });
    }
  }
  const replaced = runs.some((run) => run.related) ? runs.filter((run) => run.related) : runs;
  if (replaced.length === 0) return `${previous} ${subject}`;
  for (const [index, run] of [...replaced].reverse().entries()) {
    const first = index === replaced.length - 1;
    result = `${result.slice(0, run.start)}${first ? ` ${subject.trim()} ` : ' '}${result.slice(run.end)}`;
  }
  return result.replace(/\s+/gu, ' ').trim();
}

function sharesPart(left: string, right: string): boolean {
  // Two places contrast with each other (中部 → 东北, "the west" → "the northeast") though they share no word.
  if (namesPlace(left) && namesPlace(right)) return true;
  if (HAN.test(left) && HAN.test(right)) return [...left].some((character) => right.includes(character));
  const stems = new Set(englishWords(left).map((word) => word.stem));
  return englishWords(right).some((word) => !word.stop && stems.has(word.stem));
}

/** Whether a follow-up asks what came after the previous question's period (它之后呢, "what came next?"). */
function movesOn(text: string): boolean {
  return text.search(CHINESE_MOVES_ON) !== -1 || text.search(ENGLISH_MOVES_ON) !== -1;
}

function namesPlace(text: string): boolean {
  return HAN.test(text) ? isPlace(text) : englishPlaces(text).length > 0;
}

/**
 * The question retrieval should run for the last user turn of a conversation.
 * @param today ISO yyyy-mm-dd, for dates relative to it; by default the system's date.
 * @example standaloneQuestion([{role:'user',content:'西部大开发座谈会上讲了什么？'},{role:'assistant',content:'…'},{role:'user',content:'那中部地区呢？'}], '2026-11-30')
 *   // { question: '中部地区 座谈会上讲了什么？', rewritten: true, subject: '中部地区' }
 */
export function standaloneQuestion(
  messages: readonly ChatMessage[],
  today = isoDay(new Date()),
): { question: string; rewritten: boolean; subject: string | undefined } {
  const userTurns = messages.filter((message) => message.role === 'user').map((message) => message.content.trim());
  let standalone = userTurns[0] ?? '';
  let rewritten = false;
  let subject: string | undefined;
  for (const turn of userTurns.slice(1)) {
    rewritten = isFollowUp(turn, today);
    const rewrite = rewritten ? rewriteFollowUp(standalone, turn, today) : { question: turn, subject: undefined };
    standalone = rewrite.question;
    subject = rewrite.subject;
  }
  return { question: standalone, rewritten, subject };
}

/** 隔年, 第二年, "the following year": a year counted from the one the conversation was about, not from today. */
const YEAR_AFTER_CONVERSATION = /隔年|第二年|次年|转年|翌年|\b(?:the\s+)?(?:next|following)\s+year\b|\ba\s+year\s+later\b|\bthe\s+year\s+after\b/giu;
const YEAR_BEFORE_CONVERSATION = /前一年|上一年|\bthe\s+year\s+before\b/giu;

function yearsFromConversation(turn: string, year: number | undefined, english: boolean): string {
  if (year === undefined) return turn;
  const written = (shifted: number) => (english ? ` in ${shifted} ` : `${shifted}年`);
  return turn.replace(YEAR_AFTER_CONVERSATION, () => written(year + 1)).replace(YEAR_BEFORE_CONVERSATION, () => written(year - 1));
}

/** @returns the standalone question, and the follow-up's new subject when it puts one in place of the previous one's (中部地区 in 那中部地区呢). */
function rewriteFollowUp(previous: string, turn: string, today: string): { question: string; subject: string | undefined } {
  const english = !HAN.test(turn);
  const previousDates = parseDateIntent(toSimplified(previous), { today });
  // A period without a year (那下半年呢) belongs to the year the conversation was about.
  const defaultYear = previousDates.range?.from
    ? Number(previousDates.range.from.slice(0, 4))
    : previousDates.range?.to
      ? Number(previousDates.range.to.slice(0, 4))
      : undefined;
  const turnDates = parseDateIntent(yearsFromConversation(toSimplified(turn), defaultYear, english), { today, defaultYear });
  // 那之后呢 without a period of its own: the period after the previous one, on the same topic.
  const movingOn = movesOn(turnDates.remainder);
  const periodAfter =
    movingOn && turnDates.range === undefined && previousDates.range?.to !== undefined ? { from: dayAfter(previousDates.range.to), to: undefined } : undefined;
  const range = turnDates.range ?? periodAfter;
  const turnHasDates = range !== undefined;
  // The previous question without its dates when the follow-up names new ones.
  const carried = turnHasDates ? previousDates.remainder : previous;
  const dateText = range ? rangeAsText(range, english) : '';
  const remainder = movingOn ? turnDates.remainder.replace(CHINESE_MOVES_ON, ' ').replace(ENGLISH_MOVES_ON, ' ') : turnDates.remainder;
  const contrast = CHINESE_CONTRAST.test(turn) || ENGLISH_CONTRAST.test(turn);
  const written = remainder.replace(CHINESE_WRAPPING, ' ').replace(ENGLISH_WRAPPING, ' ').replace(/\s+/gu, ' ').trim();
  // "And the west?" after a question about a region of China asks about the western region, not the West.
  const direction = english && englishPlaces(previous).length > 0 ? regionOfDirection(written) : undefined;
  const subject = direction ?? written;
  const orderWord = turnDates.order === undefined ? '' : turnDates.order === 'latest' ? (english ? 'latest' : '最新') : english ? 'first time' : '首次';
  const subjectHasContent = contentWords(subject).length > 0;
  const contrasted = contrast && subjectHasContent;
  const body = contrasted ? replaceSubject(carried, subject) : `${carried} ${subjectHasContent || !turnHasDates ? remainder : ''}`;
  return { question: [body, dateText, orderWord].join(' ').replace(/\s+/gu, ' ').trim(), subject: contrasted ? subject : undefined };
}
