// .html files (a saved web page): the main text as Firefox's reader view finds it (@mozilla/readability
// on a linkedom document), one block a line; headings become Markdown headings and the page's
// title, when the article does not repeat it, the first line.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

const BLOCKS = 'h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, td, th';

type HtmlDocument = ReturnType<typeof parseHTML>['document'];
type HtmlElement = HtmlDocument['body'];

export async function readHtml(bytes: Buffer): Promise<string> {
  const html = bytes.toString('utf8');
  const { document } = parseHTML(html);
  // Readability changes the document it reads; the fallback reads a fresh copy.
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 0 }).parse();
  const content = article?.content ? parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document : parseHTML(html).document;
  const lines = blockLines(content.body);
  // The page's title often adds the site's name (城市公交的未来 - 某某网): a first heading it starts with is the title.
  const title = normalise(article?.title ?? content.title ?? '');
  const firstHeading = /^#+\s+(.*)$/u.exec(lines[0] ?? '')?.[1];
  if (firstHeading && title.startsWith(firstHeading)) lines[0] = `# ${firstHeading}`;
  else if (title) lines.unshift(`# ${title}`);
  // Readability takes the byline (the author) out of the text; it is the speaker line, under the title.
  const byline = normalise(article?.byline ?? '');
  if (byline && !lines.includes(byline)) lines.splice(1, 0, byline);
  return lines.join('\n\n');
}

/** The text of each innermost block, in document order; text outside any block is a block of its own. */
function blockLines(root: HtmlElement): string[] {
  const blocks = [...root.querySelectorAll(BLOCKS)].filter((block) => block.querySelector(BLOCKS) === null);
  if (blocks.length === 0) return splitLines(root.textContent ?? '');
  return blocks.flatMap((block) => {
    const text = normalise(block.textContent ?? '');
    if (text === '') return [];
    const level = /^h([1-6])$/iu.exec(block.tagName)?.[1];
    return [level ? `${'#'.repeat(Number(level))} ${text}` : text];
  });
}

function splitLines(text: string): string[] {
  return text.split(/\n+/u).map(normalise).filter(Boolean);
}

/** Whitespace runs (source line breaks inside a paragraph) become one space; none is kept between Chinese characters. */
function normalise(text: string): string {
  return text
    .replace(/\s+/gu, ' ')
    .replace(/(?<=[\p{Script=Han}，。、；：！？“”（）])\s+(?=[\p{Script=Han}，。、；：！？“”（）])/gu, '')
    .trim();
}
