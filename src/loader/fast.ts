/**
 * The fast path for reading data. The `yaml` package stays the authority, but it is slow: erlint's
 * own scanners read the plainest YAML (`plain-yaml.ts`) and place findings in JSON
 * (`json-spans.ts`), and js-yaml (core schema) reads other plain YAML several times faster than
 * `yaml`. A text takes the fast path only when it avoids every construct where the readers could
 * disagree; the result must be exactly what the `yaml` path gives, and differential tests over the
 * official YAML test suite, the fixtures and fuzzed files hold it to that.
 */
import { readWithSpans, type SpanTree } from './fast-locate.js';
import { jsonSpanTree } from './json-spans.js';
import { scanPlainYaml } from './plain-yaml.js';

// Constructs the fast path leaves to the `yaml` package: anchors, aliases, tags, directives, block
// scalars, complex keys, merge keys, tabs, escapes, document markers, and anything with a control
// or non-ASCII character (where line folding and encodings could differ). Also collections or
// nothing used as a key (`[a]: b`, `{a: b}:c`, `: b`, `[ : b ]`), and a `#` glued to a value.
//
// Several small searches instead of one alternation, which the regular expression engine would try
// at every position. The character class goes first: printable ASCII and newlines, less the
// indicators `!%&*>?@|`, the backslash and the backquote. Once it has passed, the only white space
// left is spaces and newlines, which the searches after it rely on.
const NOT_PLAIN_CHARACTER = /[^\n "#$'()+,\-./0-9:;<=A-Z[\]^_a-z{}~]/;
const DOCUMENT_MARKER = /^\s*(---|\.\.\.)/m;
const KEY_AFTER_COLLECTION = /[\]}]\s*:/;
const MISSING_KEY_AT_LINE_START = /(?:^|\n) *:(?:[ \n]|$)/;
const MISSING_KEY_IN_FLOW = /[{,[]\s*:(\s|$)/;
const GLUED_COMMENT = /\S#/;
// Quoted strings on one line with no escapes: what they hold cannot be a YAML construct.
const QUOTED = /"[^"\\\n]*"|'(?:[^'\n]|'')*'/g;
/**
 * True when `text` avoids the constructs the fast path leaves to `yaml`. Plain scalars that the two
 * core schemas might read differently as numbers are found while reading (`readPlainYaml`), one
 * scalar at a time, instead of by a search through the whole text.
 */
export function isPlainYaml(text: string): boolean {
  const structure = text.includes('"') || text.includes("'") ? text.replace(QUOTED, '""') : text;
  if (NOT_PLAIN_CHARACTER.test(structure) || structure.includes('<<')) return false;
  if ((structure.includes('---') || structure.includes('...')) && DOCUMENT_MARKER.test(structure)) return false;
  if ((structure.includes(']') || structure.includes('}')) && KEY_AFTER_COLLECTION.test(structure)) return false;
  if (structure.includes('#') && GLUED_COMMENT.test(structure)) return false;
  // A colon with no key before it follows a space, a line break, or nothing.
  const bareColon = structure.startsWith(':') || structure.includes(' :') || structure.includes('\n:');
  return !(bareColon && MISSING_KEY_AT_LINE_START.test(structure)) && !MISSING_KEY_IN_FLOW.test(structure);
}

/** What the fast path read: the documents, and the span tree that places findings in them. */
export interface FastRead {
  documents: unknown[];
  /** Undefined when the events were not usable: places then come from `yaml`. */
  tree: SpanTree | undefined;
  /** False when the reader saw every comment and there was none (so no suppression comment either). */
  comments?: boolean;
}

/**
 * The data of a strict JSON text, or undefined when JSON.parse refuses it, it is `null`, or an
 * object repeats a key (JSON.parse would silently keep the last; js-yaml refuses it).
 */
export function readPlainJson(text: string): FastRead | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (data === null) return undefined;
  const tree = jsonSpanTree(text);
  if (tree) return { documents: [data], tree };
  const read = readWithSpans(text);
  return read ? { documents: [data], tree: read.tree } : undefined;
}

/**
 * The documents of a plain YAML text, or undefined when js-yaml refuses it, any document is
 * empty (the `yaml` path then gives the exact finding), or a plain scalar looks like a number in a
 * form the two readers might take differently (`0x1F`, `.inf`, `1e3`, `1_000`, `010`, `1.`, `.5`).
 * The plainest texts are read by erlint's own scanner (`plain-yaml.ts`), which checks what it
 * reads itself; js-yaml reads the others that pass the gate (`isPlainYaml`).
 */
export function readPlainYaml(text: string, { scanned = false }: { scanned?: boolean } = {}): FastRead | undefined {
  // `scanned`: the caller already knows the scanner gives up on this text.
  const read = scanned ? undefined : scanPlainYaml(text);
  if (read) return read;
  if (!isPlainYaml(text)) return undefined;
  const viaJsYaml = readWithSpans(text);
  return viaJsYaml && !viaJsYaml.numberLike && viaJsYaml.documents.length > 0 && viaJsYaml.documents.every((d) => d !== null && d !== undefined) ? viaJsYaml : undefined;
}

/**
 * The span tree of a plain file whose tree was not kept (a file the cache served), or undefined
 * when it cannot be built: from the same reader that took the file on the fast path.
 */
export function spanTreeOf(text: string, format: 'yaml' | 'json'): SpanTree | undefined {
  if (format === 'json') return jsonSpanTree(text) ?? readWithSpans(text)?.tree;
  return scanPlainYaml(text)?.tree ?? readWithSpans(text)?.tree;
}
