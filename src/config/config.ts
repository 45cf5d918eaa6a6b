// All configuration in one zod schema over the environment, read once at the composition root.
import { z } from 'zod';
import { AppError } from '../errors.ts';

const integer = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max).default(fallback);
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');
const list = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

const environmentSchema = z
  .object({
    CORPUS_DIR: z.string().default('corpus'),
    INDEX_DIR: z.string().default('index'),
    OPENAI_API_KEY: z.string().optional(),
    OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    EMBEDDER: z.enum(['local', 'openai']).optional(),
    LOCAL_EMBEDDING_DIMENSIONS: integer(256, 16, 65_536),
    EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
    EMBEDDING_DIMENSIONS: z.coerce.number().int().min(1).max(65_536).optional(),
    EMBEDDING_BATCH_SIZE: integer(64, 1, 2048),
    CHAT_MODEL: z.string().default('gpt-4o-mini'),
    LLM_TIMEOUT_MS: integer(60_000, 100),
    LLM_FIRST_BYTE_TIMEOUT_MS: integer(30_000, 50),
    LLM_IDLE_TIMEOUT_MS: integer(30_000, 50),
    LLM_TIMEOUT_GROWTH_MS_PER_CHAR: integer(50, 0, 10_000),
    LLM_MAX_TIMEOUT_MS: integer(600_000, 100),
    LLM_MAX_RETRY_WAIT_MS: integer(10_000, 0),
    LLM_MAX_RETRIES: integer(2, 0, 10),
    LLM_SEARCH_QUERIES: integer(0, 0, 5),
    LLM_HISTORY_TOKENS: integer(2000, 0),
    LLM_MAX_OUTPUT_TOKENS: integer(2048, 16, 1_000_000),
    CHUNK_MAX_CHARS: integer(500, 50),
    CHUNK_OVERLAP_SENTENCES: integer(1, 0, 10),
    HNSW_M: integer(32, 4, 128),
    HNSW_EF_CONSTRUCTION: integer(100, 16, 4096),
    HNSW_EF: integer(1300, 64, 4096),
    PORT: integer(3000, 0, 65_535),
    HOST: z.string().default('127.0.0.1'),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    HEADERS_TIMEOUT_MS: integer(10_000, 100, 600_000),
    REQUEST_TIMEOUT_MS: integer(30_000, 100, 3_600_000),
    KEEP_ALIVE_TIMEOUT_MS: integer(5000, 100, 600_000),
    MAX_CONNECTIONS: integer(1024, 1, 1_000_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_QUESTIONS: flag(false),
    ALLOWED_ORIGINS: list,
    API_KEYS: list,
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    RATE_LIMIT_PER_MINUTE: integer(30, 1, 1_000_000_000),
    DAILY_TOKEN_BUDGET: integer(1_000_000, 0),
    MAX_MESSAGES: integer(20, 1, 200),
    MAX_MESSAGE_CHARS: integer(2000, 10, 20_000),
    SHUTDOWN_GRACE_MS: integer(10_000, 0, 120_000),
    SSE_HEARTBEAT_MS: integer(15_000, 10, 3_600_000),
    INDEX_POLL_MS: integer(2000, 100, 3_600_000),
    RETRIEVAL_THREAD: flag(true),
    ANALYTICS: flag(true),
    DATA_DIR: z.string().default('data'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, message: 'must be a PostgreSQL URL, postgres://user:password@host:5432/database' }).optional(),
    STORE_QUESTIONS: flag(true),
    ANALYTICS_RETENTION_DAYS: integer(30, 1, 3650),
    ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters; make one with `openssl rand -hex 24`').optional(),
    REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379' }).optional(),
    ANSWER_CACHE_TTL_SECONDS: integer(86_400, 0, 30 * 86_400),
  })
  .superRefine((env, context) => {
    // Node refuses a server whose header timeout is longer than its whole-request timeout.
    if (env.HEADERS_TIMEOUT_MS > env.REQUEST_TIMEOUT_MS) {
      context.addIssue({ code: 'custom', path: ['HEADERS_TIMEOUT_MS'], message: `must not exceed REQUEST_TIMEOUT_MS (${env.REQUEST_TIMEOUT_MS})` });
    }
  });

