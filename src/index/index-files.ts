// Saves and loads a search index under INDEX_DIR. A build is written into a fresh folder under
// builds/ and published by atomically swapping the `current` symlink, so a reader never sees a
// half-written index and a crashed build leaves the previous one in place.
import { lstat, mkdir, readFile, readdir, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Excerpt } from '../corpus/types.ts';
import { parseCorpusProfile } from '../corpus/corpus-profile.ts';
import { LOCAL_EMBEDDER_ID, LocalHashedNgramEmbedder, type LocalEmbedderState } from '../embeddings/local-hashed-ngram-embedder.ts';
import type { Embedder } from '../embeddings/types.ts';
import { AppError } from '../errors.ts';
import { buildFilesSchema, describeFiles, verifyChecksums, verifySizes, type BuildFiles } from './build-files.ts';
import { ExcerptStore } from './excerpt-store.ts';
import { HnswVectorIndex } from './hnsw-vector-index.ts';
import { readJsonLines, writeJsonLines } from './json-lines.ts';
import { embedderMismatch, INDEX_FORMAT_VERSION, manifestSchema, type IndexExpectation, type IndexManifest } from './manifest.ts';
import { Bm25Index } from './bm25-index.ts';
import { splitStoredTerms, type DocumentInfo, type SearchIndex, type StoredChunk } from './search-index.ts';

const CURRENT = 'current';
const BUILDS = 'builds';
const FILES = {
  manifest: 'manifest.json',
  documents: 'documents.json',
  excerpts: 'excerpts.jsonl',
  chunks: 'chunks.jsonl',
  vectors: 'vectors.hnsw',
  localEmbedder: 'local-embedder.json',
  profile: 'profile.json',
} as const;

/** The files every build has; the local embedder's state is there too when the index uses it. */
const REQUIRED = [FILES.documents, FILES.excerpts, FILES.chunks, FILES.vectors];

/** Writes the index and makes it the current one in a single atomic step. Returns the build folder. */
export async function writeSearchIndex(indexDir: string, index: SearchIndex): Promise<string> {
  const buildsDir = path.join(indexDir, BUILDS);
  await prepareFolders(indexDir, buildsDir);
  const buildName = `${index.manifest.builtAt.replace(/[:.]/gu, '-')}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const temporaryDir = path.join(buildsDir, `.tmp-${buildName}`);
  await mkdir(temporaryDir);
  try {
    await writeJsonLines(path.join(temporaryDir, FILES.excerpts), index.excerpts);
    await writeJsonLines(path.join(temporaryDir, FILES.chunks), index.chunks);
    await writeFile(path.join(temporaryDir, FILES.documents), JSON.stringify(index.documents, null, 2));
    await index.vectors.save(path.join(temporaryDir, FILES.vectors));
    if (index.embedder instanceof LocalHashedNgramEmbedder) {
      await writeFile(path.join(temporaryDir, FILES.localEmbedder), JSON.stringify(index.embedder.toState()));
    }
    if (index.profile) await writeFile(path.join(temporaryDir, FILES.profile), JSON.stringify(index.profile, null, 2));
    const written = [
      ...REQUIRED,
      ...(index.embedder instanceof LocalHashedNgramEmbedder ? [FILES.localEmbedder] : []),
      ...(index.profile ? [FILES.profile] : []),
    ];
    const files: BuildFiles = await describeFiles(temporaryDir, written);
    // The manifest goes last: a folder without one is never a finished build.
    await writeFile(path.join(temporaryDir, FILES.manifest), JSON.stringify({ ...index.manifest, files }, null, 2));
    const buildDir = path.join(buildsDir, buildName);
    await rename(temporaryDir, buildDir);

    const temporaryLink = path.join(indexDir, `.${CURRENT}-${buildName}`);
    await symlink(path.join(BUILDS, buildName), temporaryLink);
    await removeUnlessLink(path.join(indexDir, CURRENT));
    await rename(temporaryLink, path.join(indexDir, CURRENT));
    await pruneBuilds(buildsDir, buildName);
    return buildDir;
  } catch (error) {
    await rm(temporaryDir, { recursive: true, force: true });
    throw error;
  }
}

/** The manifest of the current index, or undefined when there is none. */
export async function readCurrentManifest(indexDir: string): Promise<IndexManifest | undefined> {
  const buildDir = await currentBuildPath(indexDir);
  return buildDir ? readManifest(buildDir) : undefined;
}

export interface ReadOptions {
  ef: number;
  expectation: Pick<IndexExpectation, 'embedderId' | 'embedderDimensions'>;
  /** Makes the query embedder for a model-based index (the local one is restored from its saved state). */
  openEmbedder: (manifest: IndexManifest) => Embedder;
  /**
   * Resolves true when another reader has checked this build's checksums already (the main thread's excerpt
   * store, read beside a retrieval thread), false to check them here. The files are parsed meanwhile; hnswlib
   * reads no byte, and nothing is returned, before the checksums are known to hold.
   */
  checksumsCheckedElsewhere?: (manifest: IndexManifest) => Promise<boolean>;
}

/**
 * The current build's folder and manifest, once every file in it has its recorded size and, unless the
 * checksums are left to the caller, its recorded checksum.
 */
async function openCurrentBuild(
  indexDir: string,
  expectation: ReadOptions['expectation'],
  checksums: 'checked' | 'left to the caller' = 'checked',
): Promise<{ buildDir: string; manifest: IndexManifest; files: BuildFiles }> {
  const buildDir = await currentBuildPath(indexDir);
  if (!buildDir) throw new AppError('index_missing', `there is no index in ${indexDir}: run \`npm run ingest\` (or \`npm start\`, which builds it)`);
  const { manifest, files } = await readManifestAndFiles(buildDir);
  // An older format lacks fields that readers rely on (e.g. each excerpt's speaker and document title).
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new AppError(
      'index_mismatch',
      `the index in ${buildDir} has format ${manifest.formatVersion}, not the current ${INDEX_FORMAT_VERSION}: run \`npm run ingest\` to rebuild it`,
    );
  }
  const mismatch = embedderMismatch(manifest, expectation);
  if (mismatch) throw new AppError('index_mismatch', mismatch);
  // Before hnswlib reads a byte: it trusts the graph's neighbour ids, and a damaged one crashes the process.
  await verifySizes(buildDir, files, [
    ...REQUIRED,
    ...(manifest.embedder.id === LOCAL_EMBEDDER_ID ? [FILES.localEmbedder] : []),
    ...(manifest.profileHash ? [FILES.profile] : []),
  ]);
  if (checksums === 'checked') await verifyChecksums(buildDir, files!);
  return { buildDir, manifest, files: files! };
}

