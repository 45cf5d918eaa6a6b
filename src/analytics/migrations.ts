// The analytics schema as numbered migrations, written in the SQL that SQLite and PostgreSQL share.
// A migration, once released, never changes: a change to the schema is a new migration.

export interface Migration {
  version: number;
  name: string;
  /** Statements separated by semicolons; no parameters. */
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'answers, cited speeches and feedback',
    sql: `
CREATE TABLE answers (
  id TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  day TEXT NOT NULL,
  question TEXT,
  question_key TEXT,
  language TEXT,
  coverage TEXT NOT NULL CHECK (coverage IN ('answered', 'partial', 'not_covered'))
);
CREATE INDEX answers_day ON answers (day);
CREATE INDEX answers_created_at ON answers (created_at);
CREATE TABLE answer_speeches (
  answer_id TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  occasion TEXT NOT NULL,
  document_title TEXT NOT NULL,
  PRIMARY KEY (answer_id, date, occasion)
);
CREATE TABLE feedback (
  answer_id TEXT PRIMARY KEY REFERENCES answers (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  day TEXT NOT NULL,
  rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
  comment TEXT
);
CREATE INDEX feedback_day ON feedback (day);
`,
  },
];

/** The bookkeeping table, created before any migration runs. */
export const MIGRATIONS_TABLE = 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)';
