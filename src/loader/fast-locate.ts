/**
 * Node ranges of a plain YAML file (one that took the fast path) from js-yaml's open/close events,
 * several times faster than building `yaml` documents just to place findings. The ranges must be
 * exactly those `locate` finds with `yaml`: a test compares both for every pointer of every plain
 * file, and anything this reader cannot vouch for makes it give up (the caller then uses `yaml`).
 */
import jsyaml from 'js-yaml';

/**
 * The nodes of a plain file's documents in document order, as flat arrays: a workspace full of
 * findings keeps one tree per file until its findings are placed, and objects per node would cost
 * several times the memory (and the garbage collector's time).
 *
 * Node `i` spans `start[i]..end[i]`; its children follow it, the first at `i + 1`, each next one
 * at `after[]` of the one before, up to `after[i]`. A `WRAPPER` node stands for its only child,
 * at `i + 1` (js-yaml opens a node for a block entry and another for the flow collection it holds).
 */
export interface SpanTree {
  start: Int32Array;
  end: Int32Array;
  after: Int32Array;
  kind: Uint8Array;
  /** Scalars: the value js-yaml read, to match keys; holes elsewhere. */
  values: unknown[];
  /** The root node of each document. */
  roots: number[];
}

export const NULL_NODE = 0;
export const SCALAR_NODE = 1;
export const MAPPING_NODE = 2;
export const SEQUENCE_NODE = 3;
export const WRAPPER_NODE = 4;

const KIND_CODES: Record<string, number> = { scalar: SCALAR_NODE, mapping: MAPPING_NODE, sequence: SEQUENCE_NODE };

/** The node a node stands for: itself, or for a wrapper the node it wraps. */
export function realNode(tree: SpanTree, node: number): number {
  let i = node;
  while (tree.kind[i] === WRAPPER_NODE) i++;
  return i;
}

/** The span tree of a plain YAML (or JSON) text, or undefined when the events are not usable. */
export function spanTree(text: string): SpanTree | undefined {
  let capacity = Math.max(64, text.length >> 3);
  let start = new Int32Array(capacity);
  let end = new Int32Array(capacity);
  let after = new Int32Array(capacity);
  let kind = new Uint8Array(capacity);
  const values: unknown[] = [];
  const roots: number[] = [];
  let count = 0;
  // Per open node: its index, how many children it has so far, and its last two (real) children.
  const open: number[] = [];
  const childCount: number[] = [];
  const last: number[] = [];
  const beforeLast: number[] = [];
  let broken = false;
  const grow = () => {
    capacity *= 2;
    const widen = <T extends Int32Array | Uint8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    start = widen(start, new Int32Array(capacity));
    end = widen(end, new Int32Array(capacity));
    after = widen(after, new Int32Array(capacity));
    kind = widen(kind, new Uint8Array(capacity));
  };
  try {
    jsyaml.loadAll(text, undefined, {
      schema: jsyaml.CORE_SCHEMA,
      json: false,
      listener(event, state) {
        if (event === 'open') {
          if (count === capacity) grow();
          const i = count++;
          start[i] = skipTrivia(text, state.position);
          open.push(i);
          childCount.push(0);
          last.push(-1);
          beforeLast.push(-1);
          return;
        }
        const i = open.pop();
        if (i === undefined) {
          broken = true;
          return;
        }
        const children = childCount.pop()!;
        const lastChild = last.pop()!;
        const secondLast = beforeLast.pop()!;
        const stateKind = KIND_CODES[state.kind as string] ?? NULL_NODE;
        const code = state.result === null && stateKind === SCALAR_NODE ? NULL_NODE : stateKind;
        const collection = code === MAPPING_NODE || code === SEQUENCE_NODE;
        const flow = stateKind !== SCALAR_NODE && (text[start[i]!] === '[' || text[start[i]!] === '{');
        if (code === SCALAR_NODE) values[i] = state.result;
        kind[i] = code;
        after[i] = count;
        if (!collection) end[i] = trimEnd(text, start[i]!, state.position);
        else if (flow) end[i] = trimSpaces(text, start[i]!, state.position);
        else if (lastChild < 0) end[i] = trimEnd(text, start[i]!, state.position);
        // A block collection ends where its last entry ends; a mapping's last child is a value, and an
        // empty value (`key:`) ends the entry at its key.
        else if (code === MAPPING_NODE && kind[lastChild] === NULL_NODE && end[lastChild]! <= start[lastChild]!) end[i] = secondLast >= 0 ? end[secondLast]! : end[lastChild]!;
        else end[i] = end[lastChild]!;
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
        const parent = open.length - 1;
        if (parent >= 0) {
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
  if (broken || open.length > 0) return undefined;
  return { start: start.slice(0, count), end: end.slice(0, count), after: after.slice(0, count), kind: kind.slice(0, count), values, roots };
}

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

const HASH = 0x23;
const SPACE = 0x20;

function hasQuote(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x27) return true;
  }
  return false;
}
