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
// Whole plain tokens that the two core schemas might read differently as numbers.
const NUMBER_LIKE = /(^|[\s:,[{])[-+]?(0[box]\w*|0\d+|\.(inf|nan)|\d*\.?\d+[eE][-+]?\d+|[\d.]*_[\d_.]*|\d+\.|\.\d+)(?=$|[\s,\]}])/im;

/** True when `text` can take the fast path. */
export function isPlainYaml(text: string): boolean {
  const structure = text.replace(QUOTED, '""');
  return !NOT_PLAIN.test(structure) && !ODD_KEYS.test(structure) && !NUMBER_LIKE.test(structure);
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
 * The documents of a plain YAML text, or undefined when js-yaml refuses it or any document is
 * empty (the `yaml` path then gives the exact finding).
 */
export function readPlainYaml(text: string): FastRead | undefined {
  const read = readWithSpans(text);
  return read && read.documents.length > 0 && read.documents.every((d) => d !== null && d !== undefined) ? read : undefined;
}
