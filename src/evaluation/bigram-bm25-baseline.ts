// The baseline every retrieval figure is compared with: plain BM25 over the character bigrams of
// each excerpt (Traditional folded to Simplified), nothing else: no dictionary, no vectors, no rules.
import type { Excerpt } from '../corpus/types.ts';
import { toSimplified } from '../text/chinese-script.ts';

/** Robertson and Zaragoza's usual BM25 parameters, the defaults of Lucene and MiniSearch-like engines. */
const K1 = 1.2;
const B = 0.75;

/** Character bigrams within runs of letters and digits, lower-cased. */
export function characterBigrams(text: string): string[] {
  const bigrams: string[] = [];
  for (const [run] of toSimplified(text)
    .toLowerCase()
    .matchAll(/[\p{L}\p{N}]+/gu)) {
    const characters = [...run];
    if (characters.length === 1) bigrams.push(characters[0]!);
    for (let index = 0; index + 1 < characters.length; index++) bigrams.push(characters[index]! + characters[index + 1]!);
  }
  return bigrams;
}

export class BigramBm25Baseline {
  private readonly documentFrequency = new Map<string, number>();
  private readonly termCounts: Array<Map<string, number>>;
  private readonly lengths: number[];
  private readonly averageLength: number;

  constructor(private readonly excerpts: readonly Excerpt[]) {
    this.termCounts = excerpts.map((excerpt) => {
      const counts = new Map<string, number>();
      for (const bigram of characterBigrams(excerpt.text)) counts.set(bigram, (counts.get(bigram) ?? 0) + 1);
      for (const bigram of counts.keys()) this.documentFrequency.set(bigram, (this.documentFrequency.get(bigram) ?? 0) + 1);
      return counts;
    });
    this.lengths = this.termCounts.map((counts) => [...counts.values()].reduce((sum, count) => sum + count, 0));
    this.averageLength = this.lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, this.lengths.length);
  }

  /** Excerpts ranked by BM25 over the question's bigrams, best first; excerpts with no bigram in common are left out. */
  search(question: string, k: number): Excerpt[] {
    const queryTerms = new Set(characterBigrams(question));
    const total = this.excerpts.length;
    const scored = this.excerpts.map((excerpt, index) => {
      let score = 0;
      for (const term of queryTerms) {
        const frequency = this.termCounts[index]!.get(term);
        if (!frequency) continue;
        const documents = this.documentFrequency.get(term)!;
        const idf = Math.log(1 + (total - documents + 0.5) / (documents + 0.5));
        score += (idf * frequency * (K1 + 1)) / (frequency + K1 * (1 - B + (B * this.lengths[index]!) / this.averageLength));
      }
      return { excerpt, score };
    });
    return scored
      .filter(({ score }) => score > 0)
      .sort((left, right) => right.score - left.score || left.excerpt.id.localeCompare(right.excerpt.id))
      .slice(0, k)
      .map(({ excerpt }) => excerpt);
  }
}
