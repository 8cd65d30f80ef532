/** JSON Pointers (RFC 6901): every finding's address, built and read back in many places. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeSegment, formatPointer, joinPointer, parsePointer, unescapeSegment } from '../src/pointer.js';

describe('JSON Pointers', () => {
  it('escape and unescape as RFC 6901 shows', () => {
    expect(formatPointer(['a/b', 'm~n', '~1', 0, ''])).toBe('/a~1b/m~0n/~01/0/');
    expect(parsePointer('/a~1b/m~0n/~01/0/')).toEqual(['a/b', 'm~n', '~1', '0', '']);
    expect(joinPointer('/circuits/0', 'peerings', 2)).toBe('/circuits/0/peerings/2');
    expect(escapeSegment('plain')).toBe('plain');
    expect(unescapeSegment('~01')).toBe('~1');
    expect(parsePointer('')).toEqual([]);
    expect(() => parsePointer('circuits')).toThrow(/must start with/);
  });

  it('join a key and an index as formatting them would, shared pieces or not', () => {
    const key = fc.oneof(fc.constantFrom('peerings', 'subnets', 'a/b', 'm~n', ''), fc.string());
    const index = fc.oneof(fc.nat({ max: 1100 }), fc.integer({ min: -3, max: -1 }), fc.constantFrom(1023, 1024, 1.5, Number.NaN, 2 ** 40));
    fc.assert(fc.property(fc.constantFrom('', '/circuits/0', '/vnets/7'), key, index, (base, k, i) => {
      expect(joinPointer(base, k, i)).toBe(base + formatPointer([k, i]));
      // Asked again (the piece now shared): the same.
      expect(joinPointer(base, k, i)).toBe(base + formatPointer([k, i]));
    }), { numRuns: 3000, seed: 6901 });
  });

  it('read back every list of segments they were built from', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string(), fc.stringMatching(/^[~/a]{0,6}$/), fc.nat())), (segments) => {
      expect(parsePointer(formatPointer(segments))).toEqual(segments.map(String));
    }), { numRuns: 2000 });
  });
});
