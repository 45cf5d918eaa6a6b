// Gets a search index ready: reuse the one on disk when it matches the corpus and configuration,
// otherwise build, save and load a new one.
import type { Config } from '../config/config.ts';
import { readCorpusProfile } from '../corpus/corpus-profile.ts';
import { corpusFailed, parseCorpusFiles, readCorpusFiles, type CorpusFailure } from '../corpus/load-corpus.ts';
import { buildEmbedderFactory, createOpenAIEmbedder, embedderIdFor } from '../embeddings/create-embedder.ts';
import { buildSearchIndex, type BuildProgress } from '../index/build-index.ts';
import type { ExcerptStore } from '../index/excerpt-store.ts';
import { readCurrentManifest, readExcerptStore, readSearchIndex, removeLeftovers, writeSearchIndex } from '../index/index-files.ts';
import { staleness, type IndexExpectation, type IndexManifest } from '../index/manifest.ts';
import { isAppError } from '../errors.ts';
import type { SearchIndex } from '../index/search-index.ts';

export type IndexSettings = Pick<Config, 'corpusDir' | 'indexDir' | 'embedder' | 'chunking' | 'hnsw' | 'openai'>;

export interface PrepareOptions<Loaded = SearchIndex> {
  /** Rebuild even when the index on disk is current. */
  force?: boolean;
  /** Publish nothing when any corpus file does not parse (otherwise such files are left out and reported). */
  strict?: boolean;
  onProgress?: (progress: BuildProgress) => void;
  /** Says why a build is happening (e.g. "corpus.txt changed"). */
  onRebuild?: (reason: string) => void;
  /** Told when the index on disk is current and its load has begun, so that other work can start beside it. */
  onLoad?: (loading: Promise<Loaded>) => void;
  /**
   * Loads an index on disk that is current: the whole index by default. A server whose retrieval
   * thread loads the search indexes loads only the excerpt store (openExcerptStore). A build always
   * yields the whole index, which it has in memory anyway.
   */
  open?: (config: IndexSettings) => Promise<Loaded>;
}

export interface PreparedIndex<Loaded = SearchIndex> {
  index: SearchIndex | Loaded;
  /** True when this call built the index, false when it reused the one on disk. */
  built: boolean;
  /** Corpus files left out of the index because they did not parse (from this build, or recorded by the one reused). */
  skipped: CorpusFailure[];
}

export async function prepareIndex<Loaded = SearchIndex>(config: IndexSettings, options: PrepareOptions<Loaded> = {}): Promise<PreparedIndex<Loaded>> {
  const files = await readCorpusFiles(config.corpusDir);
  const profile = await readCorpusProfile(config.corpusDir);
  const expectation: IndexExpectation = {
    embedderId: embedderIdFor(config.embedder),
    embedderDimensions: config.embedder.dimensions,
    chunking: config.chunking,
    hnsw: config.hnsw,
    files: files.map(({ name, contentHash }) => ({ name, contentHash })),
    profileHash: profile.contentHash,
  };
  const build = async (reason: string): Promise<PreparedIndex<Loaded>> => {
    options.onRebuild?.(reason);
    // Parsing comes first, so a corpus that cannot be published leaves the index on disk untouched.
    const { documents, failures } = await parseCorpusFiles(files);
    if (failures.length > 0 && options.strict) throw corpusFailed(failures, 'nothing was published (--strict)');
    if (documents.length === 0) throw corpusFailed(failures, 'there is nothing to publish');
    const index = await buildSearchIndex(documents, {
      skipped: failures,
      chunking: config.chunking,
      hnsw: config.hnsw,
      createEmbedder: buildEmbedderFactory(config),
      profile,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    await writeSearchIndex(config.indexDir, index);
    return { index, built: true, skipped: failures };
  };
  if (options.force) return build('a rebuild was asked for');
  // A build clears these as it starts; an index that is current must not keep them forever either.
  await removeLeftovers(config.indexDir);
  // Whatever state the index folder is in, a damaged index is a reason to rebuild, never a dead end.
  let manifest: IndexManifest | undefined;
  try {
    manifest = await readCurrentManifest(config.indexDir);
  } catch (error) {
    if (!isAppError(error, 'index_corrupt')) throw error;
    return build(damageReason(error));
  }
  const reason = manifest ? staleness(manifest, expectation) : 'there is no index yet';
  if (reason) return build(reason);
  const skipped = (manifest!.skipped ?? []).map((file) => ({ file: file.sourceFile, contentHash: file.contentHash, message: file.message }));
  if (skipped.length > 0 && options.strict) throw corpusFailed(skipped, 'nothing was published (--strict)');
  const loading = options.open ? options.open(config) : (openSearchIndex(config) as Promise<Loaded>);
  options.onLoad?.(loading);
  try {
    return { index: await loading, built: false, skipped };
  } catch (error) {
    if (!isAppError(error, 'index_corrupt') && !isAppError(error, 'index_missing')) throw error;
    return build(damageReason(error));
  }
}

/** "the index on disk is damaged (…)", without the advice to run ingest, which is what is happening. */
function damageReason(error: Error): string {
  return `the index on disk cannot be used (${error.message.replace(/[:;] run `npm run ingest`.*$/u, '')})`;
}

/** Loads the excerpts, documents and manifest of the index on disk, after checking every file of it. */
export function openExcerptStore(config: IndexSettings): Promise<ExcerptStore> {
  return readExcerptStore(config.indexDir, { embedderId: embedderIdFor(config.embedder), embedderDimensions: config.embedder.dimensions });
}

/** Loads the index on disk, refusing one built with another embedder. */
export function openSearchIndex(config: IndexSettings): Promise<SearchIndex> {
  const embedder = config.embedder;
  return readSearchIndex(config.indexDir, {
    ef: config.hnsw.ef,
    expectation: { embedderId: embedderIdFor(embedder), embedderDimensions: embedder.dimensions },
    openEmbedder: () => {
      if (embedder.kind !== 'openai') throw new Error('a model-based index needs the openai embedder');
      return createOpenAIEmbedder(config, embedder);
    },
  });
}
