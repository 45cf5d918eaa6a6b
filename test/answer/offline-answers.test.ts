import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAnswer } from '../../src/answer/collect-answer.ts';
import { standaloneQuestion } from '../../src/answer/rewrite-follow-up.ts';
import { parseDateIntent } from '../../src/dates/parse-date-intent.ts';
import type { Answerer } from '../../src/answer/types.ts';
import { readGoldSet, type GoldQuestion } from '../../src/evaluation/gold-set.ts';
import { evaluateAnswers, type AnswerReport } from '../../src/evaluation/evaluate-answers.ts';
import { createOfflineEngine } from '../../src/setup/create-answerer.ts';
import { prepareIndex } from '../../src/setup/prepare-index.ts';
import { GOLD_FILE, temporaryDirectory, testConfig } from '../support/temporary-index.ts';

/** The day the gold set's relative dates count from. */
const TODAY = '2026-11-30';
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
    expect(final!.coverage).toBe('not_covered');
    expect(final!.citations).toEqual([]);
    expect(final!.text).toMatch(/^收录的讲话摘录没有谈到这个问题，因此无法据此回答。\n最接近的摘录是：\n- \d{4}年/u);
  });

  it('between answered and not covered, quotes the nearest excerpts after saying they may not address the question directly', async () => {
    // 风电 and 光伏 (wind and solar power) are nowhere in the corpus; its excerpts on new energy are the nearest.
    const { final } = await collectAnswer(answerer, [{ role: 'user', content: '风电、光伏这类产业在讲话里有没有位置？' }]);
    expect(final!.coverage).toBe('partial');
    expect(final!.abstained).toBe(false);
    expect(final!.text.split('\n')[0]).toBe('收录的讲话摘录可能没有直接谈到这个问题，以下是最接近的内容。');
    expect(final!.citations.length).toBeGreaterThan(0);
    const answered = (await collectAnswer(answerer, [{ role: 'user', content: '新质生产力的显著特点是什么？' }])).final!;
    expect(answered.coverage).toBe('answered');
    expect(answered.text).not.toContain('可能没有直接谈到');
  });

  it('answers a follow-up about what it contrasts with the previous question, not about the previous topic', async () => {
    const conversation = [
      { role: 'user' as const, content: '西部大开发座谈会上讲了什么？' },
      { role: 'assistant' as const, content: '……' },
      { role: 'user' as const, content: '那中部地区呢？' },
    ];
    const { question, rewritten } = standaloneQuestion(conversation, TODAY);
    expect(rewritten).toBe(true);
    expect(question).toContain('中部地区');
    expect(question).not.toContain('西部');
    const { final, sources } = await collectAnswer(answerer, conversation, { today: TODAY });
    expect(final!.query).toBe(question);
    // The carried-over words (座谈会, 讲了什么) match the 西部 speech as well: the new subject decides what is cited.
    const cited = sources.filter((source) => final!.citations.includes(source.n));
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.every((source) => `${source.text}${source.occasion}`.includes('中部'))).toBe(true);
    expect(final!.text).not.toContain('西部');
  });

  it('answers a follow-up that names another region of China from the speeches on that region, in Chinese and English', async () => {
    /** The text and occasion of each excerpt the second answer cites. */
    const secondCites = async (first: string, second: string) => {
      const before = await collectAnswer(answerer, [{ role: 'user', content: first }], { today: TODAY });
      const conversation = [
        { role: 'user' as const, content: first },
        { role: 'assistant' as const, content: before.final!.text },
        { role: 'user' as const, content: second },
      ];
      const { final, sources } = await collectAnswer(answerer, conversation, { today: TODAY });
      return sources.filter((source) => final!.citations.includes(source.n)).map((source) => `${source.text}${source.occasion}`);
    };
    // 东北 is nowhere in the corpus; what it says of 黑龙江, a north-eastern province, is what answers.
    const northeast = await secondCites('中部地区要怎么发展新质生产力？', '那东北呢？');
    expect(northeast.length).toBeGreaterThan(0);
    expect(northeast.every((cited) => cited.includes('黑龙江') && !cited.includes('中部'))).toBe(true);
    // "the west" beside a region of China is the western region, not the West.
    const west = await secondCites('What did he say about the central provinces?', 'And the west?');
    expect(west.length).toBeGreaterThan(0);
    expect(west.every((cited) => cited.includes('西部'))).toBe(true);
  });

  it('answers an English follow-up about its new subject, not with the previous answer', async () => {
    const first = [{ role: 'user' as const, content: 'What did he say about emerging industries?' }];
    const before = await collectAnswer(answerer, first, { today: TODAY });
    const { final, sources } = await collectAnswer(
      answerer,
      [...first, { role: 'assistant', content: before.final!.text }, { role: 'user', content: 'And what about traditional industries?' }],
      { today: TODAY },
    );
    expect(final!.text).not.toBe(before.final!.text);
    const cited = sources.filter((source) => final!.citations.includes(source.n));
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.every((source) => source.text.includes('传统产业'))).toBe(true);
  });

  it('keeps the topic and changes the period when a follow-up names only a new date, in Chinese and English', () => {
    /** The standalone question a two-turn conversation becomes, and the range it asks about. */
    const followUp = (first: string, second: string) => {
      const { question } = standaloneQuestion(
        [
          { role: 'user', content: first },
          { role: 'user', content: second },
        ],
        TODAY,
      );
      return { question, range: parseDateIntent(question, { today: TODAY }).range };
    };
    const cases: Array<{ first: string; second: string; keeps?: string; range: { from: string; to: string | undefined } }> = [
      { first: '2024年12月对传统产业讲了什么？', second: '2025年3月呢？', keeps: '传统产业', range: { from: '2025-03-01', to: '2025-03-31' } },
      {
        first: 'What was his message to the Jiangsu lawmakers in 2024?',
        second: 'And in 2025?',
        keeps: 'Jiangsu lawmakers',
        range: { from: '2025-01-01', to: '2025-12-31' },
      },
      // A half year without its own year belongs to the year the conversation was about.
      { first: '2024年上半年关于因地制宜都说了些啥？', second: '那下半年呢？', keeps: '因地制宜', range: { from: '2024-07-01', to: '2024-12-31' } },
      // 隔年, "the following year": counted from the year the conversation was about, not from today.
      { first: '2024年两会时在江苏代表团讲了什么？', second: '那隔年呢？', keeps: '江苏代表团', range: { from: '2025-01-01', to: '2025-12-31' } },
      { first: 'What did he tell the Jiangsu delegation in March 2024?', second: 'And the following year?', range: { from: '2025-01-01', to: '2025-12-31' } },
      // 那之后呢, "what came next?": the same topic, from the day after the previous period on.
      { first: '2024年上半年关于因地制宜都说了些啥？', second: '那之后呢？', keeps: '因地制宜', range: { from: '2024-07-01', to: undefined } },
      { first: 'What did he say about talent in spring 2024?', second: 'What came next?', keeps: 'talent', range: { from: '2024-06-01', to: undefined } },
      // …unless it names a period of its own, which then takes the year the conversation was about.
      {
        first: 'What did he say about talent in spring 2024?',
        second: 'And what came next, in July?',
        keeps: 'talent',
        range: { from: '2024-07-01', to: '2024-07-31' },
      },
    ];
    for (const { first, second, keeps, range } of cases) {
      const asked = followUp(first, second);
      if (keeps) expect(asked.question).toContain(keeps);
      expect(asked.range, `${first} → ${second}`).toEqual(range);
    }
  });

  it('says a period holds nothing on a topic the corpus never mentions, rather than listing what it holds', async () => {
    const { final } = await collectAnswer(answerer, [{ role: 'user', content: '2024年有没有讲过房地产？' }], { today: TODAY });
    expect(final!.abstained).toBe(true);
    expect(final!.citations).toEqual([]);
  });

  it('answers a period question with every on-topic speech in it, in date order, citing [1], [2], … with no gaps', async () => {
    const { final, sources } = await collectAnswer(answerer, [{ role: 'user', content: '2024年7月以来讲了什么？' }], { today: TODAY });
    const cited = sources.filter((source) => final!.citations.includes(source.n));
    expect(cited.every((source) => source.date >= '2024-07-01')).toBe(true);
    expect(new Set(cited.map((source) => source.date)).size).toBe(5);
    const markers = [...new Set([...final!.text.matchAll(/\[(\d+)\]/gu)].map((match) => Number(match[1])))];
    expect(markers).toEqual(markers.map((_n, index) => index + 1));
    const quotedDates = [...final!.text.matchAll(/^- (\d{4})年(\d{1,2})月(\d{1,2})日/gmu)].map(
      (match) => `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`,
    );
    expect(quotedDates).toEqual([...quotedDates].sort());
    expect(final!.text).toMatch(/^在2024年7月1日以来，收录的讲话中有5篇谈到这个问题/u);
  });

  it('answers "the latest" with the newest speech on the topic and says its date', async () => {
    const { final, sources } = await collectAnswer(answerer, [{ role: 'user', content: "What's the most recent speech in here and what does it say?" }], {
      today: TODAY,
    });
    const cited = sources.filter((source) => final!.citations.includes(source.n));
    expect(new Set(cited.map((source) => source.date))).toEqual(new Set(['2025-04-30']));
    expect(final!.text).toContain('30 April 2025');
  });

  it('says when a period holds nothing and names the nearest dates, citing nothing', async () => {
    const { final } = await collectAnswer(answerer, [{ role: 'user', content: '2023年年底有讲过什么吗？' }], { today: TODAY });
    expect(final!.citations).toEqual([]);
    expect(final!.text).toContain('没有2023年11月1日至2023年12月31日的讲话');
    expect(final!.text).toContain('2023年9月8日和2024年1月31日');
  });

  it('ignores an impossible date with a note instead of failing', async () => {
    const { final, error } = await collectAnswer(answerer, [{ role: 'user', content: '2024年13月99日以前关于传统产业讲了什么？' }], { today: TODAY });
    expect(error).toBeUndefined();
    expect(final!.text).toContain('（2024年13月99日不是有效日期，已忽略。）');
    expect(final!.verification.unverifiedQuotes).toEqual([]);
  });

  it('never quotes a rhetorical question, and quotes topical sentences rather than ones sharing a function word', async () => {
    const { final } = await collectAnswer(answerer, [{ role: 'user', content: 'What are new quality productive forces?' }], { today: TODAY });
    for (const [, quote] of final!.text.matchAll(/「([^」]+)」/gu)) expect(quote).not.toMatch(/[？?]$/u);
    const green = await collectAnswer(answerer, [{ role: 'user', content: '绿色发展有什么要求？' }], { today: TODAY });
    expect(green.final!.text).not.toContain('「这就要求');
  });

  it('ends with an error event, not an exception, when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const { final, error } = await collectAnswer(answerer, [{ role: 'user', content: '绿色发展' }], { signal: controller.signal });
    expect(final).toBeUndefined();
    expect(error).toEqual({ type: 'error', code: 'aborted', message: 'the answer was cancelled' });
  });
});
