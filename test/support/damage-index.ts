// Damages an hnswlib graph file the way a bad disk or a bad copy would, for the tests of index integrity.
import { open } from 'node:fs/promises';

/** hnswlib's header: six size_t, two 32-bit ints, three size_t, a double and a size_t. */
const HEADER_BYTES = 8 * 6 + 4 + 4 + 8 * 3 + 8 + 8;

/**
 * Overwrites the level-0 neighbour ids of every node with ids far past the last node, keeping the
 * header and the file's size intact: hnswlib loads such a file and then reads outside its memory.
 */
export async function damageGraphLinks(filePath: string): Promise<void> {
  const file = await open(filePath, 'r+');
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    await file.read(header, 0, HEADER_BYTES, 0);
    const count = Number(header.readBigUInt64LE(16));
    const bytesPerElement = Number(header.readBigUInt64LE(24));
    const maxM0 = Number(header.readBigUInt64LE(64));
    const bogus = Buffer.alloc(4 * maxM0);
    for (let id = 0; id < maxM0; id++) bogus.writeUInt32LE(0x7fff_0000 + id, id * 4);
    for (let node = 0; node < count; node++) await file.write(bogus, 0, bogus.length, HEADER_BYTES + node * bytesPerElement + 4);
  } finally {
    await file.close();
  }
}
