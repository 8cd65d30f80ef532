/** IP prefix arithmetic for rules and registry data, on top of ipaddr.js (no hand-written parsing). */
import { createRequire } from 'node:module';
import type { IPv4, IPv6 } from 'ipaddr.js';
import { DIGIT_0, DIGIT_9, PERIOD, SLASH } from '../char-codes.js';
import { firstAtLeast } from '../sorted.js';

// A CommonJS package, loaded with `require`: imported as an ES module, Node.js 20 would first scan
// its source for exports, and that scan took about a tenth of a warm pre-commit run.
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof import('ipaddr.js');

type Address = IPv4 | IPv6;

/** A parsed prefix: family, the address as written, and its length. */
export interface Prefix {
  family: 'ipv4' | 'ipv6';
  address: Address;
  length: number;
  /** The first and last address it covers, as numbers (bigints for IPv6), for ordering and containment. */
  first: number | bigint;
  last: number | bigint;
  /** Written as its network address (no host bits set). */
  isNetwork: boolean;
}

/**
 * The number of addresses in an IPv4 prefix of each length, 0 to 32. A table rather than
 * `2 ** (32 - length)`: V8 compiles `**` to a call of its general power function, and the rules work
 * out block sizes for hundreds of thousands of prefixes.
 */
const IPV4_BLOCK_SIZE = Float64Array.from({ length: 33 }, (_, length) => 2 ** (32 - length));

/** An IPv4 address's four bytes as one unsigned number. */
function ipv4Number(bytes: readonly number[]): number {
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

/** A prefix of an address and length, with its bounds worked out once. */
function makePrefix(address: Address, length: number): Prefix {
  const bytes = address.toByteArray();
  if (address.kind() === 'ipv4') {
    const value = ipv4Number(bytes);
    const size = IPV4_BLOCK_SIZE[length]!;
    const first = Math.floor(value / size) * size;
    return Object.freeze({ family: 'ipv4' as const, address, length, first, last: first + size - 1, isNetwork: first === value });
  }
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  const shift = BigInt(128 - length);
  const first = (value >> shift) << shift;
  return Object.freeze({ family: 'ipv6' as const, address, length, first, last: first + (1n << shift) - 1n, isNetwork: first === value });
}

/**
 * A dotted-decimal IPv4 prefix, the common case (link subnets, address spaces): its bounds come
 * from the octets, and the ipaddr.js address is built only when a rule asks for it.
 */
class DottedDecimalPrefix implements Prefix {
  readonly family = 'ipv4' as const;
  readonly first: number;
  readonly last: number;
  readonly isNetwork: boolean;
  /** The address as written, as a number. */
  readonly value: number;
  #address: IPv4 | undefined;

  constructor(value: number, readonly length: number) {
    const size = IPV4_BLOCK_SIZE[length]!;
    this.value = value;
    this.first = Math.floor(value / size) * size;
    this.last = this.first + size - 1;
    this.isNetwork = this.first === value;
    // Not frozen, unlike the prefixes the memo shares: each parse makes its own, and freezing each of
    // the hundreds of thousands that rules parse took a fifth of the parse.
  }

  get address(): IPv4 {
    const v = this.value;
    this.#address ??= new ipaddr.IPv4([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
    return this.#address;
  }
}

// Several rules parse the same prefix texts; a parsed prefix is never changed, so one copy serves
// all. Plain dotted-decimal IPv4 is read again instead: looking a text up in a map of hundreds of
// thousands took about ten times as long as reading its octets (the rules of a 2,000-file workspace
// ran 10% faster without it). The engine forgets the others once a run's rules are done
// (`forgetParsedPrefixes`), so the memo holds one workspace's prefixes at most; the bound only
// guards callers that parse without the engine.
const parsed = new Map<string, Prefix | undefined>();
const MAX_PARSED = 4_000_000;

/** Drops every memoized prefix; the next parse of a text builds it again. */
export function forgetParsedPrefixes(): void {
  parsed.clear();
}

/**
 * `a.b.c.d/n` in plain dotted decimal (octets 0 to 255 and n 0 to 32, no leading zeros), read
 * character by character; undefined for any other text.
 */
export function readDottedDecimal(text: string): Prefix | undefined {
  const length = scanDottedDecimal(text);
  return length < 0 ? undefined : new DottedDecimalPrefix(scannedAddress, length);
}

/**
 * Whether `text` is a plain dotted-decimal prefix (`readDottedDecimal` would read it): how the
 * schema's `ipv4-cidr` format settles nearly every prefix of a workspace, without ipaddr.js and
 * without making a prefix it would throw away.
 */
export function isDottedDecimal(text: string): boolean {
  return scanDottedDecimal(text) >= 0;
}

/** The address `scanDottedDecimal` read last: a number above 2^31 returned with the length would be boxed. */
let scannedAddress = 0;

/** The prefix length of a plain dotted-decimal prefix, its address left in `scannedAddress`; -1 for any other text. */
function scanDottedDecimal(text: string): number {
  const n = text.length;
  // `0.0.0.0/0` to `255.255.255.255/32`.
  if (n < 9 || n > 18) return -1;
  let value = 0;
  let i = 0;
  for (let part = 0; part < 5; part++) {
    const start = i;
    let number = 0;
    // Never past the end: a `charCodeAt` there gives NaN, and V8 then compiles the loop for any number.
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < DIGIT_0 || c > DIGIT_9) break;
      number = number * 10 + (c - DIGIT_0);
      i++;
    }
    const digits = i - start;
    if (digits === 0 || (digits > 1 && text.charCodeAt(start) === DIGIT_0)) return -1;
    if (part === 4) {
      if (i !== n || digits > 2 || number > 32) return -1;
      scannedAddress = value;
      return number;
    }
    if (digits > 3 || number > 255 || i >= n || text.charCodeAt(i) !== (part === 3 ? SLASH : PERIOD)) return -1;
    value = value * 256 + number;
    i++;
  }
  return -1;
}

