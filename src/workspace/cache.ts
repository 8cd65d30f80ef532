/**
 * `--cache`: what erlint learnt about each file's content, kept between runs. An entry holds the
 * parsed documents, syntax and schema findings, suppression comments and, apart, the places findings
 * took, keyed by the SHA-256 of the file's bytes (never by modification time, which `git checkout` and
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
const FORMAT = 'erlint-cache-5';
// The file starts with this many bytes giving the length of the serialized index.
const INDEX_LENGTH_BYTES = 4;

// As the loader decodes (a byte-order mark is dropped).
const decoder = new TextDecoder('utf-8');

type CachedSource = Omit<TransferableSource, 'text'>;

/**
 * An entry as read (its two blobs, each decoded only when used) or as made in this run: what the
 * file parsed to, and the places found in it.
 */
interface Entry {
  hash: string;
  links: FileLinks;
  sourceBytes?: Uint8Array;
  placedBytes?: Uint8Array;
  source?: CachedSource;
  placed?: [string, Located][];
}

interface CacheIndex {
  format: string;
  key: string;
  /** Path, content hash, links, and where its two blobs lie after the index: the source's, then the places'. */
  entries: [path: string, hash: string, links: FileLinks, offset: number, sourceLength: number, placedLength: number][];
}

/**
 * A file whose content the cache knew: its links, and the file as loaded and the places found in
 * it before, each decoded on first call.
 */
export interface CacheHit {
  path: string;
  links: FileLinks;
  load(): SourceFile;
  placed(): [string, Located][];
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
      for (const [path, hash, links, offset, sourceLength, placedLength] of index.entries) {
        const start = blobs + offset;
        if (start + sourceLength + placedLength > file.length) throw new Error('the file is cut short');
        entries.set(path, { hash, links, sourceBytes: file.subarray(start, start + sourceLength), placedBytes: file.subarray(start + sourceLength, start + sourceLength + placedLength) });
      }
      return new LintCache(location, key, entries);
    } catch (error) {
      return new LintCache(location, key, new Map(), `The cache \`${location}\` could not be read (${(error as Error).message}); it is rebuilt`);
    }
  }

  /**
   * Reads every path and sorts them: files whose content the cache knows come back as hits, to be
   * loaded when the run needs them; the others are left to load. Unreadable files are left too, so
   * that loading reports them as usual. A hit whose entry does not decode is parsed from its text.
   */
  lookup(paths: readonly string[]): { hits: CacheHit[]; misses: string[] } {
    const hits: CacheHit[] = [];
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
      const hit = entry?.hash === hash;
      const current = { hash, hit };
      this.current.set(path, current);
      if (!entry || !hit) {
        misses.push(path);
        continue;
      }
      hits.push({
        path, links: entry.links, placed: () => placedOf(entry),
        load: () => {
          // Only a hit is decoded here; the loader decodes the others itself.
          const source = sourceOf(entry);
          if (source) return fromTransferable({ ...source, text: decoder.decode(bytes) });
          // Read again as the loader reads it, the file makes a new entry.
          current.hit = false;
          return loadBytes(path, bytes);
        },
      });
    }
    return { hits, misses };
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
      old.placedBytes = undefined;
      this.changed = true;
      return;
    }
    // A hit rebuilds the file from its bytes decoded, so only a file whose text is exactly that may
    // be kept: not a file too big, not UTF-8 or with a byte-order mark, whose text the loader changed.
    if (contentHash(Buffer.from(source.text, 'utf8')) !== current.hash) return;
    const { text: _text, ...rest } = source;
    this.entries.set(source.path, { hash: current.hash, links, source: rest, placed: placed ? [...placed] : [] });
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
      // What this run did not change goes back as the bytes it was read as.
      const sourceBytes = entry.sourceBytes ?? serialize(entry.source);
      const placedBytes = entry.placedBytes ?? serialize(entry.placed ?? []);
      index.entries.push([path, entry.hash, entry.links, offset, sourceBytes.length, placedBytes.length]);
      blobs.push(sourceBytes, placedBytes);
      offset += sourceBytes.length + placedBytes.length;
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

/** An entry's source, decoded from its bytes on first use; undefined when they do not decode. */
function sourceOf(entry: Entry): CachedSource | undefined {
  if (!entry.source && entry.sourceBytes) {
    try {
      entry.source = deserialize(entry.sourceBytes) as CachedSource;
    } catch {
      return undefined;
    }
  }
  return entry.source;
}

/** An entry's places, decoded on first use; none when they do not decode (they are found again). */
function placedOf(entry: Entry): [string, Located][] {
  if (!entry.placed && entry.placedBytes) {
    try {
      entry.placed = deserialize(entry.placedBytes) as [string, Located][];
    } catch {
      entry.placed = [];
    }
  }
  return entry.placed ?? [];
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written, bytes.length - written);
}
