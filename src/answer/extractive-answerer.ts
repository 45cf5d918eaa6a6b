// The offline answerer: composes an answer from the most relevant sentences of the retrieved
// excerpts, quoted verbatim, each followed by its [n], and abstains when retrieval is not confident.
import { splitSentences, type SentenceSpan } from '../chunking/split-sentences.ts';
import type { HybridRetriever, Retrieval } from '../retrieval/retriever.ts';
import { buildSources } from './build-sources.ts';
import { detectLanguage } from './detect-language.ts';
import { formatDate } from './format-date.ts';
import { standaloneQuestion } from './rewrite-follow-up.ts';
import { abstentionText, leadSentence, sourceLines } from './answer-text.ts';
import { verifyAnswer } from './verify-answer.ts';
import type { AnswerEvent, AnswerLanguage, AnswerOptions, Answerer, ChatMessage, Source } from './types.ts';
import { answerError } from './answer-error.ts';

export interface ExtractiveSettings {
  /** Sources handed to the answer. */
  maxSources: number;
  /** Sentences quoted at most. */
  maxSentences: number;
  /** A sentence is quoted when it scores at least this share of the best sentence. */
  minRelativeScore: number;
}

export const DEFAULT_EXTRACTIVE_SETTINGS: ExtractiveSettings = { maxSources: 5, maxSentences: 4, minRelativeScore: 0.5 };

const ABOUT_TIME = /变化|演变|历程|先后|以来|何时|什么时候|哪一年|时间|when|over time|evolv|chang|timeline|since|latest/iu;
const DEFINITION = /概括地说|是指|本质是|内涵|定义/u;

interface Candidate extends SentenceSpan {
  source: Source;
  score: number;
}

export class ExtractiveAnswerer implements Answerer {
  constructor(
    private readonly retriever: HybridRetriever,
    private readonly documentTitles: ReadonlyMap<string, string>,
    private readonly settings: ExtractiveSettings = DEFAULT_EXTRACTIVE_SETTINGS,
  ) {}

  async *answer(messages: readonly ChatMessage[], options: AnswerOptions = {}): AsyncIterable<AnswerEvent> {
    try {
      const { question } = standaloneQuestion(messages);
      const lastQuestion = [...messages].reverse().find((message) => message.role === 'user')?.content ?? '';
      const language = options.language ?? detectLanguage(lastQuestion);
      const retrieval = await this.retriever.retrieve(question, { k: this.settings.maxSources, ...(options.filters ? { filters: options.filters } : {}), ...(options.signal ? { signal: options.signal } : {}) });
      const sources = buildSources(retrieval, this.documentTitles, this.settings.maxSources);
      yield { type: 'sources', sources };

      const abstained = !retrieval.covered;
      const text = abstained ? abstentionText(sources.slice(0, 3), language) : this.compose(retrieval, sources, language);
      for (const line of text.split(/(?<=\n)/u)) {
        options.signal?.throwIfAborted();
        yield { type: 'text-delta', delta: line };
      }
      const verified = verifyAnswer(text, sources, language);
      yield { type: 'final', text: verified.text, citations: verified.citations, verification: verified.report, abstained, query: question };
    } catch (error) {
      yield answerError(error);
    }
  }

  private compose(retrieval: Retrieval, sources: readonly Source[], language: AnswerLanguage): string {
    const chosen = this.chooseSentences(retrieval, sources);
    const aboutTime = retrieval.query.dates.range !== undefined || retrieval.query.dates.latest || ABOUT_TIME.test(retrieval.query.question);
    chosen.sort((left, right) => {
      const definition = Number(DEFINITION.test(right.text)) - Number(DEFINITION.test(left.text));
      if (definition !== 0 && !aboutTime) return definition;
      if (aboutTime) return left.source.date.localeCompare(right.source.date) || left.source.n - right.source.n || left.start - right.start;
      return right.score - left.score;
    });
    const cited = [...new Set(chosen.map((candidate) => candidate.source.n))].sort((left, right) => left - right);
    const lines = chosen.map((candidate) => `- 「${candidate.text}」[${candidate.source.n}]${aboutTime && language === 'en' ? ` (${formatDate(candidate.source.date, language)})` : ''}`);
    return [leadSentence(language, cited.length), ...lines, '', ...sourceLines(sources.filter((source) => cited.includes(source.n)), language)].join('\n');
  }

  /** The best sentence of the top source always, then others close to the best, at most two per source. */
  private chooseSentences(retrieval: Retrieval, sources: readonly Source[]): Candidate[] {
    const candidates: Candidate[] = [];
    sources.forEach((source, position) => {
      const relevance = retrieval.results[position]?.score ?? 0;
      for (const sentence of splitSentences(source.text)) {
        const score = this.retriever.sentenceScore(retrieval.query, sentence.text) * (0.5 + 0.5 * relevance);
        if (score > 0) candidates.push({ ...sentence, source, score });
      }
    });
    candidates.sort((left, right) => right.score - left.score);
    const top = sources[0];
    if (!top) return [];
    // The top source is always quoted: when only its occasion or date matched (2023年9月在黑龙江说了什么),
    // its opening sentence speaks for it.
    const opening = splitSentences(top.text)[0] ?? { text: top.text, start: 0, end: top.text.length };
    const fromTop = candidates.find((candidate) => candidate.source.n === top.n) ?? { ...opening, source: top, score: 0 };
    const best = candidates[0] ?? fromTop;
    const chosen: Candidate[] = [fromTop];
    const perSource = new Map<number, number>();
    for (const candidate of chosen) perSource.set(candidate.source.n, 1);
    for (const candidate of candidates) {
      if (chosen.length >= this.settings.maxSentences) break;
      if (chosen.includes(candidate) || candidate.score < best.score * this.settings.minRelativeScore) continue;
      if ((perSource.get(candidate.source.n) ?? 0) >= 2) continue;
      chosen.push(candidate);
      perSource.set(candidate.source.n, (perSource.get(candidate.source.n) ?? 0) + 1);
    }
    return chosen;
  }
}
