/**
 * The fast path for reading data: js-yaml (core schema) reads plain topology YAML several times
 * faster than the `yaml` package, which stays the authority for everything else. A text takes the
 * fast path only when it avoids every construct where the two could disagree; the result must be
 * exactly what the `yaml` path gives, and a differential test over the official YAML test suite, the
 * fixtures and fuzzed files holds it to that.
 */
import jsyaml from 'js-yaml';

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

/** True when no object of a JSON text repeats a key (JSON.parse would silently keep the last). */
export function readPlainJsonKeysUnique(text: string): boolean {
  try {
    jsyaml.load(text, { schema: jsyaml.JSON_SCHEMA, json: false });
    return true;
  } catch {
    return false;
  }
}

/**
 * The documents of a plain YAML text, or undefined when js-yaml refuses it or any document is
 * empty (the `yaml` path then gives the exact finding).
 */
export function readPlainYaml(text: string): unknown[] | undefined {
  try {
    const docs: unknown[] = [];
    jsyaml.loadAll(text, (doc) => docs.push(doc), { schema: jsyaml.CORE_SCHEMA, json: false });
    return docs.length > 0 && docs.every((d) => d !== null && d !== undefined) ? docs : undefined;
  } catch {
    return undefined;
  }
}