/** Parses `a.b.c.d/n` or an IPv6 prefix; undefined when it is not one (the schema reports that). */
export function parsePrefix(text: string): Prefix | undefined {
  const dottedDecimal = readDottedDecimal(text);
  if (dottedDecimal) return dottedDecimal;
  const known = parsed.get(text);
  if (known !== undefined || parsed.has(text)) return known;
  let prefix: Prefix | undefined;
  try {
    // ipaddr's generic parseCIDR tries IPv6 first and is several times slower for IPv4.
    const [address, length] = text.includes(':') ? ipaddr.IPv6.parseCIDR(text) : ipaddr.IPv4.parseCIDR(text);
    prefix = makePrefix(address, length);
  } catch {
    prefix = undefined;
  }
  if (parsed.size >= MAX_PARSED) parsed.clear();
  parsed.set(text, prefix);
  return prefix;
}

/** True when `inner` lies entirely inside `outer` (same family, at least as long, matching bits). */
export function prefixContains(outer: string | Prefix, inner: string | Prefix): boolean {
  const o = typeof outer === 'string' ? parsePrefix(outer) : outer;
  const i = typeof inner === 'string' ? parsePrefix(inner) : inner;
  if (!o || !i || o.family !== i.family || i.length < o.length) return false;
  return i.first >= o.first && i.last <= o.last;
}

/** True when the two prefixes share any address (for CIDR blocks: one contains the other). */
export function prefixesOverlap(a: string | Prefix, b: string | Prefix): boolean {
  return prefixContains(a, b) || prefixContains(b, a);
}

/** The prefix with its host bits cleared, as text (`10.0.0.4/30` for `10.0.0.5/30`). */
export function networkOf(prefix: Prefix): string {
  const bytes = networkBytes(prefix);
  return `${(prefix.family === 'ipv4' ? new ipaddr.IPv4(bytes) : new ipaddr.IPv6(bytes)).toString()}/${prefix.length}`;
}

/** True when both are the same network (`10.0.0.1/30` and `10.0.0.2/30` are): what `networkOf` would give, without the text. */
export function sameNetwork(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && a.length === b.length && a.first === b.first;
}

/** True when the prefix is written as its network address (no host bits set). */
export function isNetworkAddress(prefix: Prefix): boolean {
  return prefix.isNetwork;
}

