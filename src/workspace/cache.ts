/**
 * `--cache`: what erlint learnt about each file's content, kept between runs. An entry holds the
 * file's links (what it defines and names, its subnets), the parsed documents, syntax and schema
 * findings, suppression comments and, apart, the places findings took, keyed by the SHA-256 of the
 * file's bytes. Rules are never cached: they run on every run, over the files that can change a
 * finding in the files reported on, so a change in one file is seen in every other.
 *
 * A file is read and hashed unless its size, modification and change times, inode and device are
 * those recorded with its entry, and it had been left alone for two seconds before it was hashed:
 * a change to a file always moves its change time, which no tool sets back, and a file that changed
 * just before it was read could change again within one tick of the file system's clock.
 *
 * The cache is the cache file and, beside it, `<file>.journal`: the entries made since the cache
 * file was last written whole. A run that changes a few entries rewrites only the journal; once the
 * journal holds an eighth of the cache's size, or files were deleted, the run writes everything to
 * the cache file again and removes the journal. Each file is written under a temporary name and
 * renamed, so a run stopped half way never leaves half a file, and a journal counts only with the
 * cache file it was written against. Both are read at offsets: a run decodes only the entries it uses.
 *
 * The cache file records erlint's version and schema: either changing starts an empty cache. A cache
 * that cannot be read is rebuilt, with a note.
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Located } from '../loader/locate.js';
import { fromTransferable, loadBytes, type SourceFile, type TransferableSource } from '../loader/load.js';
import type { FileLinks } from '../model/links.js';

/** The file name `--cache` uses in the working directory unless `--cache-location` says otherwise. */
export const DEFAULT_CACHE_FILE = '.erlintcache';

// Version 2: an index up front, then one serialized blob per file, so that a run reads only the
// entries it serves and writes back the others' bytes as they were (a pre-commit run that changed
// one file re-serializes one entry, not the whole workspace).
// Version 3: the places' keys are shorter (a pointer alone for a value in the first document).
// Version 4: a file's places are a blob of their own, decoded only when findings in it need places
// (a pre-commit run reports on a few files, and the other files' places are most of the decoding).
// Version 5: the index holds each file's links, so that a run reporting on a few files decodes only
// the files in their neighbourhood.
// Version 6: each entry records its file's status (size, times, inode), the index has a generation
// that a journal names, and blobs are read at their offsets.
// Version 7: links hold names as numeric keys; file times are milliseconds.
// Version 8: the index holds its entries' paths, hashes and numbers (status, blob places, links) in
// three lists, not a list of entries: one array of numbers decodes many times faster than the four
// typed arrays of links of every entry, each decoded on its own.
// Version 9: the index's numbers follow its serialized part as raw doubles, read straight into
// their array: V8's deserializer copied them out of the bytes read (the array's place among the
// serialized bytes is seldom aligned for doubles), 2.7 MB of fresh memory in every warm run.
const FORMAT = 'erlint-cache-9';
// The file starts with this many bytes giving the length of the serialized part of the index; the
// index's numbers follow it, from the next multiple of 8 bytes, and the blobs follow them.
const INDEX_LENGTH_BYTES = 4;
const NUMBER_BYTES = Float64Array.BYTES_PER_ELEMENT;
// The journal may grow to this share of the cache file (and to this size at least) before the cache
// file is written whole again.
const JOURNAL_SHARE = 1 / 8;
const JOURNAL_MINIMUM_BYTES = 1 << 20;
/** How long, in milliseconds, a file must have been left alone before it was hashed for its status to stand for it. */
export const DEFAULT_SETTLE_MS = 2000;

// As the loader decodes (a byte-order mark is dropped).
const decoder = new TextDecoder('utf-8');

type CachedSource = Omit<TransferableSource, 'text'>;

/**
 * What identifies a file's content without reading it, as long as nobody wrote to it. Times are in
 * milliseconds with their fraction (a double keeps a quarter of a microsecond of today's times):
 * statting with bigints costs a quarter of a warm run's statting.
 */
