// Composes an extractive answer: the sentences of the sources that carry the question's topic, quoted
// verbatim, each followed by its [n], with a lead sentence and the date and occasion of each cited source.
// A question about a period lists every speech in it on the topic, in date order, one or two sentences each.
import { splitSentences, type SentenceSpan } from '../chunking/split-sentences.ts';
import type { DateRange } from '../dates/calendar.ts';
import { formatDate, formatRange } from '../dates/format-date.ts';
import type { Retrieval } from '../retrieval/retriever.ts';
import { asksForDefinition, definitionCueCount } from '../text/definition-cues.ts';
import { topicality } from '../text/general-word-frequency.ts';
import { bylinePrefix, leadSentence, sourceLines } from './answer-text.ts';
import type { AnswerLanguage, Source } from './types.ts';

export interface ExtractiveSettings {
  /** Sentences quoted at most (outside period answers). */
  maxSentences: number;
  /** A sentence is quoted when it scores at least this share of the best sentence. */
  minRelativeScore: number;
  /** Sentences quoted per speech in a period answer. */
  sentencesPerSpeech: number;
  /** Two sentences sharing at least this share of their character pairs (Jaccard) are quoted once. */
  nearDuplicate: number;
}

/** nearDuplicate 0.7: the repeated sentences of the corpus (a sentence restated across speeches) measured 0.8–1.0, distinct ones under 0.5. */
export const DEFAULT_EXTRACTIVE_SETTINGS: ExtractiveSettings = { maxSentences: 4, minRelativeScore: 0.5, sentencesPerSpeech: 2, nearDuplicate: 0.7 };

