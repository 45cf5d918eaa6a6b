import { describe, expect, it } from 'vitest';
import { mentioningSubject, scopeToTime } from '../../src/retrieval/time-scope.ts';

const candidate = (id: string, fused: number, text: string) => ({ id, fused, text });
const evidence = {
  concepts: [
    { label: '传统产业', alternatives: ['传统产业'], weight: 2 },
    { label: '讲话', alternatives: ['讲话'], weight: 0.1 },
  ],
  haystack: (found: { text: string }) => found.text,
};

describe('the subject of a period question', () => {
  it('keeps the excerpts that mention it, and those at least as relevant that say it in other words', () => {
    const kept = mentioningSubject(
      [
        candidate('other words, more relevant', 0.9, '推动老产业改造升级'),
        candidate('names it', 0.6, '传统产业要转型升级'),
        candidate('off topic, less relevant', 0.3, '加强基础研究'),
      ],
      evidence,
    );
    expect(kept?.map((found) => found.id)).toEqual(['other words, more relevant', 'names it']);
  });

  it('leaves the choice to relevance when no excerpt of the period mentions any concept whole', () => {
    expect(mentioningSubject([candidate('a', 1, '加强基础研究')], { ...evidence, concepts: [evidence.concepts[0]!] })).toBeUndefined();
  });
});

describe('a period question asking what something is', () => {
  const speech = (id: string, date: string, fused: number, text: string) => ({
    id,
    fused,
    lexical: 1,
    text,
    excerpt: { id, date, occasion: '' },
  });
  const period = { from: '2024-01-01', to: '2024-04-30' };
  const ranked = [
    speech('uses the term', '2024-03-05', 0.9, '发展新质生产力要因地制宜'),
    speech('defines it', '2024-01-31', 0.8, '概括地说，新质生产力是创新起主导作用的先进生产力'),
    speech('outside the period', '2024-06-24', 1, '概括地说，新质生产力是先进生产力'),
  ];
  const concepts = [{ label: '新质生产力', alternatives: ['新质生产力'], weight: 2 }];
  const haystack = (found: { text: string }) => found.text;

  it('keeps the speeches of the period that define it, when one does', () => {
    const definitionCues = (found: { text: string }) => (found.text.includes('概括地说') ? 1 : 0);
    const { kept } = scopeToTime(ranked, period, undefined, [], false, { concepts, haystack, definitionCues });
    expect(kept.map((found) => found.id)).toEqual(['defines it']);
  });

  it('keeps every speech on the subject when none of them defines it, or the question asks no definition', () => {
    const none = scopeToTime(ranked.slice(0, 1), period, undefined, [], false, { concepts, haystack, definitionCues: () => 0 });
    expect(none.kept.map((found) => found.id)).toEqual(['uses the term']);
    const notAsked = scopeToTime(ranked, period, undefined, [], false, { concepts, haystack });
    expect(notAsked.kept.map((found) => found.id)).toEqual(['defines it', 'uses the term']);
  });
});
