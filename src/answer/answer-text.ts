// The fixed parts of an answer's wording in each answer language.
import { formatDate } from '../dates/format-date.ts';
import type { AnswerLanguage, Source } from './types.ts';

export function leadSentence(language: AnswerLanguage, sourceCount: number): string {
  if (language === 'en') {
    return `The excerpts address this in ${sourceCount === 1 ? 'one speech' : `${sourceCount} speeches`}; the passages below are quoted in the original Chinese:`;
  }
  const count = sourceCount === 1 ? '一篇' : `${sourceCount}篇`;
  return language === 'zh-Hant' ? `收錄的講話摘錄中有${count}談到這個問題，原文如下：` : `收录的讲话摘录中有${count}谈到这个问题，原文如下：`;
}

/** "[n] date, occasion" for each source, after its byline when the corpus has several speakers or documents; the occasion stays in Chinese in every language. */
export function sourceLines(sources: readonly Source[], language: AnswerLanguage): string[] {
  const heading = language === 'en' ? 'Sources:' : language === 'zh-Hant' ? '來源：' : '来源：';
  const separator = language === 'en' ? ', ' : '，';
  return [heading, ...sources.map((source) => `[${source.n}] ${bylinePrefix(source)}${formatDate(source.date, language)}${separator}${source.occasion}`)];
}

/** "李华 · 《城市公共交通》 · " before a source's date, or nothing when the corpus needs no byline. */
export function bylinePrefix(source: Pick<Source, 'byline'>): string {
  return source.byline ? `${source.byline} · ` : '';
}

/** Opens an answer whose excerpts are the nearest found but may not address the question directly. */
export function partialCoverageNote(language: AnswerLanguage): string {
  if (language === 'en') return 'The excerpts may not address this question directly; these are the nearest passages.';
  return language === 'zh-Hant'
    ? '收錄的講話摘錄可能沒有直接談到這個問題，以下是最接近的內容。'
    : '收录的讲话摘录可能没有直接谈到这个问题，以下是最接近的内容。';
}

/** Says plainly that the excerpts do not cover the question, and names the nearest ones without citing them. */
export function abstentionText(nearest: readonly Source[], language: AnswerLanguage): string {
  const lead =
    language === 'en'
      ? 'The excerpts in this collection do not address this question, so it cannot be answered from them.'
      : language === 'zh-Hant'
        ? '收錄的講話摘錄沒有談到這個問題，因此無法據此回答。'
        : '收录的讲话摘录没有谈到这个问题，因此无法据此回答。';
  if (nearest.length === 0) return lead;
  const heading = language === 'en' ? 'The nearest excerpts are:' : language === 'zh-Hant' ? '最接近的摘錄是：' : '最接近的摘录是：';
  const lines = nearest.map((source) => `- ${bylinePrefix(source)}${formatDate(source.date, language)}${language === 'en' ? ', ' : '，'}${source.occasion}`);
  return [lead, heading, ...lines].join('\n');
}

/** Says plainly that the model stopped at its length limit, so a cut-off answer never passes as complete. */
export function truncationNotice(language: AnswerLanguage): string {
  if (language === 'en') return '(The answer was cut short here: the model reached its length limit.)';
  return language === 'zh-Hant' ? '（回答到此被截斷：模型已達長度上限。）' : '（回答到此被截断：模型已达长度上限。）';
}
