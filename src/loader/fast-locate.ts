/**
 * Node ranges of a plain YAML file (one that took the fast path) from js-yaml's open/close events,
 * several times faster than building `yaml` documents just to place findings. The ranges must be
 * exactly those `locate` finds with `yaml`: a test compares both for every pointer of every plain
 * file, and anything this reader cannot vouch for makes it give up (the caller then uses `yaml`).
 */
import jsyaml from 'js-yaml';

/** A node of the event tree: its text span and, for collections, its children in order. */
export interface SpanNode {
  start: number;
  end: number;
  kind: 'scalar' | 'mapping' | 'sequence' | 'null';
  /** Flow collections (`[a]`, `{a: b}`) end at their closing bracket. */
  flow: boolean;
  /** Scalars: the value, for matching keys. */
  value?: unknown;
  children: SpanNode[];
}

/** The root node of each document of a plain YAML text, or undefined when the events are not usable. */
export function spanTree(text: string): SpanNode[] | undefined {
  const roots: SpanNode[] = [];
  const stack: SpanNode[] = [];
  let broken = false;
  try {
    jsyaml.loadAll(text, undefined, {
      schema: jsyaml.CORE_SCHEMA,
      json: false,
      listener(event, state) {
        if (event === 'open') {
          stack.push({ start: skipTrivia(text, state.position), end: -1, kind: 'null', flow: false, children: [] });
          return;
        }
        const node = stack.pop();
        if (!node) {
          broken = true;
          return;
        }
        const kind = state.kind === 'scalar' || state.kind === 'mapping' || state.kind === 'sequence' ? state.kind : 'null';
        node.kind = state.result === null && kind === 'scalar' ? 'null' : kind;
        node.flow = kind !== 'scalar' && (text[node.start] === '[' || text[node.start] === '{');
        if (kind === 'scalar') node.value = state.result;
        node.end = node.kind === 'mapping' || node.kind === 'sequence'
          ? (node.flow ? trimSpaces(text, node.start, state.position) : lastEnd(node, text, state.position))
          : trimEnd(text, node.start, state.position);
        // js-yaml opens a node for a block entry and another for the flow collection it holds: the
        // outer one has that single child with the same span, and stands for nothing of its own.
        const only = node.children.length === 1 ? node.children[0]! : undefined;
        const real = only && only.start === node.start && only.end === node.end && only.kind === node.kind ? only : node;
        // Self-check: every entry of the value js-yaml built has its node (a key and a value for a
        // mapping). Shapes that break this (`[ single: pair ]`) send the file to `yaml`.
        if (real === node) {
          const result = state.result as unknown;
          if (kind === 'sequence' && (!Array.isArray(result) || result.length !== node.children.length)) broken = true;
          if (kind === 'mapping' && (typeof result !== 'object' || result === null || Object.keys(result).length * 2 !== node.children.length)) broken = true;
        }
        const parent = stack[stack.length - 1];
        if (parent) parent.children.push(real);
        else roots.push(real);
      },
    });
  } catch {
    return undefined;
  }
  return broken || stack.length > 0 ? undefined : roots;
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
  const comment = text.slice(lineStart, end).lastIndexOf(' #');
  if (comment >= 0 && lineStart + comment > start && !/["']/.test(text.slice(lineStart + comment, end))) end = lineStart + comment;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\n')) end--;
  return end;
}

/** Before trailing spaces and line breaks (a flow collection's close event may come after them). */
function trimSpaces(text: string, start: number, position: number): number {
  let end = position;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\n')) end--;
  return end;
}

/** A block collection ends where its last entry ends (as `locate` reads `yaml`'s ranges). */
function lastEnd(node: SpanNode, text: string, position: number): number {
  const last = node.children[node.children.length - 1];
  if (!last) return trimEnd(text, node.start, position);
  // A mapping's last child is a value; an empty value (`key:`) ends the entry at its key.
  if (node.kind === 'mapping' && last.kind === 'null' && last.end <= last.start) return node.children[node.children.length - 2]?.end ?? last.end;
  return last.end;
}
