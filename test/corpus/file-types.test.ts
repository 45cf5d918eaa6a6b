// Every file type a corpus may hold, each made by the test (a saved web page, a Word file from the
// docx package, a PDF printed by Chromium) and read back through the corpus loader.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParsedCorpus, parseCorpusFiles, readCorpusFiles } from '../../src/corpus/load-corpus.ts';
import { browserSuite, launchChromium } from '../support/chromium.ts';
import { temporaryDirectory } from '../support/temporary-index.ts';

let folder: Awaited<ReturnType<typeof temporaryDirectory>>;
beforeAll(async () => {
  folder = await temporaryDirectory('speechcite-file-types-');
});
afterAll(() => folder.remove());

/** Writes the files into a folder of their own and parses it as the corpus loader does. */
async function parseFolder(name: string, files: Record<string, string | Buffer>): Promise<ParsedCorpus> {
  const directory = path.join(folder.path, name);
  await mkdir(directory);
  for (const [file, data] of Object.entries(files)) await writeFile(path.join(directory, file), data);
  return parseCorpusFiles(await readCorpusFiles(directory));
}

const PARAGRAPH_ONE = '公交车要有专用道，地铁和公交要换乘方便。票价要让普通市民负担得起，让更多人愿意把小汽车留在家里。';
const PARAGRAPH_TWO = '我们还要用好数据，根据客流调整线路，让公交车来得准、坐得舒服。';

describe('a saved web page (.html)', () => {
  it('gives the article only: no navigation, sidebar or footer, the title without the site name, the byline as speaker', async () => {
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>公交优先的思考 | 城市交通网</title></head><body>
      <nav><a href="/">首页</a> <a href="/news">新闻</a></nav>
      <aside><h3>热门文章</h3><ul><li>共享单车停放新规</li></ul></aside>
      <article><h1>公交优先的思考</h1><p class="byline">张伟</p><h2>2024年11月6日 · 杭州</h2>
      <p>${PARAGRAPH_ONE.slice(0, 20)}
      ${PARAGRAPH_ONE.slice(20)}</p><p>${PARAGRAPH_TWO}</p></article>
      <footer>版权所有 © 城市交通网</footer></body></html>`;
    const { documents, failures } = await parseFolder('html', { 'transport.html': html });
    expect(failures).toEqual([]);
    expect(documents[0]).toMatchObject({ id: 'transport', title: '公交优先的思考', author: '张伟' });
    expect(documents[0]!.excerpts).toHaveLength(1);
    expect(documents[0]!.excerpts[0]).toMatchObject({ date: '2024-11-06', occasion: '杭州', text: `${PARAGRAPH_ONE}\n${PARAGRAPH_TWO}` });
  });
});

describe('a Word file (.docx)', () => {
  it('reads paragraphs, headings 一、 and attributions', async () => {
    const paragraph = (text: string, heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph(heading ? { text, heading } : { text });
    const docx = await Packer.toBuffer(
      new Document({
        sections: [
          {
            children: [
              paragraph('博物馆工作谈话', HeadingLevel.TITLE),
              paragraph('陈静'),
              paragraph('一、走进生活', HeadingLevel.HEADING_1),
              paragraph('博物馆是公众学习和休闲的空间。'),
              paragraph('（2022年5月18日在国际博物馆日活动上的讲话）'),
              paragraph('二、数字展示', HeadingLevel.HEADING_1),
              paragraph('三维扫描让观众在家里看到文物。'),
              paragraph('——2023年10月9日在西安的讲话'),
            ],
          },
        ],
      }),
    );
    const { documents, failures } = await parseFolder('docx', { 'museums.docx': docx });
    expect(failures).toEqual([]);
    expect(documents[0]).toMatchObject({ title: '博物馆工作谈话', author: '陈静' });
    expect(documents[0]!.excerpts.map((excerpt) => [excerpt.heading, excerpt.date, excerpt.occasion, excerpt.text])).toEqual([
      ['一、走进生活', '2022-05-18', '在国际博物馆日活动上的讲话', '博物馆是公众学习和休闲的空间。'],
      ['二、数字展示', '2023-10-09', '在西安的讲话', '三维扫描让观众在家里看到文物。'],
    ]);
  });
});

describe('a file that is not what its name says', () => {
  it('is reported with what was expected and left out', async () => {
    const { documents, failures } = await parseFolder('mislabelled', {
      'scan.pdf': 'this is not a PDF',
      'notes.docx': 'nor a Word file',
      'good.txt': '标题\n\n一\n\n正文。\n\n（2024年1月1日在某地的讲话）',
    });
    expect(documents.map((document) => document.id)).toEqual(['good']);
    expect(failures.map((failure) => failure.message)).toEqual([
      expect.stringMatching(/^notes\.docx:1: cannot read it as a \.docx file \(.+\); expected a readable document$/u),
      expect.stringMatching(/^scan\.pdf:1: cannot read it as a \.pdf file \(.+\); expected a readable document$/u),
    ]);
  });
});

browserSuite('the PDF test (its PDF is printed by Chromium)')('a PDF (.pdf)', () => {
  it('reads the text layer: wrapped lines joined, a page break repaired, characters not radicals', async () => {
    const long = `${'森林防火，重在预防。进入防火期，要严格管控野外用火，加强巡山护林。'.repeat(4)}发现火情要第一时间报告。`;
    const html = `<!doctype html><html><head><meta charset="utf-8"><style>body { font-family: 'Noto Serif CJK SC', serif; font-size: 14pt; } p { margin: 0 0 1em; }</style></head><body>
      <p>森林防火工作讲话</p><p>赵强</p><p>一、把预防放在首位</p><p>${long}</p><p>（2024年2月20日在全省森林防火工作会议上的讲话）</p>
      <p style="break-before: page">二、提高扑救能力</p><p>要配齐扑火装备，加强专业队伍训练。</p><p>——2024-04-02在大兴安岭林区调研时的讲话</p></body></html>`;
    const browser = await launchChromium();
    let pdf: Buffer;
    try {
      const page = await browser.newPage();
      await page.setContent(html);
      pdf = Buffer.from(await page.pdf({ format: 'A5' }));
    } finally {
      await browser.close();
    }
    const { documents, failures } = await parseFolder('pdf', { 'forest-fire.pdf': pdf });
    expect(failures).toEqual([]);
    expect(documents[0]).toMatchObject({ title: '森林防火工作讲话', author: '赵强' });
    expect(documents[0]!.excerpts.map((excerpt) => [excerpt.heading, excerpt.date, excerpt.occasion, excerpt.text])).toEqual([
      ['一、把预防放在首位', '2024-02-20', '在全省森林防火工作会议上的讲话', long],
      ['二、提高扑救能力', '2024-04-02', '在大兴安岭林区调研时的讲话', '要配齐扑火装备，加强专业队伍训练。'],
    ]);
  }, 60_000);
});
