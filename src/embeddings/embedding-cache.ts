// A content-addressed embedding cache on disk (append-only JSONL), so that re-ingesting
// unchanged text costs no API calls.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

export class EmbeddingCache {
  private readonly vectors = new Map<string, number[]>();
  private loaded = false;

  /** @param filePath one cache file per embedder id, e.g. index/cache/<id-hash>.jsonl */
  constructor(
    private readonly filePath: string,
    private readonly embedderId: string,
  ) {}

  key(text: string): string {
    return createHash('sha256').update(this.embedderId).update('\n').update(text).digest('hex');
  }

  async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    try {
      const lines = createInterface({ input: createReadStream(this.filePath, 'utf8'), crlfDelay: Infinity });
      for await (const line of lines) {
        // A line cut short by a crash is skipped: that text is simply embedded again.
        try {
          const record = JSON.parse(line) as { key: string; vector: number[] };
          if (typeof record.key === 'string' && Array.isArray(record.vector)) this.vectors.set(record.key, record.vector);
        } catch {}
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  get(key: string): number[] | undefined {
    return this.vectors.get(key);
  }

  async putMany(entries: Array<{ key: string; vector: number[] }>): Promise<void> {
    if (entries.length === 0) return;
    for (const { key, vector } of entries) this.vectors.set(key, vector);
    await mkdir(path.dirname(this.filePath), { recursive: true });
    await appendFile(this.filePath, `${entries.map((entry) => JSON.stringify(entry)).join('\n')}\n`);
  }
}
