// Nearest-neighbour search over chunk vectors, on hnswlib-node in cosine space. A small index is
// also searched exactly, in JavaScript: below EXACT_SEARCH_MAX vectors a full scan is exact and
// faster than the graph, whose search visits every node anyway (ef is far above the node count)
// and pays for copying the query across the native boundary. A filtered search is narrowed to what
// the filter admits, so that a question about one month does not walk the whole graph.
import hnswlib from 'hnswlib-node';

export interface HnswSettings {
  /** Graph degree. */
  m: number;
  efConstruction: number;
  /** Search breadth. hnswlib does not save it and defaults to 10, which loses recall, so it is set on every build and load. */
  ef: number;
}

export interface VectorHit {
  /** The chunk's label (its position in the chunk store). */
  label: number;
  /** Cosine similarity clamped to 0–1, higher is better. */
  similarity: number;
}

/**
 * Up to this many vectors, search scans them all. Measured against hnswlib built for the CPU at
 * ef 1300 with 256 dimensions: the scan took 3.3 µs at 15 vectors against 13.9, and 22.7 against
 * 28.6 at 100; at 200 the graph was ahead (42.5 against 54.4 µs).
 */
export const EXACT_SEARCH_MAX = 128;

/** Labels a filter is tried on to estimate the share of the graph it admits; set by hand (a 0.2 % share is the finest it tells). */
const FILTER_SAMPLE = 512;
/**
 * A filtered search's breadth is ef × the admitted share × this. Measured at 100,142 synthetic chunks
 * (ef 1300, 30 queries, recall@10 against a filtered search at ef 20,000): a month's filter (3.4 %)
 * 0.960 at ×1, 0.983 at ×2, 1.000 at ×4, against 1.000 unscaled; a year's 0.980, 0.993, 0.993 against
 * 0.993. ×2 keeps within 0.02 of unscaled at several times the speed.
 */
const FILTERED_BREADTH = 2;
/**
 * Up to this many admitted nodes (fewer than the sample can see), a filtered search compares them one
 * by one: reading a vector back from hnswlib costs about 70 µs, so 256 cost less than a graph search
 * that visits every node (about 0.4 s at 100k). Set by hand from those two figures.
 */
const FEW_ADMITTED = 256;

export class HnswVectorIndex {
  /** Unit-length copies of the vectors by label while the index is small enough to scan; undefined once it is not. */
  private exactVectors: Array<Float32Array | undefined> | undefined = [];

  private constructor(
    private readonly index: hnswlib.HierarchicalNSW,
    readonly dimensions: number,
    /** The search breadth set on the graph, for unfiltered searches. */
    private readonly ef: number,
  ) {}

