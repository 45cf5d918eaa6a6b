import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadCorpus, parseCorpusFiles } from '../../src/corpus/load-corpus.ts';
import { ACCEPTED_LAYOUTS } from '../../src/corpus/layouts.ts';
import { parseDocument } from '../../src/corpus/parse-document.ts';
import { isAppError } from '../../src/errors.ts';
import { CORPUS_DIR, CORPUS_FILE } from '../support/temporary-index.ts';

const EXPECTED = [
  [1, '2023-09-08', '在黑龙江考察时的讲话'],
  [2, '2024-01-31', '在二十届中央政治局第十一次集体学习时的讲话'],
  [3, '2024-01-31', '在二十届中央政治局第十一次集体学习时的讲话'],
  [4, '2024-01-31', '在二十届中央政治局第十一次集体学习时的讲话'],
  [5, '2024-01-31', '在二十届中央政治局第十一次集体学习时的讲话'],
  [6, '2024-03-05', '在参加十四届全国人大二次会议江苏代表团审议时的讲话'],
  [7, '2024-03-20', '在新时代推动中部地区崛起座谈会上的讲话'],
  [8, '2024-04-23', '在新时代推动西部大开发座谈会上的讲话'],
  [9, '2024-05-23', '在企业和专家座谈会上的讲话'],
  [10, '2024-06-24', '在全国科技大会、国家科学技术奖励大会、两院院士大会上的讲话'],
  [11, '2024-07-15', '《关于〈中共中央关于进一步全面深化改革、推进中国式现代化的决定〉的说明》'],
  [12, '2024-10-29', '在省部级主要领导干部学习贯彻党的二十届三中全会精神专题研讨班上的讲话'],
  [13, '2024-12-11', '在中央经济工作会议上的讲话'],
  [14, '2025-03-05', '在参加十四届全国人大三次会议江苏代表团审议时的讲话'],
  [15, '2025-04-30', '在部分省区市“十五五”时期经济社会发展座谈会上的讲话'],
] as const;