type FileStatus = [size: number, mtimeMs: number, ctimeMs: number, ino: number, dev: number];

/** A cache or journal file kept open, read at offsets after its index. */
interface BlobFile {
  fd: number;
  /** Where the blobs start. */
  start: number;
}

interface Blob {
  file: BlobFile;
  offset: number;
  length: number;
}

/** An entry as read (its blobs, each decoded only when used) or as made or changed in this run. */
interface Entry {
  hash: string;
  links: FileLinks;
  status: FileStatus | undefined;
  sourceBlob?: Blob;
  placedBlob?: Blob;
  source?: CachedSource;
  placed?: [string, Located][];
  /** The blobs as they will be written, once serialized or read. */
  sourceBytes?: Uint8Array;
  placedBytes?: Uint8Array;
  /** Made or changed in this run: the next write takes it. */
  fresh: boolean;
  /** Its blobs are in the journal, not in the cache file. */
  journaled: boolean;
}

interface CacheIndex {
  format: string;
  key: string;
  /** Changes whenever the cache file is written whole; a journal is for one generation. */
  generation: string;
  /** A journal's: the generation of the cache file it adds to. */
  base?: string;
  /** The entries' paths and content hashes. */
  paths: string[];
  hashes: string[];
  /**
   * Each entry's numbers, in the order of `paths`: `ENTRY_HEADER` of them (its status, or -1 for
   * none, then where its two blobs lie after the index, the source's then the places', then the
   * lengths of the four lists of its links), then those lists.
   */
  numbers: Float64Array;
  /** The IPv6 link subnets and address spaces of the entries that have any, by entry number. */
  ipv6: [entry: number, links: string[], spaces: string[]][];
}

/** The index as serialized: its numbers are stored after it, raw (`numberCount` of them). */
type StoredIndex = Omit<CacheIndex, 'numbers'> & { numberCount: number };

/** An entry as `blobsOf` lays it out, before it goes into an index. */
type IndexEntry = [path: string, hash: string, links: FileLinks, status: FileStatus | undefined, offset: number, sourceLength: number, placedLength: number];

// Size, modification and change times, inode and device; blob offset, source and places lengths;
// the lengths of defined names, referred-to names, link subnets and address spaces.
const ENTRY_HEADER = 12;

/**
 * A file whose content the cache knew: its links, and the file as loaded and the places found in
 * it before, each decoded on first call. `load` reads a file taken on its status, and throws the
 * file system's error when it can no longer be read.
 */
export interface CacheHit {
  path: string;
  links: FileLinks;
  load(): SourceFile;
  placed(): [string, Located][];
}

/** What `lookup` learnt of a path in this run. */
interface Current {
  /** The content hash; for a file taken on its status, the entry's until `load` reads it. */
  hash: string;
  hit: boolean;
  /** Its status, when it may stand for the content from now on. */
  status: FileStatus | undefined;
}

/** The hash that identifies a file's content. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

export interface CacheOptions {
  /** How long, in milliseconds, a file must have been unchanged before it was hashed for its status to count. */
  settleMs?: number;
  /** The journal may always grow to this many bytes before the cache file is written whole. */
  journalMinimumBytes?: number;
}

export class LintCache {
  private readonly entries = new Map<string, Entry>();
  private readonly current = new Map<string, Current>();
  private readonly open: BlobFile[] = [];
  private generation: string | undefined;
  private cacheBytes = 0;
  private readonly settleMs: number;
  private readonly journalMinimumBytes: number;
  note: string | undefined;

  private constructor(readonly location: string, private readonly key: string, options: CacheOptions) {
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    this.journalMinimumBytes = options.journalMinimumBytes ?? JOURNAL_MINIMUM_BYTES;
  }

  /** The journal beside a cache file. */
  static journalOf(location: string): string {
    return `${location}.journal`;
  }

