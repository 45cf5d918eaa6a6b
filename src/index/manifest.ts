// The index manifest: what an index on disk was built from, so that a stale or mismatched index
// is rebuilt or refused instead of silently giving wrong answers.
import { z } from 'zod';

/**
 * 2: chunks carry their lexical terms. 3: the manifest records each file's size and checksum.
 * 4: excerpts carry their speaker and document title. 5: excerpt ids are URL-safe (`doc-5`, not `doc#5`).
 * 6: the manifest lists the files left out, and the parser reads more layouts and file types (a file
 * once left out may parse now).
 */
export const INDEX_FORMAT_VERSION = 6;

export const manifestSchema = z.object({
  formatVersion: z.number().int(),
  embedder: z.object({ id: z.string(), dimensions: z.number().int().positive() }),
  chunking: z.object({ maxChars: z.number().int(), overlapSentences: z.number().int() }),
  hnsw: z.object({ space: z.literal('cosine'), m: z.number().int(), efConstruction: z.number().int() }),
  documents: z.array(z.object({ id: z.string(), sourceFile: z.string(), contentHash: z.string(), excerpts: z.number().int() })),
  counts: z.object({ documents: z.number().int(), excerpts: z.number().int(), chunks: z.number().int() }),
  /** Corpus files left out of the build because they did not parse, with why: a later start reports them again. */
  skipped: z.array(z.object({ sourceFile: z.string(), contentHash: z.string(), message: z.string() })).optional(),
  /** SHA-256 of the corpus's profile.json, absent when it has none. */
  profileHash: z.string().optional(),
  builtAt: z.string(),
  buildMs: z.number(),
});

export type IndexManifest = z.infer<typeof manifestSchema>;

/** What the configuration and the corpus folder ask for; an index is current when it matches. */
export interface IndexExpectation {
  embedderId: string;
  /** Undefined when the model's size is not configured (it is then taken from the index). */
  embedderDimensions: number | undefined;
  chunking: IndexManifest['chunking'];
  hnsw: { m: number; efConstruction: number };
  files: Array<{ name: string; contentHash: string }>;
  /** The hash of the corpus's profile.json; undefined when it has none. */
  profileHash?: string | undefined;
}

/** Why the index on disk cannot serve the configuration, or undefined when it can. */
export function embedderMismatch(manifest: IndexManifest, expected: Pick<IndexExpectation, 'embedderId' | 'embedderDimensions'>): string | undefined {
  const built = `${manifest.embedder.id} (${manifest.embedder.dimensions} dimensions)`;
  if (manifest.embedder.id !== expected.embedderId) {
    return `the index was built with embedder ${built}, but the configuration says ${expected.embedderId}: run \`npm run ingest\` to rebuild it, or set EMBEDDER back`;
  }
  if (expected.embedderDimensions !== undefined && manifest.embedder.dimensions !== expected.embedderDimensions) {
    return `the index was built with embedder ${built}, but the configuration asks for ${expected.embedderDimensions} dimensions: run \`npm run ingest\` to rebuild it`;
  }
  return undefined;
}

/** Why the index is out of date, or undefined when it is current. */
export function staleness(manifest: IndexManifest, expected: IndexExpectation): string | undefined {
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) return `index format ${manifest.formatVersion} is not the current ${INDEX_FORMAT_VERSION}`;
  const mismatch = embedderMismatch(manifest, expected);
  if (mismatch) return 'the embedder changed';
  if (manifest.chunking.maxChars !== expected.chunking.maxChars || manifest.chunking.overlapSentences !== expected.chunking.overlapSentences) {
    return 'the chunking settings changed';
  }
  if (manifest.hnsw.m !== expected.hnsw.m || manifest.hnsw.efConstruction !== expected.hnsw.efConstruction) return 'the HNSW settings changed';
  if ('profileHash' in expected && manifest.profileHash !== expected.profileHash) return 'the corpus profile changed';
  const built = new Map([...manifest.documents, ...(manifest.skipped ?? [])].map((file) => [file.sourceFile, file.contentHash]));
  if (built.size !== expected.files.length) return 'documents were added to or removed from the corpus';
  for (const file of expected.files) {
    const hash = built.get(file.name);
    if (hash === undefined) return `${file.name} is new`;
    if (hash !== file.contentHash) return `${file.name} changed`;
  }
  return undefined;
}
