import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { isAppError } from '../../src/errors.ts';

describe('configuration', () => {
  it('runs offline with the local embedder when no key or base URL is set, and treats empty strings as unset', () => {
    const config = loadConfig({ OPENAI_API_KEY: '', PORT: '' });
    expect(config.llmEnabled).toBe(false);
    expect(config.embedder).toEqual({ kind: 'local', dimensions: 256 });
    expect(config.server.port).toBe(3000);
    // The search width README's table gives (set from the recall measured in BENCHMARKS.md).
    expect(config.hnsw).toEqual({ m: 32, efConstruction: 100, ef: 1300 });
  });

  it('takes HNSW_EF down to 64 and refuses narrower searches, saying which variable', () => {
    expect(loadConfig({ HNSW_EF: '64' }).hnsw.ef).toBe(64);
    expect(() => loadConfig({ HNSW_EF: '63' })).toThrow(/HNSW_EF: /u);
  });

  it('switches to model answers and embeddings with a base URL alone (a local OpenAI-compatible server)', () => {
    const config = loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', EMBEDDING_MODEL: 'nomic-embed-text' });
    expect(config.llmEnabled).toBe(true);
    expect(config.embedder).toEqual({ kind: 'openai', model: 'nomic-embed-text', dimensions: undefined, batchSize: 64 });
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x', EMBEDDER: 'local' }).embedder.kind).toBe('local');
  });

  it('reports every invalid variable at once, by name', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'eighty', HNSW_EF: '10', OPENAI_BASE_URL: 'not a url', EMBEDDER: 'bert' });
    } catch (error) {
      expect(isAppError(error, 'config_invalid')).toBe(true);
      message = (error as Error).message;
    }
    for (const name of ['PORT', 'HNSW_EF', 'OPENAI_BASE_URL', 'EMBEDDER']) expect(message).toContain(`  ${name}: `);
    expect(message).toContain('See .env.example');
  });
});

describe('analytics and dashboard configuration', () => {
  it('records into SQLite in ./data for 30 days by default, with no dashboard until a token is set', () => {
    expect(loadConfig({}).analytics).toEqual({ enabled: true, dataDir: 'data', databaseUrl: undefined, storeQuestions: true, retentionDays: 30 });
    expect(loadConfig({}).admin.token).toBeUndefined();
    const custom = loadConfig({
      DATABASE_URL: 'postgres://speechcite:secret@127.0.0.1:5432/speechcite',
      STORE_QUESTIONS: 'false',
      ANALYTICS_RETENTION_DAYS: '7',
    });
    expect(custom.analytics).toMatchObject({ databaseUrl: 'postgres://speechcite:secret@127.0.0.1:5432/speechcite', storeQuestions: false, retentionDays: 7 });
  });

  it('refuses a database URL that is not PostgreSQL, a retention of zero days and a short admin token, naming each', () => {
    let message = '';
    try {
      loadConfig({ DATABASE_URL: 'mysql://db/speechcite', ANALYTICS_RETENTION_DAYS: '0', ADMIN_TOKEN: 'secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL: must be a PostgreSQL URL/u);
    expect(message).toMatch(/ANALYTICS_RETENTION_DAYS: /u);
    expect(message).toMatch(/ADMIN_TOKEN: must be at least 16 characters/u);
  });
});
