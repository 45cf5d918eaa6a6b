// The LLM answerer: the model writes the answer from numbered sources and the recent turns of the
// conversation; its text reaches the reader only claim by claim, once verified. An answer without a
// valid citation is retried once and finally replaced by the extractive answer.
import { isoDay } from '../dates/calendar.ts';
import type { ExcerptStore } from '../index/excerpt-store.ts';
import type { Retriever } from '../retrieval/retriever.ts';
import { abstentionText, partialCoverageNote, sourceLines, truncationNotice } from './answer-text.ts';
import { answerError } from './answer-error.ts';
import type { ChatModel, ModelMessage } from './chat-model.ts';
import { composeExtractiveAnswer, dateNotes, emptyPeriodText } from './compose-extractive-answer.ts';
import { countTokens } from './count-tokens.ts';
import { formatSourcesForModel } from './format-sources-for-model.ts';
import type { Prompts } from './prompts.ts';
import { lastUserMessage, retrieveForAnswer } from './retrieve-for-answer.ts';
import { isFollowUp, standaloneQuestion } from './rewrite-follow-up.ts';
import { VerifiedTextGate } from './verified-text-gate.ts';
import { verifyAnswer } from './verify-answer.ts';
import type { AnswerEvent, AnswerLanguage, AnswerOptions, Answerer, ChatMessage, Source, TokenUsage } from './types.ts';

export type { TokenUsage } from './types.ts';

/** What the model replies, alone, when the sources do not address the question. */
const NOT_COVERED = 'NOT_COVERED';
const LANGUAGE_NAMES: Record<AnswerLanguage, string> = { zh: 'Simplified Chinese', 'zh-Hant': 'Traditional Chinese', en: 'English' };
const CITE_REMINDER = 'Your answer cites no source. Answer again from the sources above, ending every sentence that makes a claim with its [n].';

export interface LlmAnswererSettings {
  model: ChatModel;
  /** For messages: the configured model name. */
  modelName: string;
  prompts: Prompts;
  /** Earlier turns of the conversation sent with the question, at most (MAX_MESSAGES). */
  maxHistoryMessages: number;
  /** Tokens of earlier turns sent with the question, at most; the oldest turns go first. */
  maxHistoryTokens: number;
  /** The clock relative dates count from (去年, this year), ISO yyyy-mm-dd: the system's date unless the composition root injects one. */
  today?: () => string;
}

/** One model request's outcome. */
interface Attempt {
  gate: VerifiedTextGate;
  finishReason: string;
}

export class LlmAnswerer implements Answerer {
  /** Called with the tokens each model request used, e.g. for a daily budget. */
  onUsage: ((usage: TokenUsage) => void) | undefined;

  constructor(
    private readonly retriever: Retriever,
    private readonly store: ExcerptStore,
    private readonly settings: LlmAnswererSettings,
  ) {}

  async *answer(messages: readonly ChatMessage[], options: AnswerOptions = {}): AsyncIterable<AnswerEvent> {
    const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
    const signal = options.signal;
    try {
      // One clock for the rewrite, retrieval and the model: 去年 means the same year to all three.
      const today = options.today ?? this.settings.today?.() ?? isoDay(new Date());
      const dated = { ...options, today };
      const context = await retrieveForAnswer({ retriever: this.retriever, store: this.store }, messages, dated, (conversation) =>
        this.standalone(conversation, today, usage, signal),
      );
      const { question, language, retrieval, sources } = context;
      yield { type: 'sources', sources };
      // The dates the answer used when they were counted from today, or a date in the question was no real date: said after the text.
      const notes = dateNotes(retrieval, language, today);
      const dateNote = notes.length > 0 ? `\n\n${notes.join('\n')}` : '';

      if (!retrieval.covered) {
        // Nothing relevant was found: say so without asking the model, which could only fill the gap from general knowledge.
        // A period that holds no speech names the nearest dates instead, as the offline answer does.
        const emptyPeriod = retrieval.timeScope.scoped && retrieval.results.length === 0 && retrieval.timeScope.nearestDates.length > 0;
        const text = emptyPeriod ? emptyPeriodText(retrieval.query.dates.range, retrieval.timeScope.nearestDates, language) : undefined;
        yield* this.abstain(question, language, sources, usage, text === undefined ? undefined : text + dateNote);
        return;
      }

      const prompt: ModelMessage[] = [
        { role: 'system', content: await this.settings.prompts.system.format({ language: LANGUAGE_NAMES[language] }) },
        ...this.recentTurns(messages),
        {
          role: 'user',
          content: await this.settings.prompts.answer.format({ sources: formatSourcesForModel(sources), question: lastUserMessage(messages), today }),
        },
      ];

      // Between answered and not covered: the answer opens with a note that the nearest excerpts may not
      // address the question directly. It is sent with the answer's first verified text, so that the
      // stream still adds up to the final text whichever way the answer ends.
      let opening = retrieval.coverage === 'partial' ? `${partialCoverageNote(language)}\n` : '';
      const note = opening;
      const withOpening = (text: string) => {
        const delta = opening + text;
        opening = '';
        return delta;
      };

      let attempt: Attempt | undefined;
      for (const request of [prompt, undefined]) {
        const gate = new VerifiedTextGate(sources, language);
        const messagesSent = request ?? [
          ...prompt,
          { role: 'assistant' as const, content: attempt!.gate.raw },
          { role: 'user' as const, content: CITE_REMINDER },
        ];
        let finishReason = 'stop';
        for await (const event of this.settings.model.stream(messagesSent, signal)) {
          if (event.type === 'content') {
            const verified = gate.push(event.text);
            if (verified) yield { type: 'text-delta', delta: withOpening(verified) };
          } else if (event.type === 'finish') finishReason = event.reason;
          else if (event.type === 'usage') this.addUsage(usage, event);
        }
        const rest = gate.end();
        if (rest) yield { type: 'text-delta', delta: withOpening(rest) };
        attempt = { gate, finishReason };
        if (gate.citations.length > 0) break;
        if (gate.raw.trimStart().startsWith(NOT_COVERED)) {
          yield* this.abstain(question, language, sources, usage);
          return;
        }
      }

      const { gate, finishReason } = attempt!;
      if (gate.citations.length === 0) {
        // Neither reply cited a source, so neither was shown: quote the sources instead. The extractive answer lists its own sources.
        const fallback = verifyAnswer(composeExtractiveAnswer(retrieval, sources, language) + dateNote, sources, language);
        yield* streamLines(withOpening(fallback.text));
        yield {
          type: 'final',
          text: note + fallback.text,
          citations: fallback.citations,
          verification: fallback.report,
          abstained: false,
          coverage: retrieval.coverage,
          query: question,
          usage,
        };
        return;
      }
      // A reply cut off by the model's length limit says so before its sources.
      const truncated = finishReason === 'length';
      const notice = truncated ? `\n\n${truncationNotice(language)}` : '';
      // Like the extractive answer, the text closes with the date and occasion of every cited source.
      const sourceList = `\n\n${sourceLines(
        sources.filter((source) => gate.citations.includes(source.n)),
        language,
      ).join('\n')}`;
      yield { type: 'text-delta', delta: notice + dateNote + sourceList };
      yield {
        type: 'final',
        text: note + gate.released + notice + dateNote + sourceList,
        citations: gate.citations,
        verification: gate.report,
        abstained: false,
        coverage: retrieval.coverage,
        query: question,
        usage,
        ...(truncated ? { truncated } : {}),
      };
    } catch (error) {
      yield answerError(error);
    }
  }

