import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAnswer } from '../../src/answer/collect-answer.ts';
import { standaloneQuestion } from '../../src/answer/rewrite-follow-up.ts';
import type { Answerer } from '../../src/answer/types.ts';
import { readGoldSet, type GoldQuestion } from '../../src/evaluation/gold-set.ts';
import { evaluateAnswers, type AnswerReport } from '../../src/evaluation/evaluate-answers.ts';
import { createOfflineEngine } from '../../src/setup/create-answerer.ts';
import { prepareIndex } from '../../src/setup/prepare-index.ts';
import { GOLD_FILE, temporaryDirectory, testConfig } from '../support/temporary-index.ts';

let answerer: Answerer;
let removeIndex: () => Promise<void>;
let report: AnswerReport;

beforeAll(async () => {
  const directory = await temporaryDirectory();
  removeIndex = directory.remove;
  const { index } = await prepareIndex(testConfig(directory.path));
  answerer = createOfflineEngine(index).answerer;
  const gold: GoldQuestion[] = await readGoldSet(GOLD_FILE);
  report = await evaluateAnswers(answerer, gold);
});
afterAll(() => removeIndex());

describe('offline answers on the gold questions, Chinese and English', () => {
  it('cite a gold excerpt in at least 95% of in-scope answers and abstain on at most 1 in 25', () => {
    expect(report.inScope).toBeGreaterThanOrEqual(90);
    expect(report.citesGold / report.inScope).toBeGreaterThanOrEqual(0.95);
    expect(report.abstainedInScope / report.inScope).toBeLessThanOrEqual(1 / 25);
  });

  it('abstain with no citations on every out-of-scope question', () => {
    expect(report.outOfScope).toBeGreaterThanOrEqual(5);
    expect(report.abstainedOutOfScope).toBe(report.outOfScope);
  });

  it('quote only verbatim text and cite only given sources', () => {
    expect(report.unverifiedQuotes).toBe(0);
    expect(report.invalidMarkers).toBe(0);
    expect(report.dateMismatches).toBe(0);
    expect(report.errors).toBe(0);
  });
});

describe('an offline answer', () => {
  it('streams sources, then text, then exactly one final event whose text is what was streamed', async () => {
    const types: string[] = [];
    const collected = await collectAnswer(answerer, [{ role: 'user', content: '新质生产力的显著特点是什么？' }], {}, (event) => types.push(event.type));
    expect(types[0]).toBe('sources');
    expect(types.at(-1)).toBe('final');
    expect(types.filter((type) => type === 'final' || type === 'error')).toHaveLength(1);
    expect(collected.final!.text).toBe(collected.streamedText);
  });

  it('opens with a lead sentence, quotes the definition with its marker, and names date and occasion', async () => {
    const { final } = await collectAnswer(answerer, [{ role: 'user', content: '新质生产力的显著特点是什么？' }]);
    const lines = final!.text.split('\n');
    expect(lines[0]).toMatch(/^收录的讲话摘录中有.+谈到这个问题，原文如下：$/u);
    expect(lines[1]).toBe('- 「新质生产力的显著特点是创新，既包括技术和业态模式层面的创新，也包括管理和制度层面的创新。」[1]');
    expect(final!.text).toContain('[1] 2024年1月31日，在二十届中央政治局第十一次集体学习时的讲话');
    expect(final!.abstained).toBe(false);
  });

  it('answers a Traditional Chinese question in Traditional Chinese, keeping the quotes verbatim', async () => {
    const { final } = await collectAnswer(answerer, [{ role: 'user', content: '新質生產力的顯著特點是什麼？' }]);
    expect(final!.text.split('\n')[0]).toMatch(/^收錄的講話摘錄中有.+談到這個問題，原文如下：$/u);
    expect(final!.text).toContain('「新质生产力的显著特点是创新');
  });

  it('orders quotes by date when the question is about time', async () => {
    const { final, sources } = await collectAnswer(answerer, [{ role: 'user', content: '2024年以来关于传统产业改造升级的论述有什么变化？' }]);
    const citedDates = [...final!.text.matchAll(/」\[(\d+)\]/gu)].map((match) => sources.find((source) => source.n === Number(match[1]))!.date);
    expect(citedDates.length).toBeGreaterThan(1);
    expect(citedDates).toEqual([...citedDates].sort());
  });

  it('says plainly when the excerpts do not cover a question and names the nearest ones without citing them', async () => {
    const { final } = await collectAnswer(answerer, [{ role: 'user', content: '明天北京的天气怎么样？' }]);
    expect(final!.abstained).toBe(true);
    expect(final!.citations).toEqual([]);
    expect(final!.text).toMatch(/^收录的讲话摘录没有谈到这个问题，因此无法据此回答。\n最接近的摘录是：\n- \d{4}年/u);
  });

  it('answers a follow-up with the topic of the question before it', async () => {
    const conversation = [
      { role: 'user' as const, content: '东中西部之间如何开展科技创新合作？' },
      { role: 'assistant' as const, content: '……' },
      { role: 'user' as const, content: '那中部地区呢？' },
    ];
    expect(standaloneQuestion(conversation)).toEqual({ question: '东中西部之间如何开展科技创新合作？ 那中部地区呢？', rewritten: true });
    const { final, sources } = await collectAnswer(answerer, conversation);
    expect(final!.query).toBe('东中西部之间如何开展科技创新合作？ 那中部地区呢？');
    expect(sources.slice(0, 2).map((source) => source.section)).toContain(7);
  });

  it('replaces the dates of the previous question when a follow-up names a new one', () => {
    const conversation = [
      { role: 'user' as const, content: '2024年12月对传统产业讲了什么？' },
      { role: 'user' as const, content: '2025年3月呢？' },
    ];
    expect(standaloneQuestion(conversation).question).toBe('对传统产业讲了什么？ 2025年3月呢？');
  });

  it('ends with an error event, not an exception, when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const { final, error } = await collectAnswer(answerer, [{ role: 'user', content: '绿色发展' }], { signal: controller.signal });
    expect(final).toBeUndefined();
    expect(error).toEqual({ type: 'error', code: 'aborted', message: 'the answer was cancelled' });
  });
});
