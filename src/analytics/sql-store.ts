// The analytics store over either database: the queries are written once, in the SQL both share.
import { MIGRATIONS, MIGRATIONS_TABLE } from './migrations.ts';
import { questionKey } from './question-key.ts';
import type { SqlRow, SqlRunner, SqlValue } from './sql-runner.ts';
import type { AnalyticsStore, Coverage, DayCount, FeedbackRow, Period, QuestionRow, Rating, RecordedAnswer, RecordedFeedback, Report } from './types.ts';

/** The UTC day of a time, as yyyy-mm-dd. */
export function utcDay(milliseconds: number): string {
  return new Date(milliseconds).toISOString().slice(0, 10);
}

const isoTime = (value: unknown) => new Date(Number(value)).toISOString();
const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
const count = (value: unknown) => Number(value ?? 0);

/** Every day from `from` to `to`, inclusive. */
function daysOf(period: Period): string[] {
  const days: string[] = [];
  for (let time = Date.parse(`${period.from}T00:00:00Z`); time <= Date.parse(`${period.to}T00:00:00Z`); time += 86_400_000) days.push(utcDay(time));
  return days;
}

export class SqlAnalyticsStore implements AnalyticsStore {
  readonly kind: 'sqlite' | 'postgres';
  readonly #runner: SqlRunner;

  constructor(runner: SqlRunner) {
    this.#runner = runner;
    this.kind = runner.kind;
  }

