// Stage 4 of retrieval: the excerpt candidates ordered by fused score, then passed through the
// configured post-processors in turn (a boost for definitions, date ordering, …), each free to
// adjust scores and reorder. Which ones run is configuration (RetrievalSettings.postProcessors).
import type { CorpusProfile } from '../corpus/corpus-profile.ts';
import type { AnalyzedQuery } from './analyze-query.ts';
import type { ExcerptCandidate } from './collapse-to-excerpts.ts';
import { definitionBoost } from './post-processors/definition-boost.ts';
import { dateOrder } from './post-processors/date-order.ts';
import { senseCoverageBoost, type SenseSources } from './post-processors/sense-coverage.ts';
import { byScore, type PostProcessor } from './post-processors/post-processor.ts';
import type { PostProcessorName, RetrievalSettings } from './retrieval-settings.ts';

export type { PostProcessor } from './post-processors/post-processor.ts';

/** What post-processors may read besides the candidates: the corpus's profile, and the senses of its excerpts. */
export interface RerankContext {
  profile: CorpusProfile;
  senses: SenseSources;
}

const POST_PROCESSORS: Record<PostProcessorName, (settings: RetrievalSettings, context: RerankContext) => PostProcessor> = {
  'definition-boost': (settings, { profile }) => definitionBoost(settings.definitionBoost, settings.definitionCuesForFullBoost, profile.definitionCues),
  'sense-coverage': (settings, { senses }) => senseCoverageBoost(settings.senseWeight, settings.senseRerankDepth, senses),
  'date-order': (settings) => dateOrder(settings.latestRelevance),
};

/** The post-processors the settings name, in their order. */
export function postProcessorsFor(settings: RetrievalSettings, context: RerankContext): PostProcessor[] {
  return settings.postProcessors.map((name) => POST_PROCESSORS[name](settings, context));
}

export function rerank(candidates: readonly ExcerptCandidate[], query: AnalyzedQuery, postProcessors: readonly PostProcessor[]): ExcerptCandidate[] {
  return postProcessors.reduce((ordered, process) => process(ordered, query), [...candidates].sort(byScore));
}
