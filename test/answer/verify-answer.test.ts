import { describe, expect, it } from 'vitest';
import { verifyAnswer } from '../../src/answer/verify-answer.ts';
import type { Source } from '../../src/answer/types.ts';

const source = (n: number, text: string, date: string, occasion = '在某会议上的讲话'): Source => ({
  n,
  id: `doc#${n}`,
  section: n,
  documentTitle: '标题',
  date,
  occasion,
  text,
  highlight: { start: 0, end: text.length },
});
const SOURCES = [
  source(1, '新质生产力的显著特点是创新。绿色发展是高质量发展的底色。', '2024-01-31'),
  source(2, '传统产业改造升级，也能发展新质生产力。', '2024-05-23', '在企业和专家座谈会上的讲话'),
];

describe('verifying an answer', () => {
  it('passes valid markers, verbatim quotes and matching dates unchanged', () => {
    const text = '2024年1月31日的讲话指出，「新质生产力的显著特点是创新」[1]。在2024年5月23日又说「传统产业改造升级，也能发展新质生产力」[2]。';
    const verified = verifyAnswer(text, SOURCES, 'zh');
    expect(verified.text).toBe(text);
    expect(verified.citations).toEqual([1, 2]);
    expect(verified.report).toEqual({ invalidMarkers: 0, unverifiedQuotes: [], dateMismatches: [] });
  });

  it('removes and counts markers that name no source, and splits grouped markers', () => {
    const verified = verifyAnswer('创新是显著特点[1][7]。也包括传统产业[2, 9]。', SOURCES, 'zh');
    expect(verified.text).toBe('创新是显著特点[1]。也包括传统产业[2]。');
    expect(verified.report.invalidMarkers).toBe(2);
    expect(verified.citations).toEqual([1, 2]);
  });

  it('flags and marks a quote that is not verbatim in the source it cites', () => {
    const verified = verifyAnswer('讲话说「新质生产力的本质是创新」[1]。', SOURCES, 'zh');
    expect(verified.report.unverifiedQuotes).toEqual(['新质生产力的本质是创新']);
    expect(verified.text).toBe('讲话说「新质生产力的本质是创新」（未核实）[1]。');
    const english = verifyAnswer('He said “绿色发展是高质量发展的底色” [2].', SOURCES, 'en');
    expect(english.report.unverifiedQuotes).toEqual(['绿色发展是高质量发展的底色']);
    expect(english.text).toContain('” (unverified) [2]');
  });

  it('accepts a quote that differs only in width, spacing or script', () => {
    const verified = verifyAnswer('「綠色發展 是高質量發展的底色」[1]。', SOURCES, 'zh-Hant');
    expect(verified.report.unverifiedQuotes).toEqual([]);
  });

  it('reports a stated date that is not the date of the source cited with it', () => {
    const verified = verifyAnswer('2023年9月8日的讲话强调「新质生产力的显著特点是创新」[1]。On 23 May 2024 he spoke of tradition [2].', SOURCES, 'zh');
    expect(verified.report.dateMismatches).toEqual(['2023年9月8日']);
    // Marked where it stands, so that a client that reads only the text sees it too.
    expect(verified.text).toContain('2023年9月8日（与所引来源的日期不符）的讲话');
    expect(verified.text).toContain('On 23 May 2024 he spoke');
    const english = verifyAnswer('On 8 September 2023 he said so [1].', SOURCES, 'en');
    expect(english.text).toBe('On 8 September 2023 (not the date of the source cited) he said so [1].');
    // The bounds of a period are not the date of a speech.
    const period = verifyAnswer(
      '2023年9月以来，他在2024年5月23日的讲话中谈到传统产业[2]。Since September 2023 he has said so [2]. 2023年9月至2024年5月间也讲过[2]。',
      SOURCES,
      'zh',
    );
    expect(period.report.dateMismatches).toEqual([]);
    expect(period.text).not.toContain('不符');
  });
});
