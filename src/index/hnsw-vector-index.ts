// Nearest-neighbour search over chunk vectors, on hnswlib-node in cosine space. A small index is
// also searched exactly, in JavaScript: below EXACT_SEARCH_MAX vectors a full scan is exact and
// faster than the graph, whose search visits every node anyway (ef is far above the node count)
// and pays for copying the query across the native boundary.
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

export class HnswVectorIndex {
  /** Unit-length copies of the vectors by label while the index is small enough to scan; undefined once it is not. */
  private exactVectors: Array<Float32Array | undefined> | undefined = [];

  private constructor(
    private readonly index: hnswlib.HierarchicalNSW,
    readonly dimensions: number,
  ) {}

  static create(dimensions: number, capacity: number, settings: HnswSettings): HnswVectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.initIndex(Math.max(1, capacity), settings.m, settings.efConstruction, 100);
    index.setEf(settings.ef);
    return new HnswVectorIndex(index, dimensions);
  }

  /** Reads on libuv's thread pool, so loading a large index does not block the event loop. */
  static async load(filePath: string, dimensions: number, ef: number): Promise<HnswVectorIndex> {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    await index.readIndex(filePath);
    index.setEf(ef);
    const loaded = new HnswVectorIndex(index, dimensions);
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
    const { neighbors, distances } = this.index.searchKnn(vector, limit, filter);
    // In the cosine space hnswlib's distance is 1 − cosine.
    return neighbors.map((label, position) => ({ label, similarity: Math.min(1, Math.max(0, 1 - distances[position]!)) }));
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
