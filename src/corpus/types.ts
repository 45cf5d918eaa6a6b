// The parsed shape of a corpus document: a collection of dated speech excerpts.

export interface Excerpt {
  /** Stable and URL-safe, `<document-id>-<section>`, e.g. `new-quality-productive-forces-3`. */
  id: string;
  documentId: string;
  /** Section number, 1-based, from the Chinese numeral heading (三 → 3). */
  section: number;
  /** The heading as written, e.g. 十五. */
  heading: string;
  /** The excerpt's text with page-break artifacts repaired; paragraphs separated by "\n". */
  text: string;
  /** Date of the speech, ISO yyyy-mm-dd. */
  date: string;
  /** Where and when it was said, e.g. 在二十届中央政治局第十一次集体学习时的讲话. */
  occasion: string;
  /** The attribution line as printed, without its brackets. */
  attribution: string;
  /** Who gave the speech (the document's author line, front matter or heading); undefined when the file does not say. */
  speaker: string | undefined;
  /** The title of the document the excerpt belongs to. */
  documentTitle: string;
}

export interface SpeechDocument {
  /** Slug from the file name, e.g. `new-quality-productive-forces`. */
  id: string;
  title: string;
  author: string | undefined;
  /** The trailing ※ collection note, without the ※. */
  note: string | undefined;
  /** File name relative to the corpus folder. */
  sourceFile: string;
  /** SHA-256 of the file's bytes, hex. */
  contentHash: string;
  excerpts: Excerpt[];
}