/** The address bytes with every bit past the prefix length cleared. */
function networkBytes(prefix: Prefix): number[] {
  return prefix.address.toByteArray().map((b, i) => {
    const kept = Math.max(0, Math.min(8, prefix.length - i * 8));
    return b & ((0xff << (8 - kept)) & 0xff);
  });
}

/** True for the default route of either family (`0.0.0.0/0`, `::/0`). */
export function isDefaultRoute(prefix: Prefix): boolean {
  return prefix.length === 0;
}

/**
 * Why a prefix is not public Internet address space, or undefined when it is. Uses ipaddr.js's
 * classification (IANA special-purpose registries): the prefix's first address must be ordinary
 * `unicast` (else `contains` is false), and the prefix must not contain a special-purpose range
 * (`8.0.0.0/6` holds 10/8: `contains` is true).
 */
export function nonPublicRange(prefix: Prefix): { range: string; contains: boolean } | undefined {
  if (prefix.family === 'ipv4') return ipv4NonPublicRange(prefix);
  const own = prefix.address.range();
  if (own !== 'unicast') return { range: own, contains: false };
  // Indexed loops: rules call this for every public address of a workspace, mostly before V8 has
  // optimized it, and a loop over an iterator makes an object at each step until then.
  const ranges = specialRanges().ipv6;
  for (let i = 0; i < ranges.length; i++) {
    const [name, special] = ranges[i]!;
    if (special.length >= prefix.length && prefixContains(prefix, special)) return { range: name, contains: true };
  }
  return undefined;
}

/**
 * `nonPublicRange` of an IPv4 prefix, worked out from numbers: what ipaddr.js's `range()` says of its
 * address (the first range of its table that holds it, in the table's order, else `unicast`), then
 * the first range the prefix holds. No ipaddr.js address to build, no bit matching a range at a
 * time, and the table's bounds read from typed arrays rather than a prefix object per range: rules
 * ask this of every address of every Microsoft peering.
 */
function ipv4NonPublicRange(prefix: Prefix): { range: string; contains: boolean } | undefined {
  const value = prefix instanceof DottedDecimalPrefix ? prefix.value : ipv4Number(prefix.address.toByteArray());
  const { names, firsts, lasts, lengths } = ipv4SpecialRanges();
  for (let i = 0; i < names.length; i++) {
    if (value >= firsts[i]! && value <= lasts[i]!) return { range: names[i]!, contains: false };
  }
  const first = prefix.first as number;
  const last = prefix.last as number;
  for (let i = 0; i < names.length; i++) {
    if (lengths[i]! >= prefix.length && firsts[i]! >= first && lasts[i]! <= last) return { range: names[i]!, contains: true };
  }
  return undefined;
}

let ipv4Special: { names: string[]; firsts: Float64Array; lasts: Float64Array; lengths: Uint8Array } | undefined;

/** ipaddr.js's IPv4 special-purpose ranges, in its table's order, as columns. */
function ipv4SpecialRanges(): { names: string[]; firsts: Float64Array; lasts: Float64Array; lengths: Uint8Array } {
  if (ipv4Special) return ipv4Special;
  const ranges = specialRanges().ipv4;
  ipv4Special = {
    names: ranges.map(([name]) => name),
    firsts: Float64Array.from(ranges, ([, range]) => range.first as number),
    lasts: Float64Array.from(ranges, ([, range]) => range.last as number),
    lengths: Uint8Array.from(ranges, ([, range]) => range.length),
  };
  return ipv4Special;
}

let special: { ipv4: [string, Prefix][]; ipv6: [string, Prefix][] } | undefined;

/** ipaddr.js's special-purpose range tables (its typings do not declare them), read once. */
function specialRanges(): { ipv4: [string, Prefix][]; ipv6: [string, Prefix][] } {
  if (special) return special;
  const read = (family: 'ipv4' | 'ipv6') => {
    const table = ((family === 'ipv4' ? ipaddr.IPv4 : ipaddr.IPv6).prototype as unknown as { SpecialRanges: Record<string, [Address, number] | [Address, number][]> }).SpecialRanges;
    return Object.entries(table).flatMap(([name, entry]) =>
      ((Array.isArray(entry[0]) ? entry : [entry]) as [Address, number][]).map(([address, length]): [string, Prefix] => [name, makePrefix(address, length)]));
  };
  return (special = { ipv4: read('ipv4'), ipv6: read('ipv6') });
}

