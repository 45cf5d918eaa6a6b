// The wire shapes an answer shares with its readers, the HTTP API and the browser widget alike.
// Nothing is imported here, so the widget's bundle can use these types without the server's.

export type AnswerLanguage = 'zh' | 'zh-Hant' | 'en';

/** A numbered source an answer may cite as [n]. */
export interface Source {
  n: number;
  id: string;
  section: number;
  documentTitle: string;
  /** ISO yyyy-mm-dd. */
  date: string;
  occasion: string;
  /** The excerpt's full text. */
  text: string;
  /** The sentence of the excerpt that matched the question best, as offsets into text (UTF-16, end exclusive). */
  highlight: { start: number; end: number };
}
