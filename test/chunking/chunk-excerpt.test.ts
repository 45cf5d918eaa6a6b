import { describe, expect, it } from 'vitest';
import { chunkExcerpt } from '../../src/chunking/chunk-excerpt.ts';
import { splitSentences } from '../../src/chunking/split-sentences.ts';
import { loadCorpus } from '../../src/corpus/load-corpus.ts';
import { CORPUS_DIR } from '../support/temporary-index.ts';

describe('chunking', async () => {
  const [document] = await loadCorpus(CORPUS_DIR);
  const excerpts = document!.excerpts;

  it('keeps a short excerpt whole', () => {
    for (const excerpt of excerpts) {
      const chunks = chunkExcerpt(excerpt, { maxChars: 500, overlapSentences: 1 });
      expect(chunks).toEqual([{ id: `${excerpt.id}:0`, excerptId: excerpt.id, text: excerpt.text, start: 0, end: excerpt.text.length }]);
    }
  });

  it('splits a long excerpt at sentence ends, within the limit, with overlap, covering all the text', () => {
    for (const maxChars of [60, 100, 150]) {
      for (const excerpt of excerpts) {
        const chunks = chunkExcerpt(excerpt, { maxChars, overlapSentences: 1 });
        const sentenceEnds = new Set(splitSentences(excerpt.text).map((sentence) => sentence.end));
        const sentenceStarts = new Set(splitSentences(excerpt.text).map((sentence) => sentence.start));
        chunks.forEach((chunk, position) => {
          expect(chunk.text).toBe(excerpt.text.slice(chunk.start, chunk.end));
          expect(sentenceEnds.has(chunk.end)).toBe(true);
          expect(sentenceStarts.has(chunk.start)).toBe(true);
          const sentences = splitSentences(chunk.text);
          if (sentences.length > 1) expect(chunk.text.length).toBeLessThanOrEqual(maxChars);
          const previous = chunks[position - 1];
          if (previous) {
            // No gap between chunks, and one sentence of overlap whenever the chunk before holds more than one.
            if (chunk.start > previous.end) expect(excerpt.text.slice(previous.end, chunk.start).trim()).toBe('');
            if (splitSentences(previous.text).length > 1) expect(chunk.start).toBeLessThan(previous.end);
          }
        });
        expect(chunks[0]!.start).toBe(splitSentences(excerpt.text)[0]!.start);
        expect(chunks.at(-1)!.end).toBe(splitSentences(excerpt.text).at(-1)!.end);
      }
    }
  });

  it('never cuts inside a sentence even when the sentence alone is over the limit', () => {
    const excerpt = { id: 'doc#1', text: '短句。这是一个非常非常非常非常长的句子，没有句号一直写下去，直到超过限制为止。尾句！' };
    const chunks = chunkExcerpt(excerpt, { maxChars: 10, overlapSentences: 0 });
    expect(chunks.map((chunk) => chunk.text)).toEqual(['短句。', '这是一个非常非常非常非常长的句子，没有句号一直写下去，直到超过限制为止。', '尾句！']);
  });

  it('splits sentences at 。！？； and keeps closing quotes with their sentence', () => {
    expect(splitSentences('他说：“好。”然后走了；对吗？对！').map((sentence) => sentence.text)).toEqual(['他说：“好。”', '然后走了；', '对吗？', '对！']);
  });
});
