// Streams records to and from JSONL one line at a time, so that a million chunks never become one giant string.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

export async function writeJsonLines(filePath: string, records: Iterable<unknown>): Promise<void> {
  const stream = createWriteStream(filePath, 'utf8');
  for (const record of records) {
    if (!stream.write(`${JSON.stringify(record)}\n`)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
}

/** Reads records back; `onRecord` sees each as it arrives. */
export async function readJsonLines<T>(filePath: string, onRecord?: (record: T) => void): Promise<T[]> {
  const records: T[] = [];
  const lines = createInterface({ input: createReadStream(filePath, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const record = JSON.parse(line) as T;
    onRecord?.(record);
    records.push(record);
  }
  return records;
}