  /**
   * Opens the cache at `location`; `key` names everything besides file content that entries depend
   * on (erlint's version and schema). A missing file is an empty cache; a broken one too, with a note.
   * Call `close` when done.
   */
  static open(location: string, key: string, options: CacheOptions = {}): LintCache {
    const cache = new LintCache(location, key, options);
    try {
      const main = cache.readIndexed(location);
      if (!main) return cache;
      cache.generation = main.generation;
      cache.cacheBytes = main.bytes;
      cache.take(main, false);
    } catch (error) {
      cache.entries.clear();
      cache.close();
      cache.note = `The cache \`${location}\` could not be read (${(error as Error).message}); it is rebuilt`;
      return cache;
    }
    try {
      // A journal of another generation, or one that does not read, is only work lost.
      const journal = cache.readIndexed(LintCache.journalOf(location));
      if (journal && journal.base === cache.generation) cache.take(journal, true);
    } catch {
      // Nothing to do: its entries are made again.
    }
    return cache;
  }

  /** Reads a file's index; undefined when there is no file or it is another version's. */
  private readIndexed(path: string): (CacheIndex & { file: BlobFile; bytes: number }) | undefined {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const file = { fd, start: 0 };
    this.open.push(file);
    const bytes = fstatSync(fd).size;
    const header = readAt(fd, 0, Math.min(INDEX_LENGTH_BYTES, bytes));
    const indexLength = header.length === INDEX_LENGTH_BYTES ? header.readUInt32LE(0) : -1;
    if (indexLength < 0 || INDEX_LENGTH_BYTES + indexLength > bytes) throw new Error('not an erlint cache file');
    const stored = deserialize(readAt(fd, INDEX_LENGTH_BYTES, indexLength)) as StoredIndex;
    // Another version's cache (erlint, schema or format) is not an error: it starts over quietly.
    if (stored?.format !== FORMAT || stored.key !== this.key) return undefined;
    const { paths, hashes, numberCount, ipv6 } = stored;
    if (!Array.isArray(paths) || !Array.isArray(hashes) || paths.length !== hashes.length || !Number.isSafeInteger(numberCount) || numberCount < 0 || !Array.isArray(ipv6)) {
      throw new Error('its index is not whole');
    }
    const numbersAt = numbersOffset(indexLength);
    file.start = numbersAt + numberCount * NUMBER_BYTES;
    if (file.start > bytes) throw new Error('the file is cut short');
    const numbers = new Float64Array(numberCount);
    readInto(fd, new Uint8Array(numbers.buffer), numbersAt);
    const index: CacheIndex = { ...stored, numbers };
    let at = 0;
    for (let entry = 0; entry < paths.length; entry++) {
      if (at + ENTRY_HEADER > numbers.length) throw new Error('its index is not whole');
      for (let i = at + 5; i < at + ENTRY_HEADER; i++) if (!(numbers[i]! >= 0 && Number.isInteger(numbers[i]))) throw new Error('its index is not whole');
      const blobsEnd = numbers[at + 5]! + numbers[at + 6]! + numbers[at + 7]!;
      if (file.start + blobsEnd > bytes) throw new Error('the file is cut short');
      at += ENTRY_HEADER + numbers[at + 8]! + numbers[at + 9]! + numbers[at + 10]! + numbers[at + 11]!;
    }
    if (at !== numbers.length) throw new Error('its index is not whole');
    return { ...index, file, bytes };
  }

