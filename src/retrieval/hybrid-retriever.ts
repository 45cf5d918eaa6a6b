// Hybrid retrieval in this thread, as a pipeline of stages over one search index: analyse the
// question → candidates (lexical, vector) → fuse → collapse to excerpts → rerank → locate matches
// → time scope (for questions about a period or the latest/first) → coverage. Each stage is a module of
// its own; this class only wires them to the index.
import { EMPTY_PROFILE, type CorpusProfile } from '../corpus/corpus-profile.ts';
import { isoDay, type DateRange } from '../dates/calendar.ts';
import { splitStoredTerms, type SearchIndex } from '../index/search-index.ts';
import type { Lexicon } from '../translation/translate-query.ts';
import { analyzeQuery, type AnalyzedQuery } from './analyze-query.ts';
import { findCandidates } from './candidates.ts';
import { collapseToExcerpts } from './collapse-to-excerpts.ts';
import { assessCoverage, weighConcepts } from './coverage.ts';
import { chunkFilter } from './filters.ts';
import { weighTerms } from './find-matches.ts';
import { fusionFor, type FusionStrategy } from './fuse.ts';
import { locateMatches } from './locate-matches.ts';
import { PreparedExcerpts } from './prepared-excerpts.ts';
import { postProcessorsFor, rerank, type PostProcessor } from './rerank.ts';
import { DEFAULT_RETRIEVAL_SETTINGS, type RetrievalSettings } from './retrieval-settings.ts';
import type { Retrieval, RetrievalFilters, RetrievalOptions, Retriever } from './retriever.ts';
import { speakerIntent, speakerMatchers, type SpeakerMatcher } from './speaker-intent.ts';
import { namesUnknownTopic, scopeToTime } from './time-scope.ts';
import { asksForDefinition, definitionCueCount } from '../text/definition-cues.ts';
import { namedTerms, speakerWords } from './named-terms.ts';
import { bilingualDictionary } from '../translation/bilingual-dictionary.ts';

export type QueryAnalyzer = (question: string, lexicon: Lexicon, today: string, profile: CorpusProfile) => AnalyzedQuery;

export class HybridRetriever implements Retriever {
  private readonly prepared = new PreparedExcerpts();
  private nameStopWords: { en: readonly string[]; zh: readonly string[] } | undefined;
  private chunkLabels: Map<string, number[]> | undefined;
  private readonly fuse: FusionStrategy;
  private readonly postProcessors: PostProcessor[];
  private speakers: SpeakerMatcher[] | undefined;

  constructor(
    private readonly index: SearchIndex,
    private readonly settings: RetrievalSettings = DEFAULT_RETRIEVAL_SETTINGS,
    private readonly analyze: QueryAnalyzer = analyzeQuery,
  ) {
    this.fuse = fusionFor(settings);
    this.postProcessors = postProcessorsFor(settings, {
      profile: this.profile,
      senses: {
        concepts: (query) => weighConcepts(query, (term) => index.lexical.idf(term), settings.untranslatedWeight),
        haystack: (excerpt) => this.prepared.of(excerpt).haystack,
        senses: (excerpt) => this.prepared.sensesOf(excerpt, () => this.wordsOf(excerpt.id)),
      },
    });
  }

  /** The corpus's profile (its own words), empty when it has none. */
  get profile(): CorpusProfile {
    return this.index.profile ?? EMPTY_PROFILE;
  }

