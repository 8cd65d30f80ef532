/**
 * Text to `SourceFile`: YAML streams and JSON through the one `yaml` parser, so that a single
 * position model serves both formats. Parse errors become `syntax` diagnostics, never exceptions.
 */
import { LineCounter, parseAllDocuments, parseDocument, isPair, isScalar, isSeq, visit, type Document, type Node, type Pair } from 'yaml';
import { formatPointer } from '../pointer.js';
import { readDirectives, type Directive } from './directives.js';
import type { Diagnostic, Range } from '../types.js';

export type SourceFormat = 'yaml' | 'json';

/** One document of a file; `data` is only meaningful when `syntaxErrors` is false. */
export interface SourceDocument {
  index: number;
  node: Document;
  data: unknown;
  /** The document has a parse error: it contributes nothing to the model. */
  syntaxErrors: boolean;
  /** A document with no content at all (an empty file, a trailing `---`). */
  empty: boolean;
}

/** A parsed file, holding what `locate` needs to turn pointers into ranges. */
export interface SourceFile {
  path: string;
  /** The text as parsed: without a byte-order mark, otherwise unchanged. */
  text: string;
  format: SourceFormat;
  documents: SourceDocument[];
  lineCounter: LineCounter;
  /** `syntax` diagnostics found while parsing. */
  syntax: Diagnostic[];
  /** Suppression comments (YAML only: JSON has no comments). */
  directives: Directive[];
}

// Aliases are expanded when the data is built; a small count already blows up a "billion laughs"
// document, and a topology never needs many.
const MAX_ALIAS_COUNT = 100;

/** Which parser a path needs, or undefined when erlint does not read such files. */
export function formatOf(path: string): SourceFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

/** Parses one file's text. Never throws for any input text. */
export function loadSource(path: string, rawText: string, format: SourceFormat = formatOf(path) ?? 'yaml'): SourceFile {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const lineCounter = new LineCounter();
  const options = { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true } as const;
  // A JSON file is one document: `---` in it is an error, not a document separator.
  const docs: Document[] = format === 'json' ? [parseDocument(text, options)] : parseAllDocuments(text, options) as Document[];
  const file: SourceFile = { path, text, format, documents: [], lineCounter, syntax: [], directives: [] };

  docs.forEach((node, index) => {
    const doc: SourceDocument = { index, node, data: undefined, syntaxErrors: false, empty: isEmptyDocument(node) };
    for (const error of node.errors) {
      doc.syntaxErrors = true;
      const duplicate = error.code === 'DUPLICATE_KEY' ? findDuplicate(node, error.pos[0]) : undefined;
      if (duplicate) {
        const first = positionAt(file, duplicate.first);
        file.syntax.push({
          ...syntaxDiagnostic(file, index, duplicate.range, `Duplicate key \`${duplicate.key}\`; it is already defined at ${first.line}:${first.column} and a key may appear only once in a mapping`),
          pointer: duplicate.pointer,
        });
      } else {
        file.syntax.push(syntaxDiagnostic(file, index, error.pos, errorMessage(error.code, error.message)));
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

  if (format === 'json' && file.syntax.length === 0) checkStrictJson(file);
  if (format === 'yaml') file.directives = readDirectives(text, (start, end) => rangeAt(file, start, end));
  return file;
}

/** No content at all: an empty file, or nothing after a `---` (the parser gives that a null scalar). */
function isEmptyDocument(node: Document): boolean {
  const contents = node.contents;
  return contents === null || (isScalar(contents) && contents.value === null && contents.source === '' && !contents.tag);
}

/** Turns an offset into a 1-based position. */
export function positionAt(file: SourceFile, offset: number): Range['start'] {
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

function cleanMessage(message: string): string {
  return message.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}

function errorMessage(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'A JSON file holds exactly one value; found more after its end';
  return cleanMessage(message);
}

/** Finds the earlier key that the duplicate at `offset` repeats, and the duplicate's pointer and range. */
function findDuplicate(node: Document, offset: number): { key: string; first: number; range: [number, number]; pointer: string } | undefined {
  let found: { key: string; first: number; range: [number, number]; pointer: string } | undefined;
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
