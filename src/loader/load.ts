/**
 * Text to `SourceFile`: YAML streams and JSON through the one `yaml` parser, so that a single
 * position model serves both formats. Parse errors become `syntax` diagnostics, never exceptions.
 * Plain files take a fast path for their data (`fast.ts`), which also gives the span tree that
 * places their findings; `yaml` nodes are built only for the files that need them.
 */
import type { DocumentModel } from '../model/types.js';
import { Buffer, isAscii, isUtf8 } from 'node:buffer';
import type { Document, LineCounter, Node, Pair } from 'yaml';
import { formatPointer } from '../pointer.js';
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, DOUBLE_QUOTE, HASH, MINUS, NEWLINE, OPEN_BRACE, OPEN_BRACKET, SINGLE_QUOTE, SPACE, TAB } from '../char-codes.js';
import { readDirectives, type Directive } from './directives.js';
import { LineIndex } from './line-index.js';
import { yaml } from './yaml-lib.js';
import { readPlainJson, readPlainYaml, type FastRead } from './fast.js';
import { scanPlainYaml } from './plain-yaml.js';
import type { SpanTree } from './fast-locate.js';
import type { Diagnostic, Range } from '../types.js';

export type SourceFormat = 'yaml' | 'json';

/** One document of a file; `data` is only meaningful when `syntaxErrors` is false. */
export interface SourceDocument {
  index: number;
  data: unknown;
  /** The document has a parse error: it contributes nothing to the model. */
  syntaxErrors: boolean;
  /** A document with no content at all (an empty file, a trailing `---`). */
  empty: boolean;
  /** Its schema findings, when a worker thread already checked it (the engine checks it otherwise). */
  schemaDiagnostics?: Diagnostic[];
  /** Its entities, when the thread that read it made them and let `data` go (`modelFile`). */
  model?: DocumentModel;
}

/** A parsed file, holding what `locate` needs to turn pointers into ranges. */
export interface SourceFile {
  path: string;
  /** The text as parsed: without a byte-order mark, otherwise unchanged. */
  text: string;
  format: SourceFormat;
  documents: SourceDocument[];
  lineCounter: LineIndex;
  /** `syntax` diagnostics found while parsing. */
  syntax: Diagnostic[];
  /** Suppression comments (YAML only: JSON has no comments). */
  directives: Directive[];
  /** The `yaml` documents, once parsed; use `documentNodes(file)`. */
  parsedNodes?: Document[];
  /** A plain file that took the fast path: its positions can come from js-yaml (`fast-locate.ts`). */
  plain?: boolean;
  /** The span tree of a plain file, once built; `null` when it could not be. */
  spans?: SpanTree | null;
  /**
   * The text stayed with the worker thread that read the file, which places findings in it: `text`
   * is empty here, and asking for any place but the very start is a bug (`TextElsewhereError`).
   */
  textElsewhere?: boolean;
  /**
   * Set when the run let the text go once the file was modelled (`text` is then empty, so that the
   * workspace's texts do not all live beside the model): the file as it is now, read again to place
   * findings. That is this file with its text when the content is what was read, else the new
   * content loaded afresh.
   */
  reload?: () => SourceFile;
}

/** Thrown when a place is asked of a file whose text stayed with the worker thread that read it. */
export class TextElsewhereError extends Error {
  constructor(path: string) {
    super(`the text of \`${path}\` is held by the worker thread that read it, which places findings in it`);
  }
}

/** Options of the `yaml` parser: erlint's duplicate-key rule, strict, and no warnings on stderr. */
function parseOptions(lineCounter: LineIndex) {
  // logLevel 'error': yaml would otherwise print process warnings (collection keys) on stderr. The
  // parser only calls `addNewLine` (`prettyErrors` would read positions too): the index stands in for
  // yaml's `LineCounter`, whose type wants its line starts as a list.
  return { lineCounter: lineCounter as unknown as LineCounter, prettyErrors: false, uniqueKeys: sameKey, strict: true, logLevel: 'error' } as const;
}

