import { describe, expect, it } from 'vitest';
import { countHan, hasHan, isAllHan, leansEnglish } from '../../src/text/script.ts';

describe('script detection', () => {
  it('finds and counts Han characters, Traditional ones and extensions included', () => {
    expect(hasHan('GDP 增长')).toBe(true);
    expect(hasHan('GDP, 2024！')).toBe(false);
    expect(countHan('新質生產力 and 𠀀')).toBe(6);
    expect(isAllHan('新质生产力')).toBe(true);
    expect(isAllHan('5G技术')).toBe(false);
    expect(isAllHan('')).toBe(false);
  });

  it('leans English only with more Latin words than Chinese characters', () => {
    expect(leansEnglish({ latinWords: 4, hanCharacters: 3 })).toBe(true);
    expect(leansEnglish({ latinWords: 3, hanCharacters: 3 })).toBe(false);
    expect(leansEnglish({ latinWords: 0, hanCharacters: 0 })).toBe(false);
  });
});
