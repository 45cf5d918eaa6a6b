// Builds real indexes in temporary folders for tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config/config.ts';

export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../..');
export const CORPUS_DIR = path.join(REPOSITORY_ROOT, 'corpus');
export const CORPUS_FILE = path.join(CORPUS_DIR, 'new-quality-productive-forces.txt');
export const GOLD_FILE = path.join(REPOSITORY_ROOT, 'eval', 'gold.jsonl');
/** The held-out split: tests gate on it; nothing is tuned on it. */
export const TEST_SPLIT_FILE = path.join(REPOSITORY_ROOT, 'eval', 'test.jsonl');

export async function temporaryDirectory(prefix = 'speechcite-test-'): Promise<{ path: string; remove: () => Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), prefix));
  return { path: directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

/** A configuration with the real corpus and an index in the given folder; nothing recorded unless asked for. */
export function testConfig(indexDir: string, environment: Record<string, string> = {}): Config {
  return loadConfig({ CORPUS_DIR, INDEX_DIR: indexDir, ANALYTICS: 'false', ...environment });
}