  private async *abstain(
    question: string,
    language: AnswerLanguage,
    sources: readonly Source[],
    usage: TokenUsage,
    text = abstentionText(sources.slice(0, 3), language),
  ): AsyncIterable<AnswerEvent> {
    const verified = verifyAnswer(text, sources, language);
    yield* streamLines(verified.text);
    yield {
      type: 'final',
      text: verified.text,
      citations: verified.citations,
      verification: verified.report,
      abstained: true,
      coverage: 'not_covered',
      query: question,
      usage,
    };
  }

  /** The turns before the last question, newest kept first, within the message and token caps. */
  private recentTurns(messages: readonly ChatMessage[]): ModelMessage[] {
    const lastQuestion = messages.findLastIndex((message) => message.role === 'user');
    const earlier = messages.slice(0, Math.max(0, lastQuestion)).filter((message) => message.role === 'user' || message.role === 'assistant');
    const kept: ModelMessage[] = [];
    let tokens = 0;
    for (const message of earlier.slice(-this.settings.maxHistoryMessages).reverse()) {
      tokens += countTokens(message.content);
      if (tokens > this.settings.maxHistoryTokens) break;
      kept.unshift({ role: message.role as 'user' | 'assistant', content: message.content });
    }
    // The conversation sent must open with a question, as chat templates (Ollama, vLLM) expect.
    while (kept[0]?.role === 'assistant') kept.shift();
    return kept;
  }

  /** A follow-up is rewritten by the model into a standalone query; anything else is searched as asked. */
  private async standalone(messages: readonly ChatMessage[], today: string, usage: TokenUsage, signal: AbortSignal | undefined): Promise<string> {
    const question = lastUserMessage(messages);
    const earlier = messages.slice(
      0,
      messages.findLastIndex((message) => message.role === 'user'),
    );
    if (earlier.length === 0 || !isFollowUp(question, today)) return standaloneQuestion(messages, today).question;
    const history = earlier.map((message) => `${message.role}: ${message.content}`).join('\n');
    let rewritten = '';
    for await (const event of this.settings.model.stream(
      [{ role: 'user', content: await this.settings.prompts.rewrite.format({ history, question, today }) }],
      signal,
    )) {
      if (event.type === 'content') rewritten += event.text;
      else if (event.type === 'usage') this.addUsage(usage, event);
    }
    return rewritten.trim() || standaloneQuestion(messages, today).question;
  }

  private addUsage(total: TokenUsage, used: TokenUsage): void {
    total.inputTokens += used.inputTokens;
    total.outputTokens += used.outputTokens;
    this.onUsage?.({ inputTokens: used.inputTokens, outputTokens: used.outputTokens });
  }
}

/** Streams a text that is already verified, a line at a time. */
function* streamLines(text: string): Iterable<AnswerEvent> {
  for (const line of text.split(/(?<=\n)/u)) yield { type: 'text-delta', delta: line };
}
