// LLM-mode overhead: with a fake OpenAI-compatible server that answers at once, the time the
// service adds before its upstream request, to the first `sources` event, and to the first
// `text-delta` beyond the upstream's own time.
import { collectAnswer } from '../src/answer/collect-answer.ts';
import { loadConfig } from '../src/config/config.ts';
import { PROMPTS_DIR } from '../src/paths.ts';
import { createAnswerEngine } from '../src/setup/create-answerer.ts';
import { prepareIndex } from '../src/setup/prepare-index.ts';
import { chatResponse, startFakeOpenAIServer } from '../test/support/fake-openai-server.ts';
import { percentile, round } from './stats.ts';

/** Untimed runs first: LangChain's client is a lot of code, and five runs left some of it still being compiled. */
const WARM_UP_RUNS = 20;

export async function benchLlmOverhead(indexDir: string, runs: number) {
  let requestArrived = 0;
  let firstByteSent = 0;
  const fake = await startFakeOpenAIServer((request, response) => {
    requestArrived = performance.now();
    firstByteSent = performance.now();
    chatResponse(request, response, '新质生产力的显著特点是创新[1]。');
  });
  try {
    const config = loadConfig({ INDEX_DIR: indexDir, EMBEDDER: 'local', OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-bench', LLM_MAX_RETRIES: '0' });
    const { index } = await prepareIndex(config);
    const { answerer } = await createAnswerEngine(config, index, PROMPTS_DIR);
    const beforeUpstream: number[] = [];
    const toSources: number[] = [];
    const toFirstDelta: number[] = [];
    for (let run = 0; run < runs + WARM_UP_RUNS; run++) {
      const started = performance.now();
      let sourcesAt = 0;
      let deltaAt = 0;
      await collectAnswer(answerer, [{ role: 'user', content: '新质生产力的显著特点是什么？' }], {}, (event) => {
        if (event.type === 'sources' && !sourcesAt) sourcesAt = performance.now();
        if (event.type === 'text-delta' && !deltaAt) deltaAt = performance.now();
      });
      if (run < WARM_UP_RUNS) continue;
      beforeUpstream.push(requestArrived - started);
      toSources.push(sourcesAt - started);
      // The upstream's own time is what the fake server spent before its first byte (about nothing).
      toFirstDelta.push(deltaAt - started - (firstByteSent - requestArrived));
    }
    const summary = (values: number[]) => ({ p50: round(percentile(values, 50)), p95: round(percentile(values, 95)) });
    return { runs, beforeUpstreamMs: summary(beforeUpstream), toSourcesMs: summary(toSources), toFirstDeltaMinusUpstreamMs: summary(toFirstDelta) };
  } finally {
    await fake.close();
  }
}
