import { describe, expect, it } from 'vitest';
import { mentioningSubject } from '../../src/retrieval/time-scope.ts';

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
