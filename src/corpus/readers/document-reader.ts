// One interface for every file type a corpus may hold: a reader turns a file's bytes into the plain
// text that parseDocument reads, one line per line or paragraph, headings kept as Markdown headings.
import path from 'node:path';
import { readDocx } from './read-docx.ts';
import { readHtml } from './read-html.ts';
import { readPdf } from './read-pdf.ts';
import { readPlainText } from './read-plain-text.ts';

export type DocumentReader = (bytes: Buffer) => Promise<string>;

const READERS: ReadonlyMap<string, DocumentReader> = new Map([
  ['.txt', readPlainText],
  ['.md', readPlainText],
  ['.markdown', readPlainText],
  ['.html', readHtml],
  ['.htm', readHtml],
  ['.docx', readDocx],
  ['.pdf', readPdf],
]);

/** The extensions a corpus file may have, for messages. */
export const DOCUMENT_EXTENSIONS: readonly string[] = [...READERS.keys()];

/** The reader for a file name, or undefined when the corpus does not read files of its type. */
export function readerFor(fileName: string): DocumentReader | undefined {
  return READERS.get(path.extname(fileName).toLowerCase());
}