  async retrieve(question: string, options: RetrievalOptions = {}): Promise<Retrieval> {
    const k = options.k ?? 5;
    const index = this.index;
    // A question naming one of several speakers is searched among that speaker's excerpts, without the name.
    const named = options.filters?.speaker === undefined ? speakerIntent(question, this.speakerMatchers()) : undefined;
    const filters: RetrievalFilters = named ? { ...options.filters, speaker: named.speaker } : (options.filters ?? {});
    const query = this.analyze(named ? named.question : question, index.lexical, options.today ?? isoDay(new Date()), this.profile);
    const range = query.dates.range;
    // Like a period, a speaker scopes the question: what they said on its topic, or all of it when it has none.
    const scoped = range !== undefined || query.dates.order !== undefined || named !== undefined;
    // A period in the question narrows the candidates to it, so that all of the period's excerpts compete.
    const admits = chunkFilter(range ? withinRange(filters, range) : filters, index.excerpts, index.chunks);
    const idf = (term: string) => index.lexical.idf(term);
    const weighedTerms = weighTerms(query.terms, idf);
    if (query.terms.length === 0 && query.searchText === '' && !scoped) {
      return { query, results: [], weighedTerms, confidence: 0, covered: false, coverage: 'not_covered', timeScope: { scoped, nearestDates: [] } };
    }

    const candidates = await findCandidates(index, query, this.settings.candidates, admits, options.signal);
    const lookup = { chunkAt: (label: number) => index.chunks[label]!, excerptById: (id: string) => index.excerptById.get(id)! };
    const excerpts = collapseToExcerpts(this.fuse(candidates), lookup, query.dates.range);
    const ranked = rerank(excerpts, query, this.postProcessors);
    const scope = scoped
      ? scopeToTime(
          ranked,
          range,
          query.dates.order,
          index.excerpts.map((excerpt) => excerpt.date),
          namesUnknownTopic(query, idf),
          {
            concepts: weighConcepts(query, idf, this.settings.untranslatedWeight),
            haystack: (candidate) => this.prepared.of(candidate.excerpt).haystack,
            definitionCues: asksForDefinition(query.simplified)
              ? (candidate) => definitionCueCount(candidate.excerpt.text, this.profile.definitionCues)
              : undefined,
          },
        )
      : undefined;
    const results = locateMatches(scope ? scope.kept : ranked.slice(0, k), weighedTerms, this.prepared);
    const datesNamed = range !== undefined;
    const top = results.slice(0, this.settings.coverageDepth).map((result) => ({
      haystack: this.prepared.of(result.excerpt).haystack,
      datesMatched: datesNamed && result.inQuestionDates,
      senses: this.prepared.sensesOf(result.excerpt, () => this.wordsOf(result.excerpt.id)),
      vectorSimilarity: result.vectorSimilarity,
      text: result.excerpt.text,
    }));
    const names = namedTerms(query, bilingualDictionary(), this.speakersAndStopWords());
    const assessed = assessCoverage(query, top, { idf, has: (term) => index.lexical.has(term) }, this.settings, names);
    // A period or an order with results is answered: the results are what the period holds on the topic.
    const periodAnswered = scoped && results.length > 0 && (range !== undefined || query.concepts.length === 0);
    const coverage = periodAnswered ? 'answered' : assessed.coverage;
    return {
      query,
      results,
      weighedTerms,
      ...assessed,
      covered: coverage !== 'not_covered',
      coverage,
      definitionCues: this.profile.definitionCues,
      timeScope: { scoped, nearestDates: scope?.nearestDates ?? [] },
    };
  }

  /** The corpus's speakers' names as questions write them; built on first use (romanizing reads CC-CEDICT). */
  private speakerMatchers(): SpeakerMatcher[] {
    if (this.speakers === undefined) {
      const speakers = new Set(this.index.excerpts.map((excerpt) => excerpt.speaker).filter((speaker) => speaker !== undefined));
      this.speakers = speakers.size > 1 ? speakerMatchers([...speakers]) : [];
    }
    return this.speakers;
  }

  /** An excerpt's words: the lexical terms stored with its chunks (the chunks' labels found once per index). */
  private wordsOf(excerptId: string): Set<string> {
    if (this.chunkLabels === undefined) {
      this.chunkLabels = new Map();
      for (const chunk of this.index.chunks) {
        const labels = this.chunkLabels.get(chunk.excerptId);
        if (labels) labels.push(chunk.label);
        else this.chunkLabels.set(chunk.excerptId, [chunk.label]);
      }
    }
    const words = new Set<string>();
    for (const label of this.chunkLabels.get(excerptId) ?? []) for (const term of splitStoredTerms(this.index.chunks[label]!.terms)) words.add(term);
    return words;
  }

  /** Words that never name a question's topic: the profile's, and the corpus's speakers' names (worked out once). */
  private speakersAndStopWords(): { en: readonly string[]; zh: readonly string[] } {
    if (this.nameStopWords === undefined) {
      const speakers = speakerWords(
        this.index.documents.flatMap((document) => (document.author ? [document.author] : [])),
        bilingualDictionary(),
      );
      this.nameStopWords = { en: [...this.profile.stopWords.en, ...speakers.en], zh: [...this.profile.stopWords.zh, ...speakers.zh] };
    }
    return this.nameStopWords;
  }

  /** Nothing to release: this retriever searches in the caller's thread. */
  async close(): Promise<void> {}
}

/** The caller's filters narrowed to the question's period. */
function withinRange(filters: RetrievalFilters, range: DateRange): RetrievalFilters {
  const from = [filters.from, range.from]
    .filter((date): date is string => date !== undefined)
    .sort()
    .at(-1);
  const to = [filters.to, range.to].filter((date): date is string => date !== undefined).sort()[0];
  return { ...filters, from, to };
}
