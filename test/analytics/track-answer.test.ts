// answerTracker: the id on every final event, and what it hands the recorder (coverage, cited speeches).
import { describe, expect, it } from 'vitest';
import type { FinishedAnswer } from '../../src/analytics/answer-recorder.ts';
import { answerTracker } from '../../src/analytics/track-answer.ts';
import type { AnswerEvent, Source } from '../../src/answer/types.ts';

function source(n: number, date: string, occasion: string): Source {
  return { n, id: `doc#${n}`, section: n, documentTitle: '论新质生产力', date, occasion, text: '……', highlight: { start: 0, end: 1 } };
}

const SOURCES = [source(1, '2024-01-31', '集体学习'), source(2, '2024-01-31', '集体学习'), source(3, '2023-09-07', '座谈会'), source(4, '2024-03-05', '审议')];
const VERIFICATION = { invalidMarkers: 0, unverifiedQuotes: [], dateMismatches: [] };

function run(events: AnswerEvent[]): { relayed: AnswerEvent[]; recorded: FinishedAnswer[] } {
  const recorded: FinishedAnswer[] = [];
  const track = answerTracker({ question: '新质生产力是什么？', language: undefined }, (answer) => recorded.push(answer));
  return { relayed: events.map(track), recorded };
}

describe('answerTracker', () => {
  it('adds an id to the final event and records the distinct speeches the answer cites', () => {
    const { relayed, recorded } = run([
      { type: 'sources', sources: SOURCES },
      { type: 'text-delta', delta: '新质生产力……[1][2][3]' },
      {
        type: 'final',
        text: '新质生产力……[1][2][3]',
        citations: [1, 2, 3],
        verification: VERIFICATION,
        abstained: false,
        coverage: 'answered',
        query: '新质生产力',
      },
    ]);
    const final = relayed.at(-1) as Extract<AnswerEvent, { type: 'final' }>;
    expect(final.id).toMatch(/^[0-9a-f-]{36}$/u);
    expect(relayed.slice(0, 2)).toEqual([
      { type: 'sources', sources: SOURCES },
      { type: 'text-delta', delta: '新质生产力……[1][2][3]' },
    ]);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ id: final.id, question: '新质生产力是什么？', coverage: 'answered' });
    expect(recorded[0]!.cited).toEqual([
      { date: '2024-01-31', occasion: '集体学习', documentTitle: '论新质生产力' },
      { date: '2023-09-07', occasion: '座谈会', documentTitle: '论新质生产力' },
    ]);
  });

  it("records the engine's three-state coverage", () => {
    const partial = run([{ type: 'final', text: '……', citations: [4], verification: VERIFICATION, abstained: false, query: 'q', coverage: 'partial' }]);
    expect(partial.recorded[0]!.coverage).toBe('partial');
    const abstained = run([
      { type: 'final', text: '摘录未涉及', citations: [], verification: VERIFICATION, abstained: true, coverage: 'not_covered', query: 'q' },
    ]);
    expect(abstained.recorded[0]).toMatchObject({ coverage: 'not_covered', cited: [] });
  });

  it('records nothing for an answer that ends in an error', () => {
    const { relayed, recorded } = run([{ type: 'error', code: 'upstream_timeout', message: 'the model took too long' }]);
    expect(relayed).toEqual([{ type: 'error', code: 'upstream_timeout', message: 'the model took too long' }]);
    expect(recorded).toEqual([]);
  });
});
