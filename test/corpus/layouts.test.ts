// Every accepted layout, each from a file the test writes and the corpus loader reads back.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPTED_LAYOUTS } from '../../src/corpus/layouts.ts';
import { parseCorpusFiles, readCorpusFiles } from '../../src/corpus/load-corpus.ts';
import type { SpeechDocument } from '../../src/corpus/types.ts';
import { temporaryDirectory } from '../support/temporary-index.ts';

let folder: Awaited<ReturnType<typeof temporaryDirectory>>;
beforeAll(async () => {
  folder = await temporaryDirectory('speechcite-layouts-');
});
afterAll(() => folder.remove());

/** Writes one file into a folder of its own and parses it as the corpus loader does. */
async function parseFile(name: string, text: string): Promise<{ document: SpeechDocument | undefined; failure: string | undefined }> {
  const directory = path.join(folder.path, name.replace(/\W/gu, '-'));
  await import('node:fs/promises').then(({ mkdir }) => mkdir(directory, { recursive: true }));
  await writeFile(path.join(directory, name), text);
  const { documents, failures } = await parseCorpusFiles(await readCorpusFiles(directory));
  return { document: documents[0], failure: failures[0]?.message };
}

async function parsed(name: string, text: string): Promise<SpeechDocument> {
  const { document, failure } = await parseFile(name, text);
  if (!document) throw new Error(`expected ${name} to parse, got: ${failure}`);
  return document;
}

const rows = (document: SpeechDocument) => document.excerpts.map((excerpt) => [excerpt.section, excerpt.heading, excerpt.date, excerpt.occasion]);

describe('sectioned layouts', () => {
  it('reads the current layout: title, author, bare numerals, bracketed attributions, a note', async () => {
    const document = await parsed(
      'bare.txt',
      '乡村振兴讲话选编\n\n李华\n\n一\n\n农村饮水安全是民生大事。\n\n（2023年5月4日在甘肃考察时的讲话）\n\n二\n\n要让每个村都喝上干净的水。\n\n（2023年6月1日在水利工作会议上的讲话）\n\n※这是李华有关乡村饮水论述的节录。',
    );
    expect(document).toMatchObject({ title: '乡村振兴讲话选编', author: '李华', note: '这是李华有关乡村饮水论述的节录。' });
    expect(rows(document)).toEqual([
      [1, '一', '2023-05-04', '在甘肃考察时的讲话'],
      [2, '二', '2023-06-01', '在水利工作会议上的讲话'],
    ]);
    expect(document.excerpts[1]).toMatchObject({ speaker: '李华', documentTitle: '乡村振兴讲话选编', text: '要让每个村都喝上干净的水。' });
  });

  it('reads headings 「一、标题」, which used to fail as "expected 一 but found 一、…"', async () => {
    const document = await parsed(
      'enumerated.txt',
      '关于人工智能与教育\n\n王芳\n\n一、关于人工智能\n\n人工智能正在改变课堂。\n\n（2024年3月2日在教育论坛上的讲话）\n\n二、关于教师培训\n\n教师要学会使用新工具。\n\n（2024年4月8日在师范大学的讲话）',
    );
    expect(rows(document)).toEqual([
      [1, '一、关于人工智能', '2024-03-02', '在教育论坛上的讲话'],
      [2, '二、关于教师培训', '2024-04-08', '在师范大学的讲话'],
    ]);
    expect(document.excerpts[0]!.text).toBe('人工智能正在改变课堂。');
  });

  it('reads headings 「（一）」, with or without a title after them', async () => {
    const document = await parsed(
      'bracketed.txt',
      '博物馆工作谈话\n\n（一）\n\n博物馆是城市的记忆。\n\n（2022年5月18日在国际博物馆日活动上的讲话）\n\n（二）让文物活起来\n\n要用数字技术讲好文物故事。\n\n（2022-09-10，西安）',
    );
    expect(rows(document)).toEqual([
      [1, '（一）', '2022-05-18', '在国际博物馆日活动上的讲话'],
      [2, '（二）让文物活起来', '2022-09-10', '西安'],
    ]);
    expect(document.author).toBeUndefined();
  });

  it('reads Markdown headings ## 一 and ## 一、标题 under a # title', async () => {
    const bare = await parsed(
      'bare.md',
      '# 城市交通谈\n\n## 一\n\n公交优先是方向。\n\n（2024年1月5日在交通工作会议上的讲话）\n\n## 二\n\n地铁要连成网。\n\n（2024年2月6日在地铁开通仪式上的讲话）\n',
    );
    expect(bare.title).toBe('城市交通谈');
    expect(rows(bare)).toEqual([
      [1, '一', '2024-01-05', '在交通工作会议上的讲话'],
      [2, '二', '2024-02-06', '在地铁开通仪式上的讲话'],
    ]);
    const titled = await parsed(
      'titled.md',
      '# 城市交通谈\n\n李华\n\n## 一、公交优先\n\n公交优先是方向。\n\n（2024年1月5日在交通工作会议上的讲话）\n\n**二、地铁成网**\n\n地铁要连成网。\n\n（2024年2月6日在地铁开通仪式上的讲话）\n',
    );
    expect(rows(titled)).toEqual([
      [1, '一、公交优先', '2024-01-05', '在交通工作会议上的讲话'],
      [2, '二、地铁成网', '2024-02-06', '在地铁开通仪式上的讲话'],
    ]);
    expect(titled.author).toBe('李华');
  });

  it('keeps （一） sub-headings inside 一、 sections as paragraphs of their own', async () => {
    const document = await parsed(
      'nested.txt',
      '农村供水讲话\n\n一、总体要求\n\n（一）保障水质\n\n水质要达标。\n\n（二）保障水量\n\n水量要充足\n\n（2023年3月22日在世界水日座谈会上的讲话）',
    );
    expect(document.excerpts).toHaveLength(1);
    expect(document.excerpts[0]!.text).toBe('（一）保障水质\n水质要达标。\n（二）保障水量\n水量要充足');
  });
});

