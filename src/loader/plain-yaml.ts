/**
 * A reader for the plainest YAML, the form nearly every topology file takes: one document of block
 * mappings and sequences, one-line scalars and flow collections, comments. It reads the data and
 * builds the span tree in one pass over the characters, several times faster than js-yaml with its
 * event listener. Anything else, and anything it cannot vouch for, makes it give up, and the caller
 * goes on as before (the fast-path gate, then js-yaml or `yaml`): a scalar that might be a number
 * in some form, a line folded into the one before, a tab, a character outside printable ASCII, an
 * escape, an anchor, a tag, a block scalar, a second document.
 *
 * Where it does not give up, it must give exactly `yaml`'s data and places, and js-yaml's data
 * where the gate would let js-yaml read the text; differential tests hold it to that over the
 * fixtures, the YAML test suite, generated workspaces and fuzzed files.
 */
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, DIGIT_0, DIGIT_9, DOUBLE_QUOTE, HASH, MINUS, NEWLINE, OPEN_BRACE, OPEN_BRACKET, PERIOD, PLUS, SINGLE_QUOTE, SPACE, TAB } from '../char-codes.js';
import { MAPPING_NODE, NULL_NODE, SCALAR_NODE, SEQUENCE_NODE, SpanTreeBuilder, GIVE_UP, unlessGivenUp, type SpanTree } from './fast-locate.js';

/** Deeper than this, the reader leaves the text to js-yaml (and its depth checks). */
const MAX_DEPTH = 64;

/**
 * Lines indented further than this (spaces and `- `) are left to the loader's nesting check, which
 * refuses them: a text the scanner reads then never needs that check.
 */
const MAX_INDENT = 400;