function parseNodes(text: string, format: SourceFormat, lineCounter: LineIndex): Document[] {
  const options = parseOptions(lineCounter);
  // A JSON file is one document: `---` in it is an error, not a document separator.
  const { parseAllDocuments, parseDocument } = yaml();
  return format === 'json' ? [parseDocument(text, options)] : parseAllDocuments(text, options) as Document[];
}

/** The `yaml` documents of a file, parsed on first use (files that took the fast path). */
export function documentNodes(file: SourceFile): Document[] {
  if (file.textElsewhere) throw new TextElsewhereError(file.path);
  file.parsedNodes ??= parseNodes(file.text, file.format, new LineIndex());
  return file.parsedNodes;
}

/** Options of `loadSource`. */
export interface LoadOptions {
  /** Take the fast path for plain files (default); `false` forces the `yaml` path, for comparisons. */
  fastPath?: boolean;
  /**
   * The bytes the text was decoded from. An ASCII file's long values are copied out of them instead
   * of being views into the text (which would keep the text alive as long as the model keeps them).
   */
  bytes?: Uint8Array;
}

// Aliases are expanded when the data is built; a small count already blows up a "billion laughs"
// document, and a topology never needs many.
export const MAX_ALIAS_COUNT = 100;

/**
 * Deepest nesting erlint reads. Parsers recurse per level, and where a stack runs out depends on
 * how deep the caller already is: an explicit limit keeps the answer the same everywhere.
 */
export const MAX_NESTING = 200;

/** Largest file erlint reads; a topology of that size is better split (all files form one topology). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

// YAML 1.2 allows no C0 control characters but tab, line feed and carriage return, nor DEL; JSON
// allows DEL inside strings.
const CONTROL_CHARACTER = { yaml: /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/, json: /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/ };

/** Which parser a path needs, or undefined when erlint does not read such files. */
export function formatOf(path: string): SourceFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

