// A small BM25 index over pre-tokenised documents, with weighted query terms. Scores accumulate in
// a typed array and only the top k are sorted, so a query over 100k chunks stays within milliseconds.

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

/** A term's postings ready for scoring: each document's BM25 term weight, idf and query weight aside. */
interface Impacts {
  labels: Int32Array;
  impacts: Float32Array;
}

export class Bm25Index {
  private readonly postings = new Map<string, Postings>();
  private readonly lengths: number[] = [];
  private totalLength = 0;
  private documents = 0;
  /** Typed postings with precomputed impacts, made on the first search after documents were added. */
  private impacts: Map<string, Impacts> | undefined;
  private scores: Float64Array | undefined;

  constructor(
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {}

  get documentCount(): number {
    return this.documents;
  }

  /** Adds a document under a label; labels must be added in increasing order from 0. */
  add(label: number, terms: readonly string[]): void {
    if (label !== this.documents) throw new Error(`BM25 documents must be added in label order: expected label ${this.documents}, got ${label}`);
    // Labels only grow, so a term seen before in this document is the last posting of its list:
    // one map lookup per word, and no map per document (which made a 100k-chunk build take seconds).
    for (const term of terms) {
      let postings = this.postings.get(term);
      if (!postings) this.postings.set(term, (postings = { labels: [], frequencies: [] }));
      const last = postings.labels.length - 1;
      if (last >= 0 && postings.labels[last] === label) postings.frequencies[last]! += 1;
      else {
        postings.labels.push(label);
        postings.frequencies.push(1);
      }
    }
    this.lengths[label] = terms.length;
    this.totalLength += terms.length;
    this.documents++;
    this.impacts = undefined;
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
    const impacts = this.compiledImpacts();
    if (!this.scores || this.scores.length < this.documents) this.scores = new Float64Array(this.documents);
    const scores = this.scores;
    // Accumulate without tracking which documents were touched: a branch per posting cost ten times
    // the arithmetic. One pass over the scores then finds the top k.
    let scored = false;
    for (const { term, weight } of query) {
      const postings = impacts.get(term);
      if (!postings || weight <= 0) continue;
      scored = true;
      const factor = this.idf(term) * weight;
      const { labels, impacts: termImpacts } = postings;
      for (let position = 0; position < labels.length; position++) scores[labels[position]!]! += factor * termImpacts[position]!;
    }
    if (!scored) return [];
    const hits = topK(scores, this.documents, k, filter);
    scores.fill(0, 0, this.documents);
    return hits;
  }

  /**
   * Each posting's (k1 + 1)·tf / (tf + k1·(1 − b + b·len/avg)), computed once per build: a query then
   * does one multiply-add per posting, which keeps 100k-chunk searches within a few milliseconds.
   */
  private compiledImpacts(): Map<string, Impacts> {
    if (!this.impacts) {
      const averageLength = this.documents === 0 ? 1 : this.totalLength / this.documents;
      const norms = Float64Array.from(this.lengths, (length) => this.k1 * (1 - this.b + (this.b * (length ?? 0)) / averageLength));
      this.impacts = new Map();
      for (const [term, { labels, frequencies }] of this.postings) {
        const impacts = new Float32Array(labels.length);
        frequencies.forEach((frequency, position) => {
          impacts[position] = ((this.k1 + 1) * frequency) / (frequency + norms[labels[position]!]!);
        });
        this.impacts.set(term, { labels: Int32Array.from(labels), impacts });
      }
    }
    return this.impacts;
  }
}

/**
 * The k best-scoring labels, best first (ties by lower label), from one pass with a bounded
 * min-heap; the filter is asked only about documents good enough to enter the heap.
 */
function topK(scores: Float64Array, count: number, k: number, filter?: (label: number) => boolean): LexicalHit[] {
  if (k <= 0) return [];
  const heap: number[] = [];
  for (let label = 0; label < count; label++) {
    const score = scores[label]!;
    // Labels rise through the scan, so an equal score never displaces the earlier label.
    if (score <= 0 || (heap.length === k && score <= scores[heap[0]!]!)) continue;
    if (filter && !filter(label)) continue;
    if (heap.length < k) {
      heap.push(label);
      siftUp(heap, scores, heap.length - 1);
    } else {
      heap[0] = label;
      siftDown(heap, scores);
    }
  }
  return heap.sort((left, right) => scores[right]! - scores[left]! || left - right).map((label) => ({ label, score: scores[label]! }));
}

// The heap helpers live at module level rather than as closures inside topK: tsx keeps function
// names by redefining each named closure's name as it is created, which cost more than the heap work.

/** The heap's root is its worst member: lowest score, then highest label. */
function worse(scores: Float64Array, left: number, right: number): boolean {
  return scores[left]! < scores[right]! || (scores[left] === scores[right] && left > right);
}

function siftUp(heap: number[], scores: Float64Array, start: number): void {
  for (let index = start; index > 0; ) {
    const parent = (index - 1) >> 1;
    if (!worse(scores, heap[index]!, heap[parent]!)) return;
    [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
    index = parent;
  }
}

function siftDown(heap: number[], scores: Float64Array): void {
  for (let index = 0; ; ) {
    const left = 2 * index + 1;
    const right = left + 1;
    let worst = index;
    if (left < heap.length && worse(scores, heap[left]!, heap[worst]!)) worst = left;
    if (right < heap.length && worse(scores, heap[right]!, heap[worst]!)) worst = right;
    if (worst === index) return;
    [heap[index], heap[worst]] = [heap[worst]!, heap[index]!];
    index = worst;
  }
}