  private take(index: CacheIndex & { file: BlobFile }, journaled: boolean): void {
    const { paths, hashes, numbers, file } = index;
    const ipv6 = new Map(index.ipv6.map(([entry, links, spaces]) => [entry, { links, spaces }]));
    let at = 0;
    for (let entry = 0; entry < paths.length; entry++) {
      const status: FileStatus | undefined = numbers[at]! < 0 ? undefined : [numbers[at]!, numbers[at + 1]!, numbers[at + 2]!, numbers[at + 3]!, numbers[at + 4]!];
      const offset = numbers[at + 5]!;
      const sourceLength = numbers[at + 6]!;
      const placedLength = numbers[at + 7]!;
      const start = at + ENTRY_HEADER;
      const referencesStart = start + numbers[at + 8]!;
      const linksStart = referencesStart + numbers[at + 9]!;
      const spacesStart = linksStart + numbers[at + 10]!;
      const end = spacesStart + numbers[at + 11]!;
      const v6 = ipv6.get(entry);
      const links: FileLinks = { numbers, start, referencesStart, linksStart, spacesStart, end, ipv6Links: v6?.links ?? [], ipv6Spaces: v6?.spaces ?? [] };
      this.entries.set(paths[entry]!, {
        hash: hashes[entry]!, links, status, fresh: false, journaled,
        sourceBlob: { file, offset, length: sourceLength },
        placedBlob: { file, offset: offset + sourceLength, length: placedLength },
      });
      at = end;
    }
  }

  /**
   * Sorts the paths: files whose content the cache knows come back as hits, to be loaded when the
   * run needs them; the others are left to load. Unreadable files are left too, so that loading
   * reports them as usual. A hit whose entry does not decode is parsed from its text.
   */
  lookup(paths: readonly string[]): { hits: CacheHit[]; misses: string[] } {
    const hits: CacheHit[] = [];
    const misses: string[] = [];
    for (const path of paths) {
      const entry = this.entries.get(path);
      const status = statusOf(path);
      if (entry?.status && status && sameStatus(entry.status, status)) {
        const current: Current = { hash: entry.hash, hit: true, status: entry.status };
        this.current.set(path, current);
        hits.push(this.hit(path, entry, current, undefined));
        continue;
      }
      let bytes: Buffer;
      // File times are wall-clock times; this one is rounded up to the next millisecond.
      const readAtMs = Date.now() + 1;
      try {
        bytes = readFileSync(path);
      } catch {
        misses.push(path);
        continue;
      }
      const hash = contentHash(bytes);
      const settled = status && readAtMs - status[2] >= this.settleMs && readAtMs - status[1] >= this.settleMs ? status : undefined;
      const current: Current = { hash, hit: entry?.hash === hash, status: settled };
      this.current.set(path, current);
      if (!entry || !current.hit) {
        misses.push(path);
        continue;
      }
      if (settled && !(entry.status && sameStatus(entry.status, settled))) {
        // Same content, new status (a checkout rewrote it): the status stands for it from now on.
        entry.status = settled;
        entry.fresh = true;
      }
      hits.push(this.hit(path, entry, current, bytes));
    }
    return { hits, misses };
  }

  private hit(path: string, entry: Entry, current: Current, read: Buffer | undefined): CacheHit {
    return {
      path, links: entry.links, placed: () => placedOf(entry),
      load: () => {
        const bytes = read ?? readFileSync(path);
        // Taken on its status, the file is hashed now that it is read: it may have changed since.
        const hash = read ? current.hash : contentHash(bytes);
        const source = hash === entry.hash ? sourceOf(entry) : undefined;
        if (source) return fromTransferable({ ...source, text: decoder.decode(bytes) });
        // Read again as the loader reads it, the file makes a new entry.
        current.hit = false;
        current.hash = hash;
        current.status = undefined;
        return loadBytes(path, bytes);
      },
    };
  }

