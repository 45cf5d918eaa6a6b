// The excerpts, documents and manifest of one index build, without the vector and lexical indexes:
// what routes, pages and the answer layer read. Loading it alone is how the main thread stays
// small while a retrieval thread holds the search indexes.
import type { CorpusProfile } from '../corpus/corpus-profile.ts';
import type { Excerpt } from '../corpus/types.ts';
import type { IndexManifest } from './manifest.ts';
import type { DocumentInfo } from './search-index.ts';

export class ExcerptStore {
  private readonly byId: ReadonlyMap<string, Excerpt>;
  private readonly titles: ReadonlyMap<string, string>;

  /**
   * @param byId the excerpts by id, when the caller has built that map already.
   * @param profile the corpus's profile saved with the build; undefined when the corpus has none.
   */
  constructor(
    readonly manifest: IndexManifest,
    readonly documents: readonly DocumentInfo[],
    readonly excerpts: readonly Excerpt[],
    byId?: ReadonlyMap<string, Excerpt>,
    readonly profile?: CorpusProfile | undefined,
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
    profile?: CorpusProfile | undefined;
  }): ExcerptStore {
    return new ExcerptStore(index.manifest, index.documents, index.excerpts, index.excerptById, index.profile);
  }

  private speakerList: readonly string[] | undefined;

  /** The corpus's speakers, in order of first appearance; excerpts whose file names none add nothing. */
  get speakers(): readonly string[] {
    this.speakerList ??= [...new Set(this.excerpts.map((excerpt) => excerpt.speaker).filter((speaker): speaker is string => speaker !== undefined))];
    return this.speakerList;
  }

  /**
   * Who said an excerpt and in which document, for a corpus with several speakers or documents (a
   * corpus of one says so once, in its title); undefined otherwise.
   * @example store.byline(excerpt) // '李华 · 《城市公共交通》'
   */
  byline(excerpt: Pick<Excerpt, 'speaker' | 'documentId'>): string | undefined {
    const parts = [
      ...(this.speakers.length > 1 && excerpt.speaker !== undefined ? [excerpt.speaker] : []),
      ...(this.documents.length > 1 ? [`《${this.documentTitle(excerpt.documentId)}》`] : []),
    ];
    return parts.length > 0 ? parts.join(' · ') : undefined;
  }

  excerpt(id: string): Excerpt | undefined {
    return this.byId.get(id);
  }

  /** The title of a document, or its id when it has none. */
  documentTitle(documentId: string): string {
    return this.titles.get(documentId) ?? documentId;
  }
}