export interface Config {
  corpusDir: string;
  indexDir: string;
  openai: {
    apiKey: string | undefined;
    baseURL: string | undefined;
    chatModel: string;
    /** Time limits of a model request, ms: to the first byte, between chunks, and overall (growing with each streamed character, up to a ceiling). */
    limits: { firstByteMs: number; idleMs: number; totalMs: number; growthMsPerChar: number; maxTotalMs: number };
    maxRetries: number;
    /** The longest Retry-After waited out before retrying, ms; a longer one is passed on to the user as a rate limit. */
    maxRetryWaitMs: number;
    /** Tokens of earlier conversation turns sent to the model with a question. */
    historyTokens: number;
    /** The most one model reply may hold (max_tokens); with the prompt, what a request reserves of the daily budget. */
    maxOutputTokens: number;
  };
  /** LLM answers are on when a key or a base URL is configured. */
  llmEnabled: boolean;
  /** In LLM mode, how many search queries the model writes for each question (0: search the question as asked only). */
  searchQueries: number;
  embedder: { kind: 'local'; dimensions: number } | { kind: 'openai'; model: string; dimensions: number | undefined; batchSize: number };
  chunking: { maxChars: number; overlapSentences: number };
  hnsw: { m: number; efConstruction: number; ef: number };
  server: {
    port: number;
    host: string;
    /** The origin the service is reached at (scheme, host and port of PUBLIC_URL), e.g. https://example.org; undefined when not configured. */
    publicOrigin: string | undefined;
    /** How long a client may take to send a request's headers, and the whole request, ms. */
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    /** How long an idle kept-alive connection stays open, ms. */
    keepAliveTimeoutMs: number;
    /** Connections open at once; more are closed as they arrive. */
    maxConnections: number;
    /** Browser origins admitted by CORS, e.g. https://example.org; the app's own origin is always admitted. */
    allowedOrigins: string[];
    /** When non-empty the service is private: every API request, and the pages, need one of these as a Bearer token. */
    apiKeys: string[];
    /** How many reverse proxies stand in front; 0 means the socket address is the client (X-Forwarded-For ignored). */
    trustProxy: number;
    rateLimitPerMinute: number;
    /** Tokens the model may use per UTC day in LLM mode; 0 for no limit. */
    dailyTokenBudget: number;
    maxMessages: number;
    maxMessageChars: number;
    /** How long SIGTERM waits for requests to finish, ms. */
    shutdownGraceMs: number;
    /** An answer stream silent this long gets an SSE comment, so proxies and clients do not give up on it, ms. */
    heartbeatMs: number;
    /** How often the server looks for a newer index build to swap in, ms. */
    indexPollMs: number;
    /** Retrieval in a worker thread, with its own copy of the index (local embedder only). */
    retrievalThread: boolean;
  };
  logging: { level: z.infer<typeof environmentSchema>['LOG_LEVEL']; logQuestions: boolean };
  analytics: {
    /** Record answers and feedback for the owner's dashboard. */
    enabled: boolean;
    /** Folder of the SQLite database, created on first start; unused with a database URL. */
    dataDir: string;
    /** PostgreSQL instead of SQLite. */
    databaseUrl: string | undefined;
    /** Keep question text; false keeps only counts, coverage and cited speeches (feedback comments, given on purpose, are kept). */
    storeQuestions: boolean;
    /** Days question and comment text are kept before it is erased. */
    retentionDays: number;
  };
  /** The dashboard at /admin exists only when a token is set. */
  admin: { token: string | undefined };
  /** State replicas share through Redis: rate limits, the token budget, the answer cache. */
  shared: {
    /** Unset: everything in process, as for a single server. */
    redisUrl: string | undefined;
    /** How long a complete answer is cached, s; 0 turns the cache off. */
    answerCacheTtlSeconds: number;
  };
}