/** Parses one file's text. Never throws for any input text. */
export function loadSource(path: string, rawText: string, format: SourceFormat = formatOf(path) ?? 'yaml', options: LoadOptions = {}): SourceFile {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const lineCounter = LineIndex.of(text);
  const file: SourceFile = { path, text, format, documents: [], lineCounter, syntax: [], directives: [] };
  const fastPath = options.fastPath !== false;

  // Most files are read in one pass. A text the YAML scanner reads has no control character and
  // nests no deeper than erlint reads (the scanner looked at every character); JSON.parse takes no
  // control character either. The whole-text searches below are then needed only for the rest.
  // Not with as many brackets as the nesting limit: JSON's span scanner recurses per level, and a
  // bracket in a quoted string counts in the nesting check.
  const readFirst = fastPath && fewerThan(text, MAX_NESTING + 1, '[', '{');
  const bytes = options.bytes?.length === text.length ? Buffer.from(options.bytes.buffer, options.bytes.byteOffset, options.bytes.length) : undefined;
  const first = !readFirst ? undefined : format === 'json' ? readPlainJson(text) : scanPlainYaml(text, bytes);
  if (first && (format === 'yaml' || nestingTooDeep(text, lineCounter.lineStarts) === undefined)) return fastFile(file, first);

  const control = CONTROL_CHARACTER[format].exec(text);
  if (control) {
    // A binary file, or text with stray control bytes: report once, parse nothing.
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    file.syntax.push(syntaxDiagnostic(file, 0, [control.index, control.index + 1], `The file holds the control character ${code}; it is not a YAML or JSON text file`));
    return file;
  }

  const deep = nestingTooDeep(text, lineCounter.lineStarts);
  if (deep !== undefined) {
    file.syntax.push(syntaxDiagnostic(file, 0, [deep, deep + 1], TOO_DEEP));
    return file;
  }

  // YAML the scanner left may still pass the gate to js-yaml; JSON is read here when it was not above.
  const fast = !fastPath ? undefined : format === 'yaml' ? readPlainYaml(text, { scanned: readFirst }) : readFirst ? undefined : readPlainJson(text);
  if (fast) return fastFile(file, fast);

  // The parser records the line starts itself.
  file.lineCounter = new LineIndex();
  const docs = parseNodes(text, format, file.lineCounter);
  file.parsedNodes = docs;
  docs.forEach((node, index) => {
    const doc: SourceDocument = { index, data: undefined, syntaxErrors: false, empty: isEmptyDocument(node) };
    for (const error of node.errors) {
      doc.syntaxErrors = true;
      const duplicate = error.code === 'DUPLICATE_KEY' ? findDuplicate(node, error.pos[0]) : undefined;
      if (duplicate) {
        const first = positionAt(file, duplicate.first);
        // YAML's grammar forbids a repeated key; JSON's allows it (parsers keep the last value), so
        // in JSON it is a structural error of the document, not a syntax error.
        file.syntax.push({
          ...syntaxDiagnostic(file, index, duplicate.range, format === 'json'
            ? `Duplicate key \`${duplicate.key}\`; it is already defined at ${first.line}:${first.column}, and JSON readers keep only the last value`
            : `Duplicate key \`${duplicate.key}\`; it is already defined at ${first.line}:${first.column} and a key may appear only once in a mapping`),
          pointer: duplicate.pointer,
          ...(format === 'json' ? { ruleId: 'schema', fatal: false } : {}),
        });
      } else {
        const message = errorMessage(error.code, error.message);
        // The parser may run out of stack in several places of one deep document: say it once.
        if (message === TOO_DEEP && file.syntax.some((d) => d.message === TOO_DEEP)) continue;
        file.syntax.push(syntaxDiagnostic(file, index, error.pos, message));
      }
    }
    for (const warning of node.warnings) {
      file.syntax.push({ ...syntaxDiagnostic(file, index, warning.pos, cleanMessage(warning.message)), severity: 'warn', fatal: false });
    }
    if (!doc.syntaxErrors && !doc.empty) {
      try {
        doc.data = node.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        doc.syntaxErrors = true;
        const range = node.contents?.range ?? [0, 0];
        file.syntax.push(syntaxDiagnostic(file, index, [range[0], range[0]], cleanMessage((error as Error).message)));
      }
    }
    file.documents.push(doc);
  });

  if (format === 'yaml' && text.includes('%')) checkDirectives(file);
  if (format === 'json' && !file.syntax.some((d) => d.ruleId === 'syntax')) checkStrictJson(file);
  if (format === 'yaml') file.directives = readDirectives(text, (start, end) => rangeAt(file, start, end));
  return file;
}

/** A file read on the fast path: its data, and the span tree that places findings in it. */
function fastFile(file: SourceFile, fast: FastRead): SourceFile {
  file.documents = fast.documents.map((data, index) => ({ index, data, syntaxErrors: false, empty: false }));
  // JSON is flow YAML: its positions come from the same events (the span tree checks itself).
  file.plain = true;
  file.spans = fast.tree ?? null;
  if (file.format === 'yaml' && fast.comments !== false) file.directives = readDirectives(file.text, (start, end) => rangeAt(file, start, end));
  return file;
}

/** No content at all: an empty file, or nothing after a `---` (the parser gives that a null scalar). */
function isEmptyDocument(node: Document): boolean {
  const contents = node.contents;
  return contents === null || (yaml().isScalar(contents) && contents.value === null && contents.source === '' && !contents.tag);
}

/**
 * Two keys are the same key when they are equal scalars. Empty keys (`: a` twice) are not: YAML
 * allows a mapping with several missing keys (test suite case 2JQS).
 */
function sameKey(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const { isScalar } = yaml();
  return isScalar(a) && isScalar(b) && a.value !== null && a.value === b.value;
}

// Tokens the lexer emits to mark structure; they have no characters in the source.
const LEXER_MARKERS = new Set(['\x02', '\x18', '\x1f']);

/**
 * Stream-level directive errors the parser lets through: a `%YAML` directive twice before one
 * document, and directives that no document (`---`) follows (test suite cases SF5V and 9MMA).
 */
