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
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Located } from '../loader/locate.js';
import { fromTransferable, type SourceFile, type TransferableSource } from '../loader/load.js';

/** The file name `--cache` uses in the working directory unless `--cache-location` says otherwise. */
export const DEFAULT_CACHE_FILE = '.erlintcache';

const FORMAT = 'erlint-cache-1';

// As the loader decodes (a byte-order mark is dropped).
const decoder = new TextDecoder('utf-8');

interface Entry {
  hash: string;
  source: Omit<TransferableSource, 'text'>;
  placed: [string, Located][];
}

interface CacheFileContent {
  format: string;
  key: string;
  entries: Record<string, Entry>;
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
      const content = deserialize(readFileSync(location)) as CacheFileContent;
      if (content?.format !== FORMAT || content.key !== key || typeof content.entries !== 'object') return new LintCache(location, key, new Map());
      return new LintCache(location, key, new Map(Object.entries(content.entries)));
    } catch (error) {
      return new LintCache(location, key, new Map(), `The cache \`${location}\` could not be read (${(error as Error).message}); it is rebuilt`);
    }
  }

  /**
   * Reads every path and sorts them: files whose content the cache knows come back loaded (with the
   * places found in them before); the others are left to load. Unreadable files are left too, so
   * that loading reports them as usual.
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
      const hit = entry?.hash === hash;
      this.current.set(path, { hash, hit });
      // Only a hit is decoded here; the loader decodes the others itself.
      if (hit) hits.push({ file: fromTransferable({ ...entry!.source, text: decoder.decode(bytes) }), placed: entry!.placed });
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
    if (current.hit && old && old.placed.length === places.length) return;
    // A hit rebuilds the file from its bytes decoded, so only a file whose text is exactly that may
    // be kept: not a file too big, not UTF-8 or with a byte-order mark, whose text the loader changed.
    if (!current.hit && contentHash(Buffer.from(source.text, 'utf8')) !== current.hash) return;
    const { text: _text, ...rest } = source;
    this.entries.set(source.path, { hash: current.hash, source: rest, placed: places });
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
    const content: CacheFileContent = { format: FORMAT, key: this.key, entries: Object.fromEntries(this.entries) };
    mkdirSync(dirname(this.location), { recursive: true });
    // Write then rename: a run stopped half way never leaves half a cache behind.
    const temporary = `${this.location}.${process.pid}.tmp`;
    writeFileSync(temporary, serialize(content));
    renameSync(temporary, this.location);
    this.changed = false;
  }
}
