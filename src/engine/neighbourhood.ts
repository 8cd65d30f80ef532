/**
 * Which files a run that reports on a few files (a pre-commit hook, an editor) has to model so that
 * every finding in those files comes out exactly as in a run over the whole workspace. Rules see
 * other files only through names and overlapping subnets, so the neighbourhood of the reported
 * files is, from their links (`model/links.ts`):
 *
 * 1. the reported files;
 * 2. every file that defines or refers to a name the reported files define or refer to (the first
 *    definition of a name, duplicates, every connection of a circuit or gateway, in workspace order);
 * 3. every file with a peering link subnet or VNet address space that overlaps a link subnet of the
 *    reported files (`peering-subnets` names the first such subnet);
 * 4. every file that defines a name the files of step 2 refer to: a gateway's throughput adds up the
 *    bandwidth of the circuits its connections name, and those circuits may be anywhere.
 *
 * Files outside it can change no finding in the reported files. When a reported file refers to a name
 * nothing defines, the "did you mean" hint weighs every name of the workspace: the answer is then the
 * whole workspace. Names are compared by their 52-bit keys; two names that share one (about once in
 * 10^15 pairs) only bring in a file more, or at worst a hint that weighs fewer names.
 */
import type { FileLinks } from '../model/links.js';
import { parsePrefix, type Prefix } from '../net/cidr.js';

/**
 * The paths of the neighbourhood of `reported` (those of its paths that `links` knows), or undefined
 * when findings in them depend on the whole workspace. `links` holds every file of the workspace.
 */
export function neighbourhood(reported: Iterable<string>, links: ReadonlyMap<string, FileLinks>): Set<string> | undefined {
  const within = new Set<string>();
  const named = new Set<number>();
  const referenced = new Set<number>();
  const ranges: number[] = [];
  const ipv6: Prefix[] = [];
  for (const path of reported) {
    const own = links.get(path);
    if (!own || within.has(path)) continue;
    within.add(path);
    const { numbers } = own;
    for (let i = own.start; i < own.referencesStart; i++) named.add(numbers[i]!);
    for (let i = own.referencesStart; i < own.linksStart; i++) {
      named.add(numbers[i]!);
      referenced.add(numbers[i]!);
    }
    for (let i = own.linksStart; i < own.spacesStart; i++) ranges.push(numbers[i]!);
    for (const text of own.ipv6Links) {
      const prefix = parsePrefix(text);
      if (prefix) ipv6.push(prefix);
    }
  }
  const overlaps = rangeMatcher(ranges);

  const unresolved = new Set(referenced);
  const mayBeUnresolved = keyFilter(unresolved);
  const mayBeNamed = keyFilter(named);
  const neighbours = new Set<string>();
  const halvesFor = halvesOf();
  for (const [path, own] of links) {
    const { numbers } = own;
    const halves = halvesFor(numbers);
    if (unresolved.size > 0) {
      for (let i = own.start; i < own.referencesStart; i++) if (mayBeUnresolved(halves, i)) unresolved.delete(numbers[i]!);
    }
    if (within.has(path)) continue;
    // Defined and referred-to names lie side by side, and so do link subnets and address spaces.
    if (anyIn(numbers, halves, own.start, own.linksStart, named, mayBeNamed) || overlaps(numbers, own.linksStart, own.end)
      || overlapsIpv6(ipv6, own.ipv6Links) || overlapsIpv6(ipv6, own.ipv6Spaces)) {
      neighbours.add(path);
    }
  }
  if (unresolved.size > 0) return undefined;

  const namedByNeighbours = new Set<number>();
  for (const path of neighbours) {
    const { numbers, referencesStart, linksStart } = links.get(path)!;
    for (let i = referencesStart; i < linksStart; i++) if (!named.has(numbers[i]!)) namedByNeighbours.add(numbers[i]!);
  }
  for (const path of neighbours) within.add(path);
  if (namedByNeighbours.size > 0) {
    const mayBeNamedByNeighbours = keyFilter(namedByNeighbours);
    for (const [path, own] of links) {
      if (!within.has(path) && anyIn(own.numbers, halvesFor(own.numbers), own.start, own.referencesStart, namedByNeighbours, mayBeNamedByNeighbours)) within.add(path);
    }
  }
  return within;
}

/**
 * Whether any pair of a flat first/last list (`candidates` from `from` to `to`) overlaps one of
 * `ranges` (pairs too): the ranges merged and sorted once, each candidate found by binary search.
 */
function rangeMatcher(ranges: readonly number[]): (candidates: Float64Array, from: number, to: number) => boolean {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i]!, ranges[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const [first, last] of pairs) {
    if (ends.length > 0 && first <= ends[ends.length - 1]! + 1) ends[ends.length - 1] = Math.max(ends[ends.length - 1]!, last);
    else {
      starts.push(first);
      ends.push(last);
    }
  }
  return (candidates, from, to) => {
    if (starts.length === 0) return false;
    for (let i = from; i < to; i += 2) {
      const first = candidates[i]!;
      const last = candidates[i + 1]!;
      // The last merged range that starts at or before `last`: the only one that can overlap.
      let low = 0;
      let high = starts.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (starts[mid]! <= last) low = mid + 1;
        else high = mid;
      }
      if (low > 0 && ends[low - 1]! >= first) return true;
    }
    return false;
  };
}

function anyIn(keys: Float64Array, halves: Int32Array, from: number, to: number, set: ReadonlySet<number>, mayBeIn: KeyFilter): boolean {
  for (let i = from; i < to; i++) if (mayBeIn(halves, i) && set.has(keys[i]!)) return true;
  return false;
}

/** Whether key `i` of a list, given as the list's 32-bit halves, may be in a set (false: it is not). */
type KeyFilter = (halves: Int32Array, i: number) => boolean;

/**
 * A quick test that a name key may be in `set`, by 16 bits of its two 32-bit halves. The sets here
 * hold the few names of the reported files, and the keys tested are every name of the workspace.
 * A key is a 52-bit number: read from a `Float64Array` before V8 has optimized the loop (a run does
 * this once), each would become a number object of its own, and is looked up in a `Set` only when
 * this test lets it through. Its halves, read from an `Int32Array` over the same bytes, are small
 * integers that V8 keeps unboxed.
 */
function keyFilter(set: ReadonlySet<number>): KeyFilter {
  const bits = new Uint8Array(1 << 16);
  const key = new Float64Array(1);
  const halves = new Int32Array(key.buffer);
  for (const k of set) {
    key[0] = k;
    bits[(halves[0]! ^ halves[1]!) & 0xffff] = 1;
  }
  return (list, i) => bits[(list[2 * i]! ^ list[2 * i + 1]!) & 0xffff] === 1;
}

/** The 32-bit halves of a list of keys, as an `Int32Array` over its bytes; the cache's entries share one list. */
function halvesOf(): (numbers: Float64Array) => Int32Array {
  let last: Float64Array | undefined;
  let halves: Int32Array = new Int32Array(0);
  return (numbers) => {
    if (numbers !== last) {
      last = numbers;
      halves = new Int32Array(numbers.buffer, numbers.byteOffset, numbers.length * 2);
    }
    return halves;
  };
}

function overlapsIpv6(queries: readonly Prefix[], texts: readonly string[]): boolean {
  if (queries.length === 0) return false;
  for (const text of texts) {
    const prefix = parsePrefix(text);
    if (prefix && queries.some((q) => q.first <= prefix.last && prefix.first <= q.last)) return true;
  }
  return false;
}
