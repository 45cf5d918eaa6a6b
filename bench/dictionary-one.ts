// The English dictionary's cost, in a process of its own: load time and memory. Prints one JSON line.
import { bilingualDictionary } from '../src/translation/bilingual-dictionary.ts';

(globalThis as { gc?: () => void }).gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const rssBefore = process.memoryUsage().rss;
const dictionary = bilingualDictionary();
(globalThis as { gc?: () => void }).gc?.();
process.stdout.write(
  `${JSON.stringify({
    entries: dictionary.entries,
    loadMs: Math.round(dictionary.loadMs),
    heapMb: Math.round((process.memoryUsage().heapUsed - heapBefore) / 1e6),
    residentMb: Math.round((process.memoryUsage().rss - rssBefore) / 1e6),
  })}\n`,
);
