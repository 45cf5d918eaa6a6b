// Generates corpora of any size in the real file format, from the real corpus's vocabulary and
// sentence shapes: a word-bigram model trained on the excerpts, sentences of the real lengths, and
// attributions with real occasions on random dates.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { splitSentences } from '../src/chunking/split-sentences.ts';
import { formatChineseNumeral } from '../src/corpus/chinese-numeral.ts';
import type { SpeechDocument } from '../src/corpus/types.ts';
import { segmentPrecise } from '../src/text/tokenizer.ts';

/** A deterministic generator (mulberry32), so that every run builds the same corpus. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Model {
  next: Map<string, string[]>;
  starts: string[];
  sentenceLengths: number[];
  sentencesPerExcerpt: number[];
  occasions: string[];
}

function train(documents: readonly SpeechDocument[]): Model {
  const next = new Map<string, string[]>();
  const starts: string[] = [];
  const sentenceLengths: number[] = [];
  const sentencesPerExcerpt: number[] = [];
  for (const excerpt of documents.flatMap((document) => document.excerpts)) {
    const sentences = splitSentences(excerpt.text);
    sentencesPerExcerpt.push(sentences.length);
    for (const sentence of sentences) {
      const words = segmentPrecise(sentence.text);
      if (words.length === 0) continue;
      sentenceLengths.push(sentence.text.length);
      starts.push(words[0]!);
      for (let index = 0; index + 1 < words.length; index++) {
        const followers = next.get(words[index]!) ?? [];
        followers.push(words[index + 1]!);
        next.set(words[index]!, followers);
      }
    }
  }
  return {
    next,
    starts,
    sentenceLengths,
    sentencesPerExcerpt,
    occasions: [...new Set(documents.flatMap((document) => document.excerpts.map((excerpt) => excerpt.occasion)))],
  };
}

const PUNCTUATION = ['，', '，', '、', '；'];

function sentence(model: Model, random: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const target = pick(model.sentenceLengths);
  let word = pick(model.starts);
  let text = word;
  while (text.length < target) {
    const followers = model.next.get(word);
    word = followers && random() < 0.9 ? pick(followers) : pick(model.starts);
    if (random() < 0.08) text += pick(PUNCTUATION);
    text += word;
  }
  return `${text}。`;
}

export interface SyntheticCorpusOptions {
  excerpts: number;
  /** Excerpts per file; at most 999, the largest heading numeral. */
  excerptsPerFile: number;
  seed: number;
}

/** Writes the corpus files into a folder; returns how many excerpts and files it wrote. */
export async function writeSyntheticCorpus(
  directory: string,
  trainingDocuments: readonly SpeechDocument[],
  options: SyntheticCorpusOptions,
): Promise<{ files: number; excerpts: number }> {
  const model = train(trainingDocuments);
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  await mkdir(directory, { recursive: true });
  let written = 0;
  let files = 0;
  while (written < options.excerpts) {
    const count = Math.min(options.excerptsPerFile, options.excerpts - written);
    const sections: string[] = [];
    for (let section = 1; section <= count; section++) {
      const sentences = Array.from({ length: pick(model.sentencesPerExcerpt) }, () => sentence(model, random));
      const day = new Date(Date.UTC(2023, 0, 1) + Math.floor(random() * 900) * 86_400_000);
      const date = `${day.getUTCFullYear()}年${day.getUTCMonth() + 1}月${day.getUTCDate()}日`;
      sections.push(`${formatChineseNumeral(section)}\n\n${sentences.join('')}\n\n（${date}${pick(model.occasions)}）`);
    }
    files++;
    const name = `synthetic-${String(files).padStart(5, '0')}.txt`;
    await writeFile(
      path.join(directory, name),
      `合成讲话摘录第${files}辑\n\n合成作者\n\n${sections.join('\n\n')}\n\n※这是由真实语料的词汇和句式生成的测试语料。\n`,
    );
    written += count;
  }
  return { files, excerpts: written };
}
