// Which speaker a question names, from the corpus's names and their pinyin (CC-CEDICT), with no list of names in the code.
import { describe, expect, it } from 'vitest';
import { speakerIntent, speakerMatchers } from '../../src/retrieval/speaker-intent.ts';
import { romanizeName } from '../../src/translation/romanize-name.ts';

describe('speaker questions', () => {
  const matchers = speakerMatchers(['李华', '王芳']);

  it('romanizes names from CC-CEDICT: whole entries, or a surname reading then the given name', () => {
    expect(romanizeName('习近平')).toEqual(['xi jinping']);
    expect(romanizeName('李华')).toEqual(['li hua']);
    expect(romanizeName('欧阳')).toEqual(['ouyang']);
  });

  it('finds the speaker a Chinese question names, with a title after the name, and takes the name out', () => {
    expect(speakerIntent('李华讲了什么？', matchers)).toEqual({ speaker: '李华', question: '讲了什么？' });
    expect(speakerIntent('李华同志谈过城市交通吗', matchers)).toEqual({ speaker: '李华', question: '谈过城市交通吗' });
    expect(speakerIntent('李華講了什麼？', matchers)?.speaker).toBe('李华');
  });

  it('finds the speaker an English question names by pinyin, apart, run together or possessive', () => {
    expect(speakerIntent('What did Li Hua say?', matchers)).toEqual({ speaker: '李华', question: 'What did say?' });
    expect(speakerIntent("Wang Fang's remarks on water", matchers)).toEqual({ speaker: '王芳', question: 'remarks on water' });
    expect(speakerIntent('what did WANGFANG say', matchers)?.speaker).toBe('王芳');
    expect(speakerIntent('What did Lihuang say?', matchers)).toBeUndefined();
  });

  it('changes nothing when two speakers are named, or the corpus has one speaker', () => {
    expect(speakerIntent('李华和王芳讲了什么？', matchers)).toBeUndefined();
    expect(speakerIntent('习近平讲了什么？', speakerMatchers(['习近平']))).toBeUndefined();
  });
});
