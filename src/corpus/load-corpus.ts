// Reads the documents of a corpus folder (.txt, .md, .html, .docx, .pdf) as one document each. A file
// that cannot be read or parsed is reported and left out; the rest are the corpus.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, isAppError } from '../errors.ts';
import { ACCEPTED_LAYOUTS, withoutLayouts } from './layouts.ts';
import { parseDocument } from './parse-document.ts';
import { DOCUMENT_EXTENSIONS, readerFor } from './readers/document-reader.ts';
import type { SpeechDocument } from './types.ts';

export interface CorpusFile {
  /** File name relative to the corpus folder. */
  name: string;
  bytes: Buffer;
  /** SHA-256 of the bytes, hex. */
  contentHash: string;
}

/** A file left out of the corpus, and why: `file:line: what was expected`. */
export interface CorpusFailure {
  file: string;
  contentHash: string;
  message: string;
}

export interface ParsedCorpus {
  documents: SpeechDocument[];
  failures: CorpusFailure[];
}

const EXTENSION_LIST = DOCUMENT_EXTENSIONS.join(', ');

/** Lists and reads the corpus files, sorted by name so that builds are reproducible. */
export async function readCorpusFiles(corpusDir: string): Promise<CorpusFile[]> {
  let entries: string[];
  try {
    entries = await readdir(corpusDir);
  } catch (error) {
    throw new AppError('corpus_empty', `cannot read the corpus folder ${corpusDir}: create it and put documents (${EXTENSION_LIST}) in it, or set CORPUS_DIR`, {
      cause: error,
    });
  }
  const names = entries.filter((name) => !name.startsWith('.') && readerFor(name) !== undefined).sort();
  if (names.length === 0) {
    throw new AppError(
      'corpus_empty',
      `the corpus folder ${corpusDir} has no documents (${EXTENSION_LIST}): add one, or point CORPUS_DIR at the folder that has them`,
    );
  }
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(path.join(corpusDir, name));
      return { name, bytes, contentHash: createHash('sha256').update(bytes).digest('hex') };
    }),
  );
}

/** Document id from a file name: `New Quality.txt` → `new-quality`. */
export function documentIdFromFileName(fileName: string): string {
  const stem = path.basename(fileName, path.extname(fileName));
  const slug = stem
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
  return slug || 'document';
}

/** Parses the corpus files; a file that does not parse is a failure, and the others are still parsed. */
export async function parseCorpusFiles(files: readonly CorpusFile[]): Promise<ParsedCorpus> {
  const seen = new Map<string, string>();
  const documents: SpeechDocument[] = [];
  const failures: CorpusFailure[] = [];
  for (const file of files) {
    const documentId = documentIdFromFileName(file.name);
    const clash = seen.get(documentId);
    if (clash) {
      failures.push({
        file: file.name,
        contentHash: file.contentHash,
        message: `${file.name}:1: ${clash} already gives the document id "${documentId}": rename one of them`,
      });
      continue;
    }
    try {
      const text = await extractText(file);
      documents.push(parseDocument({ documentId, sourceFile: file.name, contentHash: file.contentHash, text }));
      seen.set(documentId, file.name);
    } catch (error) {
      if (!isAppError(error, 'corpus_parse')) throw error;
      failures.push({ file: file.name, contentHash: file.contentHash, message: error.message });
    }
  }
  return { documents, failures };
}

async function extractText(file: CorpusFile): Promise<string> {
  const reader = readerFor(file.name)!;
  try {
    return await reader(file.bytes);
  } catch (error) {
    // A damaged or mislabelled file (a .pdf that is not one): its reader's complaint, in one line.
    const reason = String((error as Error)?.message ?? error).split('\n')[0];
    throw new AppError(
      'corpus_parse',
      `${file.name}:1: cannot read it as a ${path.extname(file.name).toLowerCase()} file (${reason}); expected a readable document`,
      {
        cause: error,
      },
    );
  }
}

/** Every document of a corpus folder; throws when any file does not parse (for tools that need the whole corpus). */
export async function loadCorpus(corpusDir: string): Promise<SpeechDocument[]> {
  const { documents, failures } = await parseCorpusFiles(await readCorpusFiles(corpusDir));
  if (failures.length > 0) throw corpusFailed(failures, 'nothing was loaded');
  return documents;
}

/** One error naming every file that failed, each on a line of its own, then the accepted layouts once. */
export function corpusFailed(failures: readonly CorpusFailure[], outcome: string): AppError {
  const lines = failures.map((failure) => `  ${withoutLayouts(failure.message)}`);
  return new AppError('corpus_parse', `${failures.length} corpus file(s) did not parse, so ${outcome}:\n${lines.join('\n')}\n${ACCEPTED_LAYOUTS}`);
}
