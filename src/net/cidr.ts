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

/** An IPv4 address's four bytes as one unsigned number. */
function ipv4Number(bytes: readonly number[]): number {
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

/** A prefix of an address and length, with its bounds worked out once. */
function makePrefix(address: Address, length: number): Prefix {
  const bytes = address.toByteArray();
  if (address.kind() === 'ipv4') {
    const value = ipv4Number(bytes);
    const size = 2 ** (32 - length);
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
    const size = 2 ** (32 - length);
    this.value = value;
    this.first = Math.floor(value / size) * size;
    this.last = this.first + size - 1;
    this.isNetwork = this.first === value;
    Object.freeze(this);
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
 * character by character; undefined for any other text. The schema's `ipv4-cidr` format takes
 * this form without asking ipaddr.js.
 */
export function readDottedDecimal(text: string): Prefix | undefined {
  const n = text.length;
  // `0.0.0.0/0` to `255.255.255.255/32`.
  if (n < 9 || n > 18) return undefined;
  let value = 0;
  let i = 0;
  for (let part = 0; part < 5; part++) {
    const start = i;
    let number = 0;
    for (let c = text.charCodeAt(i); i < n && c >= DIGIT_0 && c <= DIGIT_9; c = text.charCodeAt(++i)) number = number * 10 + (c - DIGIT_0);
    const digits = i - start;
    if (digits === 0 || (digits > 1 && text.charCodeAt(start) === DIGIT_0)) return undefined;
    if (part === 4) return i === n && digits <= 2 && number <= 32 ? new DottedDecimalPrefix(value, number) : undefined;
    if (digits > 3 || number > 255 || text.charCodeAt(i) !== (part === 3 ? SLASH : PERIOD)) return undefined;
    value = value * 256 + number;
    i++;
  }
  return undefined;
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
  const own = prefix.family === 'ipv4' ? ipv4Range(prefix) : prefix.address.range();
  if (own !== 'unicast') return { range: own, contains: false };
  for (const [name, special] of specialRanges()[prefix.family]) {
    if (special.length >= prefix.length && prefixContains(prefix, special)) return { range: name, contains: true };
  }
  return undefined;
}

/**
 * What ipaddr.js's `range()` says of an IPv4 prefix's address: the first range of its table that
 * holds the address, in the table's order, else `unicast`. Worked out from numbers: no ipaddr.js
 * address to build, no bit matching a range at a time.
 */
function ipv4Range(prefix: Prefix): string {
  const value = prefix instanceof DottedDecimalPrefix ? prefix.value : ipv4Number(prefix.address.toByteArray());
  for (const [name, range] of specialRanges().ipv4) if (value >= (range.first as number) && value <= (range.last as number)) return name;
  return 'unicast';
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
  if (prefix.family === 'ipv4') return length === 0 ? 0 : Math.floor((prefix.first as number) / 2 ** (32 - length));
  return (prefix.first as bigint) >> BigInt(128 - length);
}

export interface PrefixEntry<T> {
  prefix: Prefix;
  value: T;
  start: number | bigint;
  end: number | bigint;
}

// An IPv4 start address and an entry's place in the order added, as one whole number below 2^53.
const ORDER_BITS = 21;
const ORDER_SPAN = 2 ** ORDER_BITS;

/**
 * IPv4 entries sorted by first address, ties in the order added, and their first addresses. Each
 * entry becomes one number, its start and its place: a typed array sorts numbers natively, where a
 * comparator is a call into JavaScript for each of the million comparisons that sort tens of
 * thousands of link subnets.
 */
export function sortByStart<T>(added: readonly PrefixEntry<T>[], orderSpan = ORDER_SPAN): { sorted: PrefixEntry<T>[]; starts: Float64Array<ArrayBuffer> } {
  const n = added.length;
  const starts = new Float64Array(n);
  // Past two million entries the numbers would not be whole: a comparator then.
  if (n >= orderSpan) {
    const sorted = added.slice().sort((a, b) => (a.start as number) - (b.start as number));
    for (let i = 0; i < n; i++) starts[i] = sorted[i]!.start as number;
    return { sorted, starts };
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (added[i]!.start as number) * orderSpan + i;
  keys.sort();
  const sorted = new Array<PrefixEntry<T>>(n);
  for (let i = 0; i < n; i++) {
    const entry = added[keys[i]! % orderSpan]!;
    sorted[i] = entry;
    starts[i] = entry.start as number;
  }
  return { sorted, starts };
}

/**
 * A set of prefixes with values, for lookups that stay fast on tens of thousands of entries:
 * `covering` looks up the at most 33 or 129 shorter-or-equal prefixes of the query in hash maps
 * keyed by network number; `within` binary-searches entries sorted by first address. No pairwise
 * comparison, no string arithmetic. The sorting and the maps wait for the first lookup, and a map
 * of one length for a lookup that needs it: link subnets, all /30, only ever look for shorter
 * prefixes around them and never need the map of their own length.
 */
export class PrefixIndex<T> {
  /** Entries per family in the order added: the order of the entries of one network in a map. */
  private readonly added = { ipv4: [] as PrefixEntry<T>[], ipv6: [] as PrefixEntry<T>[] };
  private readonly sorted = { ipv4: [] as PrefixEntry<T>[], ipv6: [] as PrefixEntry<T>[] };
  // The first addresses of `sorted`, in its order. A search over tens of thousands of link subnets
  // would otherwise touch an entry object, scattered over the heap, at each of its steps.
  private starts = { ipv4: new Float64Array(0), ipv6: [] as bigint[] };
  private readonly byLength = { ipv4: new Map<number, Map<number | bigint, PrefixEntry<T>[]>>(), ipv6: new Map<number, Map<number | bigint, PrefixEntry<T>[]>>() };
  /** The prefix lengths present per family, longest first. */
  private readonly lengths = { ipv4: [] as number[], ipv6: [] as number[] };
  private dirty = false;

  /** Adds a prefix with its value; a prefix that does not parse is ignored. */
  add(text: string | Prefix, value: T): void {
    const prefix = typeof text === 'string' ? parsePrefix(text) : text;
    if (!prefix) return;
    this.added[prefix.family].push({ prefix, value, start: prefix.first, end: prefix.last });
    this.dirty = true;
  }

  /** Entries whose prefix contains the query (equal included), longest first. */
  covering(query: string | Prefix): { prefix: Prefix; value: T }[] {
    const prefix = typeof query === 'string' ? parsePrefix(query) : query;
    return prefix ? [...this.coveringEntries(prefix)].map(({ prefix: p, value }) => ({ prefix: p, value })) : [];
  }

  /** Entries inside the query (equal included). */
  within(query: string | Prefix): { prefix: Prefix; value: T }[] {
    const prefix = typeof query === 'string' ? parsePrefix(query) : query;
    return prefix ? [...this.withinEntries(prefix)].map(({ prefix: p, value }) => ({ prefix: p, value })) : [];
  }

  /**
   * The first entry, in `overlapping` order, that shares an address with the query and that
   * `accept` takes; it stops there, so a subnet many entries share costs no more than one.
   */
  findOverlapping(query: string | Prefix, accept: (value: T) => boolean): { prefix: Prefix; value: T } | undefined {
    const prefix = typeof query === 'string' ? parsePrefix(query) : query;
    if (!prefix) return undefined;
    // Loops rather than the generators below: this runs once per link of a whole workspace.
    for (const length of this.lengthsOf(prefix.family)) {
      if (length >= prefix.length) continue;
      const hits = this.ofLength(prefix.family, length).get(networkKey(prefix, length));
      if (hits) for (const entry of hits) if (accept(entry.value)) return { prefix: entry.prefix, value: entry.value };
    }
    const list = this.sortedList(prefix.family);
    const end = prefix.last;
    for (let i = this.firstIndex(prefix); i < list.length && list[i]!.start <= end; i++) {
      const entry = list[i]!;
      if (entry.end <= end && accept(entry.value)) return { prefix: entry.prefix, value: entry.value };
    }
    return undefined;
  }

  /** Sorts the entries and forgets the maps after additions (ties keep the order added). */
  private refresh(): void {
    if (!this.dirty) return;
    const { sorted: ipv4, starts: ipv4Starts } = sortByStart(this.added.ipv4);
    this.sorted.ipv4 = ipv4;
    this.sorted.ipv6 = this.added.ipv6.slice().sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    this.starts = { ipv4: ipv4Starts, ipv6: this.sorted.ipv6.map((e) => e.start as bigint) };
    for (const family of ['ipv4', 'ipv6'] as const) {
      this.byLength[family].clear();
      this.lengths[family] = [...new Set(this.added[family].map((e) => e.prefix.length))].sort((a, b) => b - a);
    }
    this.dirty = false;
  }

  /** The entries of a family sorted by first address. */
  private sortedList(family: 'ipv4' | 'ipv6'): PrefixEntry<T>[] {
    this.refresh();
    return this.sorted[family];
  }

  /** The prefix lengths present in a family, longest first. */
  private lengthsOf(family: 'ipv4' | 'ipv6'): number[] {
    this.refresh();
    return this.lengths[family];
  }

  /** The entries of one prefix length by network number, each network's in the order added. */
  private ofLength(family: 'ipv4' | 'ipv6', length: number): Map<number | bigint, PrefixEntry<T>[]> {
    let map = this.byLength[family].get(length);
    if (map) return map;
    map = new Map();
    for (const entry of this.added[family]) {
      if (entry.prefix.length !== length) continue;
      const key = networkKey(entry.prefix, length);
      const list = map.get(key);
      if (list) list.push(entry);
      else map.set(key, [entry]);
    }
    this.byLength[family].set(length, map);
    return map;
  }

  /** Where the entries starting at or after the prefix's first address begin in its family's sorted list. */
  private firstIndex(prefix: Prefix): number {
    return prefix.family === 'ipv4' ? firstAtLeast(this.starts.ipv4, prefix.first as number) : firstAtLeast(this.starts.ipv6, prefix.first as bigint);
  }

  private *coveringEntries(prefix: Prefix): Generator<PrefixEntry<T>> {
    for (const length of this.lengthsOf(prefix.family)) {
      if (length > prefix.length) continue;
      const hits = this.ofLength(prefix.family, length).get(networkKey(prefix, length));
      if (hits) yield* hits;
    }
  }

  private *withinEntries(prefix: Prefix): Generator<PrefixEntry<T>> {
    const list = this.sortedList(prefix.family);
    const end = prefix.last;
    for (let i = this.firstIndex(prefix); i < list.length && list[i]!.start <= end; i++) {
      const entry = list[i]!;
      if (entry.end <= end) yield entry;
    }
  }

  /** Entries that share any address with the query. */
  overlapping(query: string | Prefix): { prefix: Prefix; value: T }[] {
    const prefix = typeof query === 'string' ? parsePrefix(query) : query;
    if (!prefix) return [];
    return [...this.covering(prefix).filter((c) => c.prefix.length < prefix.length), ...this.within(prefix)];
  }
}
