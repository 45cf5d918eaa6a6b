// Answer ids that sort by time (UUID version 7, RFC 9562): the analytics tables are keyed by them, and
// a key that grows with time is written at the end of its B-tree instead of on a random page.

import { randomUUID } from 'node:crypto';

/**
 * A version 7 UUID: the first 48 bits are the Unix time in ms, the remaining 74 bits are random (taken
 * from a version 4 UUID, whose variant bits are already the ones version 7 needs). Ids of the same
 * millisecond are in no particular order, which is all the tables need.
 * @example answerId() // '019a230b-ecb9-73c2-882d-610a3b061cfb'
 */
export function answerId(now: number = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
