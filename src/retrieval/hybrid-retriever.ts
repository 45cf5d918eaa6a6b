// Hybrid retrieval in this thread, as a pipeline of stages over one search index: analyse the
// question → candidates (lexical, vector) → fuse → collapse to excerpts → rerank → locate matches
// → coverage. Each stage is a module of its own; this class only wires them to the index.
import type { SearchIndex } from '../index/search-index.ts';
import type { Lexicon } from '../translation/translate-query.ts';
import { analyzeQuery, type AnalyzedQuery } from './analyze-query.ts';
import { findCandidates } from './candidates.ts';
import { collapseToExcerpts } from './collapse-to-excerpts.ts';
import { assessCoverage } from './coverage.ts';
import { chunkFilter } from './filters.ts';
import { weighTerms } from './find-matches.ts';
import { fusionFor, type FusionStrategy } from './fuse.ts';
import { locateMatches } from './locate-matches.ts';
import { PreparedExcerpts } from './prepared-excerpts.ts';
import { postProcessorsFor, rerank, type PostProcessor } from './rerank.ts';
import { DEFAULT_RETRIEVAL_SETTINGS, type RetrievalSettings } from './retrieval-settings.ts';
import type { Retrieval, RetrievalOptions, Retriever } from './retriever.ts';

export type QueryAnalyzer = (question: string, lexicon: Lexicon) => AnalyzedQuery;

export class HybridRetriever implements Retriever {
  private readonly prepared = new PreparedExcerpts();
  private readonly fuse: FusionStrategy;
  private readonly postProcessors: PostProcessor[];

  constructor(
    private readonly index: SearchIndex,
    private readonly settings: RetrievalSettings = DEFAULT_RETRIEVAL_SETTINGS,
    private readonly analyze: QueryAnalyzer = analyzeQuery,
  ) {
    this.fuse = fusionFor(settings);
    this.postProcessors = postProcessorsFor(settings);
  }

  async retrieve(question: string, options: RetrievalOptions = {}): Promise<Retrieval> {
    const k = options.k ?? 5;
    const index = this.index;
    const query = this.analyze(question, index.lexical);
    const admits = chunkFilter(options.filters ?? {}, index.excerpts, index.chunks);
    const idf = (term: string) => index.lexical.idf(term);
    const weighedTerms = weighTerms(query.terms, idf);
    if (query.terms.length === 0 && query.searchText === '' && !query.dates.range && !query.dates.latest) {
      return { query, results: [], weighedTerms, confidence: 0, covered: false };
    }

    const candidates = await findCandidates(index, query, this.settings.candidates, admits, options.signal);
    const lookup = { chunkAt: (label: number) => index.chunks[label]!, excerptById: (id: string) => index.excerptById.get(id)! };
    const excerpts = collapseToExcerpts(this.fuse(candidates), lookup, query.dates.range);
    const ranked = rerank(excerpts, query, this.postProcessors);
    const results = locateMatches(ranked.slice(0, k), weighedTerms, this.prepared);
    const datesNamed = query.dates.range !== undefined;
    const top = results.map((result) => ({ haystack: this.prepared.of(result.excerpt).haystack, datesMatched: datesNamed && result.inQuestionDates }));
    return { query, results, weighedTerms, ...assessCoverage(query, top, idf, this.settings) };
  }

  /** Nothing to release: this retriever searches in the caller's thread. */
  async close(): Promise<void> {}
}
