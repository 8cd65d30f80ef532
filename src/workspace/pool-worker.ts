/**
 * A worker thread of the load pool (`pool.ts`): reads, parses and schema-checks its share of the
 * workspace, hands the data to the main thread, keeps the texts, and later places findings in them.
 */
import { parentPort } from 'node:worker_threads';
import { toTransferable, type SourceFile, type TransferableSource } from '../loader/load.js';
import { locate } from '../loader/locate.js';
import { KEY_TARGET, PLACE_FIELDS, readHere, writePlace, type PlacedBatch, type PoolRequest, type PoolReply } from './pool.js';

// Batches keep the main thread busy with what has arrived while the rest is still being parsed.
const BATCH_FILES = 64;

const files = new Map<string, SourceFile>();
const port = parentPort!;

function post(reply: PoolReply): void {
  port.postMessage(reply);
}

port.on('message', (request: PoolRequest) => {
  if (request.type === 'load') {
    let batch: TransferableSource[] = [];
    const flush = () => {
      post({ type: 'loaded', files: batch });
      // The main thread has its copy of the data now; placing findings needs only the text.
      for (const file of batch) for (const doc of files.get(file.path)!.documents) doc.data = undefined;
      batch = [];
    };
    for (const path of request.paths) {
      const file = readHere(path);
      if ('code' in file) {
        post({ type: 'unreadable', ...file });
        continue;
      }
      files.set(path, file);
      batch.push(toTransferable(file, { withText: request.texts }));
      if (batch.length >= BATCH_FILES) flush();
    }
    flush();
    post({ type: 'load-done' });
    return;
  }
  const results: PlacedBatch[] = [];
  for (const { path, pointers, docs, targets } of request.batches) {
    const file = files.get(path);
    if (!file) continue;
    const numbers = new Int32Array(pointers.length * PLACE_FIELDS);
    const aliasSites: PlacedBatch['aliasSites'] = [];
    pointers.forEach((pointer, i) => {
      const located = locate(file, docs[i]!, pointer, targets[i] === KEY_TARGET ? 'key' : 'value');
      writePlace(numbers, i, located);
      if (located.aliasSites.length > 0) aliasSites.push([i, located.aliasSites]);
    });
    results.push({ path, numbers, aliasSites });
    // As in the main thread's placer: each file's parse tree lives only while its findings are placed.
    file.parsedNodes = undefined;
    file.spans = undefined;
  }
  port.postMessage({ type: 'placed', results } satisfies PoolReply, results.map((r) => r.numbers.buffer as ArrayBuffer));
});
