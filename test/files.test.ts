/** The paths the workspace glob gives: native and normalized, as `resolve` would make them. */
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nativePath } from '../src/workspace/files.js';

describe('paths from the glob', () => {
  it('are what `resolve` makes of them, whether or not it is called', () => {
    const segment = fc.constantFrom('a', 'b.yaml', '.', '..', '', '.hidden', '..b', 'c.', '...');
    fc.assert(fc.property(fc.boolean(), fc.array(segment, { maxLength: 6 }), (absolute, segments) => {
      const path = `${absolute ? '/' : ''}${segments.join('/')}`;
      expect(nativePath(path)).toBe(resolve(path));
    }), { numRuns: 5000, seed: 5 });
  });
});