/** The network number of the first `length` bits (at most the prefix's own): a number for IPv4, a bigint for IPv6. */
function networkKey(prefix: Prefix, length: number): number | bigint {
  if (prefix.family === 'ipv4') return length === 0 ? 0 : Math.floor((prefix.first as number) / IPV4_BLOCK_SIZE[length]!);
  return (prefix.first as bigint) >> BigInt(128 - length);
}

// An IPv4 start address and an entry's place in the order added, as one whole number below 2^53.
const ORDER_BITS = 21;
const ORDER_SPAN = 2 ** ORDER_BITS;

/**
 * The order that sorts IPv4 first addresses ascending, ties in the order given: `order[i]` is the
 * place in `starts` of the `i`th smallest. Each address becomes one number, itself and its place: a
 * typed array sorts numbers natively, where a comparator is a call into JavaScript for each of the
 * million comparisons that sort tens of thousands of link subnets.
 */
export function sortByStart(starts: ArrayLike<number>, orderSpan = ORDER_SPAN): Int32Array<ArrayBuffer> {
  const n = starts.length;
  const order = new Int32Array(n);
  // Past two million entries the numbers would not be whole: a comparator then.
  if (n >= orderSpan) {
    const places = Array.from({ length: n }, (_, i) => i).sort((a, b) => starts[a]! - starts[b]! || a - b);
    order.set(places);
    return order;
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = starts[i]! * orderSpan + i;
  keys.sort();
  for (let i = 0; i < n; i++) order[i] = keys[i]! % orderSpan;
  return order;
}

// Shared by every family until it is sorted: a rule may keep thousands of small indexes.
const NO_ORDER = new Int32Array(0);

/** One family's entries: prefixes and values in the order added, and their order by first address. */
class FamilyEntries<T, N extends number | bigint> {
  readonly prefixes: Prefix[] = [];
  readonly values: T[] = [];
  /** Each prefix's first and last address, in the order added: read once, where the prefix is at hand. */
  readonly firsts: N[] = [];
  readonly lasts: N[] = [];
  /** Whether `order`, `starts`, `ends` and `lengths` hold every entry. */
  sorted = true;
  /** Sorted by first address, ties in the order added: the place in `prefixes` of each, and its bounds. */
  order: Int32Array = NO_ORDER;
  // The bounds in sorted order, apart from the entries: a search over tens of thousands of link
  // subnets would otherwise touch an object, scattered over the heap, at each of its steps.
  starts: ArrayLike<N> = [];
  ends: ArrayLike<N> = [];
  /** Places in `prefixes` per prefix length, by network number; made for a lookup that needs one. */
  byLength: Map<number, Map<N, number[]>> | undefined;
  /** The prefix lengths present, longest first. */
  lengths: number[] = [];
}

/**
 * A set of prefixes with values, for lookups that stay fast on tens of thousands of entries:
 * `covering` looks up the at most 33 or 129 shorter-or-equal prefixes of the query in hash maps
 * keyed by network number; `within` binary-searches entries sorted by first address. No pairwise
 * comparison, no string arithmetic, no object per entry. The sorting and the maps wait for the first
 * lookup, and a map of one length for a lookup that needs it: link subnets, all /30, only ever look
 * for shorter prefixes around them and never need the map of their own length. The first entry a
 * test accepts among those that overlap a query, for tens of thousands of queries, is
 * `GroupedPrefixIndex`'s to find.
 */
export class PrefixIndex<T> {
  private readonly ipv4 = new FamilyEntries<T, number>();
  // Made when first asked for: most indexes hold IPv4 prefixes only, and a rule may keep thousands.
  private ipv6Entries: FamilyEntries<T, bigint> | undefined;
  private get ipv6(): FamilyEntries<T, bigint> {
    this.ipv6Entries ??= new FamilyEntries<T, bigint>();
    return this.ipv6Entries;
  }

  /** Adds a prefix with its value; a prefix that does not parse is ignored. */
  add(text: string | Prefix, value: T): void {
    const prefix = typeof text === 'string' ? parsePrefix(text) : text;
    if (!prefix) return;
    const family: FamilyEntries<T, number | bigint> = prefix.family === 'ipv4' ? this.ipv4 : this.ipv6;
    family.prefixes.push(prefix);
    family.values.push(value);
    family.firsts.push(prefix.first);
    family.lasts.push(prefix.last);
    family.sorted = false;
  }

  /** Entries whose prefix contains the query (equal included), longest first. */
  covering(query: string | Prefix): { prefix: Prefix; value: T }[] {
    const prefix = typeof query === 'string' ? parsePrefix(query) : query;
    return prefix ? this.coveringPlaces(prefix).map((i) => this.entry(prefix, i)) : [];
  }

  /** Entries inside the query (equal included). */
  within(query: string | Prefix): { prefix: Prefix; value: T }[] {
    const prefix = typeof query === 'string' ? parsePrefix(query) : query;
    return prefix ? this.withinPlaces(prefix).map((i) => this.entry(prefix, i)) : [];
  }

  /** Entries that share any address with the query. */
  overlapping(query: string | Prefix): { prefix: Prefix; value: T }[] {
    const prefix = typeof query === 'string' ? parsePrefix(query) : query;
    if (!prefix) return [];
    return [...this.covering(prefix).filter((c) => c.prefix.length < prefix.length), ...this.within(prefix)];
  }

  private entry(query: Prefix, place: number): { prefix: Prefix; value: T } {
    const family = query.family === 'ipv4' ? this.ipv4 : this.ipv6;
    return { prefix: family.prefixes[place]!, value: family.values[place]! };
  }

  /** Places of the entries whose prefix contains the query, longest first, one length's in the order added. */
  private coveringPlaces(prefix: Prefix): number[] {
    const family: FamilyEntries<T, number | bigint> = prefix.family === 'ipv4' ? this.ipv4 : this.ipv6;
    sortFamily(family);
    return family.lengths.filter((length) => length <= prefix.length).flatMap((length) => ofLength(family, length).get(networkKey(prefix, length)) ?? []);
  }

  /** Places of the entries inside the query, by first address, one address's in the order added. */
  private withinPlaces(prefix: Prefix): number[] {
    const family: FamilyEntries<T, number | bigint> = prefix.family === 'ipv4' ? this.ipv4 : this.ipv6;
    sortFamily(family);
    const places: number[] = [];
    const { order, starts, ends } = family;
    for (let k = firstAtLeast(starts, prefix.first); k < order.length && starts[k]! <= prefix.last; k++) if (ends[k]! <= prefix.last) places.push(order[k]!);
    return places;
  }
}

/** Sorts a family's entries and forgets its maps after additions (ties keep the order added). */
function sortFamily<T, N extends number | bigint>(family: FamilyEntries<T, N>): void {
  if (family.sorted) return;
  if (family.prefixes.length > 0) {
    if (family.prefixes[0]!.family === 'ipv4') sortIpv4(family as unknown as FamilyEntries<T, number>);
    else sortIpv6(family as unknown as FamilyEntries<T, bigint>);
  }
  family.sorted = true;
}

function sortIpv4<T>(family: FamilyEntries<T, number>): void {
  const { firsts, lasts } = family;
  const n = firsts.length;
  const order = (family.order = sortByStart(firsts));
  const starts = (family.starts = new Float64Array(n));
  const ends = (family.ends = new Float64Array(n));
  for (let k = 0; k < n; k++) {
    starts[k] = firsts[order[k]!]!;
    ends[k] = lasts[order[k]!]!;
  }
  forgetLengths(family);
}

function sortIpv6<T>(family: FamilyEntries<T, bigint>): void {
  const { firsts, lasts } = family;
  family.order = Int32Array.from(firsts.map((_, i) => i).sort((a, b) => (firsts[a]! < firsts[b]! ? -1 : firsts[a]! > firsts[b]! ? 1 : a - b)));
  family.starts = Array.from(family.order, (i) => firsts[i]!);
  family.ends = Array.from(family.order, (i) => lasts[i]!);
  forgetLengths(family);
}

/** The prefix lengths present, after additions; the maps by length are made again when asked for. */
function forgetLengths<T, N extends number | bigint>(family: FamilyEntries<T, N>): void {
  family.byLength?.clear();
  family.lengths = [...new Set(family.prefixes.map((p) => p.length))].sort((a, b) => b - a);
}

/** The places in `prefixes` of one prefix length by network number, each network's in the order added. */
function ofLength<T, N extends number | bigint>(family: FamilyEntries<T, N>, length: number): Map<N, number[]> {
  family.byLength ??= new Map();
  let map = family.byLength.get(length);
  if (map) return map;
  map = new Map();
  family.prefixes.forEach((prefix, i) => {
    if (prefix.length !== length) return;
    const key = networkKey(prefix, length) as N;
    const list = map!.get(key);
    if (list) list.push(i);
    else map!.set(key, [i]);
  });
  family.byLength.set(length, map);
  return map;
}

function checkGroup(group: number): void {
  if (!Number.isInteger(group) || group < 0) throw new RangeError(`a prefix group is a whole number from 0, not ${group}`);
}

/** An IPv4 prefix given as numbers must be a network: a length from 0 to 32, and no host bits in its first address. */
function checkIpv4(first: number, length: number): void {
  const size = IPV4_BLOCK_SIZE[length];
  if (size === undefined || !Number.isInteger(length) || !(first >= 0 && first < 2 ** 32) || first % size !== 0) {
    throw new RangeError(`an IPv4 prefix as numbers is a network's first address and a length from 0 to 32, not ${first}/${length}`);
  }
}

/**
 * Prefixes numbered by the caller and kept in groups (an edge's links, say), for `findOverlapping`
 * within one group: the first entry, in `PrefixIndex.overlapping`'s order, among that group's prefixes,
 * with a few typed arrays for all the IPv4 entries of all groups instead of an object per entry and
 * an index per group. A rule that looks up each of tens of thousands of link subnets among tens of
 * thousands of others spent most of its time making and reading those objects. IPv6 prefixes, rare
 * in a topology, go to a `PrefixIndex` per group.
 */
export class GroupedPrefixIndex {
  private count = 0;
  private firsts: Float64Array;
  private lengths: Uint8Array;
  private values: Int32Array;
  private groups: Int32Array;
  private groupCount = 0;
  private sorted = true;
  // In order by group, then first address, then the order added: each group's entries are one run.
  private runStarts = new Int32Array(1);
  private sortedFirsts = new Float64Array(0);
  private sortedLasts = new Float64Array(0);
  private sortedLengths = new Uint8Array(0);
  private sortedValues = new Int32Array(0);
  /** The IPv4 prefix lengths present, longest first. */
  private lengthsPresent: number[] = [];
  private readonly ipv6 = new Map<number, PrefixIndex<number>>();

  /**
   * Room for `expected` IPv4 entries before the columns grow. A caller that knows about how many it
   * will add says so: grown by doubling from 16 to the workspace's tens of thousands of links, the
   * columns were a tenth of a rule's time, each larger copy in memory the process touched anew.
   * Room never written to costs next to nothing: the system gives such pages only when touched.
   */
  constructor(expected = 16) {
    const capacity = expected > 16 && Number.isFinite(expected) ? Math.ceil(expected) : 16;
    this.firsts = new Float64Array(capacity);
    this.lengths = new Uint8Array(capacity);
    this.values = new Int32Array(capacity);
    this.groups = new Int32Array(capacity);
  }

  /** Adds a prefix with its number, to group `group` (a whole number from 0). */
  add(prefix: Prefix, value: number, group = 0): void {
    if (prefix.family === 'ipv4') {
      this.addIpv4(prefix.first as number, prefix.length, value, group);
      return;
    }
    checkGroup(group);
    let index = this.ipv6.get(group);
    if (!index) this.ipv6.set(group, (index = new PrefixIndex<number>()));
    index.add(prefix, value);
  }

  /**
   * `add` for an IPv4 prefix given as its first address (the network, host bits clear) and length:
   * a caller that keeps its prefixes as numbers need not make a `Prefix` for each.
   */
  addIpv4(first: number, length: number, value: number, group = 0): void {
    checkGroup(group);
    checkIpv4(first, length);
    if (this.count === this.firsts.length) this.grow();
    const i = this.count++;
    this.firsts[i] = first;
    this.lengths[i] = length;
    this.values[i] = value;
    this.groups[i] = group;
    if (group >= this.groupCount) this.groupCount = group + 1;
    this.sorted = false;
  }

  /**
   * The number of the first entry of group `group`, in `PrefixIndex.overlapping`'s order (around the
   * query, longest first, then inside it, by first address; ties in the order added), that shares an
   * address with the query and that `accept` takes; -1 when there is none. It stops there, so a
   * subnet many entries share costs no more than one. `accept` must have no side effects.
   */
  findOverlapping(query: Prefix, accept: (value: number) => boolean, group = 0): number {
    if (query.family === 'ipv4') return this.findOverlappingIpv4(query.first as number, query.length, accept, group);
    const overlapping = this.ipv6.get(group)?.overlapping(query) ?? [];
    for (let i = 0; i < overlapping.length; i++) if (accept(overlapping[i]!.value)) return overlapping[i]!.value;
    return -1;
  }

  /** `findOverlapping` for an IPv4 query given as its first address (the network) and length, as `addIpv4` takes them. */
  findOverlappingIpv4(first: number, queryLength: number, accept: (value: number) => boolean, group = 0): number {
    checkIpv4(first, queryLength);
    if (group >= this.groupCount) return -1;
    this.sort();
    const firsts = this.sortedFirsts;
    const lengths = this.sortedLengths;
    const values = this.sortedValues;
    const low = this.runStarts[group]!;
    const high = this.runStarts[group + 1]!;
    const last = first + IPV4_BLOCK_SIZE[queryLength]! - 1;
    // Entries around the query, longest first: of one length, they all start where the query's
    // first address, cut to that length, starts.
    for (const length of this.lengthsPresent) {
      if (length >= queryLength) continue;
      const size = IPV4_BLOCK_SIZE[length]!;
      const start = Math.floor(first / size) * size;
      for (let k = firstAtLeast(firsts, start, low, high); k < high && firsts[k] === start; k++) {
        if (lengths[k] === length && accept(values[k]!)) return values[k]!;
      }
    }
    // Entries inside it, by first address.
    for (let k = firstAtLeast(firsts, first, low, high); k < high && firsts[k]! <= last; k++) {
      if (this.sortedLasts[k]! > last) continue;
      if (accept(values[k]!)) return values[k]!;
    }
    return -1;
  }

  private grow(): void {
    const size = this.firsts.length * 2;
    const firsts = new Float64Array(size);
    const lengths = new Uint8Array(size);
    const values = new Int32Array(size);
    const groups = new Int32Array(size);
    firsts.set(this.firsts);
    lengths.set(this.lengths);
    values.set(this.values);
    groups.set(this.groups);
    this.firsts = firsts;
    this.lengths = lengths;
    this.values = values;
    this.groups = groups;
  }

  /** Orders the entries by first address (ties in the order added), then, keeping that order, by group. */
  private sort(): void {
    if (this.sorted) return;
    const n = this.count;
    const byFirst = sortByStart(this.firsts.subarray(0, n));
    const runStarts = new Int32Array(this.groupCount + 1);
    for (let i = 0; i < n; i++) runStarts[this.groups[i]! + 1]!++;
    for (let g = 0; g < this.groupCount; g++) runStarts[g + 1]! += runStarts[g]!;
    const next = runStarts.slice(0, this.groupCount);
    this.sortedFirsts = new Float64Array(n);
    this.sortedLasts = new Float64Array(n);
    this.sortedLengths = new Uint8Array(n);
    this.sortedValues = new Int32Array(n);
    const present = new Set<number>();
    for (let j = 0; j < n; j++) {
      const i = byFirst[j]!;
      const k = next[this.groups[i]!]!++;
      const length = this.lengths[i]!;
      this.sortedFirsts[k] = this.firsts[i]!;
      this.sortedLasts[k] = this.firsts[i]! + IPV4_BLOCK_SIZE[length]! - 1;
      this.sortedLengths[k] = length;
      this.sortedValues[k] = this.values[i]!;
      present.add(length);
    }
    this.runStarts = runStarts;
    this.lengthsPresent = [...present].sort((a, b) => b - a);
    this.sorted = true;
  }
}
