/**
 * Reading, parsing, schema checks and placing findings on several cores. Worker threads take a share
 * of the files each and keep their texts, so findings in their files are placed there too, while
 * the main thread builds the one model and runs the rules.
 *
 * Results are the same as the single-threaded path: the same `loadBytes` and `locate` run on the
 * same files; only where they run differs (a test compares both on a generated workspace).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { fromTransferable, loadBytes, loadedText, loadSource, MAX_FILE_BYTES, type SourceFile, type TransferableSource } from '../loader/load.js';
import { LineIndex } from '../loader/line-index.js';
import { NO_ALIAS_SITES, type Located } from '../loader/locate.js';
import { checkFile, modelFile } from '../engine/check-file.js';
import type { Range, Target } from '../types.js';

/** A place to find in a file, keyed so that the answer can be matched up. */
export interface PoolPlaceRequest {
  key: string;
  doc: number;
  pointer: string;
  target: Target | undefined;
}

/**
 * The places wanted in one file, as lists rather than an object each: a large workspace asks for
 * hundreds of thousands, and every object would be copied to the worker thread and back. Item `i`
 * is `pointers[i]` in document `docs[i]`, its key (`KEY_TARGET`) or value.
 */
export interface PlaceBatch {
  path: string;
  pointers: string[];
  docs: Int32Array;
  targets: Uint8Array;
}

/** The places found for a batch, in its order: `PLACE_FIELDS` numbers an item, and alias sites where there are any. */
export interface PlacedBatch {
  path: string;
  numbers: Int32Array;
  aliasSites: [item: number, sites: readonly Range[]][];
}

export const KEY_TARGET = 1;
const VALUE_TARGET = 0;
// Start line, column and offset, end line, column and offset, and 1 when the pointer resolved exactly:
// 32-bit integers hold them all, as no file read is longer than `MAX_FILE_BYTES` (10 MB).
export const PLACE_FIELDS = 7;

export type PoolRequest =
  | { type: 'load'; paths: string[]; texts: boolean }
  | { type: 'place'; batches: PlaceBatch[] };

export type PoolReply =
  | { type: 'loaded'; files: TransferableSource[] }
  | { type: 'unreadable'; path: string; code: string }
  | { type: 'load-done' }
  | { type: 'placed'; results: PlacedBatch[] };

/** The numbers of one place, at `item` of a batch's `numbers`. */
export function writePlace(numbers: Int32Array, item: number, { range, exact }: Located): void {
  const at = item * PLACE_FIELDS;
  numbers[at] = range.start.line;
  numbers[at + 1] = range.start.column;
  numbers[at + 2] = range.start.offset;
  numbers[at + 3] = range.end.line;
  numbers[at + 4] = range.end.column;
  numbers[at + 5] = range.end.offset;
  numbers[at + 6] = exact ? 1 : 0;
}

function readPlace(numbers: Int32Array, item: number, aliasSites: readonly Range[] = NO_ALIAS_SITES): Located {
  const at = item * PLACE_FIELDS;
  return {
    range: { start: { line: numbers[at]!, column: numbers[at + 1]!, offset: numbers[at + 2]! }, end: { line: numbers[at + 3]!, column: numbers[at + 4]!, offset: numbers[at + 5]! } },
    exact: numbers[at + 6] === 1,
    aliasSites,
  };
}

/**
 * Below this much text a worker costs more to start (about 0.1 s) than it saves: such workspaces
 * are read on the main thread alone.
 */
export const MIN_PARALLEL_BYTES = 4 * 1024 * 1024;

/** `--concurrency`: `auto` (a thread per core for workspaces big enough, at most 8), `off`, or a thread count. */
export type Concurrency = number | 'auto' | 'off';

/**
 * How many threads (the main one included) read a workspace of these files, on a machine with
 * `cores` cores.
 */
export function threadCount(paths: readonly string[], concurrency: Concurrency, cores = availableParallelism()): number {
  if (concurrency === 'off' || paths.length < 2) return 1;
  if (typeof concurrency === 'number') return Math.max(1, Math.min(concurrency, paths.length));
  const bytes = workspaceBytes(paths);
  if (bytes < MIN_PARALLEL_BYTES) return 1;
  if (cores <= 2 && bytes < MIN_PARALLEL_BYTES_ON_TWO_CORES) return 1;
  // Every thread costs a start and its own heap, and the main thread takes in what all of them send:
  // at least 2 MB of text a thread, and no more than 8 however many cores there are.
  return Math.min(cores, paths.length, Math.ceil(bytes / (2 * 1024 * 1024)), MAX_AUTO_THREADS);
}

