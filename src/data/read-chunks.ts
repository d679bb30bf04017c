/**
 * A file's bytes as chunks read into one reused buffer (the CLI's input, and the panel's for a file
 * on the host's disk: a 1 GB CSV is never held whole). `fs.createReadStream` hands out a new
 * Buffer per chunk; those are garbage as soon as they are parsed, but they are external memory and
 * pile up until a GC happens to run: measured 60 MB of them at once while reading a 97 MB CSV,
 * a third of the CLI's peak. With one buffer there is nothing to collect.
 *
 * The consumer must be done with a chunk before asking for the next one (`readCsv` is: it copies
 * the bytes of an incomplete record).
 */
import { open } from 'node:fs/promises';

export async function* readChunks(file: string, chunkBytes = 1 << 20): AsyncGenerator<Uint8Array, void, undefined> {
  const fh = await open(file, 'r');
  try {
    const buf = new Uint8Array(chunkBytes);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, chunkBytes, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}
