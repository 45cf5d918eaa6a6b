import { describe, expect, it } from 'vitest';
import { LocalHashedNgramEmbedder } from '../../src/embeddings/local-hashed-ngram-embedder.ts';

const corpus = ['新质生产力的显著特点是创新。', '绿色发展是高质量发展的底色。', '要以科技创新引领产业全面振兴。'];
const cosine = (left: number[], right: number[]) => left.reduce((sum, value, index) => sum + value * right[index]!, 0);

describe('the local hashed n-gram embedder', () => {
  it('gives vectors of the configured size, unit length, the same every time', async () => {
    const first = LocalHashedNgramEmbedder.fit(corpus, 256);
    const second = LocalHashedNgramEmbedder.fit(corpus, 256);
    const [vector] = await first.embedDocuments(['新质生产力的显著特点']);
    expect(vector).toHaveLength(256);
    expect(Math.hypot(...vector!)).toBeCloseTo(1, 6);
    expect(await second.embedQuery('新质生产力的显著特点')).toEqual(vector);
    expect(first.id).toBe('local-hashed-ngram-v2');
    expect(first.dimensions).toBe(256);
  });

  it('puts a question closer to the passage that answers it than to the others', async () => {
    const embedder = LocalHashedNgramEmbedder.fit(corpus, 1024);
    const passages = await embedder.embedDocuments(corpus);
    const query = await embedder.embedQuery('绿色发展的底色');
    const similarities = passages.map((passage) => cosine(query, passage));
    expect(similarities.indexOf(Math.max(...similarities))).toBe(1);
  });

  it('treats Traditional and Simplified Chinese alike', async () => {
    const embedder = LocalHashedNgramEmbedder.fit(corpus, 512);
    expect(cosine(await embedder.embedQuery('綠色發展'), await embedder.embedQuery('绿色发展'))).toBeCloseTo(1, 6);
  });

  it('restores the same embedder from its saved state', async () => {
    const embedder = LocalHashedNgramEmbedder.fit(corpus, 128);
    const restored = LocalHashedNgramEmbedder.fromState(JSON.parse(JSON.stringify(embedder.toState())));
    expect(await restored.embedQuery('科技创新')).toEqual(await embedder.embedQuery('科技创新'));
  });
});
