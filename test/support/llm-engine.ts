// LLM-mode answer engines against fake OpenAI-compatible servers, over one offline test index per test file, so
// that only the model's requests go upstream. Call useLlmEngines() at the top of a test file: it builds the index
// before the tests and closes every fake server after each test.
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Answerer } from '../../src/answer/types.ts';
import { loadConfig } from '../../src/config/config.ts';
import type { SearchIndex } from '../../src/index/search-index.ts';
import { PROMPTS_DIR } from '../../src/paths.ts';
import { createAnswerEngine } from '../../src/setup/create-answerer.ts';
import { prepareIndex } from '../../src/setup/prepare-index.ts';
import { startFakeOpenAIServer, type FakeHandler, type FakeOpenAIServer } from './fake-openai-server.ts';
import { CORPUS_DIR, temporaryDirectory, testConfig } from './temporary-index.ts';

/** Starts a fake model server with the handler and an LLM-mode answerer against it; environment adds to or overrides the settings. */
export type StartLlmAnswerer = (handler: FakeHandler, environment?: Record<string, string>) => Promise<{ answerer: Answerer; fake: FakeOpenAIServer }>;

export function useLlmEngines(): StartLlmAnswerer {
  let index: SearchIndex;
  let removeIndex: () => Promise<void>;
  const servers: FakeOpenAIServer[] = [];

  beforeAll(async () => {
    const directory = await temporaryDirectory();
    removeIndex = directory.remove;
    index = (await prepareIndex(testConfig(directory.path))).index;
  });
  afterAll(() => removeIndex());
  afterEach(async () => {
    while (servers.length > 0) await servers.pop()!.close();
  });

  return async (handler, environment = {}) => {
    const fake = await startFakeOpenAIServer(handler);
    servers.push(fake);
    const config = loadConfig({
      CORPUS_DIR,
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: 'sk-test',
      CHAT_MODEL: 'fake-chat',
      EMBEDDER: 'local',
      LLM_MAX_RETRIES: '0',
      ...environment,
    });
    const engine = await createAnswerEngine(config, index, PROMPTS_DIR);
    expect(engine.mode).toBe('llm');
    return { answerer: engine.answerer, fake };
  };
}