// A plain scalar that is a number in the simplest forms, read the way js-yaml reads them.
const SIMPLE_INT = /^[-+]?(0|[1-9][0-9]{0,14})$/;
const SIMPLE_FLOAT = /^[-+]?(0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;
// Every other form that some core schema reads as a number: digits with dots, underscores and an
// exponent (`1.`, `.5`, `1_000`, `012`, `1e3`), `0x`/`0o`/`0b` integers, infinities and NaN. Too many
// forms to get all exactly right here: such scalars are left to js-yaml.
const NUMBER_FORM = /^[-+]?(?:[0-9_.]*[0-9][0-9_.]*(?:e[-+]?[0-9_]*)?|0[xob][0-9a-f_]*|\.(?:inf|nan))$/i;

/**
 * The data and span tree of a plain YAML text, or undefined to leave it to js-yaml. Every character
 * of a text it reads has been looked at: content is printable ASCII, comments hold no control
 * character, no carriage return, no YAML 1.1 line break and no byte-order mark, and no line is
 * indented past `MAX_INDENT`. The loader relies on that to skip its own searches for these.
 */
export function scanPlainYaml(text: string, bytes?: Buffer): { documents: unknown[]; tree: SpanTree; comments: boolean } | undefined {
  return unlessGivenUp(() => new PlainYamlScanner(text, bytes?.length === text.length ? bytes : undefined).read());
}

// V8 makes a substring of this length or more a view into the whole text (a sliced string), which
// keeps the text alive as long as the substring is.
const SHORTEST_VIEW = 13;

class PlainYamlScanner {
  private readonly nodes: SpanTreeBuilder;
  /** Where the next line to read starts. */
  private position = 0;
  /** The next line with content, once looked at: where it starts, its indent and its first character. */
  private lineStart = -1;
  private indent = -1;
  private content = -1;
  /** Whether a comment was seen: a text without one holds no suppression comment either. */
  private comments = false;
  /**
   * Where the flow node read last ends: `flowNode` returns only its value, since an object for the
   * two, made for every flow collection and each of its items, was a tenth of what reading allocated.
   */
  private flowEnd = 0;

  /**
   * `bytes`, when given, are the text's own bytes, one per character: a text this scanner reads is
   * printable ASCII. Long values are then copied out of them rather than taken as views into the
   * text, so that a run may let the text go once the file is modelled (and read it again to place
   * findings) while the model keeps the values.
   */
  constructor(private readonly text: string, private readonly bytes?: Buffer) {
    this.nodes = new SpanTreeBuilder(text.length);
  }

  /** The characters from `start` to `end` as a string that does not hold on to the text. */
  private substring(start: number, end: number): string {
    return this.bytes !== undefined && end - start >= SHORTEST_VIEW ? this.bytes.toString('latin1', start, end) : this.text.slice(start, end);
  }

  read(): { documents: unknown[]; tree: SpanTree; comments: boolean } {
    // The root must be a block mapping that starts at the first column.
    if (!this.peek() || this.indent !== 0 || this.keyEnd(this.content) < 0) throw GIVE_UP;
    const data = this.mapping(0, 1);
    if (this.peek()) throw GIVE_UP;
    return { documents: [data], tree: this.nodes.tree([0]), comments: this.comments };
  }

  /** Moves to the next line with content (past blank and comment lines); false at the end. */
  private peek(): boolean {
    const text = this.text;
    let i = this.position;
    while (i < text.length) {
      const lineStart = i;
      while (text.charCodeAt(i) === SPACE) i++;
      if (i - lineStart > MAX_INDENT) throw GIVE_UP;
      const c = text.charCodeAt(i);
      if (c === HASH) {
        this.comments = true;
        i = commentEnd(text, i) + 1;
        continue;
      }
      if (i < text.length && c !== NEWLINE) {
        // A document marker (`---`, `...`) starts a line: another document is left to js-yaml.
        if (i === lineStart && (text.startsWith('---', i) || text.startsWith('...', i))) throw GIVE_UP;
        // The loader counts a sequence entry's `- ` as indentation too.
        if (c === MINUS) {
          let run = i;
          while (text.charCodeAt(run) === SPACE || text.charCodeAt(run) === MINUS) run++;
          if (run - lineStart > MAX_INDENT) throw GIVE_UP;
        }
        this.lineStart = lineStart;
        this.indent = i - lineStart;
        this.content = i;
        this.position = lineStart;
        return true;
      }
      const next = text.indexOf('\n', i);
      i = next < 0 ? text.length : next + 1;
    }
    this.position = text.length;
    this.content = -1;
    this.indent = -1;
    return false;
  }

  /**
   * A block mapping whose first key starts at `this.content`, on a line already looked at; its
   * keys sit at column `column`.
   */
  private mapping(column: number, depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const text = this.text;
    const node = this.nodes.open(MAPPING_NODE, this.content);
    const data: Record<string, unknown> = {};
    let lastEnd = this.content;
    for (;;) {
      const keyStart = this.content;
      const colon = this.keyEnd(keyStart);
      if (colon < 0) throw GIVE_UP;
      const keyNode = this.nodes.count;
      const name = this.key(keyStart, colon);
      if (name === '__proto__' || Object.hasOwn(data, name)) throw GIVE_UP;
      let at = colon + 1;
      while (text.charCodeAt(at) === SPACE) at++;
      let value: unknown;
      if (at >= text.length || text.charCodeAt(at) === NEWLINE || (text.charCodeAt(at) === HASH && at > colon + 1)) {
        // Nothing on the key's line: the value is the block below it, or nothing.
        if (text.charCodeAt(at) === HASH) this.comments = true;
        this.position = Math.min(text.length, commentEnd(text, at) + 1);
        const hasLine = this.peek();
        if (hasLine && this.indent === column && isEntry(text, this.content)) {
          value = this.sequence(column, depth + 1);
        } else if (hasLine && this.indent > column) {
          if (isEntry(text, this.content)) value = this.sequence(this.indent, depth + 1);
          else if (this.keyEnd(this.content) >= 0) value = this.mapping(this.indent, depth + 1);
          else throw GIVE_UP;
        } else {
          this.nodes.leaf(NULL_NODE, colon + 1, colon + 1);
          value = null;
        }
      } else {
        value = this.inlineValue(at, depth + 1);
        if (this.peek() && this.indent > column) throw GIVE_UP;
      }
      data[name] = value;
      // An entry ends with its value, or with its key when the value is empty.
      const valueNode = keyNode + 1;
      const { start, end } = this.nodes;
      lastEnd = end[valueNode]! > start[valueNode]! ? end[valueNode]! : end[keyNode]!;
      // The block goes on with a key at its column; a sequence entry there is not YAML.
      if (this.content < 0 || this.indent < column) break;
      if (this.indent > column || isEntry(text, this.content)) throw GIVE_UP;
    }
    this.nodes.close(node, lastEnd);
    return data;
  }

  /** A block sequence whose first `-` is at `this.content`, at column `column`. */
  private sequence(column: number, depth: number): unknown[] {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const text = this.text;
    const node = this.nodes.open(SEQUENCE_NODE, this.content);
    const items: unknown[] = [];
    let lastEnd = this.content;
    for (;;) {
      // `- ` then the entry on the same line: a mapping, a scalar or a flow collection.
      let at = this.content + 1;
      if (text.charCodeAt(at) !== SPACE) throw GIVE_UP;
      while (text.charCodeAt(at) === SPACE) at++;
      if (at >= text.length || text.charCodeAt(at) === NEWLINE || text.charCodeAt(at) === HASH || isEntry(text, at)) throw GIVE_UP;
      const item = this.nodes.count;
      if (this.keyEnd(at) >= 0) {
        const entryColumn = at - this.lineStart;
        this.content = at;
        items.push(this.mapping(entryColumn, depth + 1));
      } else {
        items.push(this.inlineValue(at, depth + 1));
        if (this.peek() && this.indent > column) throw GIVE_UP;
      }
      lastEnd = this.nodes.end[item]!;
      if (this.content < 0 || this.indent < column) break;
      if (this.indent > column) throw GIVE_UP;
      if (!isEntry(text, this.content)) break;
    }
    this.nodes.close(node, lastEnd);
    return items;
  }

  /**
   * A value that starts at `at` on the current line and ends on it: a quoted or plain scalar, or a
   * flow collection. Moves to the next line.
   */
  private inlineValue(at: number, depth: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(at);
    let value: unknown;
    let after: number;
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      value = this.flowNode(at, depth);
      after = this.flowEnd;
    } else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      after = quotedEnd(text, at);
      value = this.scalar(at, after, false);
    } else {
      const end = plainEnd(text, at);
      value = this.scalar(at, end, false);
      after = end;
    }
    // After the value: spaces, then the line's end or a comment (read for what it may hide:
    // `commentEnd` gives up on a character the loader must see). The value's own scan found where
    // it ends, so the line's end is looked for only from there.
    let i = after;
    while (text.charCodeAt(i) === SPACE) i++;
    let lineEnd: number;
    if (i >= text.length || text.charCodeAt(i) === NEWLINE) lineEnd = i;
    else if (text.charCodeAt(i) === HASH && i > after) {
      this.comments = true;
      lineEnd = commentEnd(text, i);
    } else throw GIVE_UP;
    this.position = Math.min(text.length, lineEnd + 1);
    return value;
  }

  /** A flow collection or scalar on one line, from `at`: what it holds; where it ends is left in `flowEnd`. */
  private flowNode(at: number, depth: number): unknown {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === OPEN_BRACKET) return this.flowCollection(at, depth, false);
    if (c === OPEN_BRACE) return this.flowCollection(at, depth, true);
    const after = c === DOUBLE_QUOTE || c === SINGLE_QUOTE ? quotedEnd(text, at) : flowPlainEnd(text, at);
    const value = this.scalar(at, after, false);
    this.flowEnd = after;
    return value;
  }

  /** A flow sequence (`[a, b]`) or mapping (`{ a: 1 }`) on one line, from its bracket at `at`. */
  private flowCollection(at: number, depth: number, isMapping: boolean): unknown {
    const text = this.text;
    const close = isMapping ? CLOSE_BRACE : CLOSE_BRACKET;
    const node = this.nodes.open(isMapping ? MAPPING_NODE : SEQUENCE_NODE, at);
    const items: unknown[] | undefined = isMapping ? undefined : [];
    const entries: Record<string, unknown> | undefined = isMapping ? {} : undefined;
    let i = skipSpaces(text, at + 1);
    if (text.charCodeAt(i) !== close) {
      for (;;) {
        if (isMapping) {
          // `key: value`, the key a scalar and the colon followed by a space.
          const c = text.charCodeAt(i);
          const keyEnd = c === DOUBLE_QUOTE || c === SINGLE_QUOTE ? quotedEnd(text, i) : flowPlainEnd(text, i);
          if (text.charCodeAt(keyEnd) !== COLON || text.charCodeAt(keyEnd + 1) !== SPACE) throw GIVE_UP;
          const key = this.scalar(i, keyEnd, true);
          const name = String(key);
          if (key === null || name === '__proto__' || Object.hasOwn(entries!, name)) throw GIVE_UP;
          entries![name] = this.flowNode(skipSpaces(text, keyEnd + 1), depth + 1);
          i = this.flowEnd;
        } else {
          items!.push(this.flowNode(i, depth + 1));
          i = this.flowEnd;
        }
        i = skipSpaces(text, i);
        const d = text.charCodeAt(i);
        if (d === close) break;
        // A comma, then another entry: a trailing comma or anything else is left to js-yaml.
        if (d !== COMMA) throw GIVE_UP;
        i = skipSpaces(text, i + 1);
        if (text.charCodeAt(i) === close) throw GIVE_UP;
      }
    }
    this.nodes.close(node, i + 1);
    this.flowEnd = i + 1;
    return isMapping ? entries : items;
  }

  /**
   * The scalar written at `start..end` (quotes included), as a leaf node, resolved as js-yaml's
   * core schema does; a key that does not read as its own text is recorded in `rewritten`.
   */
  private scalar(start: number, end: number, isKey: boolean): unknown {
    const text = this.text;
    const c = text.charCodeAt(start);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const inner = this.substring(start + 1, end - 1);
      const value = c === SINGLE_QUOTE && inner.includes("''") ? inner.replaceAll("''", "'") : inner;
      const node = this.nodes.leaf(SCALAR_NODE, start, end);
      if (isKey && value !== inner) this.nodes.rewritten.set(node, value);
      return value;
    }
    // A word (a state, a SKU, a location, a peering type) read before is the one string shared for it.
    const word = !isKey && isLetter(c) && end - start <= MAX_WORD_LENGTH ? knownWords.find(text, start, end) : undefined;
    if (word !== undefined) {
      this.nodes.leaf(SCALAR_NODE, start, end);
      return word;
    }
    const written = this.substring(start, end);
    const value = resolvePlain(written, c);
    const node = this.nodes.leaf(value === null ? NULL_NODE : SCALAR_NODE, start, end);
    if (isKey && value !== written && String(value) !== written) this.nodes.rewritten.set(node, String(value));
    else if (value === written && !isKey && isLetter(c) && end - start <= MAX_WORD_LENGTH && isWord(text, start, end)) knownWords.add(text, start, end, written);
    return value;
  }

  /** The name of a block mapping's key written at `start..end`, as a leaf node; gives up on a null key. */
  private key(start: number, end: number): string {
    const text = this.text;
    const first = text.charCodeAt(start);
    const plain = first !== DOUBLE_QUOTE && first !== SINGLE_QUOTE;
    const known = plain ? knownKeys.find(text, start, end) : undefined;
    if (known !== undefined) {
      this.nodes.leaf(SCALAR_NODE, start, end);
      return known;
    }
    const key = this.scalar(start, end, true);
    if (key === null) throw GIVE_UP;
    const name = String(key);
    // Only keys that read as their own text: `1.50`, `True` and the like keep their own way.
    if (plain && key === name && name.length === end - start) return knownKeys.add(text, start, end, name);
    return name;
  }

  /**
   * Where the `:` of a key that starts at `at` is, when the line holds `key:` followed by a space
   * or the line's end; -1 when it is not a key of the plain kind.
   */
  private keyEnd(at: number): number {
    const text = this.text;
    const c = text.charCodeAt(at);
    let end: number;
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      end = quotedEnd(text, at, true);
      if (end < 0) return -1;
    } else {
      if (!isPlainStart(text, at)) return -1;
      end = at;
      for (;;) {
        const d = text.charCodeAt(end);
        if (KEY_RUN[d] === 1) {
          end++;
          continue;
        }
        // Past the text's end `d` is NaN, which is no colon either.
        if (d !== COLON) return -1;
        const next = text.charCodeAt(end + 1);
        if (next === SPACE || next === NEWLINE || end + 1 >= text.length) break;
        // `a:b: c`: a colon inside a key is left to js-yaml.
        return -1;
      }
      // `key  :` is a key with trailing spaces: js-yaml trims them, but leave it alone.
      if (text.charCodeAt(end - 1) === SPACE) return -1;
      return end;
    }
    return text.charCodeAt(end) === COLON && (text.charCodeAt(end + 1) === SPACE || text.charCodeAt(end + 1) === NEWLINE || end + 1 >= text.length) ? end : -1;
  }
}

