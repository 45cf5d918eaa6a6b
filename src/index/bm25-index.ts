// A small BM25 index over pre-tokenised documents, with weighted query terms.

export interface WeightedTerm {
  term: string;
  /** Multiplies the term's BM25 contribution; 1 for an ordinary query word. */
  weight: number;
}

export interface LexicalHit {
  label: number;
  /** Raw BM25 score, unbounded, higher is better. */
  score: number;
}

interface Postings {
  labels: number[];
  frequencies: number[];
}

export class Bm25Index {
  private readonly postings = new Map<string, Postings>();
  private readonly lengths: number[] = [];
  private totalLength = 0;
  private documents = 0;

  constructor(private readonly k1 = 1.2, private readonly b = 0.75) {}

  get documentCount(): number {
    return this.documents;
  }

  /** Adds a document under a label; labels must be added in increasing order from 0. */
  add(label: number, terms: readonly string[]): void {
    const frequencies = new Map<string, number>();
    for (const term of terms) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
    for (const [term, frequency] of frequencies) {
      let postings = this.postings.get(term);
      if (!postings) this.postings.set(term, (postings = { labels: [], frequencies: [] }));
      postings.labels.push(label);
      postings.frequencies.push(frequency);
    }
    this.lengths[label] = terms.length;
    this.totalLength += terms.length;
    this.documents++;
  }

  /** True when some document contains the term. */
  has(term: string): boolean {
    return this.postings.has(term);
  }

  documentFrequency(term: string): number {
    return this.postings.get(term)?.labels.length ?? 0;
  }

  /** Robertson–Spärck Jones IDF, floored at a small positive value so common terms still count a little. */
  idf(term: string): number {
    const frequency = this.documentFrequency(term);
    return Math.max(0.01, Math.log(1 + (this.documents - frequency + 0.5) / (frequency + 0.5)));
  }

  search(query: readonly WeightedTerm[], k: number, filter?: (label: number) => boolean): LexicalHit[] {
    const scores = new Map<number, number>();
    const averageLength = this.documents === 0 ? 1 : this.totalLength / this.documents;
    for (const { term, weight } of query) {
      const postings = this.postings.get(term);
      if (!postings) continue;
      const idf = this.idf(term);
      postings.labels.forEach((label, position) => {
        if (filter && !filter(label)) return;
        const frequency = postings.frequencies[position]!;
        const norm = this.k1 * (1 - this.b + (this.b * (this.lengths[label] ?? 0)) / averageLength);
        const contribution = (weight * idf * frequency * (this.k1 + 1)) / (frequency + norm);
        scores.set(label, (scores.get(label) ?? 0) + contribution);
      });
    }
    return [...scores]
      .map(([label, score]) => ({ label, score }))
      .sort((left, right) => right.score - left.score || left.label - right.label)
      .slice(0, k);
  }
}
