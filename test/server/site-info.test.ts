// The site's texts for a corpus without a profile: derived from its documents and dates, never from a file's name.
import { describe, expect, it } from 'vitest';
import { corpusSummary, siteInfo } from '../../src/server/pages/site-info.ts';

const excerpt = (documentId: string, date: string, occasion: string, speaker?: string) => ({ documentId, date, occasion, speaker });

describe('site texts derived from the corpus', () => {
  const twelveSpeeches = Array.from({ length: 12 }, (_unused, index) =>
    excerpt(
      'volume',
      [
        '2023-09-08',
        '2024-01-31',
        '2024-03-05',
        '2024-04-23',
        '2024-05-23',
        '2024-06-24',
        '2024-07-18',
        '2024-09-10',
        '2024-10-20',
        '2024-12-11',
        '2025-03-05',
        '2025-04-29',
      ][index]!,
      `讲话${index}`,
    ),
  );

  it('count speeches, not excerpts, over the months they span', () => {
    const withRepeats = [...twelveSpeeches, excerpt('volume', '2024-01-31', '讲话1')];
    expect(corpusSummary(withRepeats, 'zh')).toBe('12 篇讲话 · 2023年9月—2025年4月');
    expect(corpusSummary(withRepeats, 'en')).toBe('12 speeches, September 2023 – April 2025');
    expect(corpusSummary([excerpt('one', '2024-03-05', '会议')], 'en')).toBe('1 speech, March 2024');
  });

  it('title a corpus of one document with its title, and of several with the summary', () => {
    const one = siteInfo({ documents: [{ id: 'file-name', title: '城市公共交通的发展' }], excerpts: twelveSpeeches }, 'zh');
    expect(one.title).toBe('城市公共交通的发展');
    expect(one.subtitle).toBe('12 篇讲话 · 2023年9月—2025年4月。每个回答都注明出自哪次讲话、哪一天。');
    const several = siteInfo(
      {
        documents: [
          { id: 'a-first-file', title: '甲' },
          { id: 'b', title: '乙' },
        ],
        excerpts: twelveSpeeches,
      },
      'en',
    );
    expect(several.title).toBe('12 speeches, September 2023 – April 2025');
    expect(JSON.stringify(several)).not.toContain('a-first-file');
    expect(several.starters).toEqual([]);
  });

  it('take the profile’s texts where it gives them', () => {
    const info = siteInfo(
      {
        documents: [{ id: 'x', title: '甲' }],
        excerpts: twelveSpeeches,
        profile: { site: { title: { en: 'Reading room' }, starters: { en: ['What was said?'] } } },
      },
      'en',
    );
    expect(info).toMatchObject({ title: 'Reading room', starters: ['What was said?'], placeholder: 'Ask a question about the speeches' });
  });
});
