// .pdf files: the text layer, line by line as PDF.js reports line ends (unpdf's build of PDF.js runs
// on Node without a canvas). Pages are separated by a blank line, as a page break in a printed text
// file, so that the parser repairs words split across pages the same way.
import { getDocumentProxy } from 'unpdf';
import { unifyRadicals } from './unify-radicals.ts';

export async function readPdf(bytes: Buffer): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  try {
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      pages.push(text);
    }
    return unifyRadicals(pages.join('\n\n'));
  } finally {
    await pdf.destroy();
  }
}