/**
 * Validates the environment, reporting every problem at once and naming each variable.
 * Empty strings count as unset.
 * @example loadConfig({ PORT: '8080' }).server.port // 8080
 */
export function loadConfig(environment: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new AppError('config_invalid', `invalid configuration:\n${problems}\nSee .env.example for every variable and its meaning.`);
  }
  const env = parsed.data;
  const llmEnabled = env.OPENAI_API_KEY !== undefined || env.OPENAI_BASE_URL !== undefined;
  const embedderKind = env.EMBEDDER ?? (llmEnabled ? 'openai' : 'local');
  return {
    corpusDir: env.CORPUS_DIR,
    indexDir: env.INDEX_DIR,
    openai: {
      apiKey: env.OPENAI_API_KEY,
      baseURL: env.OPENAI_BASE_URL,
      chatModel: env.CHAT_MODEL,
      limits: {
        firstByteMs: env.LLM_FIRST_BYTE_TIMEOUT_MS,
        idleMs: env.LLM_IDLE_TIMEOUT_MS,
        totalMs: env.LLM_TIMEOUT_MS,
        growthMsPerChar: env.LLM_TIMEOUT_GROWTH_MS_PER_CHAR,
        maxTotalMs: Math.max(env.LLM_MAX_TIMEOUT_MS, env.LLM_TIMEOUT_MS),
      },
      maxRetries: env.LLM_MAX_RETRIES,
      maxRetryWaitMs: env.LLM_MAX_RETRY_WAIT_MS,
      historyTokens: env.LLM_HISTORY_TOKENS,
      maxOutputTokens: env.LLM_MAX_OUTPUT_TOKENS,
    },
    llmEnabled,
    searchQueries: env.LLM_SEARCH_QUERIES,
    embedder:
      embedderKind === 'local'
        ? { kind: 'local', dimensions: env.LOCAL_EMBEDDING_DIMENSIONS }
        : { kind: 'openai', model: env.EMBEDDING_MODEL, dimensions: env.EMBEDDING_DIMENSIONS, batchSize: env.EMBEDDING_BATCH_SIZE },
    chunking: { maxChars: env.CHUNK_MAX_CHARS, overlapSentences: env.CHUNK_OVERLAP_SENTENCES },
    hnsw: { m: env.HNSW_M, efConstruction: env.HNSW_EF_CONSTRUCTION, ef: env.HNSW_EF },
    server: {
      port: env.PORT,
      host: env.HOST,
      publicOrigin: env.PUBLIC_URL === undefined ? undefined : new URL(env.PUBLIC_URL).origin,
      headersTimeoutMs: env.HEADERS_TIMEOUT_MS,
      requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: env.MAX_CONNECTIONS,
      allowedOrigins: env.ALLOWED_ORIGINS,
      apiKeys: env.API_KEYS,
      trustProxy: env.TRUST_PROXY,
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      dailyTokenBudget: env.DAILY_TOKEN_BUDGET,
      maxMessages: env.MAX_MESSAGES,
      maxMessageChars: env.MAX_MESSAGE_CHARS,
      shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
      heartbeatMs: env.SSE_HEARTBEAT_MS,
      indexPollMs: env.INDEX_POLL_MS,
      retrievalThread: env.RETRIEVAL_THREAD,
    },
    logging: { level: env.LOG_LEVEL, logQuestions: env.LOG_QUESTIONS },
    analytics: {
      enabled: env.ANALYTICS,
      dataDir: env.DATA_DIR,
      databaseUrl: env.DATABASE_URL,
      storeQuestions: env.STORE_QUESTIONS,
      retentionDays: env.ANALYTICS_RETENTION_DAYS,
    },
    admin: { token: env.ADMIN_TOKEN },
    shared: { redisUrl: env.REDIS_URL, answerCacheTtlSeconds: env.ANSWER_CACHE_TTL_SECONDS },
  };
}
