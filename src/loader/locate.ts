/**
 * JSON Pointer to source range. This is the only module that knows YAML node shapes: every
 * position bug is fixed here, and a `yaml` major upgrade touches only this file and `load.ts`.
 */
import type { Node, Pair } from 'yaml';
import { DIGIT_0, DIGIT_9, SLASH } from '../char-codes.js';
import { parsePointer, unescapeSegment } from '../pointer.js';
import type { Range, Target } from '../types.js';
import { documentNodes, rangeAt, TextElsewhereError, type SourceFile } from './load.js';
import { yaml } from './yaml-lib.js';
import { afterOf, endOf, keyIs, keyIsPart, kindOf, MAPPING_NODE, realNode, SCALAR_NODE, SEQUENCE_NODE, startOf, type SpanTree } from './fast-locate.js';
import { spanTreeOf } from './fast.js';

/** Where a pointer lands; `exact` is false when the walk stopped before the last segment. */
export interface Located {
  range: Range;
  exact: boolean;
  /** Places where the walk went through an alias (`*name`), outermost first. */
  aliasSites: readonly Range[];
}

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;
// A plain file has no aliases: every place found through its span tree shares this one empty list.
export const NO_ALIAS_SITES: readonly Range[] = Object.freeze([]);

/**
 * Resolves `pointer` in document `doc` of `file`. With `target: 'key'` the range is the mapping
 * key (`vlanId` in `vlanId: 100`); otherwise the value, or the key when the value is empty.
 */
export function locate(file: SourceFile, doc: number, pointer: string, target: Target = 'value'): Located {
  if (file.textElsewhere) throw new TextElsewhereError(file.path);
  if (file.plain && !file.parsedNodes) {
    if (file.spans === undefined) file.spans = spanTreeOf(file.text, file.format) ?? null;
    const fast = file.spans ? locateBySpans(file, file.spans, doc, pointer, target) : undefined;
    if (fast) return fast;
  }
  const document = file.documents[doc] ? documentNodes(file)[doc] : undefined;
  const { isAlias } = yaml();
  const aliasSites: Range[] = [];
  if (!document) return { range: rangeAt(file, 0, 0), exact: false, aliasSites };

  let node: unknown = document.contents;
  let keyNode: Node | null = null;
  let exact = true;
  for (const segment of parsePointer(pointer)) {
    if (isAlias(node)) {
      aliasSites.push(nodeRange(file, node));
      node = node.resolve(document);
    }
    const next = step(node, segment);
    if (!next) {
      exact = false;
      break;
    }
    ({ node, keyNode } = next);
  }
  if (isAlias(node) && target === 'value' && exact) {
    // Report on the alias site, where the user wrote the reference, not on the anchored original.
    return { range: nodeRange(file, node), exact, aliasSites };
  }

  if (target === 'key' && keyNode && exact) return { range: nodeRange(file, keyNode), exact, aliasSites };
  if (isNode(node) && hasExtent(node)) return { range: nodeRange(file, node), exact, aliasSites };
  if (keyNode) return { range: nodeRange(file, keyNode), exact, aliasSites };
  return { range: rangeAt(file, 0, 0), exact, aliasSites };
}

/**
 * `locate` over a plain file's span tree; undefined when the tree cannot answer for certain. The
 * walk reads the pointer where it is, a segment at a time: a large workspace places hundreds of
 * thousands of findings, and splitting each pointer into strings took a third of the walk.
 */
