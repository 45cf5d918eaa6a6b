// The document store at a million chunks: saved and loaded as streamed JSONL, never one giant string.
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { readJsonLines, writeJsonLines } from '../src/index/json-lines.ts';

export async function benchDocumentStore(workDir: string, count: number) {
  const file = path.join(workDir, `chunks-${count}.jsonl`);
  const text =
    '要以科技创新引领产业全面振兴。要立足现有产业基础，扎实推进先进制造业高质量发展，加快推动传统制造业升级，发挥科技创新的增量器作用，全面提升三次产业，不断优化经济结构、调整产业结构。';
  function* records() {
    for (let label = 0; label < count; label++)
      yield { id: `doc#${label}:0`, excerptId: `doc#${label}`, text, start: 0, end: text.length, label, terms: '科技 创新 产业 振兴' };
  }
  let started = performance.now();
  await writeJsonLines(file, records());
  const saveSeconds = (performance.now() - started) / 1000;
  const bytes = (await stat(file)).size;
  started = performance.now();
  let loaded = 0;
  await readJsonLines(file, () => loaded++);
  const loadSeconds = (performance.now() - started) / 1000;
  const residentMb = Math.round(process.memoryUsage().rss / 1e6);
  await rm(file);
  return {
    chunks: count,
    loaded,
    megabytes: Math.round(bytes / 1e6),
    saveSeconds: Math.round(saveSeconds * 10) / 10,
    loadSeconds: Math.round(loadSeconds * 10) / 10,
    residentMbAfterLoad: residentMb,
  };
}
