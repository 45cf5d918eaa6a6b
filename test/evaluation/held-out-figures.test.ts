// Retrieval and answers on the held-out test split (eval/test.jsonl): questions written from the
// corpus alone, never used to tune anything. The thresholds are the figures measured once with the
// final method, less a little, so that a change that makes them worse fails; they are not the
// issue's targets, which this method does not reach (README, "Retrieval quality").
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigramBm25Baseline } from '../../src/evaluation/bigram-bm25-baseline.ts';
import { evaluateAnswers, type AnswerReport } from '../../src/evaluation/evaluate-answers.ts';
import { evaluateBaseline, evaluateRetrieval, type RetrievalReport } from '../../src/evaluation/evaluate-retrieval.ts';
import { readGoldSet, type GoldQuestion } from '../../src/evaluation/gold-set.ts';
import { abstentionScores, isHeadline, scoresOf, type QuestionOutcome } from '../../src/evaluation/retrieval-breakdown.ts';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.ts';
import { createOfflineEngine } from '../../src/setup/create-answerer.ts';
import { prepareIndex } from '../../src/setup/prepare-index.ts';
import { CORPUS_FILE, TEST_SPLIT_FILE, temporaryDirectory, testConfig } from '../support/temporary-index.ts';

let questions: GoldQuestion[];
let report: RetrievalReport;
let withoutProfile: RetrievalReport;
let baseline: QuestionOutcome[];
let answers: AnswerReport;
let datedAnswers: AnswerReport;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  questions = await readGoldSet(TEST_SPLIT_FILE);
  const indexDir = await temporaryDirectory();
  cleanups.push(indexDir.remove);
  const { index } = await prepareIndex(testConfig(indexDir.path));
  report = await evaluateRetrieval(new HybridRetriever(index), questions);
  baseline = evaluateBaseline(new BigramBm25Baseline(index.excerpts), questions);
  answers = await evaluateAnswers(createOfflineEngine(index).answerer, questions);
  // Time questions and follow-ups against the clock their gold ranges were written for.
  datedAnswers = await evaluateAnswers(
    createOfflineEngine(index).answerer,
    questions.filter((question) => question.type === 'time' || question.type === 'followup'),
    { excerpts: index.excerpts, today: '2026-11-30' },
  );

  // The same corpus without its profile.json: no domain phrases, definition cues or corpus stop words.
  const bareCorpus = await temporaryDirectory();
  const bareIndex = await temporaryDirectory();
  cleanups.push(bareCorpus.remove, bareIndex.remove);
  await copyFile(CORPUS_FILE, path.join(bareCorpus.path, path.basename(CORPUS_FILE)));
  const bare = await prepareIndex({ ...testConfig(bareIndex.path), corpusDir: bareCorpus.path });
  expect(bare.index.profile).toBeUndefined();
  withoutProfile = await evaluateRetrieval(new HybridRetriever(bare.index), questions);
});
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const chinese = (outcomes: readonly QuestionOutcome[]) =>
  scoresOf(
    'zh+Hant',
    outcomes.filter((outcome) => isHeadline(outcome) && outcome.lang !== 'en'),
  );
const english = (outcomes: readonly QuestionOutcome[]) =>
  scoresOf(
    'en',
    outcomes.filter((outcome) => isHeadline(outcome) && outcome.lang === 'en'),
  );

describe('retrieval on the held-out test split', () => {
  it('holds its Chinese figures (Simplified and Traditional): Recall@1 ≥ 0.72, Recall@3 ≥ 0.85, above the bigram BM25 baseline', () => {
    const ours = chinese(report.questions);
    expect(ours.inScope).toBeGreaterThanOrEqual(70);
    expect(ours.recall1).toBeGreaterThanOrEqual(0.72);
    expect(ours.recall3).toBeGreaterThanOrEqual(0.85);
    expect(ours.mrr).toBeGreaterThan(chinese(baseline).mrr);
    expect(ours.recall1).toBeGreaterThan(chinese(baseline).recall1);
  });

  it('holds its English figures: Recall@1 ≥ 0.48, Recall@3 ≥ 0.68, where the bigram baseline finds nothing', () => {
    const ours = english(report.questions);
    expect(ours.inScope).toBeGreaterThanOrEqual(50);
    expect(ours.recall1).toBeGreaterThanOrEqual(0.48);
    expect(ours.recall3).toBeGreaterThanOrEqual(0.68);
    expect(english(baseline).recall1).toBeLessThan(0.1);
  });

  it('says "not covered" for at least 25% of out-of-scope questions and "not covered" or the caveat for 60%, and wrongly says "not covered" for at most 7% in scope', () => {
    const headline = report.questions.filter(isHeadline);
    const strict = abstentionScores(headline);
    const withCaveat = abstentionScores(headline, (outcome) => outcome.notCovered || outcome.partial);
    expect(strict.outOfScope).toBeGreaterThanOrEqual(30);
    expect(strict.recall).toBeGreaterThanOrEqual(0.25);
    expect(strict.wronglyAbstained).toBeLessThanOrEqual(0.07);
    expect(withCaveat.recall).toBeGreaterThanOrEqual(0.6);
  });

  it('works with the corpus profile empty: Chinese as with it, English lower but far above the baseline', () => {
    expect(chinese(withoutProfile.questions).recall1).toBeGreaterThanOrEqual(0.72);
    expect(chinese(withoutProfile.questions).recall3).toBeGreaterThanOrEqual(0.85);
    expect(english(withoutProfile.questions).recall1).toBeGreaterThanOrEqual(0.36);
    // The speaker's name comes from the documents' author, so no profile is needed to tell it from a topic.
    expect(abstentionScores(withoutProfile.questions.filter(isHeadline)).wronglyAbstained).toBeLessThanOrEqual(0.07);
  });
});

describe('offline answers on the held-out test split', () => {
  it("cite the speeches of a period with precision ≥ 0.80 and recall ≥ 0.87, and answer ≥ 15 of 29 follow-ups from the second turn's gold", () => {
    // Measured 0.860 / 0.909 and 17 of 29 (README); issue 15's targets are 0.95 / 0.90 and 90%.
    expect(datedAnswers.time.n).toBeGreaterThanOrEqual(25);
    expect(datedAnswers.time.precision).toBeGreaterThanOrEqual(0.8);
    expect(datedAnswers.time.recall).toBeGreaterThanOrEqual(0.87);
    expect(datedAnswers.followUps.n).toBeGreaterThanOrEqual(29);
    expect(datedAnswers.followUps.citesGold).toBeGreaterThanOrEqual(15);
    expect(datedAnswers.errors).toBe(0);
  });

  it('cite a gold excerpt for at least 65% of in-scope questions, with nothing unverified', () => {
    expect(answers.inScope).toBeGreaterThanOrEqual(150);
    expect(answers.citesGold / answers.inScope).toBeGreaterThanOrEqual(0.65);
    expect(answers.errors).toBe(0);
    expect(answers.invalidMarkers).toBe(0);
    expect(answers.unverifiedQuotes).toBe(0);
  });
});
