/**
 * `--cache`: what erlint learnt about each file's content, kept between runs. An entry holds the
 * parsed documents, syntax and schema findings, suppression comments and the places findings took,
 * keyed by the SHA-256 of the file's bytes (never by modification time, which `git checkout` and
 * copies do not keep honest). Rules are never cached: they look at the whole workspace, and they
 * run on every run, so a change in one file is seen in every other.
 *
 * The cache file also records erlint's version, the schema and V8's serialization version: any of
 * them changing starts an empty cache. A cache that cannot be read is rebuilt, with a note.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Located } from '../loader/locate.js';
import { fromTransferable, type SourceFile, type TransferableSource } from '../loader/load.js';

/** The file name `--cache` uses in the working directory unless `--cache-location` says otherwise. */
export const DEFAULT_CACHE_FILE = '.erlintcache';

// Version 2: an index up front, then one serialized blob per file, so that a run reads only the
// entries it serves and writes back the others' bytes as they were (a pre-commit run that changed
// one file re-serializes one entry, not the whole workspace).
// Version 3: the places' keys are shorter (a pointer alone for a value in the first document).
const FORMAT = 'erlint-cache-3';
// The file starts with this many bytes giving the length of the serialized index.
const INDEX_LENGTH_BYTES = 4;

// As the loader decodes (a byte-order mark is dropped).
const decoder = new TextDecoder('utf-8');

interface EntryContent {
  source: Omit<TransferableSource, 'text'>;
  placed: [string, Located][];
}

/** An entry as read (its bytes, decoded only when served) or as made in this run (its content). */
interface Entry {
  hash: string;
  bytes?: Uint8Array;
  content?: EntryContent;
}

interface CacheIndex {
  format: string;
  key: string;
  /** Path, content hash, and where its blob lies after the index. */
  entries: [path: string, hash: string, offset: number, length: number][];
}

/** The hash that identifies a file's content. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

export class LintCache {
  private readonly entries: Map<string, Entry>;
  /** What `lookup` read in this run: content hash per path, and whether the cache knew it. */
  private readonly current = new Map<string, { hash: string; hit: boolean }>();
  private changed = false;

  private constructor(readonly location: string, private readonly key: string, entries: Map<string, Entry>, readonly note?: string) {
    this.entries = entries;
  }

  /**
   * Opens the cache at `location`; `key` names everything besides file content that entries depend
   * on (erlint's version and schema). A missing file is an empty cache; a broken one too, with a note.
   */
  static open(location: string, key: string): LintCache {
    if (!existsSync(location)) return new LintCache(location, key, new Map());
    try {
      const file = readFileSync(location);
      const indexLength = file.length >= INDEX_LENGTH_BYTES ? file.readUInt32LE(0) : -1;
      if (indexLength < 0 || INDEX_LENGTH_BYTES + indexLength > file.length) throw new Error('not an erlint cache file');
      const index = deserialize(file.subarray(INDEX_LENGTH_BYTES, INDEX_LENGTH_BYTES + indexLength)) as CacheIndex;
      // Another version's cache (erlint, schema or format) is not an error: it starts over quietly.
      if (index?.format !== FORMAT || index.key !== key || !Array.isArray(index.entries)) return new LintCache(location, key, new Map());
      const blobs = INDEX_LENGTH_BYTES + indexLength;
      const entries = new Map<string, Entry>();
      for (const [path, hash, offset, length] of index.entries) {
        if (blobs + offset + length > file.length) throw new Error('the file is cut short');
        entries.set(path, { hash, bytes: file.subarray(blobs + offset, blobs + offset + length) });
      }
      return new LintCache(location, key, entries);
    } catch (error) {
      return new LintCache(location, key, new Map(), `The cache \`${location}\` could not be read (${(error as Error).message}); it is rebuilt`);
    }
  }

  /**
   * Reads every path and sorts them: files whose content the cache knows come back loaded (with the
   * places found in them before); the others are left to load. Unreadable files are left too, so
   * that loading reports them as usual. An entry that does not decode is a miss.
   */
  lookup(paths: readonly string[]): { hits: { file: SourceFile; placed: [string, Located][] }[]; misses: string[] } {
    const hits: { file: SourceFile; placed: [string, Located][] }[] = [];
    const misses: string[] = [];
    for (const path of paths) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        misses.push(path);
        continue;
      }
      const hash = contentHash(bytes);
      const entry = this.entries.get(path);
      const content = entry?.hash === hash ? contentOf(entry) : undefined;
      this.current.set(path, { hash, hit: content !== undefined });
      // Only a hit is decoded here; the loader decodes the others itself.
      if (content) hits.push({ file: fromTransferable({ ...content.source, text: decoder.decode(bytes) }), placed: content.placed });
      else misses.push(path);
    }
    return { hits, misses };
  }

  /** Records a file as loaded in this run, with every place found in it. */
  remember(source: TransferableSource, placed: Iterable<[string, Located]>): void {
    const current = this.current.get(source.path);
    if (!current) return;
    const places = [...placed];
    const old = this.entries.get(source.path);
    if (current.hit && old?.content && old.content.placed.length === places.length) return;
    // A hit rebuilds the file from its bytes decoded, so only a file whose text is exactly that may
    // be kept: not a file too big, not UTF-8 or with a byte-order mark, whose text the loader changed.
    if (!current.hit && contentHash(Buffer.from(source.text, 'utf8')) !== current.hash) return;
    const { text: _text, ...rest } = source;
    this.entries.set(source.path, { hash: current.hash, content: { source: rest, placed: places } });
    this.changed = true;
  }

  /** Writes the cache when anything changed; entries of files that no longer exist are dropped. */
  write(): void {
    for (const path of this.entries.keys()) {
      if (!this.current.has(path) && !existsSync(path)) {
        this.entries.delete(path);
        this.changed = true;
      }
    }
    if (!this.changed) return;
    const blobs: Uint8Array[] = [];
    const index: CacheIndex = { format: FORMAT, key: this.key, entries: [] };
    let offset = 0;
    for (const [path, entry] of this.entries) {
      // An entry this run did not touch goes back as the bytes it was read as.
      const bytes = entry.bytes ?? serialize(entry.content);
      index.entries.push([path, entry.hash, offset, bytes.length]);
      blobs.push(bytes);
      offset += bytes.length;
    }
    const indexBytes = serialize(index);
    const indexLength = Buffer.alloc(INDEX_LENGTH_BYTES);
    indexLength.writeUInt32LE(indexBytes.length, 0);
    mkdirSync(dirname(this.location), { recursive: true });
    // Write then rename: a run stopped half way never leaves half a cache behind.
    const temporary = `${this.location}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      for (const bytes of [indexLength, indexBytes, ...blobs]) writeAll(fd, bytes);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.location);
    this.changed = false;
  }
}

/** An entry's content, decoded from its bytes on first use; undefined when they do not decode. */
function contentOf(entry: Entry): EntryContent | undefined {
  if (!entry.content && entry.bytes) {
    try {
      entry.content = deserialize(entry.bytes) as EntryContent;
    } catch {
      return undefined;
    }
  }
  return entry.content;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written, bytes.length - written);
}
