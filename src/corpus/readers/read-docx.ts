// .docx files: the text of every paragraph, one a line (mammoth), so that headings, title and
// attribution paragraphs stay lines of their own.
import mammoth from 'mammoth';

export async function readDocx(bytes: Buffer): Promise<string> {
  const { value } = await mammoth.extractRawText({ buffer: bytes });
  return value;
}
