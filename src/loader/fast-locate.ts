/**
 * The span tree that places findings in a plain file (one that took the fast path), and the parts
 * its builders share: erlint's scanners (`plain-yaml.ts`, `json-spans.ts`) build it with
 * `SpanTreeBuilder`; for other plain files it comes from js-yaml's open/close events here, several
 * times faster than building `yaml` documents just to place findings. The ranges must be
 * exactly those `locate` finds with `yaml`: a test compares both for every pointer of every plain
 * file, and anything this reader cannot vouch for makes it give up (the caller then uses `yaml`).
 * The tree comes from the same js-yaml pass that reads the data: a workspace full of findings would
 * otherwise read every file twice.
 */
import { createRequire } from 'node:module';
import { DIGIT_0, DIGIT_9, DOUBLE_QUOTE, HASH, MINUS, OPEN_BRACE, OPEN_BRACKET, PERIOD, PLUS, SINGLE_QUOTE, SPACE } from '../char-codes.js';

// Loaded on first use: erlint's own scanners read most plain files, and a pre-commit run that never
// needs js-yaml should not pay the few milliseconds of loading it.
let jsYamlLibrary: typeof import('js-yaml') | undefined;
function jsYaml(): typeof import('js-yaml') {
  jsYamlLibrary ??= createRequire(import.meta.url)('js-yaml') as typeof import('js-yaml');
  return jsYamlLibrary;
}

/**
 * The nodes of a plain file's documents in document order, as flat arrays: a workspace full of
 * findings keeps one tree per file until its findings are placed, and objects per node would cost
 * several times the memory (and the garbage collector's time).
 *
 * Node `i` spans `startOf(tree, i)..endOf(tree, i)`; its children follow it, the first at `i + 1`,
 * each next one at `afterOf` the one before, up to `afterOf(tree, i)`. A `WRAPPER` node stands for
 * its only child, at `i + 1` (js-yaml opens a node for a block entry and another for the flow
 * collection it holds). Six bytes a node: the bench's 2,000 files have 2.4 million nodes, kept until
 * their findings are placed, in memory that each process touches for the first time (a page fault
 * for every 4 KB, about 13 µs each on this project's machine). Starts are kept as their low 16 bits,
 * since they never go down from one node to the next; ends and afters as distances, with the few
 * that do not fit in maps; the kind in the afters' low 3 bits.
 */
export interface SpanTree {
  /** Each node's start, less the multiples of 65,536 that `startBlocks` tells. */
  startLow: Uint16Array;
  /**
   * Where the starts pass each multiple of 65,536: node `startBlocks[k]` is the first that starts at
   * `(k + 1) * 65536` or later. Empty for a text shorter than that.
   */
  startBlocks: Int32Array;
  /** `end - start` of each node, or `FAR` when that does not fit: the end is then in `farEnds`. */
  extent: Uint16Array;
  /**
   * `(after - i) << 3 | kind` of each node, with `FAR_SKIP` for a distance that does not fit in
   * 13 bits: the after is then in `farAfters`.
   */
  skipKind: Uint16Array;
  farEnds: ReadonlyMap<number, number>;
  farAfters: ReadonlyMap<number, number>;
  /**
   * Keys (scalars in a key's place) whose value, as a string, is not their text as written (`True`,
   * `1.0`, `'it''s'`): what a pointer segment matches. Every other key matches its own text, or
   * what its quotes hold.
   */
  rewritten: Map<number, string>;
  /** The root node of each document. */
  roots: number[];
}

/** A distance that does not fit in 16 bits: look in the tree's map. */
const FAR = 0xffff;
/** An after that does not fit in the 13 bits above a node's kind: look in the tree's map. */
const FAR_SKIP = 0x1fff;
const KIND_BITS = 3;
const KIND_MASK = (1 << KIND_BITS) - 1;
const BLOCK = 0x10000;
const NO_FAR_NODES: ReadonlyMap<number, number> = new Map();
const NO_BLOCKS = new Int32Array(0);

