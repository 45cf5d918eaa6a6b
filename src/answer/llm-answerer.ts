// The LLM answerer: the model writes the answer from numbered sources, streamed as it arrives;
// verification then checks it, and an answer without a valid citation is retried once and
// finally replaced by the extractive answer.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage, type BaseMessage, type MessageContent } from '@langchain/core/messages';
import type { ExcerptStore } from '../index/excerpt-store.ts';
import type { Retriever } from '../retrieval/retriever.ts';
import { abstentionText, sourceLines, partialCoverageNote } from './answer-text.ts';
import { answerError } from './answer-error.ts';
import { composeExtractiveAnswer } from './compose-extractive-answer.ts';
import { formatSourcesForModel } from './format-sources-for-model.ts';
import type { Prompts } from './prompts.ts';
import { lastUserMessage, retrieveForAnswer } from './retrieve-for-answer.ts';
import { isFollowUp, standaloneQuestion } from './rewrite-follow-up.ts';
import { upstreamError } from './upstream-error.ts';
import { verifyAnswer } from './verify-answer.ts';
import type { AnswerEvent, AnswerLanguage, AnswerOptions, Answerer, ChatMessage, Source } from './types.ts';

/** What the model replies, alone, when the sources do not address the question. */
const NOT_COVERED = 'NOT_COVERED';
const LANGUAGE_NAMES: Record<AnswerLanguage, string> = { zh: 'Simplified Chinese', 'zh-Hant': 'Traditional Chinese', en: 'English' };

export interface LlmAnswererSettings {
  model: BaseChatModel;
  /** For messages: the configured model name. */
  modelName: string;
  prompts: Prompts;
  /** Time limit for each model request, ms. */
  timeoutMs: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
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
    try {
      const context = await retrieveForAnswer({ retriever: this.retriever, store: this.store }, messages, options, (conversation) => this.standalone(conversation, options.signal));
      const { question, language, retrieval, sources } = context;
      yield { type: 'sources', sources };

      if (!retrieval.covered) {
        // Nothing relevant was found: say so without asking the model, which could only fill the gap from general knowledge.
        yield* this.abstain(question, language, sources);
        return;
      }

      // Between answered and not covered: the model answers from the nearest excerpts, after a note that they may not address the question directly.
      const note = retrieval.coverage === 'partial' ? `${partialCoverageNote(language)}\n` : '';
      if (note) yield { type: 'text-delta', delta: note };

      const prompt = [
        new SystemMessage(await this.settings.prompts.system.format({ language: LANGUAGE_NAMES[language] })),
        new HumanMessage(await this.settings.prompts.answer.format({ sources: formatSourcesForModel(sources), question: lastUserMessage(messages) })),
      ];

      // The first characters are held back until they cannot be the NOT_COVERED sentinel.
      let text = '';
      let reply: 'answer' | 'not-covered' | undefined;
      for await (const piece of this.streamModel(prompt, options.signal)) {
        text += piece;
        if (reply === 'answer') {
          yield { type: 'text-delta', delta: piece };
        } else if (reply === undefined) {
          const start = text.trimStart();
          if (start.length < NOT_COVERED.length && NOT_COVERED.startsWith(start)) continue;
          reply = start.startsWith(NOT_COVERED) ? 'not-covered' : 'answer';
          if (reply === 'answer') yield { type: 'text-delta', delta: text };
        }
      }
      if (reply === 'not-covered' || text.trim() === NOT_COVERED) {
        yield* this.abstain(question, language, sources);
        return;
      }
      if (reply === undefined) yield { type: 'text-delta', delta: text };

      let verified = verifyAnswer(text, sources, language);
      if (verified.citations.length === 0) {
        // An uncited answer cannot be checked: ask once more, then fall back to quoting the sources.
        const retry = await this.invokeModel(prompt, options.signal);
        verified = verifyAnswer(retry, sources, language);
        if (verified.citations.length === 0) verified = verifyAnswer(composeExtractiveAnswer(retrieval, sources, language), sources, language);
      }
      // Like the extractive answer, the text closes with the date and occasion of every cited source.
      const cited = sources.filter((source) => verified.citations.includes(source.n));
      const sourceList = `\n\n${sourceLines(cited, language).join('\n')}`;
      yield { type: 'text-delta', delta: sourceList };
      yield { type: 'final', text: note + verified.text + sourceList, citations: verified.citations, verification: verified.report, abstained: false, coverage: retrieval.coverage, query: question };
    } catch (error) {
      yield answerError(error);
    }
  }

  private async *abstain(question: string, language: AnswerLanguage, sources: readonly Source[]): AsyncIterable<AnswerEvent> {
    const text = abstentionText(sources.slice(0, 3), language);
    yield { type: 'text-delta', delta: text };
    const verified = verifyAnswer(text, sources, language);
    yield { type: 'final', text: verified.text, citations: verified.citations, verification: verified.report, abstained: true, coverage: 'not_covered', query: question };
  }

  /** A follow-up is rewritten by the model into a standalone query; anything else is searched as asked. */
  private async standalone(messages: readonly ChatMessage[], signal: AbortSignal | undefined): Promise<string> {
    const question = lastUserMessage(messages);
    const earlier = messages.slice(0, messages.findLastIndex((message) => message.role === 'user'));
    if (earlier.length === 0 || !isFollowUp(question)) return standaloneQuestion(messages).question;
    const history = earlier.map((message) => `${message.role}: ${message.content}`).join('\n');
    const rewritten = (await this.invokeModel([new HumanMessage(await this.settings.prompts.rewrite.format({ history, question }))], signal)).trim();
    return rewritten || standaloneQuestion(messages).question;
  }

  private async *streamModel(prompt: BaseMessage[], signal: AbortSignal | undefined): AsyncIterable<string> {
    const { requestSignal, state } = this.requestSignal(signal);
    try {
      const stream = await this.settings.model.stream(prompt, { signal: requestSignal });
      for await (const chunk of stream) {
        this.recordUsage(chunk.usage_metadata);
        const piece = contentText(chunk.content);
        if (piece) yield piece;
      }
    } catch (error) {
      throw upstreamError(error, { ...state(), model: this.settings.modelName });
    }
  }

  private async invokeModel(prompt: BaseMessage[], signal: AbortSignal | undefined): Promise<string> {
    const { requestSignal, state } = this.requestSignal(signal);
    try {
      const message = await this.settings.model.invoke(prompt, { signal: requestSignal });
      this.recordUsage(message.usage_metadata);
      return contentText(message.content);
    } catch (error) {
      throw upstreamError(error, { ...state(), model: this.settings.modelName });
    }
  }

  /** The caller's signal combined with this request's time limit, and which of them fired. */
  private requestSignal(signal: AbortSignal | undefined) {
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    const requestSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
    return { requestSignal, state: () => ({ timedOut: timeout.aborted, cancelled: signal?.aborted ?? false }) };
  }

  private recordUsage(usage: { input_tokens: number; output_tokens: number } | undefined): void {
    if (usage && this.onUsage) this.onUsage({ inputTokens: usage.input_tokens, outputTokens: usage.output_tokens });
  }
}

function contentText(content: MessageContent): string {
  if (typeof content === 'string') return content;
  return content.map((part) => (typeof part === 'string' ? part : part.type === 'text' && 'text' in part ? String(part.text) : '')).join('');
}
