import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, openSync, closeSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inBatches, writeFully } from '../src/cli/write-batches.js';

/** The batches `inBatches` writes, each copied as it is written (as a file or a pipe would take it). */
function batchesOf(chunks: string[], reuse: boolean, batchBytes?: number): Buffer[] {
  const written: Buffer[] = [];
  inBatches(chunks, (bytes) => written.push(Buffer.from(bytes)), reuse, batchBytes);
  return written;
}

describe('writing a report in batches', () => {
  it('writes exactly the bytes of the pieces, whatever their characters and wherever a batch ends', () => {
    // One-, two-, three- and four-byte UTF-8 characters, so that pieces straddle every batch end.
    const piece = fc.string({ unit: fc.constantFrom('a', '"', 'é', '→', '😀', '\n'), maxLength: 40 });
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), fc.integer({ min: 4, max: 64 }), fc.boolean(), (chunks, batchBytes, reuse) => {
      const batches = batchesOf(chunks, reuse, batchBytes);
      expect(Buffer.concat(batches).toString('utf8')).toBe(chunks.join(''));
      for (const batch of batches) {
        // A batch is never empty, and only a piece larger than a whole batch makes a larger write.
        expect(batch.length).toBeGreaterThan(0);
        if (batch.length > batchBytes) expect(chunks).toContain(batch.toString('utf8'));
      }
    }));
  });

  it('gathers small pieces into few writes', () => {
    const chunks = Array.from({ length: 1000 }, (_, i) => `{"line":${i}},`);
    const batches = batchesOf(chunks, true, 1024);
    // Pieces stay whole, so a batch ends at most one piece (16 bytes here) short of the limit.
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(Buffer.byteLength(chunks.join('')) / (1024 - 16)));
    expect(batches.slice(0, -1).every((b) => b.length > 1024 - 16)).toBe(true);
  });

  it('hands every batch its own memory unless the writer is done with it on return', () => {
    const seen: Buffer[] = [];
    inBatches(['abcd', 'efgh', 'ijkl'], (bytes) => seen.push(bytes), false, 4);
    expect(seen.map((b) => b.toString())).toEqual(['abcd', 'efgh', 'ijkl']);
    const reused: Buffer[] = [];
    inBatches(['abcd', 'efgh'], (bytes) => reused.push(bytes), true, 4);
    expect(reused[0]!.buffer).toBe(reused[1]!.buffer);
  });

  it('writes a file whole', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'erlint-batches-')), 'out.json');
    const fd = openSync(path, 'w');
    const chunks = Array.from({ length: 5000 }, (_, i) => `[${i},"é→😀"],`);
    try {
      inBatches(chunks, (bytes) => writeFully(fd, bytes), true, 4096);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path, 'utf8')).toBe(chunks.join(''));
  });
});
