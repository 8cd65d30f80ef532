/**
 * Line starts of a text and offset-to-position lookups. The same contract as `yaml`'s `LineCounter`
 * (so the `yaml` parser can fill it when it reads a file), without loading `yaml` for files that
 * never go through it.
 */
import { firstAtLeast } from '../sorted.js';

export class LineIndex {
  /** Offsets where lines start, ascending; the first is 0 once the text is indexed. */
  lineStarts: number[] = [];

  /** Called by the `yaml` parser, unbound, in ascending order. */
  readonly addNewLine = (offset: number): number => this.lineStarts.push(offset);

  /** 1-based line and column of an offset; line 0 when no line start is at or before it. */
  readonly linePos = (offset: number): { line: number; col: number } => {
    const starts = this.lineStarts;
    const low = firstAtLeast(starts, offset);
    if (starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    return { line: low, col: offset - starts[low - 1]! + 1 };
  };
}