  migrate(): Promise<number> {
    return this.#runner.migrate(async (execute) => {
      await execute(MIGRATIONS_TABLE);
      const applied = new Set((await execute('SELECT version FROM schema_migrations', [])).map((row) => Number(row.version)));
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await execute(migration.sql);
        await execute('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, Date.now()]);
      }
      return Math.max(0, ...MIGRATIONS.map((migration) => migration.version));
    });
  }

  async recordAnswers(answers: readonly RecordedAnswer[]): Promise<void> {
    if (answers.length === 0) return;
    const answerRows: SqlValue[][] = [];
    const speechRows: SqlValue[][] = [];
    for (const answer of answers) {
      const question = answer.question ?? null;
      answerRows.push([
        answer.id,
        answer.createdAt,
        utcDay(answer.createdAt),
        question,
        question === null ? null : questionKey(question),
        answer.language ?? null,
        answer.coverage,
      ]);
      for (const speech of answer.cited) speechRows.push([answer.id, speech.date, speech.occasion, speech.documentTitle]);
    }
    await this.#runner.insertRows([
      {
        head: 'INSERT INTO answers (id, created_at, day, question, question_key, language, coverage) VALUES',
        rows: answerRows,
        tail: 'ON CONFLICT (id) DO NOTHING',
      },
      {
        head: 'INSERT INTO answer_speeches (answer_id, date, occasion, document_title) VALUES',
        rows: speechRows,
        tail: 'ON CONFLICT (answer_id, date, occasion) DO NOTHING',
      },
    ]);
  }

  async recordFeedback(feedback: RecordedFeedback): Promise<boolean> {
    const [changed] = await this.#runner.transaction([
      {
        sql: `INSERT INTO feedback (answer_id, created_at, day, rating, comment)
              SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM answers WHERE id = ?)
              ON CONFLICT (answer_id) DO UPDATE SET created_at = excluded.created_at, day = excluded.day, rating = excluded.rating, comment = excluded.comment`,
        parameters: [feedback.answerId, feedback.createdAt, utcDay(feedback.createdAt), feedback.rating, feedback.comment ?? null, feedback.answerId],
      },
    ]);
    return (changed ?? 0) > 0;
  }

  async report(period: Period, limit: number): Promise<Report> {
    const range = [period.from, period.to];
    const all = (sql: string, parameters: SqlValue[]) => this.#runner.all(sql, parameters);
    const [coverageByDay, ratings, top, gaps, unhelpful, speeches] = await Promise.all([
      all('SELECT day, coverage, CAST(COUNT(*) AS INTEGER) AS n FROM answers WHERE day BETWEEN ? AND ? GROUP BY day, coverage', range),
      all('SELECT rating, CAST(COUNT(*) AS INTEGER) AS n FROM feedback WHERE day BETWEEN ? AND ? GROUP BY rating', range),
      all(
        `SELECT MIN(question) AS question, CAST(COUNT(*) AS INTEGER) AS n FROM answers
         WHERE day BETWEEN ? AND ? AND question_key IS NOT NULL GROUP BY question_key ORDER BY n DESC, MAX(created_at) DESC LIMIT ?`,
        [...range, limit],
      ),
      all(
        `SELECT MIN(question) AS question, CAST(COUNT(*) AS INTEGER) AS n, MAX(day) AS last_day FROM answers
         WHERE day BETWEEN ? AND ? AND question_key IS NOT NULL AND coverage = 'not_covered' GROUP BY question_key ORDER BY n DESC, MAX(created_at) DESC LIMIT ?`,
        [...range, limit],
      ),
      all(
        `SELECT f.answer_id, a.question, f.comment, a.coverage, f.created_at FROM feedback f JOIN answers a ON a.id = f.answer_id
         WHERE f.day BETWEEN ? AND ? AND f.rating = 'down' ORDER BY f.created_at DESC LIMIT ?`,
        [...range, limit],
      ),
      all(
        `SELECT s.date, s.occasion, MIN(s.document_title) AS document_title, CAST(COUNT(*) AS INTEGER) AS n FROM answer_speeches s JOIN answers a ON a.id = s.answer_id
         WHERE a.day BETWEEN ? AND ? GROUP BY s.date, s.occasion ORDER BY n DESC, s.date DESC LIMIT ?`,
        [...range, limit],
      ),
    ]);
    const perDay = new Map<string, DayCount>(daysOf(period).map((day) => [day, { day, answered: 0, partial: 0, notCovered: 0 }]));
    for (const row of coverageByDay) {
      const day = perDay.get(String(row.day));
      if (!day) continue;
      const coverage = row.coverage as Coverage;
      if (coverage === 'answered') day.answered += count(row.n);
      else if (coverage === 'partial') day.partial += count(row.n);
      else day.notCovered += count(row.n);
    }
    const days = [...perDay.values()];
    const sum = (pick: (day: DayCount) => number) => days.reduce((total, day) => total + pick(day), 0);
    const rated = (rating: Rating) => count(ratings.find((row) => row.rating === rating)?.n);
    return {
      period,
      totals: {
        questions: sum((day) => day.answered + day.partial + day.notCovered),
        answered: sum((day) => day.answered),
        partial: sum((day) => day.partial),
        notCovered: sum((day) => day.notCovered),
        helpful: rated('up'),
        unhelpful: rated('down'),
      },
      perDay: days,
      topQuestions: top.map((row) => ({ question: String(row.question), count: count(row.n) })),
      gaps: gaps.map((row) => ({ question: String(row.question), count: count(row.n), lastAsked: String(row.last_day) })),
      unhelpful: unhelpful.map((row: SqlRow) => ({
        answerId: String(row.answer_id),
        question: text(row.question),
        comment: text(row.comment),
        coverage: row.coverage as Coverage,
        createdAt: isoTime(row.created_at),
      })),
      topSpeeches: speeches.map((row) => ({
        date: String(row.date),
        occasion: String(row.occasion),
        documentTitle: String(row.document_title),
        count: count(row.n),
      })),
    };
  }

  async questions(period: Period): Promise<QuestionRow[]> {
    const rows = await this.#runner.all(
      `SELECT a.id, a.created_at, a.question, a.language, a.coverage, f.rating FROM answers a LEFT JOIN feedback f ON f.answer_id = a.id
       WHERE a.day BETWEEN ? AND ? ORDER BY a.created_at, a.id`,
      [period.from, period.to],
    );
    return rows.map((row) => ({
      answerId: String(row.id),
      createdAt: isoTime(row.created_at),
      question: text(row.question),
      language: text(row.language),
      coverage: row.coverage as Coverage,
      rating: text(row.rating) as Rating | null,
    }));
  }

  async feedback(period: Period): Promise<FeedbackRow[]> {
    const rows = await this.#runner.all(
      `SELECT f.answer_id, f.created_at, f.rating, f.comment, a.question, a.coverage FROM feedback f JOIN answers a ON a.id = f.answer_id
       WHERE f.day BETWEEN ? AND ? ORDER BY f.created_at, f.answer_id`,
      [period.from, period.to],
    );
    return rows.map((row) => ({
      answerId: String(row.answer_id),
      createdAt: isoTime(row.created_at),
      rating: row.rating as Rating,
      comment: text(row.comment),
      question: text(row.question),
      coverage: row.coverage as Coverage,
    }));
  }

  async purgeText(before: number): Promise<number> {
    const changed = await this.#runner.transaction([
      { sql: 'UPDATE answers SET question = NULL, question_key = NULL WHERE created_at < ? AND question IS NOT NULL', parameters: [before] },
      { sql: 'UPDATE feedback SET comment = NULL WHERE created_at < ? AND comment IS NOT NULL', parameters: [before] },
    ]);
    return changed.reduce((total, rows) => total + rows, 0);
  }

  close(): Promise<void> {
    return this.#runner.close();
  }
}
