// Retrieval quality on a gold set: Recall@1, Recall@3 and MRR per language, and abstention.
import type { EvidenceFeatures } from '../retrieval/coverage-evidence.ts';
import type { Retrieval, Retriever } from '../retrieval/retriever.ts';
import type { BigramBm25Baseline } from './bigram-bm25-baseline.ts';
import { isGoldExcerpt, isOutOfScope, type GoldQuestion } from './gold-set.ts';
import type { QuestionOutcome } from './retrieval-breakdown.ts';

export interface LanguageScores {
  n: number;
  recall1: number;
  recall3: number;
  mrr: number;
}

export interface RetrievalReport {
  byLang: Record<string, LanguageScores>;
  outOfScope: { n: number; flagged: number };
  /** In-scope questions that retrieval wrongly flagged as not covered. */
  inScopeFlagged: number;
  /** Per question, for finding what went wrong. */
  questions: Array<QuestionOutcome & { covered: boolean; confidence: number; top: number[]; features: EvidenceFeatures | undefined }>;
}

/** @param today ISO yyyy-mm-dd, for relative dates in the questions. */
export async function evaluateRetrieval(retriever: Retriever, questions: readonly GoldQuestion[], today?: string): Promise<RetrievalReport> {
  const totals = new Map<string, { n: number; hits1: number; hits3: number; reciprocal: number }>();
  const outOfScope = { n: 0, flagged: 0 };
  let inScopeFlagged = 0;
  const perQuestion: RetrievalReport['questions'] = [];

  for (const question of questions) {
    const retrieval: Retrieval = await retriever.retrieve(question.q, { k: 10, today });
    const top = retrieval.results.map((result) => result.excerpt.section);
    if (isOutOfScope(question)) {
      outOfScope.n++;
      if (!retrieval.covered) outOfScope.flagged++;
      perQuestion.push({
        ...outcomeOf(question, undefined, retrieval),
        covered: retrieval.covered,
        confidence: retrieval.confidence,
        top,
        features: retrieval.evidence,
      });
      continue;
    }
    if (!retrieval.covered) inScopeFlagged++;
    const position = retrieval.results.findIndex((result) => isGoldExcerpt(question, result.excerpt));
    const rank = position === -1 ? undefined : position + 1;
    const total = totals.get(question.lang) ?? { n: 0, hits1: 0, hits3: 0, reciprocal: 0 };
    total.n++;
    if (rank === 1) total.hits1++;
    if (rank !== undefined && rank <= 3) total.hits3++;
    if (rank !== undefined) total.reciprocal += 1 / rank;
    totals.set(question.lang, total);
    perQuestion.push({
      ...outcomeOf(question, rank, retrieval),
      covered: retrieval.covered,
      confidence: retrieval.confidence,
      top,
      features: retrieval.evidence,
    });
  }

  const byLang: Record<string, LanguageScores> = {};
  for (const [lang, total] of totals) {
    byLang[lang] = { n: total.n, recall1: ratio(total.hits1, total.n), recall3: ratio(total.hits3, total.n), mrr: ratio(total.reciprocal, total.n) };
  }
  return { byLang, outOfScope, inScopeFlagged, questions: perQuestion };
}

function outcomeOf(question: GoldQuestion, rank: number | undefined, retrieval: Retrieval): QuestionOutcome {
  return {
    id: question.id,
    lang: question.lang,
    type: question.type,
    inScope: !isOutOfScope(question),
    rank,
    notCovered: retrieval.coverage === 'not_covered',
    partial: retrieval.coverage === 'partial',
    evidence: retrieval.confidence,
  };
}

/** The plain bigram BM25 baseline on the same questions: ranks only, it never abstains. */
export function evaluateBaseline(baseline: BigramBm25Baseline, questions: readonly GoldQuestion[]): QuestionOutcome[] {
  return questions.map((question) => {
    const inScope = !isOutOfScope(question);
    const position = inScope ? baseline.search(question.q, 10).findIndex((excerpt) => isGoldExcerpt(question, excerpt)) : -1;
    return {
      id: question.id,
      lang: question.lang,
      type: question.type,
      inScope,
      rank: position === -1 ? undefined : position + 1,
      notCovered: false,
      partial: false,
      evidence: 1,
    };
  });
}

/** Scores of several languages pooled, e.g. zh and zh-Hant together. */
export function pooledScores(report: RetrievalReport, languages: readonly string[]): LanguageScores {
  const parts = languages.map((lang) => report.byLang[lang]).filter((scores): scores is LanguageScores => scores !== undefined);
  const n = parts.reduce((sum, part) => sum + part.n, 0);
  const weighted = (pick: (scores: LanguageScores) => number) =>
    ratio(
      parts.reduce((sum, part) => sum + pick(part) * part.n, 0),
      n,
    );
  return { n, recall1: weighted((scores) => scores.recall1), recall3: weighted((scores) => scores.recall3), mrr: weighted((scores) => scores.mrr) };
}

const ratio = (value: number, total: number) => (total === 0 ? 0 : Math.round((value / total) * 1000) / 1000);