function checkDirectives(file: SourceFile): void {
  let offset = 0;
  let pending: { token: string; offset: number }[] = [];
  const report = (at: number, length: number, message: string) => {
    file.syntax.push(syntaxDiagnostic(file, 0, [at, at + length], message));
    for (const doc of file.documents) doc.syntaxErrors = true;
  };
  let scalar = false;
  for (const token of new (yaml().Lexer)().lex(file.text)) {
    if (LEXER_MARKERS.has(token)) {
      // The scalar marker comes right before a scalar's text, which may well start with `%`.
      scalar = token === '\x1f';
      continue;
    }
    const isDirective = token.startsWith('%') && !scalar;
    scalar = false;
    if (isDirective) {
      if (token.startsWith('%YAML') && pending.some((p) => p.token.startsWith('%YAML'))) report(offset, token.length, 'A second `%YAML` directive for the same document; give the version once');
      pending.push({ token, offset });
    } else if (token === '---') {
      pending = [];
    }
    offset += token.length;
  }
  const [first] = pending;
  if (first) report(first.offset, first.token.length, `The directive \`${first.token}\` has no document after it; a directive must be followed by \`---\``);
}

/** Turns an offset into a 1-based position. */
export function positionAt(file: SourceFile, offset: number): Range['start'] {
  if (file.textElsewhere && offset !== 0) throw new TextElsewhereError(file.path);
  const clamped = Math.max(0, Math.min(offset, file.text.length));
  const { line, col } = file.lineCounter.linePos(clamped);
  return { line, column: col, offset: clamped };
}

/** Turns a pair of offsets into a range. */
export function rangeAt(file: SourceFile, start: number, end: number): Range {
  return { start: positionAt(file, start), end: positionAt(file, Math.max(start, end)) };
}

function syntaxDiagnostic(file: SourceFile, doc: number, pos: [number, number], message: string): Diagnostic {
  return {
    ruleId: 'syntax', severity: 'error', message, filePath: file.path, doc, pointer: '',
    range: rangeAt(file, pos[0], pos[1]), fatal: true,
  };
}

const TOO_DEEP = `The document nests deeper than ${MAX_NESTING} levels, more than erlint reads; a topology needs fewer than ten`;

/**
 * Offset where nesting passes the limit, or undefined. Counts flow brackets outside quoted strings
 * and comments, plus the block levels a line can open (its indentation and leading `- `).
 */
