import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitClaims } from '../../src/answer/split-claims.ts';
import type { Source } from '../../src/answer/types.ts';
import { VerifiedTextGate } from '../../src/answer/verified-text-gate.ts';
import { verifyAnswer } from '../../src/answer/verify-answer.ts';

const source = (n: number, text: string, date: string): Source => ({
  n,
  id: `doc#${n}`,
  section: n,
  documentTitle: '标题',
  date,
  occasion: '在某会议上的讲话',
  text,
  highlight: { start: 0, end: text.length },
});
const SOURCES = [
  source(1, '新质生产力的显著特点是创新。绿色发展是高质量发展的底色。', '2024-01-31'),
  source(2, '传统产业改造升级，也能发展新质生产力。', '2024-05-23'),
];

/** Feeds a text to a gate in the given pieces and returns everything it released. */
function streamThrough(pieces: readonly string[], language: 'zh' | 'en' = 'zh') {
  const gate = new VerifiedTextGate(SOURCES, language);
  const released: string[] = [];
  for (const piece of pieces) released.push(gate.push(piece));
  released.push(gate.end());
  return { gate, text: released.join(''), releases: released };
}

describe('quotations are checked whole', () => {
  it('flags a multi-sentence invented quote that a split at 。 used to pass', () => {
    const verified = verifyAnswer('讲话指出「新质生产力等于房地产。这是根本要求。」[1]。', SOURCES, 'zh');
    expect(verified.report.unverifiedQuotes).toEqual(['新质生产力等于房地产。这是根本要求。']);
    expect(verified.text).toBe('讲话指出「新质生产力等于房地产。这是根本要求。」（未核实）[1]。');
  });

  it('passes a genuine quote spanning two sentences, in 「」 and “” alike', () => {
    for (const text of [
      '「新质生产力的显著特点是创新。绿色发展是高质量发展的底色。」[1]',
      '他说“新质生产力的显著特点是创新。绿色发展是高质量发展的底色。”[1]',
    ]) {
      expect(verifyAnswer(text, SOURCES, 'zh').report.unverifiedQuotes).toEqual([]);
    }
  });

  it('flags an English answer that puts a translation in quotation marks, straight or curly', () => {
    const straight = verifyAnswer('He said "innovation is the defining feature" [1]. He also said “green is the base colour” [1].', SOURCES, 'en');
    expect(straight.report.unverifiedQuotes).toEqual(['innovation is the defining feature', 'green is the base colour']);
    expect(straight.text).toBe(
      'He said "innovation is the defining feature" (a translation, not the speaker\'s words) [1]. He also said “green is the base colour” (a translation, not the speaker\'s words) [1].',
    );
    expect(verifyAnswer('He said “新质生产力的显著特点是创新” [1].', SOURCES, 'en').report.unverifiedQuotes).toEqual([]);
  });

  it('checks a quotation that is never closed, to the end of its claim', () => {
    // An invented quotation whose closing mark the model left out is flagged, however many sentences it runs over.
    const invented = verifyAnswer('创新[1]。讲话说「新质生产力等于房地产。这是根本要求[1]。\n绿色是底色[1]。', SOURCES, 'zh');
    expect(invented.report.unverifiedQuotes).toEqual(['新质生产力等于房地产。这是根本要求']);
    expect(invented.text).toBe('创新[1]。讲话说「新质生产力等于房地产。这是根本要求[1]。（未核实）\n绿色是底色[1]。');
    // A genuine one passes, as does the start of a genuine one cut off by the model's length limit.
    expect(verifyAnswer('讲话说「新质生产力的显著特点是创新[1]。', SOURCES, 'zh').report.unverifiedQuotes).toEqual([]);
    expect(verifyAnswer('创新[1]。讲话说「绿色发展是高质量', SOURCES, 'zh').report.unverifiedQuotes).toEqual([]);
    // In English, words of its own in an unclosed quotation are a translation.
    expect(verifyAnswer('He said "innovation is the defining feature [1].', SOURCES, 'en').text).toBe(
      'He said "innovation is the defining feature [1]. (a translation, not the speaker\'s words)',
    );
    // A closed quotation before an unclosed one is judged on its own.
    expect(verifyAnswer('「新质生产力的显著特点是创新」，「等于房地产[1]。', SOURCES, 'zh').report.unverifiedQuotes).toEqual(['等于房地产']);
  });

  it('keeps a claim together with the markers after its full stop', () => {
    expect(splitClaims('创新是特点。[1] 绿色是底色[1]。传统')).toEqual({ claims: ['创新是特点。[1]', ' 绿色是底色[1]。'], rest: '传统' });
    // Markers may still arrive after a full stop at the end of what has come so far.
    expect(splitClaims('创新是特点。').claims).toEqual([]);
    expect(splitClaims('创新是特点。[1').claims).toEqual([]);
    expect(splitClaims('It is innovation [1]. Green').claims).toEqual(['It is innovation [1].']);
  });
});

describe('the verified text stream', () => {
  it('holds a sentence until it is complete, then releases it verified', () => {
    const { releases, gate } = streamThrough(['创新是显著', '特点[1][7]', '。绿色', '是底色[2]。']);
    // The full stop ends the first claim only once the next text shows no marker follows it.
    expect(releases).toEqual(['', '', '创新是显著特点[1]。', '', '绿色是底色[2]。']);
    expect(gate.report.invalidMarkers).toBe(1);
  });

  it('holds an open quotation across its sentence marks', () => {
    const { releases } = streamThrough(['创新[1]。讲话说「新质生产力等于房地产。', '这是根本要求。」', '[1]。后'], 'zh');
    expect(releases).toEqual(['创新[1]。', '', '讲话说「新质生产力等于房地产。这是根本要求。」（未核实）[1]。', '后']);
  });

  it('shows nothing of an answer that cites nothing', () => {
    expect(streamThrough(['特点是创新。', '绿色是底色。']).text).toBe('');
    expect(streamThrough(['NOT_COVERED']).text).toBe('');
  });

  it('releases, however the text is cut into pieces, exactly the whole answer verified at once', () => {
    const fragment = fc.constantFrom(
      '创新是特点',
      '[1]',
      '[2]',
      '[9]',
      '[1, 2]',
      '。',
      '！',
      '.',
      ' ',
      '\n',
      '「新质生产力的显著特点是创新」',
      '「等于房地产。这是要求。」',
      '“绿色发展是高质量发展的底色。”',
      '"a translation"',
      '「等于房地产',
      '“绿色发展是',
      '"a',
      '2024年1月31日',
      'It is green',
      '- ',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 20 }), fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 8 }), (fragments, cuts) => {
        const text = fragments.join('');
        const positions = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((left, right) => left - right);
        const pieces = [0, ...positions].map((start, index) => text.slice(start, [...positions, text.length][index]));
        const whole = verifyAnswer(text, SOURCES, 'zh');
        const streamed = streamThrough(pieces);
        expect(streamed.text).toBe(whole.citations.length > 0 ? whole.text : '');
        expect(streamed.gate.citations).toEqual(whole.citations);
        expect(streamed.gate.report).toEqual(whole.report);
      }),
      { numRuns: 400 },
    );
  });
});