function locateBySpans(file: SourceFile, tree: SpanTree, doc: number, pointer: string, target: Target): Located | undefined {
  const root = tree.roots[doc];
  // Not a pointer: the walk below would skip its first character; `parsePointer` refuses it.
  if (root === undefined || (pointer !== '' && pointer.charCodeAt(0) !== SLASH)) return undefined;
  // Segments with `~0` or `~1` are compared once unescaped; other pointers are read in place.
  const escaped = pointer.includes('~');
  let node = realNode(tree, root);
  let keyNode = -1;
  let exact = true;
  // The segment is `pointer` from `from` to `to`; the empty pointer has none.
  for (let from = 1, to = 0; pointer !== '' && to < pointer.length; from = to + 1) {
    to = pointer.indexOf('/', from);
    if (to < 0) to = pointer.length;
    if (kindOf(tree, node) === MAPPING_NODE) {
      const segment = escaped ? unescapeSegment(pointer.slice(from, to)) : undefined;
      let next = -1;
      // Children come in pairs, a key then its value.
      const last = afterOf(tree, node);
      for (let key = node + 1; key < last; key = afterOf(tree, afterOf(tree, key))) {
        const value = afterOf(tree, key);
        if (value >= last) return undefined;
        const realKey = realNode(tree, key);
        if (kindOf(tree, realKey) !== SCALAR_NODE) return undefined;
        if (segment === undefined ? keyIsPart(tree, file.text, realKey, pointer, from, to) : keyIs(tree, file.text, realKey, segment)) {
          keyNode = realKey;
          next = realNode(tree, value);
          break;
        }
      }
      if (next < 0) {
        exact = false;
        break;
      }
      node = next;
    } else if (kindOf(tree, node) === SEQUENCE_NODE) {
      let child = -1;
      let remaining = arrayIndex(pointer, from, to);
      const last = afterOf(tree, node);
      for (let c = node + 1; remaining >= 0 && c < last; c = afterOf(tree, c)) {
        if (remaining-- === 0) child = c;
      }
      if (child < 0) {
        exact = false;
        break;
      }
      node = realNode(tree, child);
      keyNode = -1;
    } else {
      exact = false;
      break;
    }
  }
  if (target === 'key' && keyNode >= 0 && exact) return { range: rangeAt(file, startOf(tree, keyNode), endOf(tree, keyNode)), exact, aliasSites: NO_ALIAS_SITES };
  if (endOf(tree, node) > startOf(tree, node)) return { range: rangeAt(file, startOf(tree, node), endOf(tree, node)), exact, aliasSites: NO_ALIAS_SITES };
  if (keyNode >= 0) return { range: rangeAt(file, startOf(tree, keyNode), endOf(tree, keyNode)), exact, aliasSites: NO_ALIAS_SITES };
  return { range: rangeAt(file, 0, 0), exact, aliasSites: NO_ALIAS_SITES };
}

/** The array index `pointer` spells from `from` to `to` (`0`, or digits without a leading zero), else -1. */
function arrayIndex(pointer: string, from: number, to: number): number {
  if (to === from || to - from > 9 || (to - from > 1 && pointer.charCodeAt(from) === DIGIT_0)) return -1;
  let index = 0;
  for (let i = from; i < to; i++) {
    const c = pointer.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) return -1;
    index = index * 10 + (c - DIGIT_0);
  }
  return index;
}

function step(node: unknown, segment: string): { node: unknown; keyNode: Node | null } | undefined {
  const { isMap, isScalar, isSeq } = yaml();
  if (isMap(node)) {
    for (const pair of node.items as Pair<unknown, unknown>[]) {
      if (isScalar(pair.key) && String(pair.key.value) === segment) return { node: pair.value, keyNode: pair.key };
    }
    return undefined;
  }
  if (isSeq(node)) {
    if (!ARRAY_INDEX.test(segment)) return undefined;
    const index = Number(segment);
    if (index >= node.items.length) return undefined;
    return { node: node.items[index], keyNode: null };
  }
  return undefined;
}

function isNode(value: unknown): value is Node {
  const { isAlias, isCollection, isScalar } = yaml();
  return isScalar(value) || isCollection(value) || isAlias(value);
}

function hasExtent(node: Node): boolean {
  return !!node.range && node.range[1] > node.range[0];
}

function nodeRange(file: SourceFile, node: Node): Range {
  const [start] = node.range ?? [0, 0, 0];
  return rangeAt(file, start, contentEnd(file, node));
}

/**
 * End offset of a node's own text. A block collection's range runs on to where the next sibling
 * starts, over blank lines and comments; its real end is the end of its last entry.
 */
function contentEnd(file: SourceFile, start: Node): number {
  // A loop, not recursion: a deeply nested document must not exhaust the stack here.
  const { isCollection, isPair } = yaml();
  let node = start;
  for (;;) {
    if (!isCollection(node) || node.flow || node.items.length === 0) break;
    const last = node.items[node.items.length - 1];
    const lastNode = isPair(last) ? (isNode(last.value) && hasExtent(last.value) ? last.value : last.key) : last;
    if (!isNode(lastNode)) break;
    node = lastNode;
  }
  const range = node.range ?? [0, 0, 0];
  let end = range[1];
  while (end > range[0] && /\s/.test(file.text[end - 1] ?? '')) end--;
  return end;
}
