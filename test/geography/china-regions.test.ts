// General geography of China: every provincial-level division has its regions, and a question naming a
// region finds excerpts naming its provinces (and the other way round), in Chinese and English.
import { describe, expect, it } from 'vitest';
import data from '../../src/geography/data/china-regions.json' with { type: 'json' };
import { englishPlaces, isPlace, regionOfDirection, relatedPlaces } from '../../src/geography/china-regions.ts';
import { analyzeQuery } from '../../src/retrieval/analyze-query.ts';

describe('the regions of China', () => {
  it('puts each of the 31 mainland provincial-level divisions in exactly one of the four economic regions', () => {
    const mainland = Object.keys(data.provinces).filter((province) => !['台湾', '香港', '澳门'].includes(province));
    expect(mainland).toHaveLength(31);
    for (const province of mainland) {
      const economic = relatedPlaces(province).filter((region) => ['东部', '中部', '西部', '东北'].includes(region));
      expect(economic, province).toHaveLength(1);
    }
  });

  it('names only provinces it lists as members, and reads a region from its suffixed and English names', () => {
    for (const region of Object.values(data.regions)) for (const member of region.members) expect(isPlace(member), member).toBe(true);
    expect(relatedPlaces('东北地区').sort()).toEqual(['吉林', '辽宁', '黑龙江'].sort());
    expect(relatedPlaces('黑龙江省')).toEqual(['东北']);
    expect(relatedPlaces('中西部')).toEqual(['中部', '西部']);
    expect(englishPlaces('And what about the Yangtze delta?')).toEqual([{ english: 'yangtze delta', chinese: '长三角' }]);
    expect(
      englishPlaces('How is Heilongjiang, in the northeast, doing?')
        .map((place) => place.chinese)
        .sort(),
    ).toEqual(['东北', '黑龙江'].sort());
    expect(englishPlaces('What does the West think?')).toEqual([]);
    expect(regionOfDirection('the west')).toBe('western region');
    expect(regionOfDirection('the west of Europe')).toBeUndefined();
    expect(isPlace('产业')).toBe(false);
  });
});

describe('a question naming a place', () => {
  const CORPUS = new Set(['黑龙江', '西部', '发展', '产业']);
  const lexicon = { has: (term: string) => CORPUS.has(term), idf: () => 1 };

  it('is about the provinces of a region the corpus never names, and counts them as its subject', () => {
    const query = analyzeQuery('东北的产业怎么发展？', lexicon, '2026-11-30');
    expect(query.terms).toContainEqual({ term: '黑龙江', weight: 0.5 });
    expect(query.concepts.find((concept) => concept.label === '东北')?.alternatives).toEqual(['东北', '黑龙江']);
    const english = analyzeQuery('How should the northeast develop its industries?', lexicon, '2026-11-30');
    expect(english.concepts.find((concept) => concept.label === 'northeast')?.alternatives).toEqual(['东北', '黑龙江']);
  });

  it('weighs a named place above the places it implies, and leaves a question without places alone', () => {
    const query = analyzeQuery('四川的产业怎么发展？', lexicon, '2026-11-30');
    expect(query.terms).toContainEqual({ term: '西部', weight: 0.5 });
    expect(analyzeQuery('产业怎么发展？', lexicon, '2026-11-30').terms.map((term) => term.term)).not.toContain('黑龙江');
  });
});
