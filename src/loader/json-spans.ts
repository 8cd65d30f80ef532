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
    const keys = new Set<string>();
    return this.collection(MAPPING_NODE, at, CLOSE_BRACE, (i) => {
      if (text.charCodeAt(i) !== DOUBLE_QUOTE) throw GIVE_UP;
      const keyEnd = stringEnd(text, i);
      if (keyEnd - i > MAX_KEY_LENGTH) throw GIVE_UP;
      const written = text.slice(i + 1, keyEnd - 1);
      const key = written.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : written;
      if (key === '__proto__' || keys.has(key)) throw GIVE_UP;
      keys.add(key);
      const keyNode = this.nodes.leaf(SCALAR_NODE, i, keyEnd);
      if (key !== written) this.nodes.rewritten.set(keyNode, key);
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

/** After the closing quote of the string that starts at `at`. */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === DOUBLE_QUOTE) return i + 1;
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
