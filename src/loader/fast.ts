/**
 * The fast path for reading data: js-yaml (core schema) reads plain topology YAML several times
 * faster than the `yaml` package, which stays the authority for everything else. A text takes the
 * fast path only when it avoids every construct where the two could disagree; the result must be
 * exactly what the `yaml` path gives, and a differential test over the official YAML test suite, the
 * fixtures and fuzzed files holds it to that.
 */
import { readWithSpans, type SpanTree } from './fast-locate.js';

// Constructs the fast path leaves to the `yaml` package: anchors, aliases, tags, directives, block
// scalars, complex keys, merge keys, tabs, escapes, document markers, and anything with a control
// or non-ASCII character (where line folding and encodings could differ).
const NOT_PLAIN = /[&*!%|>?\t\\\r`@]|<<|^\s*(---|\.\.\.)|[^\n\x20-\x7e]/m;
// Collections or nothing used as a key (`[a]: b`, `{a: b}:c`, `: b`, `[ : b ]`), and a `#` glued to a value.
const ODD_KEYS = /[\]}]\s*:|(^\s*|[{,[]\s*):(\s|$)|\S#/m;
// Quoted strings on one line with no escapes: what they hold cannot be a YAML construct.
const QUOTED = /"[^"\\\n]*"|'(?:[^'\n]|'')*'/g;
/**
 * True when `text` avoids the constructs the fast path leaves to `yaml`. Plain scalars that the two
 * core schemas might read differently as numbers are found while reading (`readPlainYaml`), one
 * scalar at a time, instead of by a search through the whole text.
 */
export function isPlainYaml(text: string): boolean {
  const structure = text.replace(QUOTED, '""');
  return !NOT_PLAIN.test(structure) && !ODD_KEYS.test(structure);
}

/** What the fast path read: the documents, and the span tree that places findings in them. */
export interface FastRead {
  documents: unknown[];
  /** Undefined when the events were not usable: places then come from `yaml`. */
  tree: SpanTree | undefined;
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
  const read = readWithSpans(text);
  return read ? { documents: [data], tree: read.tree } : undefined;
}

/**
 * The documents of a plain YAML text, or undefined when js-yaml refuses it, any document is
 * empty (the `yaml` path then gives the exact finding), or a plain scalar looks like a number in a
 * form the two readers might take differently (`0x1F`, `.inf`, `1e3`, `1_000`, `010`, `1.`, `.5`).
 */
export function readPlainYaml(text: string): FastRead | undefined {
  const read = readWithSpans(text);
  return read && !read.numberLike && read.documents.length > 0 && read.documents.every((d) => d !== null && d !== undefined) ? read : undefined;
}