/** Where node `node` starts. */
export function startOf(tree: SpanTree, node: number): number {
  const blocks = tree.startBlocks;
  let start = tree.startLow[node]!;
  for (let k = 0; k < blocks.length && blocks[k]! <= node; k++) start += BLOCK;
  return start;
}

/** Where node `node` ends. */
export function endOf(tree: SpanTree, node: number): number {
  const extent = tree.extent[node]!;
  return extent === FAR ? tree.farEnds.get(node)! : startOf(tree, node) + extent;
}

/** The node after node `node` and its descendants. */
export function afterOf(tree: SpanTree, node: number): number {
  const skip = tree.skipKind[node]! >>> KIND_BITS;
  return skip === FAR_SKIP ? tree.farAfters.get(node)! : node + skip;
}

/** What node `node` is: `NULL_NODE`, `SCALAR_NODE`, `MAPPING_NODE`, `SEQUENCE_NODE` or `WRAPPER_NODE`. */
export function kindOf(tree: SpanTree, node: number): number {
  return tree.skipKind[node]! & KIND_MASK;
}

/** What a scanner throws to give up on a text; `unlessGivenUp` turns it into undefined. */
export const GIVE_UP: unique symbol = Symbol('give up');

/** What `read` returns, or undefined when it threw `GIVE_UP`; any other error is a bug and goes on. */
export function unlessGivenUp<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/**
 * A span tree being built in document order: `open` a node, add its children, `close` it. Typed
 * arrays that double when full, borrowed from `spare` when it is large enough; `tree` copies them
 * to their exact length, into a slab shared with other files' trees (`carve`).
 *
 * Four arrays of its own for each file, and four more for each tree, took about a tenth of the
 * scanner's time on the bench's 2,000 files: each typed array with its own buffer costs an
 * allocation outside the heap and its bookkeeping, and V8 counts that memory towards its next
 * collection.
 */
export class SpanTreeBuilder {
  start: Int32Array;
  end: Int32Array;
  after: Int32Array;
  kind: Uint8Array;
  count = 0;
  readonly rewritten = new Map<number, string>();

  /** Sized for a text of `textLength` characters (about one node in eight characters). */
  constructor(textLength: number) {
    const capacity = Math.max(64, textLength >> 3);
    // Taken, not shared: a builder made while another is at work gets arrays of its own.
    const borrowed = spare !== undefined && spare.start.length >= capacity ? spare : undefined;
    if (borrowed) spare = undefined;
    this.start = borrowed?.start ?? new Int32Array(capacity);
    this.end = borrowed?.end ?? new Int32Array(capacity);
    this.after = borrowed?.after ?? new Int32Array(capacity);
    this.kind = borrowed?.kind ?? new Uint8Array(capacity);
  }

  /** Starts a node at `start`; its children are the nodes opened until it is closed. */
  open(kind: number, start: number): number {
    if (this.count === this.start.length) {
      const capacity = this.count * 2;
      this.start = widen(this.start, new Int32Array(capacity));
      this.end = widen(this.end, new Int32Array(capacity));
      this.after = widen(this.after, new Int32Array(capacity));
      this.kind = widen(this.kind, new Uint8Array(capacity));
    }
    const node = this.count++;
    this.kind[node] = kind;
    this.start[node] = start;
    // Borrowed arrays hold an earlier file's nodes: a node is as if new until it is closed.
    this.end[node] = 0;
    this.after[node] = 0;
    return node;
  }

  close(node: number, end: number): void {
    this.end[node] = end;
    this.after[node] = this.count;
  }

  /** A node without children spanning `start..end`; returns its index. */
  leaf(kind: number, start: number, end: number): number {
    const node = this.open(kind, start);
    this.close(node, end);
    return node;
  }