async function readDocumentsAndExcerpts(buildDir: string): Promise<{ documents: DocumentInfo[]; excerpts: Excerpt[] }> {
  const documents = JSON.parse(await readFile(path.join(buildDir, FILES.documents), 'utf8')) as DocumentInfo[];
  // Excerpts of one speech repeat its document id, title, speaker, date, occasion and attribution: each parsed copy
  // would be a string of its own (about 20 MB over 100,000 excerpts), so the repeats share one.
  const shared = new Map<string, string>();
  const share = (value: string) => {
    const known = shared.get(value);
    if (known !== undefined) return known;
    shared.set(value, value);
    return value;
  };
  const excerpts = await readJsonLines<Excerpt>(path.join(buildDir, FILES.excerpts), (excerpt) => {
    excerpt.documentId = share(excerpt.documentId);
    excerpt.heading = share(excerpt.heading);
    excerpt.date = share(excerpt.date);
    excerpt.occasion = share(excerpt.occasion);
    excerpt.attribution = share(excerpt.attribution);
    excerpt.documentTitle = share(excerpt.documentTitle);
    // JSON drops an undefined speaker; the property is kept so that every excerpt has the same shape.
    excerpt.speaker = excerpt.speaker === undefined ? undefined : share(excerpt.speaker);
  });
  return { documents, excerpts };
}

export async function readSearchIndex(indexDir: string, options: ReadOptions): Promise<SearchIndex> {
  const checkedElsewhere = options.checksumsCheckedElsewhere;
  const { buildDir, manifest, files } = await openCurrentBuild(indexDir, options.expectation, checkedElsewhere ? 'left to the caller' : 'checked');
  const checking = checkedElsewhere ? checkedElsewhere(manifest).then((checked) => (checked ? undefined : verifyChecksums(buildDir, files))) : undefined;
  // Awaited below; a failure meanwhile is not unhandled.
  checking?.catch(() => undefined);
  try {
    const { documents, excerpts } = await readDocumentsAndExcerpts(buildDir);
    // The lexical index grows as the chunks stream in, from the terms saved with each chunk.
    const lexical = new Bm25Index();
    const chunks = await readJsonLines<StoredChunk>(path.join(buildDir, FILES.chunks), (chunk) => lexical.add(chunk.label, splitStoredTerms(chunk.terms)));
    const excerptById = new Map(excerpts.map((excerpt) => [excerpt.id, excerpt]));
    await checking;
    const vectors = await HnswVectorIndex.load(path.join(buildDir, FILES.vectors), manifest.embedder.dimensions, options.ef);
    if (vectors.size !== chunks.length || chunks.length !== manifest.counts.chunks) {
      throw new Error(`${vectors.size} vectors for ${chunks.length} chunks, manifest says ${manifest.counts.chunks}`);
    }
    const embedder =
      manifest.embedder.id === LOCAL_EMBEDDER_ID
        ? LocalHashedNgramEmbedder.fromState(JSON.parse(await readFile(path.join(buildDir, FILES.localEmbedder), 'utf8')) as LocalEmbedderState)
        : options.openEmbedder(manifest);
    const profilePath = path.join(buildDir, FILES.profile);
    const profile = manifest.profileHash ? parseCorpusProfile(await readFile(profilePath, 'utf8'), profilePath) : undefined;
    return { manifest, documents, excerpts, excerptById, chunks, vectors, lexical, embedder, profile };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('index_corrupt', `the index in ${buildDir} cannot be read: run \`npm run ingest\` to rebuild it`, { cause: error });
  }
}