describe('parsing the real corpus file', async () => {
  const [document] = await loadCorpus(CORPUS_DIR);

  it('finds the title, the author, the collection note and 15 excerpts', () => {
    expect(document!.id).toBe('new-quality-productive-forces');
    expect(document!.title).toBe('因地制宜发展新质生产力');
    expect(document!.author).toBe('习近平');
    expect(document!.note).toBe('这是习近平总书记2023年9月至2025年4月期间有关因地制宜发展新质生产力重要论述的节录。');
    expect(document!.excerpts).toHaveLength(15);
    for (const excerpt of document!.excerpts) expect(excerpt).toMatchObject({ speaker: '习近平', documentTitle: '因地制宜发展新质生产力' });
  });

  it('gives every excerpt its exact date, occasion and stable id', () => {
    expect(document!.excerpts.map((excerpt) => [excerpt.section, excerpt.date, excerpt.occasion])).toEqual(EXPECTED.map((row) => [...row]));
    expect(document!.excerpts[2]!.id).toBe('new-quality-productive-forces-3');
    expect(document!.excerpts[14]!.heading).toBe('十五');
  });

  it('repairs words split across a page break', () => {
    const text = (section: number) => document!.excerpts[section - 1]!.text;
    expect(text(4)).toContain('打好关键核心技术攻坚战');
    expect(text(10)).toContain('新能源、新材料');
    expect(text(8)).toContain('高层次科技创新人才，努力攻克');
    expect(text(15)).toContain('积极发展新兴产业、超前布局未来产业');
  });

  it('drops the character the printer repeated across a page break', () => {
    expect(document!.excerpts[5]!.text).toContain('先立后破、因地制宜、分类指导');
    expect(document!.excerpts[5]!.text).not.toContain('因因');
  });

  it('joins an attribution broken across a page break and accepts half-width brackets and spaced dates', () => {
    expect(document!.excerpts[11]!.attribution).toBe('2024年10月29日在省部级主要领导干部学习贯彻党的二十届三中全会精神专题研讨班上的讲话');
    expect(document!.excerpts[12]!.attribution).toBe('2024 年 12 月 11 日在中央经济工作会议上的讲话');
  });

  it('keeps real paragraph breaks and leaves no attribution or blank line inside the text', () => {
    expect(document!.excerpts[2]!.text.split('\n')).toHaveLength(2);
    for (const excerpt of document!.excerpts) {
      expect(excerpt.text).not.toMatch(/\n\n|（\d{4}|\(\d{4}/u);
      expect(excerpt.text.trim()).toBe(excerpt.text);
    }
  });
});

describe('malformed corpus files', () => {
  const parse = (text: string) => parseDocument({ documentId: 'bad', sourceFile: 'bad.txt', contentHash: 'x', text });
  const errorOf = (text: string) => {
    try {
      parse(text);
    } catch (error) {
      expect(isAppError(error, 'corpus_parse')).toBe(true);
      return (error as Error).message;
    }
    throw new Error('expected a parse error');
  };

  it('names the file and line of a section heading out of order, and lists the accepted layouts', () => {
    expect(errorOf('标题\n\n一\n\n正文。\n\n（2024年1月1日在某地的讲话）\n\n三\n\n正文。\n\n（2024年1月2日在某地的讲话）')).toBe(
      `bad.txt:9: expected the section heading 二 (section 2) but found 三 (section 3). ${ACCEPTED_LAYOUTS}`,
    );
  });

  it('reports a section without an attribution', () => {
    expect(errorOf('标题\n\n一\n\n正文。\n\n二\n\n正文。\n\n（2024年1月2日在某地的讲话）')).toMatch(
      /^bad\.txt:5: section 一 has no attribution; expected a line like （2024年1月31日在…的讲话）/u,
    );
  });

  it('reports an attribution without a date', () => {
    expect(errorOf('标题\n\n一\n\n正文。\n\n（在某地的讲话）')).toMatch(/^bad\.txt:7: attribution "在某地的讲话" does not start with a date/u);
  });

  it('reports a date that is not on the calendar', () => {
    expect(errorOf('标题\n\n一\n\n正文。\n\n（2024年2月30日在某地的讲话）')).toBe('bad.txt:7: attribution date 2024年2月30日 is not a real calendar date');
  });

  it('reports an attribution whose bracket never closes', () => {
    expect(errorOf('标题\n\n一\n\n正文。\n\n（2024年1月1日在某地\n\n二\n\n正文。')).toMatch(/^bad\.txt:7: the attribution of section 一 is not closed/u);
  });

  it('reports a file with a title only, an undated speech, and an empty file', () => {
    expect(errorOf('只有标题\n\n作者')).toMatch(/^bad\.txt:3: expected the text of the speech after its title/u);
    expect(errorOf('标题\n\n正文第一段。\n\n正文第二段。')).toMatch(/^bad\.txt:3: found no sections and no date for a single speech; expected a date line/u);
    expect(errorOf('\n\n')).toMatch(/^bad\.txt:1: the file has no text/u);
  });

  it('reports text after the note', () => {
    expect(errorOf('标题\n\n一\n\n正文。\n\n（2024年1月1日在某地的讲话）\n\n※说明\n\n多余')).toMatch(/^bad\.txt:11: unexpected text after the ※ note/u);
  });

  it('leaves out a file that does not parse, naming it, and keeps the others', async () => {
    const good = await readFile(CORPUS_FILE);
    const { documents, failures } = await parseCorpusFiles([
      { name: 'good.txt', bytes: good, contentHash: 'a' },
      { name: 'broken.md', bytes: Buffer.from('标题\n\n一\n\n正文'), contentHash: 'b' },
    ]);
    expect(documents.map((document) => document.id)).toEqual(['good']);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.file).toBe('broken.md');
    expect(failures[0]!.message).toMatch(/^broken\.md:5: section 一 has no attribution.*Accepted layouts: /u);
  });

  it('keeps a doubled character that is a word of its own', () => {
    const document = parse('标题\n\n一\n\n我们天\n\n天学习。\n\n（2024年1月1日在某地的讲话）');
    expect(document.excerpts[0]!.text).toBe('我们天天学习。');
  });
});

describe('section numerals', () => {
  it('read and write every heading from 一 to 九百九十九', async () => {
    const { formatChineseNumeral, parseChineseNumeral } = await import('../../src/corpus/chinese-numeral.ts');
    for (let value = 1; value <= 999; value++) expect(parseChineseNumeral(formatChineseNumeral(value))).toBe(value);
    expect(formatChineseNumeral(105)).toBe('一百零五');
    expect(formatChineseNumeral(110)).toBe('一百一十');
    expect(parseChineseNumeral('二十')).toBe(20);
  });
});