const ABOUT_TIME = /变化|演变|历程|先后|以来|何时|什么时候|哪一年|时间|when|over time|evolv|chang|timeline|since|latest/iu;
const RHETORICAL_QUESTION = /[？?][」”"’）)]*$/u;
const SENTENCE_END = /[。！？!?；;…][」”"’）)]*$/u;

interface Candidate extends SentenceSpan {
  source: Source;
  score: number;
}

/**
 * How much of the question's topic a sentence carries: the summed weight of the distinct question terms
 * in it, each weighted by its rarity in the corpus (IDF) and in Chinese at large (topicality), so that
 * generic words a question happens to use (要求, 关系, 作用) hardly count.
 */
export function topicalSentenceScore(retrieval: Retrieval, sentence: string): number {
  const lowered = sentence.toLowerCase();
  // weighedTerms carry the question weight times the corpus IDF already.
  return retrieval.weighedTerms.reduce((sum, { term, weight }) => (lowered.includes(term) ? sum + weight * topicality(term) ** 2 : sum), 0);
}

/** A sentence that can stand as an answer: not a question the speaker asks, not a heading. */
function quotable(text: string): boolean {
  const trimmed = text.trim();
  if (RHETORICAL_QUESTION.test(trimmed)) return false;
  // A heading: a short line with no sentence-final punctuation (一、…, 新质生产力的内涵).
  if (!SENTENCE_END.test(trimmed) && trimmed.length < 40) return false;
  return trimmed.length >= 6;
}

function characterPairs(text: string): Set<string> {
  const characters = [...text.replace(/[\s\p{P}]/gu, '')];
  return new Set(characters.slice(1).map((character, index) => characters[index] + character));
}

function nearDuplicate(left: string, right: string, threshold: number): boolean {
  const leftPairs = characterPairs(left);
  const rightPairs = characterPairs(right);
  let shared = 0;
  for (const pair of leftPairs) if (rightPairs.has(pair)) shared++;
  const union = leftPairs.size + rightPairs.size - shared;
  return union > 0 && shared / union >= threshold;
}

export function composeExtractiveAnswer(
  retrieval: Retrieval,
  sources: readonly Source[],
  language: AnswerLanguage,
  settings: ExtractiveSettings = DEFAULT_EXTRACTIVE_SETTINGS,
): string {
  const candidates = scoredSentences(retrieval, sources);
  if (retrieval.timeScope.scoped && sources.length > 0) return composePeriodAnswer(retrieval, sources, candidates, language, settings);

  const chosen = chooseSentences(candidates, sources, settings);
  const aboutTime = retrieval.query.dates.range !== undefined || retrieval.query.dates.order !== undefined || ABOUT_TIME.test(retrieval.query.question);
  // Reading order: a definition first; in date order when the question is about time; otherwise the most
  // relevant excerpt first, each excerpt's sentences in the order they were spoken.
  chosen.sort((left, right) => {
    const cues = retrieval.definitionCues ?? [];
    const definition = Number(definitionCueCount(right.text, cues) > 0) - Number(definitionCueCount(left.text, cues) > 0);
    if (definition !== 0 && !aboutTime) return definition;
    if (aboutTime) return left.source.date.localeCompare(right.source.date) || left.source.n - right.source.n || left.start - right.start;
    return left.source.n - right.source.n || left.start - right.start;
  });
  const lines = chosen.map(
    (candidate) => `- 「${candidate.text}」[${candidate.source.n}]${aboutTime && language === 'en' ? ` (${formatDate(candidate.source.date, language)})` : ''}`,
  );
  const cited = citedInOrder(chosen.map((candidate) => candidate.source));
  return [leadSentence(language, speechCount(cited)), ...lines, '', ...sourceLines(cited, language)].join('\n');
}

/** Every quotable sentence of the sources with its topical score, scaled by how relevant its source is. */
function scoredSentences(retrieval: Retrieval, sources: readonly Source[]): Candidate[] {
  const candidates: Candidate[] = [];
  sources.forEach((source, position) => {
    const relevance = retrieval.results[position]?.score ?? 0;
    for (const sentence of splitSentences(source.text)) {
      if (!quotable(sentence.text)) continue;
      candidates.push({ ...sentence, source, score: topicalSentenceScore(retrieval, sentence.text) * (0.5 + 0.5 * relevance) });
    }
  });
  return candidates.sort((left, right) => right.score - left.score);
}

/** The best sentence of the top source always, then others close to the best, at most two per source, none repeated. */
function chooseSentences(candidates: readonly Candidate[], sources: readonly Source[], settings: ExtractiveSettings): Candidate[] {
  const top = sources[0];
  if (!top) return [];
  // The top source is always quoted: when only its occasion or date matched (2023年9月在黑龙江说了什么),
  // its first quotable sentence speaks for it.
  const fromTop = candidates.find((candidate) => candidate.source.n === top.n && candidate.score > 0) ?? openingOf(top, candidates);
  const best = candidates[0] && candidates[0].score > 0 ? candidates[0] : fromTop;
  const chosen: Candidate[] = [fromTop];
  const perSource = new Map<number, number>([[top.n, 1]]);
  for (const candidate of candidates) {
    if (chosen.length >= settings.maxSentences) break;
    if (candidate.score <= 0 || chosen.includes(candidate) || candidate.score < best.score * settings.minRelativeScore) continue;
    if ((perSource.get(candidate.source.n) ?? 0) >= 2) continue;
    if (chosen.some((other) => nearDuplicate(other.text, candidate.text, settings.nearDuplicate))) continue;
    chosen.push(candidate);
    perSource.set(candidate.source.n, (perSource.get(candidate.source.n) ?? 0) + 1);
  }
  return chosen;
}

/** The first quotable sentence of a source, for when none of its sentences carries the question's words. */
function openingOf(source: Source, candidates: readonly Candidate[]): Candidate {
  const own = candidates.filter((candidate) => candidate.source.n === source.n).sort((left, right) => left.start - right.start);
  const sentence = own[0] ?? splitSentences(source.text)[0] ?? { text: source.text, start: 0, end: source.text.length };
  return { ...sentence, source, score: 0 };
}

/** A period answer: each speech in date order, its one or two best sentences, then the sources. */
function composePeriodAnswer(
  retrieval: Retrieval,
  sources: readonly Source[],
  candidates: readonly Candidate[],
  language: AnswerLanguage,
  settings: ExtractiveSettings,
): string {
  const speeches = new Map<string, Source[]>();
  for (const source of [...sources].sort((left, right) => left.date.localeCompare(right.date) || left.n - right.n)) {
    const key = `${source.byline ?? ''}\u0000${source.date}\u0000${source.occasion}`;
    speeches.set(key, [...(speeches.get(key) ?? []), source]);
  }
  const lines: string[] = [];
  const citedSources: Source[] = [];
  for (const excerpts of speeches.values()) {
    // A question asking what something is reads the speech's definition first.
    const definitional = asksForDefinition(retrieval.query.simplified);
    const own = candidates
      .filter((candidate) => excerpts.includes(candidate.source) && candidate.score > 0)
      .sort(
        (left, right) =>
          (definitional
            ? Number(definitionCueCount(right.text, retrieval.definitionCues ?? []) > 0) -
              Number(definitionCueCount(left.text, retrieval.definitionCues ?? []) > 0)
            : 0) || right.score - left.score,
      );
    const chosen: Candidate[] = [];
    for (const candidate of own) {
      if (chosen.length >= settings.sentencesPerSpeech) break;
      if (chosen.some((other) => nearDuplicate(other.text, candidate.text, settings.nearDuplicate))) continue;
      chosen.push(candidate);
    }
    if (chosen.length === 0) chosen.push(openingOf(excerpts[0]!, candidates));
    chosen.sort((left, right) => left.source.n - right.source.n || left.start - right.start);
    const speech = excerpts[0]!;
    const separator = language === 'en' ? ', ' : '，';
    const colon = language === 'en' ? ': ' : '：';
    lines.push(
      `- ${bylinePrefix(speech)}${formatDate(speech.date, language)}${separator}${speech.occasion}${colon}${chosen.map((candidate) => `「${candidate.text}」[${candidate.source.n}]`).join(' ')}`,
    );
    citedSources.push(...chosen.map((candidate) => candidate.source));
  }
  const cited = citedInOrder(citedSources);
  return [periodLead(retrieval, language, speeches.size), ...lines, '', ...sourceLines(cited, language)].join('\n');
}

function periodLead(retrieval: Retrieval, language: AnswerLanguage, speechTotal: number): string {
  const { range, order } = retrieval.query.dates;
  const period = range ? formatRange(range, language) : undefined;
  const hant = language === 'zh-Hant';
  if (order) {
    const which = order === 'latest' ? (language === 'en' ? 'most recent' : hant ? '最新' : '最新') : language === 'en' ? 'earliest' : hant ? '最早' : '最早';
    if (language === 'en')
      return `The ${which} speech in the collection that addresses this${period ? ` (${period})` : ''} is the one below; its passages are quoted in the original Chinese:`;
    return hant
      ? `收錄的講話中${period ? `（${period}）` : ''}談到這個問題的${which}一篇如下，原文是：`
      : `收录的讲话中${period ? `（${period}）` : ''}谈到这个问题的${which}一篇如下，原文是：`;
  }
  // Without a period the scope is a speaker the question named: the speeches are theirs.
  if (language === 'en') {
    const speeches =
      speechTotal === 1
        ? 'one speech in the collection addresses this; its passages are'
        : `${speechTotal} speeches in the collection address this, in date order; the passages are`;
    return `${period ? `For ${period}, ${speeches}` : `${speeches[0]!.toUpperCase()}${speeches.slice(1)}`} quoted in the original Chinese:`;
  }
  const count = speechTotal === 1 ? '一篇' : `${speechTotal}篇`;
  const inOrder = speechTotal === 1 ? '' : hant ? '按日期排列，' : '按日期排列，';
  const opening = period ? `在${period}，` : '';
  return hant ? `${opening}收錄的講話中有${count}談到這個問題，${inOrder}原文如下：` : `${opening}收录的讲话中有${count}谈到这个问题，${inOrder}原文如下：`;
}

/** The answer for a period that holds nothing: it says so and names the nearest dates, citing nothing. */
export function emptyPeriodText(range: DateRange | undefined, nearestDates: readonly string[], language: AnswerLanguage): string {
  const period = range ? formatRange(range, language) : undefined;
  const nearest = nearestDates.map((date) => formatDate(date, language));
  if (language === 'en') {
    const lead = `The collection holds no speech ${period ? `for ${period}` : 'on this'}, so this cannot be answered from it.`;
    return nearest.length > 0 ? `${lead}\nThe nearest dates with speeches are ${nearest.join(' and ')}.` : lead;
  }
  const hant = language === 'zh-Hant';
  const lead = hant
    ? `收錄的講話中沒有${period ? `${period}的` : '相關的'}講話，因此無法據此回答。`
    : `收录的讲话中没有${period ? `${period}的` : '相关的'}讲话，因此无法据此回答。`;
  if (nearest.length === 0) return lead;
  return `${lead}\n${hant ? '最接近的日期是' : '最接近的日期是'}${nearest.join('和')}。`;
}

/** Notes on the dates an answer used: those counted from today, and expressions that were no real date. */
export function dateNotes(retrieval: Retrieval, language: AnswerLanguage, today: string | undefined): string[] {
  const { range, relative, invalid } = retrieval.query.dates;
  const notes: string[] = [];
  if (relative && range && today) {
    const counted = language === 'zh-Hant' ? '計算' : '计算';
    notes.push(
      language === 'en'
        ? `(Dates counted from today, ${formatDate(today, language)}: ${formatRange(range, language)}.)`
        : `（日期按今天${formatDate(today, language)}${counted}：${formatRange(range, language)}。）`,
    );
  }
  for (const expression of invalid) {
    // Not in quotation marks: verification reads quoted text as a quotation of a source.
    notes.push(language === 'en' ? `(${expression} is not a valid date and was ignored.)` : `（${expression}不是有效日期，已忽略。）`);
  }
  return notes;
}

/** Sources in the order the answer first cites them, each once. */
function citedInOrder(sources: readonly Source[]): Source[] {
  return [...new Set(sources)];
}

/** How many speeches (distinct date and occasion) the sources come from. */
function speechCount(sources: readonly Source[]): number {
  return new Set(sources.map((source) => `${source.byline ?? ''}\u0000${source.date}\u0000${source.occasion}`)).size;
}
