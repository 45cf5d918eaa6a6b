// Reads every .txt/.md file of a corpus folder as one document each.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.ts';
import { parseDocument } from './parse-document.ts';
import type { SpeechDocument } from './types.ts';

const DOCUMENT_EXTENSIONS = new Set(['.txt', '.md']);

export interface CorpusFile {
  /** File name relative to the corpus folder. */
  name: string;
  text: string;
  /** SHA-256 of the bytes, hex. */
  contentHash: string;
}

/** Lists and reads the corpus files, sorted by name so that builds are reproducible. */
export async function readCorpusFiles(corpusDir: string): Promise<CorpusFile[]> {
  let entries: string[];
  try {
    entries = await readdir(corpusDir);
  } catch (error) {
    throw new AppError('corpus_empty', `cannot read the corpus folder ${corpusDir}: create it and put .txt or .md documents in it, or set CORPUS_DIR`, {
      cause: error,
    });
  }
  const names = entries.filter((name) => DOCUMENT_EXTENSIONS.has(path.extname(name).toLowerCase())).sort();
  if (names.length === 0) {
    throw new AppError('corpus_empty', `the corpus folder ${corpusDir} has no .txt or .md documents: add one, or point CORPUS_DIR at the folder that has them`);
  }
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(path.join(corpusDir, name));
      return { name, text: bytes.toString('utf8'), contentHash: createHash('sha256').update(bytes).digest('hex') };
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

/** Parses corpus files; any file that does not parse fails the whole load, naming the file and line. */
export function parseCorpusFiles(files: CorpusFile[]): SpeechDocument[] {
  const seen = new Map<string, string>();
  return files.map((file) => {
    const documentId = documentIdFromFileName(file.name);
    const clash = seen.get(documentId);
    if (clash) {
      throw new AppError('corpus_parse', `${file.name} and ${clash} both give the document id "${documentId}": rename one of them`);
    }
    seen.set(documentId, file.name);
    return parseDocument({ documentId, sourceFile: file.name, contentHash: file.contentHash, text: file.text });
  });
}

export async function loadCorpus(corpusDir: string): Promise<SpeechDocument[]> {
  return parseCorpusFiles(await readCorpusFiles(corpusDir));
}
