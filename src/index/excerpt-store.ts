// The excerpts, documents and manifest of one index build, without the vector and lexical indexes:
// what routes, pages and the answer layer read. Loading it alone is how the main thread stays
// small while a retrieval thread holds the search indexes.
import type { Excerpt } from '../corpus/types.ts';
import type { IndexManifest } from './manifest.ts';
import type { DocumentInfo } from './search-index.ts';

export class ExcerptStore {
  private readonly byId: ReadonlyMap<string, Excerpt>;
  private readonly titles: ReadonlyMap<string, string>;

  /** @param byId the excerpts by id, when the caller has built that map already. */
  constructor(
    readonly manifest: IndexManifest,
    readonly documents: readonly DocumentInfo[],
    readonly excerpts: readonly Excerpt[],
    byId?: ReadonlyMap<string, Excerpt>,
  ) {
    this.byId = byId ?? new Map(excerpts.map((excerpt) => [excerpt.id, excerpt]));
    this.titles = new Map(documents.map((document) => [document.id, document.title]));
  }

  /** The store of a loaded index, sharing its objects. */
  static of(index: {
    manifest: IndexManifest;
    documents: readonly DocumentInfo[];
    excerpts: readonly Excerpt[];
    excerptById: ReadonlyMap<string, Excerpt>;
  }): ExcerptStore {
    return new ExcerptStore(index.manifest, index.documents, index.excerpts, index.excerptById);
  }

  excerpt(id: string): Excerpt | undefined {
    return this.byId.get(id);
  }

  /** The title of a document, or its id when it has none. */
  documentTitle(documentId: string): string {
    return this.titles.get(documentId) ?? documentId;
  }
}