  /**
   * Records a file as loaded in this run, with its links and every place found in it: undefined when
   * none was wanted (a hit then keeps the places it had).
   */
  remember(source: TransferableSource, links: FileLinks, placed: Iterable<[string, Located]> | undefined): void {
    const current = this.current.get(source.path);
    if (!current) return;
    const old = this.entries.get(source.path);
    if (current.hit && old) {
      // Places only ever add up for the same content (the run started from the cached ones): an
      // entry changes when this run found new ones.
      if (!placed) return;
      const places = [...placed];
      if (places.length <= placedOf(old).length) return;
      old.placed = places;
      old.placedBlob = undefined;
      old.placedBytes = undefined;
      old.fresh = true;
      return;
    }
    // A hit rebuilds the file from its bytes decoded, so only a file whose text is exactly that may
    // be kept: not a file too big, not UTF-8 or with a byte-order mark, whose text the loader changed.
    if (contentHash(Buffer.from(source.text, 'utf8')) !== current.hash) return;
    const { text: _text, ...rest } = source;
    this.entries.set(source.path, { hash: current.hash, links, status: current.status, source: rest, placed: placed ? [...placed] : [], fresh: true, journaled: false });
  }

  /**
   * Writes what changed: the journal, or the whole cache file when the journal would grow too large,
   * there is no cache file yet, or files were deleted (their entries go). The last call on a cache:
   * it lets go of the files it read from.
   */
  write(): void {
    let deleted = false;
    for (const path of this.entries.keys()) {
      if (!this.current.has(path) && !existsSync(path)) {
        this.entries.delete(path);
        deleted = true;
      }
    }
    const fresh = [...this.entries.values()].some((e) => e.fresh);
    if (!fresh && !deleted) {
      this.close();
      return;
    }
    const journal = deleted || this.generation === undefined ? undefined : blobsOf([...this.entries].filter(([, e]) => e.fresh || e.journaled));
    const whole = !journal || journal.bytes > Math.max(this.journalMinimumBytes, this.cacheBytes * JOURNAL_SHARE);
    // Every blob is read before anything is written: the files read from are closed before they are replaced.
    const contents = whole ? blobsOf([...this.entries]) : journal!;
    this.close();
    mkdirSync(dirname(this.location), { recursive: true });
    if (whole) {
      writeIndexed(this.location, { format: FORMAT, key: this.key, generation: randomUUID(), ...indexOf(contents.entries) }, contents.blobs);
      // A journal left behind names the old generation and is never read; it goes all the same.
      rmSync(LintCache.journalOf(this.location), { force: true });
    } else {
      writeIndexed(LintCache.journalOf(this.location), { format: FORMAT, key: this.key, generation: randomUUID(), base: this.generation!, ...indexOf(contents.entries) }, contents.blobs);
    }
  }

  /** Lets go of the files the cache reads from. */
  close(): void {
    for (const file of this.open.splice(0)) closeSync(file.fd);
  }
}

/** The index entries and blobs of entries, laid out one after the other. */
function blobsOf(entries: readonly [string, Entry][]): { entries: IndexEntry[]; blobs: Uint8Array[]; bytes: number } {
  const indexEntries: IndexEntry[] = [];
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const [path, entry] of entries) {
    // What this run did not change goes back as the bytes it was read as.
    const sourceBytes = sourceBytesOf(entry);
    const placedBytes = placedBytesOf(entry);
    indexEntries.push([path, entry.hash, entry.links, entry.status, offset, sourceBytes.length, placedBytes.length]);
    blobs.push(sourceBytes, placedBytes);
    offset += sourceBytes.length + placedBytes.length;
  }
  return { entries: indexEntries, blobs, bytes: offset };
}

/** The lists of an index (`CacheIndex`) that hold its entries. */
function indexOf(entries: readonly IndexEntry[]): Pick<CacheIndex, 'paths' | 'hashes' | 'numbers' | 'ipv6'> {
  let size = 0;
  for (const [, , links] of entries) size += ENTRY_HEADER + links.end - links.start;
  const numbers = new Float64Array(size);
  const ipv6: CacheIndex['ipv6'] = [];
  let at = 0;
  entries.forEach(([, , links, status, offset, sourceLength, placedLength], entry) => {
    numbers.set(status ?? [-1, -1, -1, -1, -1], at);
    numbers[at + 5] = offset;
    numbers[at + 6] = sourceLength;
    numbers[at + 7] = placedLength;
    numbers[at + 8] = links.referencesStart - links.start;
    numbers[at + 9] = links.linksStart - links.referencesStart;
    numbers[at + 10] = links.spacesStart - links.linksStart;
    numbers[at + 11] = links.end - links.spacesStart;
    numbers.set(links.numbers.subarray(links.start, links.end), at + ENTRY_HEADER);
    at += ENTRY_HEADER + links.end - links.start;
    if (links.ipv6Links.length > 0 || links.ipv6Spaces.length > 0) ipv6.push([entry, links.ipv6Links, links.ipv6Spaces]);
  });
  return { paths: entries.map(([path]) => path), hashes: entries.map(([, hash]) => hash), numbers, ipv6 };
}