/**
 * The excerpt store of the current index, checked as thoroughly as readSearchIndex checks the whole
 * index (every file's checksum) but without loading the chunks, vectors or lexical index. A retrieval
 * thread reading the same build beside it relies on this check rather than hashing the files again.
 */
export async function readExcerptStore(indexDir: string, expectation: ReadOptions['expectation']): Promise<ExcerptStore> {
  const { buildDir, manifest } = await openCurrentBuild(indexDir, expectation);
  try {
    const { documents, excerpts } = await readDocumentsAndExcerpts(buildDir);
    if (excerpts.length !== manifest.counts.excerpts) throw new Error(`${excerpts.length} excerpts, manifest says ${manifest.counts.excerpts}`);
    // The profile too: the pages present the corpus with its site texts.
    const profilePath = path.join(buildDir, FILES.profile);
    const profile = manifest.profileHash ? parseCorpusProfile(await readFile(profilePath, 'utf8'), profilePath) : undefined;
    return new ExcerptStore(manifest, documents, excerpts, undefined, profile);
  } catch (error) {
    throw new AppError('index_corrupt', `the index in ${buildDir} cannot be read: run \`npm run ingest\` to rebuild it`, { cause: error });
  }
}

/** The folder the `current` link points at, or undefined when there is no index; cheap enough to poll. */
export async function currentBuildPath(indexDir: string): Promise<string | undefined> {
  try {
    return path.resolve(indexDir, await readlink(path.join(indexDir, CURRENT)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AppError('index_corrupt', `${path.join(indexDir, CURRENT)} is not a link to a build: run \`npm run ingest\`, which replaces it`, {
      cause: error,
    });
  }
}

async function readManifest(buildDir: string): Promise<IndexManifest> {
  return (await readManifestAndFiles(buildDir)).manifest;
}

/** The manifest, and the sizes and checksums written beside it (absent in builds of format 2). */
async function readManifestAndFiles(buildDir: string): Promise<{ manifest: IndexManifest; files: BuildFiles | undefined }> {
  try {
    const json: unknown = JSON.parse(await readFile(path.join(buildDir, FILES.manifest), 'utf8'));
    const files = buildFilesSchema.optional().parse((json as { files?: unknown } | null)?.files);
    return { manifest: manifestSchema.parse(json), files };
  } catch (error) {
    throw new AppError('index_corrupt', `the index manifest in ${buildDir} is missing or invalid: run \`npm run ingest\` to rebuild it`, { cause: error });
  }
}

/** Makes INDEX_DIR and its builds folder whatever state they are in, and clears what killed ingests left. */
async function prepareFolders(indexDir: string, buildsDir: string): Promise<void> {
  await mkdir(indexDir, { recursive: true });
  await removeUnlessDirectory(buildsDir);
  await mkdir(buildsDir, { recursive: true });
  await removeLeftovers(indexDir);
}

/**
 * Removes the temporary build folders and links of ingests that were killed (their process is gone),
 * leaving those of ingests still running. Called by every ingest and start, also when nothing is rebuilt.
 */
export async function removeLeftovers(indexDir: string): Promise<void> {
  const buildsDir = path.join(indexDir, BUILDS);
  for (const name of await readdir(buildsDir).catch(() => [])) {
    if (name.startsWith('.tmp-') && !writerAlive(name)) await rm(path.join(buildsDir, name), { recursive: true, force: true });
  }
  for (const name of await readdir(indexDir).catch(() => [])) {
    if (name.startsWith(`.${CURRENT}-`) && !writerAlive(name)) await rm(path.join(indexDir, name), { force: true });
  }
}

/** Whether the process that named a temporary file or folder (…-<pid>-<random>) is still running. */
function writerAlive(name: string): boolean {
  const pid = Number(/-(\d+)-[a-z0-9]+$/u.exec(name)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function removeUnlessLink(filePath: string): Promise<void> {
  const stats = await lstat(filePath).catch(() => undefined);
  if (stats && !stats.isSymbolicLink()) await rm(filePath, { recursive: true, force: true });
}

async function removeUnlessDirectory(filePath: string): Promise<void> {
  const stats = await lstat(filePath).catch(() => undefined);
  if (stats && !stats.isDirectory()) await rm(filePath, { recursive: true, force: true });
}

async function pruneBuilds(buildsDir: string, keep: string): Promise<void> {
  for (const name of await readdir(buildsDir)) {
    // Other processes may be building right now; their .tmp folders are theirs to clean up.
    if (name !== keep && !name.startsWith('.tmp-')) await rm(path.join(buildsDir, name), { recursive: true, force: true });
  }
}