/**
 * A character a plain scalar or key may hold here: printable ASCII, less the backslash and `#` (a
 * comment glued to a scalar, or a `#` inside one): where readers could differ, or a comment begins.
 */
function isPlainCharacter(c: number): boolean {
  return c >= SPACE && c <= 0x7e && c !== BACKSLASH && c !== HASH;
}

// Per ASCII code, 1 where a plain scalar in a block goes on without a second look: a plain character
// (`isPlainCharacter`) other than a colon and a bracket. In a plain key, a comma ends the run too.
// Tables: the scanner asks this of nearly every character of a file.
const PLAIN_RUN = new Uint8Array(128);
const KEY_RUN = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const run = isPlainCharacter(c) && c !== COLON && c !== OPEN_BRACKET && c !== CLOSE_BRACKET && c !== OPEN_BRACE && c !== CLOSE_BRACE;
  PLAIN_RUN[c] = run ? 1 : 0;
  KEY_RUN[c] = run && c !== COMMA ? 1 : 0;
}

/**
 * Strings read before, found again by where they are written: by length and first and last
 * characters (a bucket), then the characters between, compared in place, so that a string met
 * again is neither copied out of the text nor looked up. Each is kept internalized, a flat string of
 * its own (a substring would keep the whole text alive). At most `MAX_KNOWN` strings.
 */
