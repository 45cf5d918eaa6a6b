// A mixed corpus for measuring ingest and retrieval beyond the real corpus: six short documents of
// invented speeches by invented speakers, on topics the real corpus does not touch, one in each
// accepted layout and file type, and one file that does not parse. Each document comes with a
// question in Chinese and one in English that should find it first; they were written with the
// documents, before anything was run on them. Used by test/corpus/mixed-corpus.test.ts and
// bench/mixed-corpus.ts.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';

export interface MixedDocument {
  file: string;
  documentId: string;
  title: string;
  speaker: string;
  layout: string;
  questions: { zh: string; en: string };
}

export interface MixedCorpus {
  documents: MixedDocument[];
  /** The file that does not parse, and the line its error names. */
  badFile: { file: string; line: number };
}

/** Renders an HTML page to PDF bytes (Chromium's page.pdf in the tests): the PDF has a real CJK text layer. */
export type PdfRenderer = (html: string) => Promise<Buffer>;

const AI_EDUCATION = `人工智能进课堂

李华

一

人工智能正在改变课堂教学。老师可以用智能助手批改作业，把更多时间留给学生。
我们要鼓励学校大胆试用，也要守住教育的初心。

（2024年3月12日在全国教育信息化大会上的讲话）

二

教师培训要跟上。每一位教师都应当学会使用人工智能工具，懂得它能做什么、不能做什么。
师范院校要开设相关课程。

（2024年9月10日在教师节座谈会上的讲话）
`;

const RURAL_WATER = `# 让农村喝上放心水

王芳

## 一、饮水安全是民生大事

农村饮水安全关系到千家万户。要加快建设集中供水工程，让每个村都通上自来水，保证饮用水水质达标。

（2023年3月22日，甘肃定西）

## 二、管好用好供水工程

工程建成只是第一步。要建立长效管护机制，定期检测水质，及时维修管网，让乡亲们用得上、用得起、用得放心。

——2023-08-15在全国农村供水工作会议上的讲话
`;

const URBAN_TRANSPORT = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>城市公交优先发展的几点思考 - 城市交通网</title></head>
<body>
<nav><a href="/">首页</a> | <a href="/news">新闻</a> | <a href="/about">关于我们</a></nav>
<aside class="sidebar"><h3>热门文章</h3><ul><li><a href="/a">共享单车停放新规</a></li><li><a href="/b">高速公路节假日免费</a></li></ul></aside>
<article>
<h1>城市公交优先发展的几点思考</h1>
<p class="byline">张伟</p>
<h2>2024年11月6日 · 杭州</h2>
<p>城市越来越大，交通拥堵成了市民每天的烦恼。解决拥堵，根本出路在于公共交通优先。</p>
<p>公交车要有专用道，地铁和公交要换乘方便。票价要让普通市民负担得起，让更多人愿意把小汽车留在家里。</p>
<p>我们还要用好数据，根据客流调整线路，让公交车来得准、坐得舒服。</p>
</article>
<footer><p>版权所有 © 城市交通网　京ICP备00000000号</p></footer>
</body>
</html>
`;

const MUSEUMS = {
  title: '让文物活起来',
  speaker: '陈静',
  sections: [
    {
      heading: '（一）博物馆要走进生活',
      paragraphs: ['博物馆不只是收藏文物的地方，更是公众学习和休闲的空间。要延长开放时间，办好社区展览，让更多人走进博物馆。'],
      attribution: '（2022年5月18日在国际博物馆日主场活动上的讲话）',
    },
    {
      heading: '（二）用数字技术讲好文物故事',
      paragraphs: ['数字技术为文物展示打开了新天地。三维扫描、虚拟展厅可以让观众在家里看到珍贵文物。', '要把文物背后的历史讲清楚、讲生动。'],
      attribution: '（2023年10月9日，西安）',
    },
  ],
};

const FOREST_FIRE_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>森林防火讲话</title>
<style>body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 14pt; line-height: 1.6; } p { margin: 0 0 1em; }</style></head>
<body>
<p>森林防火工作讲话</p>
<p>赵强</p>
<p>一、把预防放在首位</p>
<p>森林防火，重在预防。进入防火期，要严格管控野外用火，加强巡山护林，发现火情第一时间报告。林区群众要自觉遵守防火规定，不在山上烧纸、烧荒。</p>
<p>（2024年2月20日在全省森林草原防灭火工作会议上的讲话）</p>
<p>二、提高扑救能力</p>
<p>一旦发生森林火灾，要科学扑救，确保扑火人员安全。要配齐扑火装备，加强专业队伍训练，用好无人机和卫星监测。</p>
<p>——2024-04-02在大兴安岭林区调研时的讲话</p>
</body></html>
`;