  static create(dimensions: number, capacity: number, settings: HnswSettings): HnswVectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.initIndex(Math.max(1, capacity), settings.m, settings.efConstruction, 100);
    index.setEf(settings.ef);
    return new HnswVectorIndex(index, dimensions, settings.ef);
  }

  /** Reads on libuv's thread pool, so loading a large index does not block the event loop. */
  static async load(filePath: string, dimensions: number, ef: number): Promise<HnswVectorIndex> {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    await index.readIndex(filePath);
    index.setEf(ef);
    const loaded = new HnswVectorIndex(index, dimensions, ef);
    if (index.getCurrentCount() > EXACT_SEARCH_MAX) loaded.exactVectors = undefined;
    // hnswlib keeps cosine-space vectors normalised, so they come back unit length.
    // In label order, so that the array stays packed (hnswlib lists its labels in hash order).
    else for (const label of index.getIdsList().sort((left, right) => left - right)) loaded.exactVectors![label] = Float32Array.from(index.getPoint(label));
    return loaded;
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  add(vector: number[], label: number): void {
    if (vector.length !== this.dimensions) throw new Error(`vector has ${vector.length} dimensions, the index ${this.dimensions}`);
    this.index.addPoint(vector, label);
    if (!this.exactVectors) return;
    if (this.size > EXACT_SEARCH_MAX) this.exactVectors = undefined;
    else this.exactVectors[label] = unitVector(vector);
  }

  /** The k nearest chunks, optionally only those the filter admits. */
  search(vector: number[], k: number, filter?: (label: number) => boolean): VectorHit[] {
    const limit = Math.min(k, this.size);
    if (limit === 0) return [];
    if (this.exactVectors) return nearestByScan(this.exactVectors, vector, limit, filter);
    const { neighbors, distances } = filter ? this.filteredSearch(vector, limit, filter) : this.index.searchKnn(vector, limit);
    // In the cosine space hnswlib's distance is 1 − cosine.
    return neighbors.map((label, position) => ({ label, similarity: Math.min(1, Math.max(0, 1 - distances[position]!)) }));
  }

  /**
   * hnswlib's filtered search widens until it holds ef admitted nodes, so a filter admitting a share s
   * of the graph visits about 1/s times as many nodes as an unfiltered search, each with a call into
   * JavaScript: at 3 % admitted and ef 1300 it visits the whole graph. The breadth is scaled by the share
   * the filter admits (estimated on an even sample of labels), so the visits stay about what an
   * unfiltered search makes.
   */
  private filteredSearch(vector: number[], k: number, filter: (label: number) => boolean): hnswlib.SearchResult {
    const size = this.size;
    const step = Math.max(1, Math.floor(size / FILTER_SAMPLE));
    let sampled = 0;
    let admitted = 0;
    for (let label = 0; label < size; label += step, sampled++) if (filter(label)) admitted++;
    // A filter the sample never passes admits few nodes or none, and the graph search would visit every
    // node to find them: they are listed and compared one by one instead.
    if (admitted === 0 && step > 1) {
      const labels: number[] = [];
      for (let label = 0; label < size && labels.length <= FEW_ADMITTED; label++) if (filter(label)) labels.push(label);
      if (labels.length <= FEW_ADMITTED) return this.scanLabels(vector, k, labels);
    }
    const share = (admitted + 1) / (sampled + 1);
    const ef = Math.min(this.ef, Math.max(k, Math.ceil(this.ef * share * FILTERED_BREADTH)));
    if (ef === this.ef) return this.index.searchKnn(vector, k, filter);
    this.index.setEf(ef);
    try {
      return this.index.searchKnn(vector, k, filter);
    } finally {
      this.index.setEf(this.ef);
    }
  }

  /** Exact search over a few labels, in hnswlib's own terms (distance 1 − cosine, nearest first). */
  private scanLabels(vector: number[], k: number, labels: readonly number[]): hnswlib.SearchResult {
    const vectors: Array<Float32Array | undefined> = [];
    for (const label of labels) vectors[label] = Float32Array.from(this.index.getPoint(label));
    const hits = nearestByScan(vectors, vector, k);
    return { neighbors: hits.map((hit) => hit.label), distances: hits.map((hit) => 1 - hit.similarity) };
  }

  async save(filePath: string): Promise<void> {
    await this.index.writeIndex(filePath);
  }
}

/** The vector's Euclidean length, 1 for a zero vector so that dividing by it is safe. */
function lengthOf(vector: readonly number[]): number {
  let squares = 0;
  for (const value of vector) squares += value * value;
  return Math.sqrt(squares) || 1;
}

function unitVector(vector: readonly number[]): Float32Array {
  const length = lengthOf(vector);
  const unit = new Float32Array(vector.length);
  for (let dimension = 0; dimension < vector.length; dimension++) unit[dimension] = vector[dimension]! / length;
  return unit;
}

/** The k most similar vectors by a full scan, best first (kept sorted by insertion: k is small). */
function nearestByScan(
  vectors: ReadonlyArray<Float32Array | undefined>,
  query: readonly number[],
  k: number,
  filter?: (label: number) => boolean,
): VectorHit[] {
  // The stored vectors are unit length; the query is divided by its length once, at the end.
  const queryLength = lengthOf(query);
  // Ranked by the raw cosine, as hnswlib ranks them, though the similarity reported is clamped to 0–1.
  const labels: number[] = [];
  const dots: number[] = [];
  for (let label = 0; label < vectors.length; label++) {
    const candidate = vectors[label];
    if (candidate === undefined || (filter && !filter(label))) continue;
    let dot = 0;
    for (let dimension = 0; dimension < candidate.length; dimension++) dot += candidate[dimension]! * query[dimension]!;
    if (labels.length === k) {
      if (dot <= dots[k - 1]!) continue;
      labels.pop();
      dots.pop();
    }
    let position = labels.length;
    while (position > 0 && dots[position - 1]! < dot) position--;
    labels.splice(position, 0, label);
    dots.splice(position, 0, dot);
  }
  return labels.map((label, position) => ({ label, similarity: Math.min(1, Math.max(0, dots[position]! / queryLength)) }));
}