class KnownStrings {
  private readonly byBucket = new Map<number, string[]>();
  private count = 0;

  /** The string written from `start` to `end`, when it was added before. */
  find(text: string, start: number, end: number): string | undefined {
    const known = this.byBucket.get(bucketOf(text, start, end));
    if (!known) return undefined;
    for (const string of known) {
      // The bucket fixes the length and the first and last characters: compare the ones between.
      let k = 1;
      while (k < string.length - 1 && string.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k >= string.length - 1) return string;
    }
    return undefined;
  }

  /** Adds `string`, written from `start` to `end`, unless the table is full; returns the string to use. */
  add(text: string, start: number, end: number, string: string): string {
    if (this.count >= MAX_KNOWN) return string;
    const internalized = Object.keys({ [string]: 0 })[0]!;
    const bucket = bucketOf(text, start, end);
    const known = this.byBucket.get(bucket);
    if (known) known.push(internalized);
    else this.byBucket.set(bucket, [internalized]);
    this.count++;
    return internalized;
  }
}

const MAX_KNOWN = 4096;

function bucketOf(text: string, start: number, end: number): number {
  return (end - start) * 16384 + text.charCodeAt(start) * 128 + text.charCodeAt(end - 1);
}

/**
 * Plain keys read before, each the one internalized string that stands for it, by length and first
 * and last characters (a key is printable ASCII). A topology repeats a few dozen keys hundreds of
 * thousands of times: found here, a key is compared where it stands in the text, never copied out of
 * it, and its properties are set with a string V8 need not look up. Shared by every file a thread
 * reads, and bounded, so that files of made-up keys cannot grow it without end.
 */
