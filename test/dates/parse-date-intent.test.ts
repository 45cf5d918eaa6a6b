import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRealIsoDate } from '../../src/dates/calendar.ts';
import { formatDate, formatRange } from '../../src/dates/format-date.ts';
import { parseDateIntent } from '../../src/dates/parse-date-intent.ts';

const TODAY = '2026-11-30';
const read = (question: string) => parseDateIntent(question, { today: TODAY });

describe('the date parser', () => {
  it('reads absolute Chinese dates, ranges and relations', () => {
    expect(read('24年3月份他都讲了些什么？').range).toEqual({ from: '2024-03-01', to: '2024-03-31' });
    expect(read('2024年4月23日那天讲话').range).toEqual({ from: '2024-04-23', to: '2024-04-23' });
    expect(read('从2024年7月以来讲了什么').range).toEqual({ from: '2024-07-01', to: undefined });
    expect(read('2024年6月之后').range).toEqual({ from: '2024-07-01', to: undefined });
    expect(read('2025年以前').range).toEqual({ from: undefined, to: '2024-12-31' });
    expect(read('2024年3月到6月之间').range).toEqual({ from: '2024-03-01', to: '2024-06-30' });
    expect(read('2024年中央经济工作会议').range).toEqual({ from: '2024-01-01', to: '2024-12-31' });
  });

  it('reads Chinese periods: halves, quarters, the start and end of a year, seasons', () => {
    expect(read('2024年上半年').range).toEqual({ from: '2024-01-01', to: '2024-06-30' });
    expect(read('2024年下半年讲了什么').range).toEqual({ from: '2024-07-01', to: '2024-12-31' });
    expect(read('2025年一季度').range).toEqual({ from: '2025-01-01', to: '2025-03-31' });
    expect(read('2024年第四季度').range).toEqual({ from: '2024-10-01', to: '2024-12-31' });
    expect(read('2024年初').range).toEqual({ from: '2024-01-01', to: '2024-02-29' });
    expect(read('2023年年底').range).toEqual({ from: '2023-11-01', to: '2023-12-31' });
    expect(read('2024年秋天').range).toEqual({ from: '2024-09-01', to: '2024-11-30' });
    expect(read('2024年冬天那阵子').range).toEqual({ from: '2024-12-01', to: '2025-02-28' });
  });

  it('reads English dates, ranges, relations and periods', () => {
    expect(read('On 15 July 2024, what').range).toEqual({ from: '2024-07-15', to: '2024-07-15' });
    expect(read('After September 2024, how').range).toEqual({ from: '2024-10-01', to: undefined });
    expect(read('Since the start of 2025').range).toEqual({ from: '2025-01-01', to: undefined });
    expect(read('Up until the end of January 2024').range).toEqual({ from: undefined, to: '2024-01-31' });
    expect(read('between March and June 2024').range).toEqual({ from: '2024-03-01', to: '2024-06-30' });
    expect(read('from 2023 to 2024').range).toEqual({ from: '2023-01-01', to: '2024-12-31' });
    expect(read('What was said in the second half of 2024?').range).toEqual({ from: '2024-07-01', to: '2024-12-31' });
    expect(read('Q1 2024: anything').range).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(read('In late 2024').range).toEqual({ from: '2024-09-01', to: '2024-12-31' });
    expect(read('early 2025').range).toEqual({ from: '2025-01-01', to: '2025-04-30' });
    expect(read('summer 2024 - did chips come up?').range).toEqual({ from: '2024-06-01', to: '2024-08-31' });
    expect(read('may I ask about it').range).toBeUndefined();
    expect(read('in the latter half of 2024').range).toEqual({ from: '2024-07-01', to: '2024-12-31' });
    expect(read('anything on chips in 2024/12?').range).toEqual({ from: '2024-12-01', to: '2024-12-31' });
    expect(read('12/2024').range).toEqual({ from: '2024-12-01', to: '2024-12-31' });
    expect(read('2024.12.11').range).toEqual({ from: '2024-12-11', to: '2024-12-11' });
    expect(read('二〇二四年三月讲了什么').range).toEqual({ from: '2024-03-01', to: '2024-03-31' });
    expect(read('二〇二四年三月讲了什么').remainder.trim()).toBe('讲了什么');
  });

  it('reads dates relative to the today it is given, and says so', () => {
    expect(read('去年讲了什么')).toMatchObject({ range: { from: '2025-01-01', to: '2025-12-31' }, relative: true });
    expect(read('今年有没有新讲话')).toMatchObject({ range: { from: '2026-01-01', to: '2026-12-31' }, relative: true });
    expect(parseDateIntent('last year', { today: '2030-06-01' }).range).toEqual({ from: '2029-01-01', to: '2029-12-31' });
    expect(read('the first half of last year').range).toEqual({ from: '2025-01-01', to: '2025-06-30' });
    // The past year is the twelve months up to today, not last calendar year.
    expect(read('过去一年讲了什么')).toMatchObject({ range: { from: '2025-12-01', to: '2026-11-30' }, relative: true });
    expect(read('What was said in the past year?').range).toEqual({ from: '2025-12-01', to: '2026-11-30' });
    expect(parseDateIntent('the last 12 months', { today: '2028-02-29' }).range).toEqual({ from: '2027-03-01', to: '2028-02-29' });
    // last December, last winter: the latest that has ended; this spring: today's year's.
    expect(read('What did he say last December?')).toMatchObject({ range: { from: '2025-12-01', to: '2025-12-31' }, relative: true });
    expect(read('last winter').range).toEqual({ from: '2025-12-01', to: '2026-02-28' });
    expect(parseDateIntent('last March', { today: '2026-03-15' }).range).toEqual({ from: '2025-03-01', to: '2025-03-31' });
    expect(read('this spring').range).toEqual({ from: '2026-03-01', to: '2026-05-31' });
  });

  it('reads the order asked for: the latest, the first time', () => {
    expect(read('最新的说法是啥？').order).toBe('latest');
    expect(read('最近一次讲话').order).toBe('latest');
    expect(read("What's the most recent speech?").order).toBe('latest');
    expect(read('第一次提醒各地别一窝蜂是在哪一次？').order).toBe('first');
    expect(read('When did AI first come up?').order).toBe('first');
    expect(read('二十届中央政治局第十一次集体学习').order).toBeUndefined();
    expect(read('What did his last speech say?').order).toBe('latest');
    expect(read('the final remarks of 2024')).toMatchObject({ order: 'latest', range: { from: '2024-01-01', to: '2024-12-31' } });
    expect(read('What did he say last year?').order).toBeUndefined();
    expect(read('the first half of 2025').order).toBeUndefined();
  });

  it('ignores impossible dates and names them, instead of failing', () => {
    expect(read('2024年13月99日以前')).toMatchObject({ range: undefined, invalid: ['2024年13月99日'] });
    expect(read('2024年0月以前')).toMatchObject({ range: undefined, invalid: ['2024年0月'] });
    expect(read('before 2024-13-45')).toMatchObject({ range: undefined, invalid: ['2024-13-45'] });
    expect(read('prior to 0 May 2024')).toMatchObject({ range: undefined, invalid: ['0 May 2024'] });
    expect(read('2099-99-99')).toMatchObject({ range: undefined, invalid: ['2099-99-99'] });
    expect(read('2023年2月29日')).toMatchObject({ range: undefined, invalid: ['2023年2月29日'] });
  });

  it('blanks the date words out of the question, so that they are not searched for', () => {
    expect(read('2024年12月关于传统产业说了什么').remainder.trim()).toBe('关于传统产业说了什么');
    expect(read('What was said about it since March 2024?').remainder).not.toMatch(/2024|March|since/u);
  });

  it('reads parts of a month, the middle of a year, and a bare "from" as the period itself', () => {
    expect(read('2024年6月底之后').range).toEqual({ from: '2024-07-01', to: undefined });
    expect(read('2024年3月上旬').range).toEqual({ from: '2024-03-01', to: '2024-03-10' });
    expect(read('2024年13月底以前')).toMatchObject({ range: undefined, invalid: ['2024年13月底'] });
    expect(read('2024年年中讲了些什么').range).toEqual({ from: '2024-06-01', to: '2024-07-31' });
    expect(read('Anything from September 2023?').range).toEqual({ from: '2023-09-01', to: '2023-09-30' });
    expect(read('What has he said from March 2024 on?').range).toEqual({ from: '2024-03-01', to: undefined });
    expect(read('from March to June 2024').range).toEqual({ from: '2024-03-01', to: '2024-06-30' });
  });

  it('takes the words that point back at a date (那天, 前后) as part of it, not as a topic', () => {
    expect(read('2024年1月31号那天讲了啥？')).toMatchObject({ range: { from: '2024-01-31', to: '2024-01-31' } });
    expect(read('2024年1月31号那天讲了啥？').remainder).not.toMatch(/那天/u);
    expect(read('2024年年中前后讲了些什么').remainder).not.toMatch(/前后/u);
    expect(read('2023年那会儿他讲过什么').remainder).not.toMatch(/那会儿/u);
  });

  it('never throws, whatever the text (property test)', () => {
    const dateLike = fc.stringMatching(/^[0-9年月日号季度上下半初底末春夏秋冬以来前后之间到至从自今去最新近第一次QHqh\- a-zA-Z]{0,40}$/u);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), dateLike), (text) => {
        const intent = read(text);
        // Whatever it reads is a real calendar day: no Invalid Date reaches the retriever.
        for (const end of [intent.range?.from, intent.range?.to]) if (end !== undefined) expect(isRealIsoDate(end)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('date formatting', () => {
  it('writes dates and ranges the way each answer language does, through Intl.DateTimeFormat', () => {
    expect(formatDate('2024-01-31', 'zh')).toBe('2024年1月31日');
    expect(formatDate('2024-01-31', 'zh-Hant')).toBe('2024年1月31日');
    expect(formatDate('2024-01-31', 'en')).toBe('31 January 2024');
    expect(formatRange({ from: '2024-07-01', to: '2024-12-31' }, 'zh')).toBe('2024年7月1日至2024年12月31日');
    expect(formatRange({ from: '2024-07-01', to: undefined }, 'en')).toBe('from 1 July 2024');
  });

  it('reads back every range it writes, so a follow-up can carry a period in words', () => {
    for (const range of [
      { from: '2024-07-01', to: '2024-12-31' },
      { from: '2025-03-05', to: '2025-03-05' },
    ]) {
      expect(read(formatRange(range, 'zh')).range).toEqual(range);
    }
  });
});