  /**
   * The tree, in arrays of its own length; this builder's arrays go back to be borrowed again.
   * Throws `GIVE_UP` when a node starts before the one ahead of it, which the scanners never make:
   * such a tree could not keep its starts as 16 bits.
   */
  tree(roots: number[]): SpanTree {
    const n = this.count;
    const [buffer, offset] = carve(6 * n);
    const startLow = new Uint16Array(buffer, offset, n);
    const extent = new Uint16Array(buffer, offset + 2 * n, n);
    const skipKind = new Uint16Array(buffer, offset + 4 * n, n);
    let farEnds: Map<number, number> | undefined;
    let farAfters: Map<number, number> | undefined;
    let blocks: number[] | undefined;
    let previous = 0;
    for (let i = 0; i < n; i++) {
      const start = this.start[i]!;
      if (start < previous) throw GIVE_UP;
      while (start >= ((blocks?.length ?? 0) + 1) * BLOCK) (blocks ??= []).push(i);
      previous = start;
      startLow[i] = start & (BLOCK - 1);
      const end = this.end[i]!;
      const length = end - start;
      if (length >= 0 && length < FAR) extent[i] = length;
      else {
        extent[i] = FAR;
        (farEnds ??= new Map()).set(i, end);
      }
      const skip = this.after[i]! - i;
      if (skip >= 0 && skip < FAR_SKIP) skipKind[i] = (skip << KIND_BITS) | this.kind[i]!;
      else {
        skipKind[i] = (FAR_SKIP << KIND_BITS) | this.kind[i]!;
        (farAfters ??= new Map()).set(i, this.after[i]!);
      }
    }
    if (this.start.length <= MAX_SPARE_NODES && (spare === undefined || spare.start.length < this.start.length)) {
      spare = { start: this.start, end: this.end, after: this.after, kind: this.kind };
    }
    return {
      startLow, startBlocks: blocks ? Int32Array.from(blocks) : NO_BLOCKS, extent, skipKind,
      farEnds: farEnds ?? NO_FAR_NODES, farAfters: farAfters ?? NO_FAR_NODES, rewritten: this.rewritten, roots,
    };
  }
}

/**
 * A builder's arrays, free to be borrowed by the next builder (files are scanned one at a time);
 * those of a very large file are not kept (they would stay as long as the process).
 */
const MAX_SPARE_NODES = 1 << 16;
/** The arrays kept for the next builder. */
let spare: { start: Int32Array; end: Int32Array; after: Int32Array; kind: Uint8Array } | undefined;

// Trees are carved out of slabs of this size; a tree larger than a quarter of one gets a buffer of
// its own. A slab lives as long as any tree in it: trees live until their file's findings are placed.
const SLAB_BYTES = 1024 * 1024;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

/** A buffer and an offset in it, 4-byte aligned, with `bytes` bytes free for one tree. */
function carve(bytes: number): [ArrayBuffer, number] {
  const size = (bytes + 3) & ~3;
  if (size > SLAB_BYTES / 4) return [new ArrayBuffer(size), 0];
  if (slabUsed + size > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const offset = slabUsed;
  slabUsed += size;
  return [slab, offset];
}

/** Whether scalar node `node`, as a key, is the pointer segment `segment`. */
export function keyIs(tree: SpanTree, text: string, node: number, segment: string): boolean {
  const rewritten = tree.rewritten.size === 0 ? undefined : tree.rewritten.get(node);
  if (rewritten !== undefined) return rewritten === segment;
  return isWritten(text, startOf(tree, node), endOf(tree, node), segment);
}

/**
 * `keyIs` for a segment without escapes, given as `pointer` from `from` to `to`: compared where it
 * is, with no string of its own.
 */
export function keyIsPart(tree: SpanTree, text: string, node: number, pointer: string, from: number, to: number): boolean {
  const length = to - from;
  const rewritten = tree.rewritten.size === 0 ? undefined : tree.rewritten.get(node);
  if (rewritten !== undefined) return rewritten.length === length && pointer.startsWith(rewritten, from);
  // As `isWritten` reads it: inside the quotes, or all of it when plain.
  const nodeStart = startOf(tree, node);
  const first = text.charCodeAt(nodeStart);
  const quoted = first === DOUBLE_QUOTE || first === SINGLE_QUOTE ? 1 : 0;
  const start = nodeStart + quoted;
  if (endOf(tree, node) - nodeStart - 2 * quoted !== length) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(start + i) !== pointer.charCodeAt(from + i)) return false;
  return true;
}