const knownKeys = new KnownStrings();

/**
 * Values made of letters and digits only, starting with a letter, read before: each the one string
 * that stands for it, found as keys are (`knownKeys`). A topology repeats a few dozen such words
 * (`Enabled`, `AzurePrivatePeering`, `Standard`, a location) for every entity, and each copy would
 * otherwise live in the model as long as it does: about 10 MB of the bench's 30 MB of strings.
 * Names and prefixes hold a `-`, `.` or `/` and stay out. Bounded like the keys.
 */
const knownWords = new KnownStrings();
const MAX_WORD_LENGTH = 40;

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Whether the characters after the first, from `start` to `end`, are letters and digits. */
function isWord(text: string, start: number, end: number): boolean {
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isLetter(c) && !(c >= DIGIT_0 && c <= DIGIT_9)) return false;
  }
  return true;
}

/** Whether a block sequence entry (`- ` or `-` at the line's end) starts at `at`. */
function isEntry(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== MINUS) return false;
  const next = text.charCodeAt(at + 1);
  return next === SPACE || next === NEWLINE || at + 1 >= text.length;
}

/** Whether a plain scalar may start at `at`: not at an indicator, a quote or a bracket. */
function isPlainStart(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  if (c === MINUS || c === PERIOD || c === PLUS) return !isEntry(text, at);
  // `_ / ~ $ ( ) ; = ^`; never `- ? : , [ ] { } # & * ! | > ' " % @ <` and the backquote.
  return c === 0x5f || c === 0x2f || c === 0x7e || c === 0x24 || c === 0x28 || c === 0x29 || c === 0x3b || c === 0x3d || c === 0x5e;
}