function nestingTooDeep(text: string, lineStarts: ArrayLike<number>): number | undefined {
  // Almost every file has no line indented that far and fewer brackets than the limit: found by
  // fast searches, that answer is certain (the scan below counts no more than these).
  if (!deeplyIndented(text, lineStarts) && fewerThan(text, MAX_NESTING + 1, '[', '{')) return undefined;
  // Character codes, not one-character strings: this reads every character.
  let depth = 0;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (c === SPACE || c === MINUS) {
        if (++indent > MAX_NESTING * 2) return i;
        continue;
      }
      lineStart = false;
    }
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      // Skip a quoted string (a doubled '' or an escaped \" stays inside it).
      for (i++; i < text.length && text.charCodeAt(i) !== c; i++) if (c === DOUBLE_QUOTE && text.charCodeAt(i) === BACKSLASH) i++;
      continue;
    }
    // A comment starts a line or follows white space.
    if (c === HASH && (i === 0 || text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === NEWLINE || text.charCodeAt(i - 1) === TAB)) {
      const lineEnd = text.indexOf('\n', i);
      i = (lineEnd < 0 ? text.length : lineEnd) - 1;
      continue;
    }
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > MAX_NESTING) return i;
    } else if ((c === CLOSE_BRACKET || c === CLOSE_BRACE) && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

/** Whether a line starts with more indentation (spaces and `- `) than the scan above allows. */
function deeplyIndented(text: string, lineStarts: ArrayLike<number>): boolean {
  const limit = MAX_NESTING * 2;
  for (let line = 0; line < lineStarts.length; line++) {
    const start = lineStarts[line]!;
    // Only a line longer than the limit can be indented past it.
    if ((line + 1 < lineStarts.length ? lineStarts[line + 1]! : text.length) - start <= limit) continue;
    let i = start;
    for (let c = text.charCodeAt(i); c === SPACE || c === MINUS; c = text.charCodeAt(++i)) if (i - start >= limit) return true;
  }
  return false;
}

/** True when `text` holds fewer than `limit` of the characters, all together. */
function fewerThan(text: string, limit: number, ...characters: string[]): boolean {
  let count = 0;
  for (const character of characters) {
    for (let i = text.indexOf(character); i >= 0; i = text.indexOf(character, i + 1)) if (++count >= limit) return false;
  }
  return true;
}

function cleanMessage(message: string): string {
  if (message.includes('Maximum call stack size exceeded')) return TOO_DEEP;
  return message.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}

/**
 * Bytes to `SourceFile`: strict UTF-8 (a byte that is not UTF-8 is a `syntax` finding at its
 * place, never a silent replacement character) and the size limit.
 */
export function loadBytes(path: string, bytes: Uint8Array, format: SourceFormat = formatOf(path) ?? 'yaml'): SourceFile {
  const unreadable = (message: string, at: number, text: string): SourceFile => {
    const file: SourceFile = { path, text, format, documents: [], lineCounter: LineIndex.of(text), syntax: [], directives: [] };
    file.syntax.push(syntaxDiagnostic(file, 0, [at, at + 1], message));
    return file;
  };
  if (bytes.length > MAX_FILE_BYTES) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return unreadable(`The file is ${mb(bytes.length)}; erlint reads files up to ${mb(MAX_FILE_BYTES)}: split it (all files of a workspace form one topology)`, 0, '');
  }
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    return unreadable('The file is UTF-16 (it starts with a UTF-16 byte-order mark); erlint reads UTF-8', 0, '');
  }
  // The native check first: the byte-by-byte scan that finds the offset runs only on a broken file.
  const invalid = isUtf8(bytes) ? undefined : firstInvalidUtf8(bytes);
  if (invalid !== undefined) {
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, invalid));
    const text = new TextDecoder('utf-8').decode(bytes);
    return unreadable(`Byte 0x${bytes[invalid]!.toString(16).toUpperCase().padStart(2, '0')} at offset ${invalid} is not UTF-8; save the file as UTF-8`, before.replace(/^\uFEFF/, '').length, text.replace(/^\uFEFF/, ''));
  }
  return loadSource(path, decodeText(bytes), format, { bytes });
}

/** UTF-8 bytes to text, a leading byte-order mark dropped (and `loadSource` drops one more). */
function decodeText(bytes: Uint8Array): string {
  // Nearly every topology file is ASCII, which is its own Latin-1: copied byte for byte into a
  // one-byte string, without the UTF-8 decoder's checks and its object per file.
  if (isAscii(bytes)) return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)).toString('latin1');
  return utf8.decode(bytes);
}

const utf8 = new TextDecoder('utf-8');

/** The text `loadBytes` reads from bytes that are UTF-8: what its places are offsets into. */
export function loadedText(bytes: Uint8Array): string {
  const text = decodeText(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, surrogates or values past U+10FFFF). */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    let length: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) { length = 2; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { length = 3; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { length = 4; min = 0x10000; }
    else return i;
    let code = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += length;
  }
  return undefined;
}

function errorMessage(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'A JSON file holds exactly one value; found more after its end';
  return cleanMessage(message);
}

/** Finds the earlier key that the duplicate at `offset` repeats, and the duplicate's pointer and range. */
function findDuplicate(node: Document, offset: number): { key: string; first: number; range: [number, number]; pointer: string } | undefined {
  let found: { key: string; first: number; range: [number, number]; pointer: string } | undefined;
  const { isScalar, visit } = yaml();
  visit(node, {
    Map(_, map, path) {
      const seen = new Map<string, number>();
      for (const pair of map.items as Pair<Node | null, unknown>[]) {
        if (!isScalar(pair.key) || !pair.key.range) continue;
        const key = String(pair.key.value);
        const earlier = seen.get(key);
        if (earlier !== undefined && pair.key.range[0] === offset) {
          found = { key, first: earlier, range: [pair.key.range[0], pair.key.range[1]], pointer: pointerOf([...path, map]) + formatPointer([key]) };
          return visit.BREAK;
        }
        if (earlier === undefined) seen.set(key, pair.key.range[0]);
      }
      return undefined;
    },
  });
  return found;
}

