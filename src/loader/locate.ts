/**
 * JSON Pointer to source range. This is the only module that knows YAML node shapes: every
 * position bug is fixed here, and a `yaml` major upgrade touches only this file and `load.ts`.
 */
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { parsePointer } from '../pointer.js';
import type { Range, Target } from '../types.js';
import { documentNodes, rangeAt, type SourceFile } from './load.js';
import { spanTree, type SpanNode } from './fast-locate.js';

/** Where a pointer lands; `exact` is false when the walk stopped before the last segment. */
export interface Located {
  range: Range;
  exact: boolean;
  /** Places where the walk went through an alias (`*name`), outermost first. */
  aliasSites: Range[];
}

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

/**
 * Resolves `pointer` in document `doc` of `file`. With `target: 'key'` the range is the mapping
 * key (`vlanId` in `vlanId: 100`); otherwise the value, or the key when the value is empty.
 */
export function locate(file: SourceFile, doc: number, pointer: string, target: Target = 'value'): Located {
  if (file.plain && !file.parsedNodes) {
    if (file.spans === undefined) file.spans = spanTree(file.text) ?? null;
    const fast = file.spans ? locateBySpans(file, file.spans, doc, pointer, target) : undefined;
    if (fast) return fast;
  }
  const document = file.documents[doc] ? documentNodes(file)[doc] : undefined;
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

/** `locate` over a plain file's span tree; undefined when the tree cannot answer for certain. */
function locateBySpans(file: SourceFile, roots: SpanNode[], doc: number, pointer: string, target: Target): Located | undefined {
  const root = roots[doc];
  if (!root) return undefined;
  let node: SpanNode = root;
  let keyNode: SpanNode | null = null;
  let exact = true;
  for (const segment of parsePointer(pointer)) {
    if (node.kind === 'mapping') {
      if (node.children.length % 2 !== 0) return undefined;
      let next: SpanNode | undefined;
      for (let i = 0; i < node.children.length; i += 2) {
        const key = node.children[i]!;
        if (key.kind !== 'scalar') return undefined;
        if (String(key.value) === segment) {
          keyNode = key;
          next = node.children[i + 1];
          break;
        }
      }
      if (!next) {
        exact = false;
        break;
      }
      node = next;
    } else if (node.kind === 'sequence') {
      const child: SpanNode | undefined = ARRAY_INDEX.test(segment) ? node.children[Number(segment)] : undefined;
      if (!child) {
        exact = false;
        break;
      }
      node = child;
      keyNode = null;
    } else {
      exact = false;
      break;
    }
  }
  const span = (n: SpanNode) => rangeAt(file, n.start, n.end);
  if (target === 'key' && keyNode && exact) return { range: span(keyNode), exact, aliasSites: [] };
  if (node.end > node.start) return { range: span(node), exact, aliasSites: [] };
  if (keyNode) return { range: span(keyNode), exact, aliasSites: [] };
  return { range: rangeAt(file, 0, 0), exact, aliasSites: [] };
}

function step(node: unknown, segment: string): { node: unknown; keyNode: Node | null } | undefined {
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