/**
 * The end of a quoted scalar that starts at `at`: after its closing quote, on the same line. Gives
 * up (or returns -1 when `soft`) on anything but printable ASCII inside: no line folding, escapes
 * or characters where readers could differ.
 */
function quotedEnd(text: string, at: number, soft = false): number {
  const quote = text.charCodeAt(at);
  let i = at + 1;
  for (;;) {
    if (i >= text.length) break;
    const c = text.charCodeAt(i);
    // Printable ASCII only, and no escape sequence in double quotes.
    if (c < SPACE || c > 0x7e || (c === BACKSLASH && quote === DOUBLE_QUOTE)) break;
    if (c === quote) {
      if (quote === SINGLE_QUOTE && text.charCodeAt(i + 1) === SINGLE_QUOTE) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  if (soft) return -1;
  throw GIVE_UP;
}

/**
 * The end of a plain scalar in a block, on its line: before the line break, a comment and trailing
 * spaces. Gives up where the line holds `: ` (a mapping where a scalar was expected) or flow
 * indicators.
 */
function plainEnd(text: string, at: number): number {
  if (!isPlainStart(text, at)) throw GIVE_UP;
  let end = at;
  for (;; end++) {
    const c = text.charCodeAt(end);
    if (PLAIN_RUN[c] === 1) continue;
    // Past the text's end `c` is NaN.
    if (c === NEWLINE || end >= text.length) break;
    if (c === HASH && text.charCodeAt(end - 1) === SPACE) break;
    if (c !== COLON) throw GIVE_UP;
    const next = text.charCodeAt(end + 1);
    if (next === SPACE || next === NEWLINE || end + 1 >= text.length) throw GIVE_UP;
  }
  while (end > at && text.charCodeAt(end - 1) === SPACE) end--;
  return end;
}

/**
 * The end of a plain scalar inside a flow collection: before `,`, a closing bracket, or a colon
 * followed by a space or a flow indicator (js-yaml's rule), less trailing spaces. Gives up on a
 * comment, an opening bracket or the line's end inside it (a collection over several lines).
 */
function flowPlainEnd(text: string, at: number): number {
  if (!isPlainStart(text, at)) throw GIVE_UP;
  let end = at;
  for (;; end++) {
    const c = text.charCodeAt(end);
    // A plain character other than a colon, bracket and comma: the most common case first.
    if (KEY_RUN[c] === 1) continue;
    if (end >= text.length) throw GIVE_UP;
    if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE) break;
    if (c === COLON) {
      const next = text.charCodeAt(end + 1);
      if (next === SPACE || next === COMMA || next === CLOSE_BRACKET || next === CLOSE_BRACE || next === OPEN_BRACKET || next === OPEN_BRACE || next === NEWLINE || end + 1 >= text.length) break;
    }
    if (c === OPEN_BRACKET || c === OPEN_BRACE || !isPlainCharacter(c)) throw GIVE_UP;
  }
  while (end > at && text.charCodeAt(end - 1) === SPACE) end--;
  return end;
}

function skipSpaces(text: string, at: number): number {
  let i = at;
  while (text.charCodeAt(i) === SPACE) i++;
  return i;
}

/**
 * Where the comment (or nothing) from `at` ends: its line break, or the text's end. Gives up on a
 * character YAML would not take in a comment (a control character other than a tab, DEL) or would
 * take for a line break where other readers do not (a carriage return, NEL, LS, PS), and on a
 * byte-order mark.
 */
function commentEnd(text: string, at: number): number {
  let i = at;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= SPACE && c < 0x7f) continue;
    if (c === NEWLINE) return i;
    if (c === TAB || (c > 0x7f && c !== 0x85 && c !== 0x2028 && c !== 0x2029 && c !== 0xfeff)) continue;
    throw GIVE_UP;
  }
  return i;
}

