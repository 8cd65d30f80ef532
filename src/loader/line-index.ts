/**
 * Line starts of a text and offset-to-position lookups. The same contract as `yaml`'s `LineCounter`
 * (so the `yaml` parser can fill it when it reads a file), without loading `yaml` for files that
 * never go through it.
 */
import { firstAtLeast } from '../sorted.js';

export class LineIndex {
  private starts: number[] | Int32Array;
  /** The text whose line starts are found when first asked for (`LineIndex.of`); dropped then. */
  private pending: string | undefined;

  /** An index the `yaml` parser fills (`addNewLine`), or that is given its line starts. */
  constructor() {
    this.starts = [];
  }

  /**
   * The index of a text that no parser reads, made when a position is first asked for: most files
   * of a run have no finding, and a workspace's line starts, kept from reading to placing, were a
   * tenth of the heap the garbage collector copied (9 MB for the bench's 2,000 files).
   */
  static of(text: string): LineIndex {
    const index = new LineIndex();
    index.pending = text;
    return index;
  }

  /** Whether the line starts are found already: an index still waiting holds on to its text. */
  get indexed(): boolean {
    return this.pending === undefined;
  }

  /** Offsets where lines start, ascending; the first is 0 once the text is indexed. */
  get lineStarts(): readonly number[] | Int32Array {
    if (this.pending !== undefined) {
      this.starts = lineStartsOf(this.pending);
      this.pending = undefined;
    }
    return this.starts;
  }

  set lineStarts(starts: readonly number[] | Int32Array) {
    this.starts = starts as number[] | Int32Array;
    this.pending = undefined;
  }

  /** Called by the `yaml` parser, unbound, in ascending order. */
  readonly addNewLine = (offset: number): number => (this.starts as number[]).push(offset);

  /** 1-based line and column of an offset; line 0 when no line start is at or before it. */
  readonly linePos = (offset: number): { line: number; col: number } => {
    const starts = this.lineStarts;
    const low = firstAtLeast(starts, offset);
    if (starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    return { line: low, col: offset - starts[low - 1]! + 1 };
  };
}

/** Where the line starts of the text indexed last are gathered; grown as texts need, never shrunk. */
let gathered = new Int32Array(4096);

/**
 * Every line start of a text, in a typed array of its own: outside the heap the garbage collector
 * copies, and half the bytes of a number list grown one entry at a time.
 */
function lineStartsOf(text: string): Int32Array {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (lines === gathered.length) {
      const larger = new Int32Array(lines * 2);
      larger.set(gathered);
      gathered = larger;
    }
    gathered[lines++] = i + 1;
  }
  return gathered.slice(0, lines);
}
