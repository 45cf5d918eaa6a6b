// The API's filters as retrieval takes them: a speaker and a document are checked against the corpus
// being served, so that a misspelt name is a 400 naming the known values, not an empty answer.
import { AppError } from '../errors.ts';
import type { ExcerptStore } from '../index/excerpt-store.ts';
import type { RetrievalFiltersInput } from '../protocol/requests.ts';
import type { RetrievalFilters } from '../retrieval/retriever.ts';

/** At most this many known values are listed in an error: enough to spot a misspelling, short enough to read. */
const LISTED = 20;

const listed = (values: readonly string[]) =>
  `${values
    .slice(0, LISTED)
    .map((value) => `"${value}"`)
    .join(', ')}${values.length > LISTED ? `, … (${values.length} in all; GET /api/sources lists them)` : ''}`;

/**
 * @example resolveFilters({ speaker: '李华', document: 'urban-transport' }, store) // { speaker: '李华', documentIds: ['urban-transport'] }
 */
export function resolveFilters(input: RetrievalFiltersInput, store: Pick<ExcerptStore, 'speakers' | 'documents'>): RetrievalFilters {
  const { speaker, document, ...rest } = input;
  const filters: RetrievalFilters = { ...rest };
  if (speaker !== undefined) {
    if (!store.speakers.includes(speaker)) {
      throw new AppError(
        'bad_request',
        store.speakers.length === 0
          ? `filters.speaker: no excerpt of this corpus names its speaker, so "${speaker}" cannot be filtered on; leave filters.speaker out`
          : `filters.speaker: "${speaker}" is not a speaker of this corpus; the speakers are ${listed(store.speakers)}`,
      );
    }
    filters.speaker = speaker;
  }
  if (document !== undefined) {
    const found = store.documents.find((candidate) => candidate.id === document || candidate.title === document);
    if (!found) {
      throw new AppError(
        'bad_request',
        `filters.document: "${document}" is neither the id nor the title of a document of this corpus; the documents are ${listed(store.documents.map((candidate) => `${candidate.id}`))} (ids; titles work too)`,
      );
    }
    filters.documentIds = [found.id];
  }
  return filters;
}