/**
 * The size of the files, estimated from at most `SIZE_SAMPLE` of them spread evenly over the list:
 * statting every file of a 2,000-file workspace took 20 ms, half a percent of the run, to choose a
 * thread count that the estimate chooses as well.
 */
function workspaceBytes(paths: readonly string[]): number {
  const step = Math.max(1, paths.length / SIZE_SAMPLE);
  let bytes = 0;
  let sampled = 0;
  for (let i = 0; i < paths.length; i += step) {
    sampled++;
    try {
      bytes += statSync(paths[Math.floor(i)]!).size;
    } catch {
      // Reading it will say what is wrong.
    }
  }
  return sampled === 0 ? 0 : (bytes * paths.length) / sampled;
}

const SIZE_SAMPLE = 200;

/**
 * On two cores, a worker thread competes with V8's own threads (garbage collection, compilation),
 * which already take a third of a core beside one JavaScript thread, and the main thread takes in a
 * worker's documents at nearly the cost of reading them. Measured on 2 cores: 2,000 files (34 MB)
 * took the same time on one thread and on two (ratio 0.99, medians of 12 interleaved pairs), with
 * 33 MB less memory and 0.85 s less CPU time on one; 20,000 files (340 MB) took 41-43 s on two
 * against 43-50 s on one, the worker holding half the texts the main thread would collect.
 */
const MIN_PARALLEL_BYTES_ON_TWO_CORES = 64 * 1024 * 1024;

const MAX_AUTO_THREADS = 8;
const WORKER_YOUNG_GENERATION_MB = 16;

/** Loaded files, the ones that could not be read, and the threads that hold the others' texts. */
export interface LoadedWorkspace {
  files: SourceFile[];
  unreadable: { path: string; code: string }[];
  /** Places findings in the files the workers read; the rest are left to the caller. */
  place(requests: ReadonlyMap<string, PoolPlaceRequest[]>): Promise<Map<string, [string, Located][]>>;
  /** Which files a worker holds (the ones `place` can answer for). */
  heldByWorkers: ReadonlySet<string>;
  /** Files whose text was let go and that held something else when read again to place findings (`textsLetGo`). */
  changedSinceRead: readonly ChangedFile[];
  close(): Promise<void>;
}

// Loaded when first needed: `node:zlib` takes about 4 ms to load, which a pre-commit run (no text let
// go) would pay for nothing.
let zlib: typeof import('node:zlib') | undefined;
function crc32(bytes: Uint8Array): number {
  zlib ??= createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');
  return zlib.crc32(bytes);
}

// Loaded with the first worker: most runs read on the main thread alone, and a pre-commit run would
// pay about 2 ms to load the module for nothing.
let workerThreads: typeof import('node:worker_threads') | undefined;
function workerThreadsModule(): typeof import('node:worker_threads') {
  workerThreads ??= createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  return workerThreads;
}

function workerPath(): string {
  const here = fileURLToPath(import.meta.url);
  // Under the test runner this module is TypeScript; worker threads run the built JavaScript. Built,
  // it is either `dist/src/workspace/pool.js` or part of the command's bundle `dist/src/cli/bundle.cjs`:
  // the worker lies at the same place from both.
  return here.endsWith('.ts') ? join(dirname(here), '..', '..', 'dist', 'src', 'workspace', 'pool-worker.js') : join(dirname(here), '..', 'workspace', 'pool-worker.js');
}

/**
 * Reads, parses and schema-checks one file on the calling thread, or says why it cannot be read;
 * with `model`, also makes its entities and lets its data go (`modelFile`). With `changed` too, a
 * plain file lets its text go as well (`letTextGo`), and `changed` hears of files that no longer
 * hold what was read when their findings are placed.
 */