/** The JSON Pointer of the last node of a visitor path (document, pairs, collections). */
function pointerOf(path: readonly unknown[]): string {
  const { isPair, isScalar, isSeq } = yaml();
  const segments: (string | number)[] = [];
  for (let i = 1; i < path.length; i++) {
    const parent = path[i - 1];
    const child = path[i];
    if (isPair(child) && isScalar(child.key)) segments.push(String(child.key.value));
    else if (isSeq(parent)) segments.push(parent.items.indexOf(child as never));
  }
  return formatPointer(segments);
}

/**
 * The YAML parser accepts a superset of JSON (comments, single quotes, trailing commas in some
 * places); a `.json` file must be JSON, so anything `JSON.parse` refuses is a syntax error too.
 */
function checkStrictJson(file: SourceFile): void {
  const error = jsonError(file.text);
  if (!error) return;
  const doc = file.documents[0];
  if (doc) doc.syntaxErrors = true;
  file.syntax.push(syntaxDiagnostic(file, 0, [error.offset, error.offset + 1], `Invalid JSON: ${error.message}`));
}

/** Where and why `JSON.parse` refuses the text, or undefined when it accepts it. */
export function jsonError(text: string): { offset: number; message: string } | undefined {
  const failure = (t: string): string | undefined => {
    try {
      JSON.parse(t);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };
  const message = failure(text);
  if (message === undefined) return undefined;
  const tidy = message.replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '').replace(/^Unexpected token '(.*)'$/s, 'unexpected `$1`');
  const position = /at position (\d+)/.exec(message);
  if (position) return { offset: Number(position[1]), message: lowerFirst(tidy) };
  // V8 gives no position for some errors. A prefix that is only incomplete fails at its very end;
  // the shortest prefix that fails earlier ends just after the offending character.
  const incomplete = (k: number): boolean => {
    const m = failure(text.slice(0, k));
    if (m === undefined || /end of JSON input/.test(m)) return true;
    const at = /at position (\d+)/.exec(m);
    return !!at && Number(at[1]) >= k;
  };
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (incomplete(mid)) low = mid + 1;
    else high = mid;
  }
  return { offset: Math.max(0, low - 1), message: lowerFirst(tidy) };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * A loaded file as plain data, for handing to another thread: what `loadSource` found, without the
 * parser caches (`yaml` nodes, span trees), which the receiver rebuilds on demand.
 */
export interface TransferableSource {
  path: string;
  /** Empty when `textElsewhere`. */
  text: string;
  textElsewhere?: boolean;
  format: SourceFormat;
  documents: SourceDocument[];
  lineStarts: readonly number[] | Int32Array;
  syntax: Diagnostic[];
  directives: Directive[];
  plain: boolean;
}

/**
 * What another thread (or the cache) needs of a file. `withText: false` keeps the text and its line
 * starts back: the receiver gets the data, the findings already placed and the file's first line.
 */
export function toTransferable(file: SourceFile, { withText = true }: { withText?: boolean } = {}): TransferableSource {
  return {
    path: file.path, text: withText ? file.text : '', format: file.format, documents: file.documents,
    lineStarts: withText ? file.lineCounter.lineStarts : [0], syntax: file.syntax, directives: file.directives, plain: file.plain === true,
    ...(withText ? {} : { textElsewhere: true }),
  };
}

export function fromTransferable(data: TransferableSource): SourceFile {
  const lineCounter = new LineIndex();
  lineCounter.lineStarts = data.lineStarts;
  return {
    path: data.path, text: data.text, format: data.format, documents: data.documents, lineCounter,
    syntax: data.syntax, directives: data.directives, ...(data.plain ? { plain: true } : {}), ...(data.textElsewhere ? { textElsewhere: true } : {}),
  };
}