const ELDERLY_CARE = `---
title: 办好家门口的养老服务
speaker: 刘洋
date: 2025-01-15
occasion: 在社区养老服务中心开业仪式上
---

老年人最盼望的，是在熟悉的社区里安度晚年。

社区养老服务中心要提供助餐、助浴、健康咨询等服务，让老人不出社区就能得到照顾。
要培养专业的护理人员，提高服务质量。

子女工作忙，社区就要多承担一些。我们要让每一位老年人都老有所养、老有所乐。
`;

/** Sections without attributions: the file names the line where one was expected. */
const BROKEN = `没有落款的讲话稿

一

这一节写完了，却没有注明时间和场合。

二

这一节也一样。
`;

export const MIXED_DOCUMENTS: MixedDocument[] = [
  {
    file: 'ai-education.txt',
    documentId: 'ai-education',
    title: '人工智能进课堂',
    speaker: '李华',
    layout: '.txt, sections headed 一, bracketed attributions',
    questions: { zh: '人工智能怎样改变课堂教学？', en: 'How does artificial intelligence change classroom teaching?' },
  },
  {
    file: 'rural-water.md',
    documentId: 'rural-water',
    title: '让农村喝上放心水',
    speaker: '王芳',
    layout: '.md, ## 一、标题 headings, （date，place） and ——ISO-date attributions',
    questions: { zh: '怎样保障农村饮水安全？', en: 'How can rural villages get safe drinking water?' },
  },
  {
    file: 'urban-transport.html',
    documentId: 'urban-transport',
    title: '城市公交优先发展的几点思考',
    speaker: '张伟',
    layout: '.html saved page, one speech dated by a heading line',
    questions: { zh: '城市为什么要优先发展公共交通？', en: 'Why should cities give priority to public transport?' },
  },
  {
    file: 'museums.docx',
    documentId: 'museums',
    title: MUSEUMS.title,
    speaker: MUSEUMS.speaker,
    layout: '.docx, （一） headings',
    questions: { zh: '博物馆如何用数字技术展示文物？', en: 'How can museums use digital technology to show cultural relics?' },
  },
  {
    file: 'forest-fire.pdf',
    documentId: 'forest-fire',
    title: '森林防火工作讲话',
    speaker: '赵强',
    layout: '.pdf, 一、标题 headings, bracketed and dash-led ISO attributions',
    questions: { zh: '怎样预防森林火灾？', en: 'How should forest fires be prevented?' },
  },
  {
    file: 'elderly-care.md',
    documentId: 'elderly-care',
    title: '办好家门口的养老服务',
    speaker: '刘洋',
    layout: '.md, one speech dated by YAML front matter',
    questions: { zh: '社区养老服务应该提供什么？', en: 'What services should community elderly care provide?' },
  },
];

/** Writes the mixed corpus into a folder; renderPdf makes the PDF. */
export async function writeMixedCorpus(directory: string, renderPdf: PdfRenderer): Promise<MixedCorpus> {
  const write = (name: string, data: string | Buffer) => writeFile(path.join(directory, name), data);
  await write('ai-education.txt', AI_EDUCATION);
  await write('rural-water.md', RURAL_WATER);
  await write('urban-transport.html', URBAN_TRANSPORT);
  await write('museums.docx', await museumsDocx());
  await write('forest-fire.pdf', await renderPdf(FOREST_FIRE_HTML));
  await write('elderly-care.md', ELDERLY_CARE);
  await write('broken.txt', BROKEN);
  return { documents: MIXED_DOCUMENTS, badFile: { file: 'broken.txt', line: 5 } };
}

function museumsDocx(): Promise<Buffer> {
  const children = [
    new Paragraph({ text: MUSEUMS.title, heading: HeadingLevel.TITLE }),
    new Paragraph(MUSEUMS.speaker),
    ...MUSEUMS.sections.flatMap((section) => [
      new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_1 }),
      ...section.paragraphs.map((text) => new Paragraph(text)),
      new Paragraph(section.attribution),
    ]),
  ];
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}