/** Writes an index and its blobs under a temporary name, then renames the file into place. */
function writeIndexed(location: string, index: CacheIndex, blobs: readonly Uint8Array[]): void {
  const { numbers, ...rest } = index;
  const indexBytes = serialize({ ...rest, numberCount: numbers.length } satisfies StoredIndex);
  const indexLength = Buffer.alloc(INDEX_LENGTH_BYTES);
  indexLength.writeUInt32LE(indexBytes.length, 0);
  const padding = Buffer.alloc(numbersOffset(indexBytes.length) - INDEX_LENGTH_BYTES - indexBytes.length);
  const numberBytes = new Uint8Array(numbers.buffer, numbers.byteOffset, numbers.byteLength);
  const temporary = `${location}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    for (const bytes of [indexLength, indexBytes, padding, numberBytes, ...blobs]) writeAll(fd, bytes);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, location);
}

/** Where the index's numbers start in the file, after a serialized part of `indexLength` bytes. */
function numbersOffset(indexLength: number): number {
  return Math.ceil((INDEX_LENGTH_BYTES + indexLength) / NUMBER_BYTES) * NUMBER_BYTES;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  readInto(fd, buffer, position);
  return buffer;
}

/** Fills `buffer` from the file at `position`. */
function readInto(fd: number, buffer: Uint8Array, position: number): void {
  for (let read = 0; read < buffer.length;) {
    const n = readSync(fd, buffer, read, buffer.length - read, position + read);
    if (n === 0) throw new Error('the file is cut short');
    read += n;
  }
}

function blobBytes(blob: Blob): Buffer {
  return readAt(blob.file.fd, blob.file.start + blob.offset, blob.length);
}

function sourceBytesOf(entry: Entry): Uint8Array {
  entry.sourceBytes ??= entry.sourceBlob ? blobBytes(entry.sourceBlob) : serialize(entry.source);
  return entry.sourceBytes;
}

function placedBytesOf(entry: Entry): Uint8Array {
  entry.placedBytes ??= entry.placedBlob ? blobBytes(entry.placedBlob) : serialize(entry.placed ?? []);
  return entry.placedBytes;
}

/** An entry's source, decoded from its bytes on first use; undefined when they do not decode. */
function sourceOf(entry: Entry): CachedSource | undefined {
  if (!entry.source && entry.sourceBlob) {
    try {
      entry.source = deserialize(blobBytes(entry.sourceBlob)) as CachedSource;
    } catch {
      return undefined;
    }
  }
  return entry.source;
}

/** An entry's places, decoded on first use; none when they do not decode (they are found again). */
function placedOf(entry: Entry): [string, Located][] {
  if (!entry.placed && entry.placedBlob) {
    try {
      entry.placed = deserialize(blobBytes(entry.placedBlob)) as [string, Located][];
    } catch {
      entry.placed = [];
    }
  }
  return entry.placed ?? [];
}

function statusOf(path: string): FileStatus | undefined {
  let stats: Stats | undefined;
  try {
    stats = statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  return stats?.isFile() ? [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino, stats.dev] : undefined;
}

function sameStatus(a: FileStatus, b: FileStatus): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3] && a[4] === b[4];
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written, bytes.length - written);
}
