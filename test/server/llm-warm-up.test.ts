// What an LLM-mode server's first answers need is built before it reports ready, so that no
// visitor's question (and no request beside it) waits for it.
import { afterAll, describe, expect, it } from 'vitest';
import { tokenizerLoaded } from '../../src/answer/count-tokens.ts';
import { sharedTestIndex, startTestServer } from '../support/test-server.ts';

afterAll(async () => (await sharedTestIndex()).remove());

describe('an LLM-mode server at start', () => {
  it('builds the tokenizer before it reports ready; an offline one never builds it', async () => {
    // This file's modules are its own, so nothing has built the tokenizer yet.
    const offline = await startTestServer();
    await offline.close();
    expect(tokenizerLoaded()).toBe(false);
    // Building it blocks for a second or more: on the first follow-up question, or the first answer from a
    // provider that reports no usage, every request waited that long. No model request is made at start.
    const llm = await startTestServer({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', CHAT_MODEL: 'fake-chat' });
    try {
      expect(tokenizerLoaded()).toBe(true);
    } finally {
      await llm.close();
    }
  });
});
