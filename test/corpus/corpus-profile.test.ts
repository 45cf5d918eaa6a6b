// The corpus profile: the shipped one is valid and carries the site's texts; a bad one is refused
// with every wrong field named.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCorpusProfile, readCorpusProfile } from '../../src/corpus/corpus-profile.ts';
import { AppError } from '../../src/errors.ts';
import { CORPUS_DIR } from '../support/temporary-index.ts';

const FILE = path.join('corpus', 'profile.json');

describe('corpus profile', () => {
  it('ships the site texts of the corpus, starters in both languages', async () => {
    const { profile } = await readCorpusProfile(CORPUS_DIR);
    expect(profile.site.title?.zh).toBe('因地制宜发展新质生产力');
    expect(profile.site.starters?.zh).toContain('新质生产力的显著特点是什么？');
    expect(profile.site.starters?.en?.length).toBeGreaterThan(0);
    expect(profile.site.placeholder?.en).toMatch(/^Ask, e\.g\./u);
  });

  it('without site texts is valid: the pages derive them from the corpus', () => {
    expect(parseCorpusProfile('{}', FILE).site).toEqual({});
  });

  it('refuses a bad profile naming each wrong field', () => {
    const bad = JSON.stringify({ site: { title: { zh: '' }, starters: { en: 'one question' }, subtitel: { en: 'typo' } } });
    let error: unknown;
    try {
      parseCorpusProfile(bad, FILE);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    const message = (error as AppError).message;
    expect(message).toMatch(/^corpus\/profile\.json: /u);
    expect(message).toContain('site.title.zh');
    expect(message).toContain('site.starters.en');
    expect(message).toContain('subtitel');
  });

  it('refuses more starter questions than the panel shows', () => {
    const many = JSON.stringify({ site: { starters: { zh: ['一？', '二？', '三？', '四？', '五？', '六？', '七？'] } } });
    expect(() => parseCorpusProfile(many, FILE)).toThrow('site.starters.zh must hold at most 6 questions');
  });
});
