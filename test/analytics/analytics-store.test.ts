// The analytics store, the same behaviour checked on SQLite (a file in a temp dir) and on a real PostgreSQL server.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAnalyticsStore, sqliteFile, startAnalytics } from '../../src/analytics/analytics.ts';
import { utcDay } from '../../src/analytics/sql-store.ts';
import type { AnalyticsStore, RecordedAnswer } from '../../src/analytics/types.ts';
import { POSTGRES_AVAILABLE, temporaryPostgresSchema } from '../support/postgres.ts';
import { temporaryDirectory } from '../support/temporary-index.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const NOW = Date.parse('2026-11-30T12:00:00Z');
const DAY = 86_400_000;
const SPEECH = { date: '2024-01-31', occasion: '在二十届中央政治局第十一次集体学习时的讲话', documentTitle: '论新质生产力' };
const OTHER_SPEECH = { date: '2023-09-07', occasion: '在新时代推动东北全面振兴座谈会上的讲话', documentTitle: '论新质生产力' };

function answer(id: string, overrides: Partial<RecordedAnswer> = {}): RecordedAnswer {
  return { id, createdAt: NOW, question: '新质生产力是什么？', language: 'zh', coverage: 'answered', cited: [SPEECH], ...overrides };
}

type Kind = 'sqlite' | 'postgres';

async function settingsFor(kind: Kind): Promise<{ dataDir: string; databaseUrl: string | undefined }> {
  const directory = await temporaryDirectory();
  cleanups.push(directory.remove);
  const dataDir = path.join(directory.path, 'data');
  if (kind === 'sqlite') return { dataDir, databaseUrl: undefined };
  const schema = await temporaryPostgresSchema();
  cleanups.push(schema.drop);
  return { dataDir, databaseUrl: schema.url };
}

async function openStore(kind: Kind): Promise<AnalyticsStore> {
  const store = openAnalyticsStore(await settingsFor(kind), (error) => {
    throw error;
  });
  cleanups.push(() => store.close());
  await store.migrate();
  return store;
}

