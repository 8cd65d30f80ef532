/** How the command writes a report that comes in pieces: to standard output or to a file. */
import { writeSync } from 'node:fs';

const BATCH_BYTES = 1 << 20;

/**
 * Writes pieces gathered into about a megabyte of bytes a write: fewer system calls than one a
 * piece. The pieces are copied into a buffer rather than joined: V8 keeps a string of a megabyte in
 * its old generation until a full collection, and the 32 MB report of a large workspace, joined,
 * raised the run's peak memory. `reuse` says whether `write` is done with a buffer once it returns
 * (a synchronous write to a file), so that one buffer serves every batch.
 */
export function inBatches(chunks: Iterable<string>, write: (bytes: Buffer) => void, reuse: boolean, batchBytes = BATCH_BYTES): void {
  let buffer = Buffer.allocUnsafe(batchBytes);
  let used = 0;
  const flush = () => {
    if (used === 0) return;
    write(buffer.subarray(0, used));
    if (!reuse) buffer = Buffer.allocUnsafe(batchBytes);
    used = 0;
  };
  for (const chunk of chunks) {
    // Three bytes a UTF-16 unit at most: only a piece that might not fit is measured.
    if (chunk.length * 3 > batchBytes - used && Buffer.byteLength(chunk) > batchBytes - used) {
      flush();
      if (Buffer.byteLength(chunk) > batchBytes) {
        write(Buffer.from(chunk));
        continue;
      }
    }
    used += buffer.write(chunk, used);
  }
  flush();
}

/** `writeSync` may write less than it was given (a full disk, a pipe): the rest follows. */
export function writeFully(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}