/** A plain scalar as js-yaml's core schema reads it: null, a boolean, a number in a simple form, or a string. */
function resolvePlain(written: string, first: number): unknown {
  if (first === 0x6e || first === 0x4e || first === 0x7e) {
    if (written === 'null' || written === 'Null' || written === 'NULL' || written === '~') return null;
  } else if (first === 0x74 || first === 0x54) {
    if (written === 'true' || written === 'True' || written === 'TRUE') return true;
  } else if (first === 0x66 || first === 0x46) {
    if (written === 'false' || written === 'False' || written === 'FALSE') return false;
  } else if ((first >= DIGIT_0 && first <= DIGIT_9) || first === PLUS || first === MINUS || first === PERIOD) {
    // No number form holds a slash: a prefix (`10.0.0.0/24`), the most common such scalar, is a string.
    if (written.includes('/')) return written;
    if (SIMPLE_INT.test(written)) {
      const negative = first === MINUS;
      const digits = first === PLUS || negative ? written.slice(1) : written;
      // js-yaml reads `-0` as 0.
      if (digits === '0') return 0;
      return negative ? -Number(digits) : Number(digits);
    }
    if (SIMPLE_FLOAT.test(written)) {
      // js-yaml applies the sign to the parsed magnitude (so `-0.0` is -0).
      const negative = first === MINUS;
      const magnitude = Number.parseFloat(first === PLUS || negative ? written.slice(1) : written);
      return negative ? -magnitude : magnitude;
    }
    // No number form has two dots (an address, a version): those are strings.
    if (written.indexOf('.') === written.lastIndexOf('.') && NUMBER_FORM.test(written)) throw GIVE_UP;
  }
  return written;
}
