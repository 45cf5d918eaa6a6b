// The analytics service as the server holds it: the store (SQLite in the data folder, or PostgreSQL),
// migrated on start; the batching recorder; and the retention timer that erases old question text.
import path from 'node:path';
import { AppError } from '../errors.ts';
import { AnswerRecorder } from './answer-recorder.ts';
import { openPostgresRunner } from './postgres-runner.ts';
import { SqlAnalyticsStore } from './sql-store.ts';
import { openSqliteRunner } from './sqlite-runner.ts';
import type { AnalyticsStore } from './types.ts';

export interface AnalyticsSettings {
  dataDir: string;
  databaseUrl: string | undefined;
  storeQuestions: boolean;
  retentionDays: number;
}

export interface Analytics {
  store: AnalyticsStore;
  recorder: AnswerRecorder;
  /** Erases question and comment text older than the retention period now; returns how many records lost text. */
  purge(): Promise<number>;
  /** Writes what is queued, stops the timer and closes the database. */
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;
// Text must not outlive its retention by much; hourly keeps that within an hour at the cost of one cheap UPDATE.
const PURGE_EVERY_MS = 3_600_000;

/** The SQLite file the data folder holds. */
export function sqliteFile(dataDir: string): string {
  return path.join(dataDir, 'analytics.sqlite');
}

export function openAnalyticsStore(settings: Pick<AnalyticsSettings, 'dataDir' | 'databaseUrl'>, onError: (error: unknown) => void): AnalyticsStore {
  const runner = settings.databaseUrl ? openPostgresRunner(settings.databaseUrl, onError) : openSqliteRunner(sqliteFile(settings.dataDir));
  return new SqlAnalyticsStore(runner);
}

/**
 * Opens and migrates the store, purges expired text once, and keeps purging on a timer.
 * @example const analytics = await startAnalytics(config.analytics, (error) => logger.error({ err: error }))
 */
export async function startAnalytics(settings: AnalyticsSettings, onError: (error: unknown) => void, now: () => number = Date.now): Promise<Analytics> {
  const where = settings.databaseUrl ? 'the PostgreSQL database at DATABASE_URL' : `the SQLite database in DATA_DIR (${settings.dataDir})`;
  const unusable = (error: unknown) =>
    new AppError(
      'config_invalid',
      `${where} could not be opened: ${(error as Error)?.message ?? String(error)}. Fix the setting, or set ANALYTICS=false to record nothing.`,
      { cause: error },
    );
  let store: AnalyticsStore;
  try {
    store = openAnalyticsStore(settings, onError);
  } catch (error) {
    throw unusable(error);
  }
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw unusable(error);
  }
  const recorder = new AnswerRecorder(store, { storeQuestions: settings.storeQuestions, onError });
  const purge = () => store.purgeText(now() - settings.retentionDays * DAY_MS);
  await purge();
  const timer = setInterval(() => void purge().catch(onError), PURGE_EVERY_MS);
  timer.unref();
  return {
    store,
    recorder,
    purge,
    close: async () => {
      clearInterval(timer);
      await recorder.close();
      await store.close();
    },
  };
}
