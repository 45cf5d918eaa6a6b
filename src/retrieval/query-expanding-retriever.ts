// Retrieval with more than one wording of the question: the question as asked, and search queries
// that a model wrote in the corpus's own vocabulary (LLM mode). The rankings are fused by score, each
// wording weighted by the evidence it found; coverage stays the question's own, except that
// "not covered" becomes "partial" when a written query finds the corpus speaking to it.
import type { Retrieval, RetrievalOptions, RetrievedExcerpt, Retriever } from './retriever.ts';

/** Writes search queries for a question; may return none. Failing, it is ignored and the question is searched as asked. */
export type QueryExpander = (question: string, signal: AbortSignal | undefined) => Promise<string[]>;

export class QueryExpandingRetriever implements Retriever {
  constructor(
    private readonly inner: Retriever,
    private readonly expand: QueryExpander,
    private readonly onExpansionFailure: (error: unknown) => void = () => {},
  ) {}

  async retrieve(question: string, options: RetrievalOptions = {}): Promise<Retrieval> {
    let queries: string[] = [];
    try {
      queries = (await this.expand(question, options.signal)).filter((query) => query.trim() !== '' && query.trim() !== question.trim());
    } catch (error) {
      options.signal?.throwIfAborted();
      this.onExpansionFailure(error);
    }
    const k = options.k ?? 5;
    if (queries.length === 0) return this.inner.retrieve(question, options);
    // Each wording is searched a little deeper than asked, so that fusion has more than the top few to weigh.
    const [original, ...expanded] = await Promise.all([question, ...queries].map((query) => this.inner.retrieve(query, { ...options, k: Math.max(k, 10) })));
    return fuseRetrievals(original!, expanded, k);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * The original retrieval's query, with results ranked by the sum over wordings of each excerpt's
 * score (0–1, relative to that wording's best), weighted by the wording's evidence probability: a
 * wording that found the corpus speaking to it counts, one that found nothing hardly does. (Reciprocal
 * rank fusion was tried first: with a handful of short lists it ranks an excerpt that every wording
 * finds at rank 4 above the one a wording finds first.) Each excerpt keeps the record of the wording
 * that scored it best.
 */
export function fuseRetrievals(original: Retrieval, expanded: readonly Retrieval[], k: number): Retrieval {
  const fused = new Map<string, { score: number; best: RetrievedExcerpt; bestScore: number }>();
  for (const retrieval of [original, ...expanded]) {
    for (const result of retrieval.results) {
      const contribution = retrieval.confidence * result.score;
      const entry = fused.get(result.excerpt.id);
      if (!entry) fused.set(result.excerpt.id, { score: contribution, best: result, bestScore: contribution });
      else {
        entry.score += contribution;
        if (contribution > entry.bestScore) Object.assign(entry, { best: result, bestScore: contribution });
      }
    }
  }
  const results = [...fused.values()]
    .sort((left, right) => right.score - left.score || left.best.excerpt.id.localeCompare(right.best.excerpt.id))
    .slice(0, k)
    .map(({ best }) => best);
  // The question's own words decide coverage; a wording the model wrote can lift it to partial at most,
  // since a rewrite may leave out the very name or number the corpus lacks.
  const lifted = expanded.some((retrieval) => retrieval.coverage !== 'not_covered');
  const coverage = original.coverage === 'not_covered' && lifted ? 'partial' : original.coverage;
  return { ...original, results, covered: coverage !== 'not_covered', coverage };
}