for (const kind of ['sqlite', 'postgres'] as const) {
  const suite = kind === 'postgres' && !POSTGRES_AVAILABLE ? describe.skip : describe;
  suite(`analytics store on ${kind}`, () => {
    it('migrates once, and a second start finds the schema in place', async () => {
      const settings = await settingsFor(kind);
      const first = openAnalyticsStore(settings, () => undefined);
      expect(await first.migrate()).toBe(1);
      await first.recordAnswers([answer('a1')]);
      await first.close();
      const second = openAnalyticsStore(settings, () => undefined);
      cleanups.push(() => second.close());
      expect(await second.migrate()).toBe(1);
      expect((await second.questions({ from: '2026-11-30', to: '2026-11-30' })).map((row) => row.answerId)).toEqual(['a1']);
      if (kind === 'sqlite') expect(existsSync(sqliteFile(settings.dataDir))).toBe(true);
    });

    it('reports questions per day, coverage, most asked questions, gaps and cited speeches for the period', async () => {
      const store = await openStore(kind);
      await store.recordAnswers([
        answer('a1'),
        answer('a2', { question: '新质生产力是什么', createdAt: NOW - DAY }),
        answer('a3', { question: '  新质生产力 是什么？ ', createdAt: NOW - 2 * DAY, cited: [SPEECH, OTHER_SPEECH] }),
        answer('a4', { question: 'What did he say about football?', language: 'en', coverage: 'not_covered', cited: [] }),
        answer('a5', { question: 'What did he say about football', language: 'en', coverage: 'not_covered', cited: [], createdAt: NOW - DAY }),
        answer('a6', { question: '东北振兴', coverage: 'partial', cited: [OTHER_SPEECH] }),
        answer('old', { question: '很久以前的问题', createdAt: NOW - 40 * DAY }),
      ]);
      const report = await store.report({ from: utcDay(NOW - 6 * DAY), to: utcDay(NOW) }, 10);
      expect(report.totals).toMatchObject({ questions: 6, answered: 3, partial: 1, notCovered: 2 });
      expect(report.perDay).toHaveLength(7);
      expect(report.perDay.at(-1)).toEqual({ day: '2026-11-30', answered: 1, partial: 1, notCovered: 1 });
      expect(report.perDay.at(-2)).toEqual({ day: '2026-11-29', answered: 1, partial: 0, notCovered: 1 });
      expect(report.perDay[0]).toEqual({ day: '2026-11-24', answered: 0, partial: 0, notCovered: 0 });
      expect(report.topQuestions[0]).toMatchObject({ count: 3 });
      expect(report.topQuestions[0]!.question).toContain('新质生产力');
      expect(report.gaps).toEqual([{ question: expect.stringMatching(/football/u), count: 2, lastAsked: '2026-11-30' }]);
      expect(report.topSpeeches[0]).toEqual({ ...SPEECH, count: 3 });
      expect(report.topSpeeches[1]).toEqual({ ...OTHER_SPEECH, count: 2 });
      expect(report.topQuestions.map((row) => row.question)).not.toContain('很久以前的问题');
    });

    it('keeps one feedback per answer, refuses feedback on an unknown answer, and lists unhelpful answers with comments', async () => {
      const store = await openStore(kind);
      await store.recordAnswers([answer('a1'), answer('a2', { question: '足球', coverage: 'not_covered', cited: [] })]);
      expect(await store.recordFeedback({ answerId: 'nope', createdAt: NOW, rating: 'down', comment: undefined })).toBe(false);
      expect(await store.recordFeedback({ answerId: 'a1', createdAt: NOW, rating: 'down', comment: 'first thought' })).toBe(true);
      expect(await store.recordFeedback({ answerId: 'a1', createdAt: NOW + 1, rating: 'up', comment: undefined })).toBe(true);
      expect(await store.recordFeedback({ answerId: 'a2', createdAt: NOW + 2, rating: 'down', comment: '没有回答问题' })).toBe(true);
      const period = { from: '2026-11-30', to: '2026-11-30' };
      const report = await store.report(period, 10);
      expect(report.totals).toMatchObject({ helpful: 1, unhelpful: 1 });
      expect(report.unhelpful).toEqual([
        { answerId: 'a2', question: '足球', comment: '没有回答问题', coverage: 'not_covered', createdAt: new Date(NOW + 2).toISOString() },
      ]);
      expect((await store.feedback(period)).map((row) => [row.answerId, row.rating])).toEqual([
        ['a1', 'up'],
        ['a2', 'down'],
      ]);
      expect((await store.questions(period)).map((row) => [row.answerId, row.rating])).toEqual([
        ['a1', 'up'],
        ['a2', 'down'],
      ]);
    });

    it('erases question and comment text past the retention period but keeps the counts', async () => {
      const settings = await settingsFor(kind);
      const seed = openAnalyticsStore(settings, () => undefined);
      await seed.migrate();
      await seed.recordAnswers([answer('old', { createdAt: NOW - 31 * DAY }), answer('new', { question: '最近的问题' })]);
      await seed.recordFeedback({ answerId: 'old', createdAt: NOW - 31 * DAY, rating: 'down', comment: 'old comment' });
      await seed.close();
      // Starting purges at once, before any timer fires.
      const analytics = await startAnalytics(
        { ...settings, storeQuestions: true, retentionDays: 30 },
        (error) => {
          throw error;
        },
        () => NOW,
      );
      cleanups.push(() => analytics.close());
      const rows = await analytics.store.questions({ from: '2026-10-01', to: '2026-11-30' });
      expect(rows.map((row) => [row.answerId, row.question])).toEqual([
        ['old', null],
        ['new', '最近的问题'],
      ]);
      expect((await analytics.store.feedback({ from: '2026-10-01', to: '2026-11-30' }))[0]).toMatchObject({ comment: null, rating: 'down' });
      expect((await analytics.store.report({ from: '2026-10-01', to: '2026-11-30' }, 10)).totals.questions).toBe(2);
    });

    it('records in batches off the caller, and without question text when questions are not stored', async () => {
      const settings = await settingsFor(kind);
      const analytics = await startAnalytics({ ...settings, storeQuestions: false, retentionDays: 30 }, (error) => {
        throw error;
      });
      cleanups.push(() => analytics.close());
      for (let index = 0; index < 1200; index++) {
        analytics.recorder.record({
          id: `q${index}`,
          createdAt: Date.now(),
          question: 'What is new quality productivity?',
          language: undefined,
          coverage: 'answered',
          cited: [SPEECH],
        });
      }
      const today = utcDay(Date.now());
      expect(await analytics.store.questions({ from: today, to: today })).toHaveLength(0);
      await analytics.recorder.flush();
      const rows = await analytics.store.questions({ from: today, to: today });
      expect(rows).toHaveLength(1200);
      expect(rows.every((row) => row.question === null && row.language === 'en')).toBe(true);
    });
  });
}
