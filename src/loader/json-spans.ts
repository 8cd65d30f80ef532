/**
 * The span tree of a JSON text that `JSON.parse` accepted, from one scan of its characters: the
 * same tree js-yaml's events give (`fast-locate.ts`), several times faster. It gives up, and the
 * caller falls back to js-yaml, where YAML reads the text otherwise than JSON does or could: a key
 * repeated (JSON.parse keeps the last, YAML refuses), a key and its colon on different lines, a key
 * longer than YAML allows an implicit key, the key `__proto__`. A differential test holds it to
 * `yaml`'s places on the fixtures, JSONTestSuite and generated files.
 */
import { BACKSLASH, CARRIAGE_RETURN, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, DIGIT_0, DIGIT_9, DOUBLE_QUOTE, MINUS, NEWLINE, OPEN_BRACE, OPEN_BRACKET, PERIOD, PLUS, SPACE, TAB } from '../char-codes.js';
import { MAPPING_NODE, NULL_NODE, SCALAR_NODE, SEQUENCE_NODE, SpanTreeBuilder, GIVE_UP, unlessGivenUp, type SpanTree } from './fast-locate.js';

const LOWER_A = 0x61;
const LOWER_N = 0x6e;
const LOWER_Z = 0x7a;
const UPPER_E = 0x45;
// YAML limits an implicit key to 1024 characters; keys anywhere near that are left to js-yaml.
const MAX_KEY_LENGTH = 1000;

/** The span tree of a JSON text already parsed by `JSON.parse`, or undefined to leave it to js-yaml. */
export function jsonSpanTree(text: string): SpanTree | undefined {
  return unlessGivenUp(() => new JsonSpanScanner(text).read());
}

class JsonSpanScanner {
  private readonly nodes: SpanTreeBuilder;

  constructor(private readonly text: string) {
    this.nodes = new SpanTreeBuilder(text.length);
  }

  read(): SpanTree {
    const end = this.value(this.skipSpace(0));
    if (this.skipSpace(end) !== this.text.length) throw GIVE_UP;
    return this.nodes.tree([0]);
  }

  private skipSpace(at: number): number {
    const text = this.text;
    let i = at;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== SPACE && c !== NEWLINE && c !== TAB && c !== CARRIAGE_RETURN) return i;
      i++;
    }
  }

  /** The value that starts at `at`, as nodes; returns where it ends. */
  private value(at: number): number {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === OPEN_BRACE) return this.object(at);
    if (c === OPEN_BRACKET) return this.array(at);
    const end = c === DOUBLE_QUOTE ? stringEnd(text, at) : literalEnd(text, at);
    if (end === at) throw GIVE_UP;
    // `null` is a null node, as js-yaml's events make it.
    this.nodes.leaf(c === LOWER_N ? NULL_NODE : SCALAR_NODE, at, end);
    return end;
  }

  private object(at: number): number {
    const text = this.text;
    const nodes = this.nodes;
    // The object's keys so far, as their nodes: a key without escapes is compared where it is written,
    // with no string of its own. Once a key has an escape, or there are many, every key is a string
    // in a set instead.
    const keyNodes: number[] = [];
    let keys: Set<string> | undefined;
    return this.collection(MAPPING_NODE, at, CLOSE_BRACE, (i) => {
      if (text.charCodeAt(i) !== DOUBLE_QUOTE) throw GIVE_UP;
      const keyEnd = stringEnd(text, i);
      if (keyEnd - i > MAX_KEY_LENGTH) throw GIVE_UP;
      const escaped = stringHadEscape;
      const keyNode = nodes.leaf(SCALAR_NODE, i, keyEnd);
      if (escaped || keys !== undefined || keyNodes.length >= MAX_KEYS_COMPARED) {
        if (keys === undefined) keys = new Set(keyNodes.map((node) => keyOf(text, nodes.start[node]!, nodes.end[node]!)));
        const key = keyOf(text, i, keyEnd);
        if (key === '__proto__' || keys.has(key)) throw GIVE_UP;
        keys.add(key);
        if (escaped) nodes.rewritten.set(keyNode, key);
      } else {
        const length = keyEnd - i;
        if (length === PROTO_KEY.length && text.startsWith(PROTO_KEY, i)) throw GIVE_UP;
        for (const other of keyNodes) {
          const start = nodes.start[other]!;
          if (nodes.end[other]! - start === length && sameCharacters(text, start, i, length)) throw GIVE_UP;
        }
        keyNodes.push(keyNode);
      }
      // YAML wants an implicit key and its colon on one line.
      let colon = keyEnd;
      while (text.charCodeAt(colon) === SPACE || text.charCodeAt(colon) === TAB) colon++;
      if (text.charCodeAt(colon) !== COLON) throw GIVE_UP;
      return this.value(this.skipSpace(colon + 1));
    });
  }

  private array(at: number): number {
    return this.collection(SEQUENCE_NODE, at, CLOSE_BRACKET, (i) => this.value(i));
  }

  /**
   * The node of an object or array opened at `at`: `entry` reads each entry from where it starts
   * and returns where it ends; commas separate them up to `close`. Returns the end of the collection.
   */
  private collection(kind: number, at: number, close: number, entry: (start: number) => number): number {
    const text = this.text;
    const node = this.nodes.open(kind, at);
    let i = this.skipSpace(at + 1);
    if (text.charCodeAt(i) !== close) {
      for (;;) {
        i = this.skipSpace(entry(i));
        const d = text.charCodeAt(i);
        if (d === close) break;
        if (d !== COMMA) throw GIVE_UP;
        i = this.skipSpace(i + 1);
      }
    }
    this.nodes.close(node, i + 1);
    return i + 1;
  }
}

// Keys compared where they are written, per object, before a set takes over: topology objects have
// a dozen keys or fewer.
const MAX_KEYS_COMPARED = 16;
const PROTO_KEY = '"__proto__"';

/** The key a JSON string written from `start` to `end` (quotes included) stands for. */
function keyOf(text: string, start: number, end: number): string {
  const written = text.slice(start + 1, end - 1);
  return written.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : written;
}

/** Whether the `length` characters at `a` and at `b` are the same. */
function sameCharacters(text: string, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}

/** Whether the string `stringEnd` read last held an escape. */
let stringHadEscape = false;

/** After the closing quote of the string that starts at `at`; `stringHadEscape` says whether it held an escape. */
function stringEnd(text: string, at: number): number {
  let escaped = false;
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      escaped = true;
      i++;
    } else if (c === DOUBLE_QUOTE) {
      stringHadEscape = escaped;
      return i + 1;
    }
  }
  throw GIVE_UP;
}

/** After a number, `true`, `false` or `null` that starts at `at`. */
function literalEnd(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    // Lower-case letters, digits, `+`, `-`, `.` and `E`: what numbers and the three words are made of.
    if ((c >= LOWER_A && c <= LOWER_Z) || (c >= DIGIT_0 && c <= DIGIT_9) || c === PLUS || c === MINUS || c === PERIOD || c === UPPER_E) i++;
    else return i;
  }
}
