// The delay verified streaming adds in LLM mode: from the upstream's first content token to the
// first verified `text-delta`, against a fake model that streams a real-length answer at a steady
// pace. The least any verification can wait is the first claim itself (its sentence, its markers,
// and the next piece showing no more markers follow); the figure to watch is what comes on top of that.
import { collectAnswer } from '../src/answer/collect-answer.ts';
import { loadConfig } from '../src/config/config.ts';
import { PROMPTS_DIR } from '../src/paths.ts';
import { createAnswerEngine } from '../src/setup/create-answerer.ts';
import { prepareIndex } from '../src/setup/prepare-index.ts';
import { startFakeOpenAIServer, streamLikeProvider } from '../test/support/fake-openai-server.ts';
import { percentile, round } from './stats.ts';

const WARM_UP_RUNS = 10;
/** A typical cited answer: a first claim of 17 characters, then a quotation, streamed as models do. */
const FIRST_CLAIM = '新质生产力的显著特点是创新[1]。';
const ANSWER = `${FIRST_CLAIM}讲话指出「新质生产力的显著特点是创新，既包括技术和业态模式层面的创新」[1]。`;
/** Characters per streamed piece and ms between pieces: about 300 characters a second, a fast hosted model. */
const PIECE_CHARS = 3;
const PIECE_MS = 10;

export async function benchVerifiedFirstText(indexDir: string, runs: number) {
  const pieces = ANSWER.match(new RegExp(`[\\s\\S]{1,${PIECE_CHARS}}`, 'gu')) ?? [];
  // The piece holding the first character after the first claim: it shows no further marker follows.
  const confirmingPiece = Math.floor(FIRST_CLAIM.length / PIECE_CHARS);
  let firstTokenAt = 0;
  let claimConfirmedAt = 0;
  const fake = await startFakeOpenAIServer(async (_request, response) => {
    let written = 0;
    const original = response.write.bind(response);
    response.write = ((chunk: string) => {
      if (chunk.includes('"content":"') && !chunk.includes('"content":""')) {
        if (written === 0) firstTokenAt = performance.now();
        if (written === confirmingPiece) claimConfirmedAt = performance.now();
        written++;
      }
      return original(chunk);
    }) as typeof response.write;
    await streamLikeProvider(response, { pieces, intervalMs: PIECE_MS, usage: { prompt_tokens: 800, completion_tokens: 40 } });
  });
  try {
    const config = loadConfig({ INDEX_DIR: indexDir, EMBEDDER: 'local', OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-bench', LLM_MAX_RETRIES: '0' });
    const { index } = await prepareIndex(config);
    const { answerer } = await createAnswerEngine(config, index, PROMPTS_DIR);
    const delay: number[] = [];
    const firstClaim: number[] = [];
    const beyondFirstClaim: number[] = [];
    for (let run = 0; run < runs + WARM_UP_RUNS; run++) {
      let deltaAt = 0;
      await collectAnswer(answerer, [{ role: 'user', content: '新质生产力的显著特点是什么？' }], {}, (event) => {
        if (event.type === 'text-delta' && !deltaAt) deltaAt = performance.now();
      });
      if (run < WARM_UP_RUNS) continue;
      delay.push(deltaAt - firstTokenAt);
      firstClaim.push(claimConfirmedAt - firstTokenAt);
      beyondFirstClaim.push(deltaAt - claimConfirmedAt);
    }
    const summary = (values: number[]) => ({ p50: round(percentile(values, 50)), p95: round(percentile(values, 95)) });
    return {
      runs,
      paceCharsPerSecond: Math.round((PIECE_CHARS * 1000) / PIECE_MS),
      /** Upstream's first token → first verified text-delta. */
      firstVerifiedTextMs: summary(delay),
      /** Upstream's first token → the piece that completes the first claim: one sentence of streaming. */
      firstClaimStreamedMs: summary(firstClaim),
      /** What verification adds on top of waiting for the first claim. */
      beyondFirstClaimMs: summary(beyondFirstClaim),
      /** Streaming one piece takes this long, ms. */
      pieceMs: PIECE_MS,
    };
  } finally {
    await fake.close();
  }
}