export function readHere(path: string, model = false, changed?: (change: ChangedFile) => void): SourceFile | { path: string; code: string } {
  try {
    const bytes = readShared(path);
    const file = loadBytes(path, bytes);
    if (!model) return checkFile(file);
    modelFile(file);
    if (changed && file.plain && file.syntax.length === 0) letTextGo(file, bytes.length, crc32(bytes), changed);
    return file;
  } catch (error) {
    return { path, code: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
}

/** A file whose content was not what the run had read when its findings were placed. */
export interface ChangedFile {
  path: string;
  /** Why: it was written to since, or it could not be read again (the file system's code). */
  code: 'changed' | string;
}

/**
 * Lets a modelled file's text go until its findings are placed, when it is read again
 * (`SourceFile.reload`): on one thread, the workspace's texts would otherwise live beside the
 * whole model and all the rules' work (34 MB of 160 MB in the bench's run). The model does not keep
 * the text alive: the fast path copies long values out of the bytes (`LoadOptions.bytes`). The
 * text read again counts only if its length and CRC-32 are what was read; else the findings, made
 * from what was read, are placed in the file as it is now, and `changed` hears of it.
 *
 * A CRC-32 rather than a SHA-256: it tells an edit made during the run, not an adversary's file, and
 * misses one in four billion of those; it took 15 ms for the bench's 34 MB where SHA-256 took
 * 35-40 ms, twice per run, plus a hash object per file.
 */
function letTextGo(file: SourceFile, length: number, crc: number, changed: (change: ChangedFile) => void): void {
  file.text = '';
  // An index not made yet would hold on to the text: it is made of the text read again instead, and
  // the file keeps an empty one (its places all come from the text read again).
  const lines = file.lineCounter.indexed ? file.lineCounter : undefined;
  file.lineCounter = lines ?? new LineIndex();
  file.reload = () => {
    let bytes: Buffer;
    try {
      bytes = readShared(file.path, length);
    } catch (error) {
      changed({ path: file.path, code: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
      // Nothing to place in: every place is the first line.
      return loadSource(file.path, '', file.format);
    }
    if (bytes.length === length && crc32(bytes) === crc) {
      const text = loadedText(bytes);
      return { ...file, text, lineCounter: lines ?? LineIndex.of(text) };
    }
    changed({ path: file.path, code: 'changed' });
    return loadBytes(file.path, Buffer.from(bytes), file.format);
  };
}

/**
 * The buffer every file is read into, when first read and when read again. A buffer of its own per
 * file would hold its memory until V8 next collects garbage, and every file of a workspace is read,
 * one after another: nothing keeps the bytes once the file is loaded (`loadBytes` decodes them into
 * the text and copies values out of them).
 */
let sharedBuffer = Buffer.alloc(0);

/**
 * A file's bytes, in `sharedBuffer`: valid until the next call. `expectedLength` sizes the buffer
 * for a file read before.
 */
function readShared(path: string, expectedLength = 0): Buffer {
  const fd = openSync(path, 'r');
  try {
    // One byte more than the length read before: a read that fills the buffer may mean the file grew
    // since. No `fstat` for the size: a read returns what is there, and each syscall saved is one
    // less for every file of the workspace.
    const wanted = expectedLength + 1;
    if (sharedBuffer.length < wanted) sharedBuffer = Buffer.allocUnsafe(Math.max(wanted, 2 * sharedBuffer.length, 64 * 1024));
    let length = 0;
    for (let read; (read = readSync(fd, sharedBuffer, length, sharedBuffer.length - length, null)) > 0;) {
      length += read;
      if (length === sharedBuffer.length) {
        const larger = Buffer.allocUnsafe(2 * sharedBuffer.length);
        sharedBuffer.copy(larger);
        sharedBuffer = larger;
      }
    }
    const bytes = sharedBuffer.subarray(0, length);
    // A file near erlint's limit or past it is rare: the buffer does not stay that large for the rest.
    if (sharedBuffer.length > MAX_FILE_BYTES) sharedBuffer = Buffer.alloc(0);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/** What a run needs of the files besides the model; the less, the less the run holds. */
export interface LoadOptions {
  /** Documents become entities as they arrive, and their data goes (`modelFile`): no links, no cache. */
  modelOnly?: boolean;
  /**
   * Texts stay with the workers that read them (`SourceFile.textElsewhere`): for a run that places
   * findings only through `place`, with no cache to fill and no base to compare.
   */
  textsStayInWorkers?: boolean;
  /**
   * With `modelOnly`, the main thread lets each plain file's text go once the file is modelled and
   * reads it again to place its findings (`SourceFile.reload`): for a run with no cache to fill and
   * no base to compare, whose rules never look at a text.
   */
  textsLetGo?: boolean;
}

/** Reads and parses `paths` on `threads` threads (1: this thread alone, no workers). */
export async function loadWorkspace(paths: readonly string[], threads: number, options: LoadOptions = {}): Promise<LoadedWorkspace> {
  // The main thread reads a share like each worker (it also takes in what they send, but measured
  // on two cores a smaller share only left it idle). Round robin: neighbouring files tend to be
  // alike in size, so every share gets a similar load.
  const shares: string[][] = Array.from({ length: Math.max(1, threads) }, () => []);
  paths.forEach((path, i) => shares[i % shares.length]!.push(path));
  const [own, ...others] = shares as [string[], ...string[][]];

  const files: SourceFile[] = [];
  const unreadable: { path: string; code: string }[] = [];
  const changedSinceRead: ChangedFile[] = [];
  const changed = options.modelOnly && options.textsLetGo ? (change: ChangedFile) => changedSinceRead.push(change) : undefined;
  const held = new Set<string>();
  const workers = others.map((share) => new PoolWorker(share, options.textsStayInWorkers !== true, (file) => {
    // A batch's data is modelled as it arrives and dies young, before the next batch comes in.
    files.push(options.modelOnly ? modelFile(fromTransferable(file)) : fromTransferable(file));
    held.add(file.path);
  }, (path, code) => unreadable.push({ path, code })));

  try {
    for (const path of own) {
      const loaded = readHere(path, options.modelOnly, changed);
      if ('code' in loaded) unreadable.push(loaded);
      else files.push(loaded);
    }
    await Promise.all(workers.map((w) => w.loaded));
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }

  return {
    files, unreadable, heldByWorkers: held, changedSinceRead,
    async place(requests) {
      const answers = await Promise.all(workers.map((w) => w.place(requests)));
      return new Map(answers.flat().map(({ path, placed }) => [path, placed]));
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** One worker thread and the conversation with it. */
class PoolWorker {
  readonly loaded: Promise<void>;
  private readonly worker: Worker;
  private readonly share: ReadonlySet<string>;
  private pendingPlace: { resolve: (r: PlacedBatch[]) => void; reject: (e: Error) => void } | undefined;
  private failLoad: (error: Error) => void = () => {};

  constructor(paths: string[], texts: boolean, onFile: (file: TransferableSource) => void, onUnreadable: (path: string, code: string) => void) {
    this.share = new Set(paths);
    // A parser's garbage dies young: a young generation of 16 MB collects it as fast as the default
    // one (measured: 151 ms against 168 ms of scavenges on 1,000 files) and keeps about 15 MB of
    // the process's peak RSS back.
    this.worker = new (workerThreadsModule().Worker)(workerPath(), { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    this.loaded = new Promise<void>((resolve, reject) => {
      this.failLoad = reject;
      this.worker.on('message', (reply: PoolReply) => {
        if (reply.type === 'loaded') reply.files.forEach(onFile);
        else if (reply.type === 'unreadable') onUnreadable(reply.path, reply.code);
        else if (reply.type === 'load-done') resolve();
        else if (reply.type === 'placed') {
          this.pendingPlace?.resolve(reply.results);
          this.pendingPlace = undefined;
        }
      });
    });
    const fail = (error: Error) => {
      const wrapped = new Error(`A worker thread failed: ${error.message}; \`--concurrency off\` reads on one thread`);
      this.failLoad(wrapped);
      this.pendingPlace?.reject(wrapped);
      this.pendingPlace = undefined;
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`it exited with code ${code}`));
    });
    this.post({ type: 'load', paths, texts });
  }

  async place(requests: ReadonlyMap<string, PoolPlaceRequest[]>): Promise<{ path: string; placed: [string, Located][] }[]> {
    const mine = [...requests].filter(([path]) => this.share.has(path));
    if (mine.length === 0) return [];
    const batches = mine.map(([path, items]): PlaceBatch => ({
      path,
      pointers: items.map((r) => r.pointer),
      docs: Int32Array.from(items, (r) => r.doc),
      targets: Uint8Array.from(items, (r) => (r.target === 'key' ? KEY_TARGET : VALUE_TARGET)),
    }));
    const results = await new Promise<PlacedBatch[]>((resolve, reject) => {
      this.pendingPlace = { resolve, reject };
      this.worker.postMessage({ type: 'place', batches } satisfies PoolRequest, batches.flatMap((b) => [b.docs.buffer as ArrayBuffer, b.targets.buffer as ArrayBuffer]));
    });
    // The keys never left this thread: the answers come back in the order asked.
    const keysOf = new Map(mine);
    return results.map(({ path, numbers, aliasSites }) => {
      const items = keysOf.get(path) ?? [];
      const sites = new Map(aliasSites);
      return { path, placed: items.map((r, i): [string, Located] => [r.key, readPlace(numbers, i, sites.get(i))]) };
    });
  }

  terminate(): Promise<number> {
    this.worker.removeAllListeners('exit');
    return this.worker.terminate();
  }

  private post(request: PoolRequest): void {
    this.worker.postMessage(request);
  }
}