/** Whether a scalar's text is `value` as written: inside its quotes, or all of it when plain. */
function isWritten(text: string, start: number, end: number, value: string): boolean {
  const first = text.charCodeAt(start);
  const quoted = first === DOUBLE_QUOTE || first === SINGLE_QUOTE ? 1 : 0;
  return end - start - 2 * quoted === value.length && text.startsWith(value, start + quoted);
}

export const NULL_NODE = 0;
export const SCALAR_NODE = 1;
export const MAPPING_NODE = 2;
export const SEQUENCE_NODE = 3;
export const WRAPPER_NODE = 4;


/** The node a node stands for: itself, or for a wrapper the node it wraps. */
export function realNode(tree: SpanTree, node: number): number {
  let i = node;
  while (kindOf(tree, i) === WRAPPER_NODE) i++;
  return i;
}

/**
 * The documents of a text read with js-yaml's core schema (duplicate keys refused), and its span
 * tree from the same pass, undefined when the events are not usable. Undefined when js-yaml refuses
 * the text. One pass costs about 1.4 times a plain read, against 2.4 times for a read now and
 * another pass when findings need their places.
 */
export function readWithSpans(text: string): { documents: unknown[]; tree: SpanTree | undefined; numberLike: boolean } | undefined {
  const documents: unknown[] = [];
  const nodes = new SpanTreeBuilder(text.length);
  const roots: number[] = [];
  // Per open node (a stack, `depth` deep): its index, how many children it has so far, and its
  // last two (real) children. Typed arrays: this runs for every node of every file.
  let stackSize = 64;
  let open = new Int32Array(stackSize);
  let childCount = new Int32Array(stackSize);
  let last = new Int32Array(stackSize);
  let beforeLast = new Int32Array(stackSize);
  let depth = 0;
  let broken = false;
  let numberLike = false;
  const deepen = () => {
    stackSize *= 2;
    open = widen(open, new Int32Array(stackSize));
    childCount = widen(childCount, new Int32Array(stackSize));
    last = widen(last, new Int32Array(stackSize));
    beforeLast = widen(beforeLast, new Int32Array(stackSize));
  };
  try {
    const jsyaml = jsYaml();
    jsyaml.loadAll(text, (doc) => documents.push(doc), {
      schema: jsyaml.CORE_SCHEMA,
      json: false,
      listener(event, state) {
        if (event === 'open') {
          if (depth === stackSize) deepen();
          // Its kind is known when it closes.
          const i = nodes.open(NULL_NODE, skipTrivia(text, state.position));
          open[depth] = i;
          childCount[depth] = 0;
          last[depth] = -1;
          beforeLast[depth] = -1;
          depth++;
          return;
        }
        if (depth === 0) {
          broken = true;
          return;
        }
        depth--;
        // The builder's arrays are read here, after every `open` that could have grown them.
        const { start, end, after, kind, rewritten } = nodes;
        const i = open[depth]!;
        const children = childCount[depth]!;
        const lastChild = last[depth]!;
        const secondLast = beforeLast[depth]!;
        const stateKind = state.kind === 'scalar' ? SCALAR_NODE : state.kind === 'mapping' ? MAPPING_NODE : state.kind === 'sequence' ? SEQUENCE_NODE : NULL_NODE;
        const code = state.result === null && stateKind === SCALAR_NODE ? NULL_NODE : stateKind;
        kind[i] = code;
        after[i] = nodes.count;
        if (code !== MAPPING_NODE && code !== SEQUENCE_NODE) {
          end[i] = trimEnd(text, start[i]!, state.position);
          // Only a mapping's even children are keys: others never need matching.
          if (code === SCALAR_NODE && depth > 0 && (childCount[depth - 1]! & 1) === 0) {
            const value = String(state.result);
            if (!isWritten(text, start[i]!, end[i]!, value)) rewritten.set(i, value);
          }
          if (code === SCALAR_NODE) {
            const first = text.charCodeAt(start[i]!);
            if (!numberLike && (first === PERIOD || first === PLUS || first === MINUS || (first >= DIGIT_0 && first <= DIGIT_9))) {
              numberLike = NUMBER_LIKE.test(text.slice(start[i]!, end[i]!));
            }
          }
        } else if (text.charCodeAt(start[i]!) === OPEN_BRACKET || text.charCodeAt(start[i]!) === OPEN_BRACE) {
          // A flow collection ends at its closing bracket.
          end[i] = trimSpaces(text, start[i]!, state.position);
        } else if (lastChild < 0) {
          end[i] = trimEnd(text, start[i]!, state.position);
        } else if (code === MAPPING_NODE && kind[lastChild] === NULL_NODE && end[lastChild]! <= start[lastChild]!) {
          // A block collection ends where its last entry ends; a mapping's last child is a value,
          // and an empty value (`key:`) ends the entry at its key.
          end[i] = secondLast >= 0 ? end[secondLast]! : end[lastChild]!;
        } else {
          end[i] = end[lastChild]!;
        }
        let real = i;
        if (children === 1 && start[lastChild] === start[i] && end[lastChild] === end[i] && kind[lastChild] === code) {
          kind[i] = WRAPPER_NODE;
          real = lastChild;
        } else {
          // Self-check: every entry of the value js-yaml built has its node (a key and a value for a
          // mapping). Shapes that break this (`[ single: pair ]`) send the file to `yaml`.
          const result = state.result as unknown;
          if (stateKind === SEQUENCE_NODE && (!Array.isArray(result) || result.length !== children)) broken = true;
          if (stateKind === MAPPING_NODE && (typeof result !== 'object' || result === null || Object.keys(result).length * 2 !== children)) broken = true;
        }
        if (depth > 0) {
          const parent = depth - 1;
          childCount[parent]!++;
          beforeLast[parent] = last[parent]!;
          last[parent] = real;
        } else {
          roots.push(i);
        }
      },
    });
  } catch {
    return undefined;
  }
  return { documents, tree: broken || depth > 0 ? undefined : unlessGivenUp(() => nodes.tree(roots)), numberLike };
}

