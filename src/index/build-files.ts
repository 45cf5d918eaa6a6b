// The size and SHA-256 of every file of an index build, recorded in its manifest when the build is
// written and checked before anything reads the build: hnswlib trusts the graph it loads, and a
// damaged one crashes the process, so a build whose files changed is refused before a byte is parsed.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.ts';

export const buildFilesSchema = z.record(z.string(), z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/u) }));

/** File name → its size in bytes and SHA-256 (hex), as written. */
export type BuildFiles = z.infer<typeof buildFilesSchema>;

export async function describeFile(filePath: string): Promise<BuildFiles[string]> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(filePath) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Records the named files of a build folder. */
export async function describeFiles(buildDir: string, names: readonly string[]): Promise<BuildFiles> {
  const files: BuildFiles = {};
  for (const name of names) files[name] = await describeFile(path.join(buildDir, name));
  return files;
}

/**
 * Throws index_corrupt, naming the file, unless every file the build needs is listed and has its recorded
 * size. Sizes are compared first, by verifySizes: a truncated file is refused without reading it.
 */
export async function verifySizes(buildDir: string, recorded: BuildFiles | undefined, required: readonly string[]): Promise<void> {
  if (!recorded) throw damaged(buildDir, 'its manifest records no file checksums (it was written by an older version)');
  for (const name of required) if (!(name in recorded)) throw damaged(buildDir, `its manifest does not list ${name}`);
  for (const [name, expected] of Object.entries(recorded)) {
    // A manifest names files inside its own folder only.
    if (!/^[a-z0-9-]+\.[a-z]+$/u.test(name)) throw damaged(buildDir, `its manifest lists a file named ${JSON.stringify(name)}`);
    const size = await stat(path.join(buildDir, name)).then(
      (stats) => stats.size,
      () => undefined,
    );
    if (size === undefined) throw damaged(buildDir, `${name} is missing`);
    if (size !== expected.bytes) throw damaged(buildDir, `${name} has ${size} bytes where ${expected.bytes} were written`);
  }
}

/** Throws index_corrupt unless every recorded file has its recorded SHA-256 (after verifySizes). */
export async function verifyChecksums(buildDir: string, recorded: BuildFiles): Promise<void> {
  for (const [name, expected] of Object.entries(recorded)) {
    if ((await describeFile(path.join(buildDir, name))).sha256 !== expected.sha256)
      throw damaged(buildDir, `${name} does not match the checksum recorded when it was written`);
  }
}

function damaged(buildDir: string, detail: string): AppError {
  return new AppError('index_corrupt', `the index build in ${buildDir} is damaged: ${detail}; run \`npm run ingest\` to rebuild it`);
}
