// A question asking for a quantity is answered only by a text stating one; a date is no quantity.
import { describe, expect, it } from 'vitest';
import { asksForQuantity, statesNumber } from '../../src/text/answer-type.ts';

describe('answer types', () => {
  it('tells a question asking for a quantity', () => {
    expect(asksForQuantity('中央财政的补贴比例是多少？')).toBe(true);
    expect(asksForQuantity('How many demonstration zones are there?')).toBe(true);
    expect(asksForQuantity('新质生产力的特点是什么？')).toBe(false);
  });

  it('finds a quantity in a text, but not in the dates its speeches are noted with, spaced or not', () => {
    expect(statesNumber('安排了3000亿元')).toBe(true);
    expect(statesNumber('翻了两倍')).toBe(true);
    expect(statesNumber('要因地制宜发展新质生产力。（2023年9月8日在黑龙江考察时的讲话）')).toBe(false);
    expect(statesNumber('(2024 年 12 月 11 日在中央经济工作会议上的讲话)')).toBe(false);
    expect(statesNumber('12月中旬，在北京召开会议')).toBe(false);
  });
});