// A whole plain scalar that the two core schemas (js-yaml's and `yaml`'s) might read differently
// as a number.
const NUMBER_LIKE = /^[-+]?(0[box]\w*|0\d+|\.(inf|nan)|\d*\.?\d+[eE][-+]?\d+|[\d.]*_[\d_.]*|\d+\.|\.\d+)$/i;

/** Position after spaces, line breaks and comments. */
function skipTrivia(text: string, position: number): number {
  let i = position;
  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n')) i++;
    if (text[i] !== '#') return i;
    while (i < text.length && text[i] !== '\n') i++;
  }
}

/** End of a scalar's own text: before trailing spaces, line breaks and a trailing comment. */
function trimEnd(text: string, start: number, position: number): number {
  let end = Math.max(start, position);
  // The close event may come after a comment on the scalar's line; the scalar ends before it.
  // Look only within that line: a search through the whole text would make this quadratic.
  const lineStart = Math.max(start, text.lastIndexOf('\n', end - 1) + 1);
  let comment = -1;
  for (let i = end - 1; i > lineStart; i--) {
    if (text.charCodeAt(i) === HASH && text.charCodeAt(i - 1) === SPACE) {
      comment = i - 1;
      break;
    }
  }
  if (comment > start && !hasQuote(text, comment, end)) end = comment;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\n')) end--;
  return end;
}

/** Before trailing spaces and line breaks (a flow collection's close event may come after them). */
function trimSpaces(text: string, start: number, position: number): number {
  let end = position;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\n')) end--;
  return end;
}


function hasQuote(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) return true;
  }
  return false;
}

/** `to` holding `from` at its start: a typed array grown. */
function widen<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
