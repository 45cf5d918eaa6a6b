// Approximate nearest-neighbour search over chunk vectors, on hnswlib-node in cosine space.
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

export class HnswVectorIndex {
  private constructor(private readonly index: hnswlib.HierarchicalNSW, readonly dimensions: number) {}

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
    return new HnswVectorIndex(index, dimensions);
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  add(vector: number[], label: number): void {
    if (vector.length !== this.dimensions) throw new Error(`vector has ${vector.length} dimensions, the index ${this.dimensions}`);
    this.index.addPoint(vector, label);
  }

  /** The k nearest chunks, optionally only those the filter admits. */
  search(vector: number[], k: number, filter?: (label: number) => boolean): VectorHit[] {
    const limit = Math.min(k, this.size);
    if (limit === 0) return [];
    const { neighbors, distances } = this.index.searchKnn(vector, limit, filter);
    // In the cosine space hnswlib's distance is 1 − cosine.
    return neighbors.map((label, position) => ({ label, similarity: Math.min(1, Math.max(0, 1 - distances[position]!)) }));
  }

  async save(filePath: string): Promise<void> {
    await this.index.writeIndex(filePath);
  }
}