describe('a single speech without numbered sections', () => {
  it('takes its date, occasion, speaker and title from YAML front matter', async () => {
    const document = await parsed(
      'front-matter.md',
      '---\ntitle: 在乡村供水工程竣工仪式上的讲话\nspeaker: 李华\ndate: 2024-11-06\noccasion: 在甘肃定西乡村供水工程竣工仪式上\n---\n\n同志们：\n\n今天，定西的乡亲们喝上了自来水。\n这是一件大事。\n\n我们还要继续努力。\n',
    );
    expect(document).toMatchObject({ title: '在乡村供水工程竣工仪式上的讲话', author: '李华' });
    expect(document.excerpts).toHaveLength(1);
    expect(document.excerpts[0]).toMatchObject({
      id: 'front-matter-1',
      date: '2024-11-06',
      occasion: '在甘肃定西乡村供水工程竣工仪式上',
      speaker: '李华',
      text: '同志们：\n今天，定西的乡亲们喝上了自来水。\n这是一件大事。\n我们还要继续努力。',
    });
  });

  it('takes them from a heading line ## 2024年11月6日 · 杭州 under the title and speaker', async () => {
    const document = await parsed(
      'heading-line.md',
      '# 数字博物馆的新机遇\n\n## 王芳\n\n## 2024年11月6日 · 杭州\n\n博物馆要拥抱数字技术。\n\n观众的期待在变化。\n',
    );
    expect(document).toMatchObject({ title: '数字博物馆的新机遇', author: '王芳' });
    expect(document.excerpts[0]).toMatchObject({ date: '2024-11-06', occasion: '杭州', heading: '', text: '博物馆要拥抱数字技术。\n观众的期待在变化。' });
  });

  it('takes them from a closing attribution, and keeps numbered parts after an opening as one speech', async () => {
    const document = await parsed(
      'closing.txt',
      '城市公交的未来\n\n王芳\n\n各位来宾，今天我想谈三点。\n\n一、线网要优化\n\n公交线网要跟着城市走。\n\n二、票价要合理\n\n票价要让市民负担得起。\n\n（2024年11月6日，杭州）',
    );
    expect(document.excerpts).toHaveLength(1);
    expect(document.excerpts[0]).toMatchObject({ date: '2024-11-06', occasion: '杭州', attribution: '2024年11月6日，杭州' });
    expect(document.excerpts[0]!.text).toBe('各位来宾，今天我想谈三点。\n一、线网要优化\n公交线网要跟着城市走。\n二、票价要合理\n票价要让市民负担得起。');
  });
});

describe('attribution variants', () => {
  const oneSection = (attribution: string) => `标题\n\n一\n\n正文。\n\n${attribution}`;

  it('reads （2024年11月6日，杭州） as the occasion 杭州, not ，杭州', async () => {
    const document = await parsed('comma.txt', oneSection('（2024年11月6日，杭州）'));
    expect(document.excerpts[0]).toMatchObject({ date: '2024-11-06', occasion: '杭州' });
  });

  it('reads a dash-led attribution ——2024年11月6日在…', async () => {
    const document = await parsed('dash.txt', oneSection('——2024年11月6日在浙江大学的演讲'));
    expect(document.excerpts[0]).toMatchObject({ date: '2024-11-06', occasion: '在浙江大学的演讲', attribution: '2024年11月6日在浙江大学的演讲' });
  });

  it('reads ISO dates, bracketed or dash-led', async () => {
    expect((await parsed('iso.txt', oneSection('（2024-11-06 在杭州的讲话）'))).excerpts[0]).toMatchObject({ date: '2024-11-06', occasion: '在杭州的讲话' });
    expect((await parsed('iso-dash.txt', oneSection('—— 2024-03-09，北京'))).excerpts[0]).toMatchObject({ date: '2024-03-09', occasion: '北京' });
  });
});

describe('unrecognised layouts', () => {
  it('say file:line: what was expected, and list the accepted layouts', async () => {
    const { failure } = await parseFile(
      'stray.txt',
      '标题\n\n作者\n\n这里有一段没有编号的引言。\n\n一、第一部分\n\n正文。\n\n（2024年1月1日在某地的讲话）\n\n二、第二部分\n\n正文。\n\n（2024年2月1日在某地的讲话）',
    );
    expect(failure).toBe(`stray.txt:5: expected the first section heading 一、… but found "这里有一段没有编号的引言。". ${ACCEPTED_LAYOUTS}`);
  });

  it('never report a heading they read as the one they expected', async () => {
    const { failure } = await parseFile(
      'order.md',
      '# 标题\n\n## 一、开头\n\n正文。\n\n（2024年1月1日在某地的讲话）\n\n## 三、跳过了二\n\n正文。\n\n（2024年1月2日在某地的讲话）',
    );
    expect(failure).toMatch(/^order\.md:9: expected the section heading 二、… \(section 2\) but found 三、跳过了二 \(section 3\)\. Accepted layouts: /u);
  });

  it('report front matter with an unknown key or a date that is not one', async () => {
    expect((await parseFile('key.md', '---\ntitle: 标题\nwhen: 2024-01-01\n---\n正文。')).failure).toMatch(/^key\.md:2: front matter: unknown key\(s\) when/u);
    expect((await parseFile('date.md', '---\ntitle: 标题\ndate: 去年\noccasion: 北京\n---\n正文。')).failure).toMatch(
      /^date\.md:2: front matter: date "去年" is not a date/u,
    );
  });
});
