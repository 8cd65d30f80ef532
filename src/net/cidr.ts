/** IP prefix arithmetic for rules and registry data, on top of ipaddr.js (no hand-written parsing). */
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** A parsed prefix: family, the address as written, and its length. */
export interface Prefix {
  family: 'ipv4' | 'ipv6';
  address: Address;
  length: number;
}

/** Parses `a.b.c.d/n` or an IPv6 prefix; undefined when it is not one (the schema reports that). */
export function parsePrefix(text: string): Prefix | undefined {
  try {
    const [address, length] = ipaddr.parseCIDR(text);
    return { family: address.kind(), address, length };
  } catch {
    return undefined;
  }
}

/** True when `inner` lies entirely inside `outer` (same family, at least as long, matching bits). */
export function prefixContains(outer: string | Prefix, inner: string | Prefix): boolean {
  const o = typeof outer === 'string' ? parsePrefix(outer) : outer;
  const i = typeof inner === 'string' ? parsePrefix(inner) : inner;
  if (!o || !i || o.family !== i.family || i.length < o.length) return false;
  return (i.address as ipaddr.IPv4).match(o.address as ipaddr.IPv4, o.length);
}

/** True when the two prefixes share any address (for CIDR blocks: one contains the other). */
export function prefixesOverlap(a: string | Prefix, b: string | Prefix): boolean {
  return prefixContains(a, b) || prefixContains(b, a);
}

/** The prefix with its host bits cleared, as text (`10.0.0.4/30` for `10.0.0.5/30`). */
export function networkOf(prefix: Prefix): string {
  const bits = bitsOf(prefix.address).slice(0, prefix.length).padEnd(prefix.family === 'ipv4' ? 32 : 128, '0');
  return `${addressFromBits(bits, prefix.family).toString()}/${prefix.length}`;
}

/** True when the prefix is written as its network address (no host bits set). */
export function isNetworkAddress(prefix: Prefix): boolean {
  return !bitsOf(prefix.address).slice(prefix.length).includes('1');
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
  const own = prefix.address.range();
  if (own !== 'unicast') return { range: own, contains: false };
  // The range tables ipaddr.js classifies with; its typings do not declare them.
  const ranges = ((prefix.family === 'ipv4' ? ipaddr.IPv4 : ipaddr.IPv6).prototype as unknown as { SpecialRanges: Record<string, [Address, number] | [Address, number][]> }).SpecialRanges;
  for (const [name, entry] of Object.entries(ranges)) {
    const list = (Array.isArray(entry[0]) ? entry : [entry]) as [Address, number][];
    for (const [address, length] of list) {
      if (prefixContains(prefix, { family: prefix.family, address, length })) return { range: name, contains: true };
    }
  }
  return undefined;
}

function bitsOf(address: Address): string {
  return address.toByteArray().map((b) => b.toString(2).padStart(8, '0')).join('');
}

function addressFromBits(bits: string, family: 'ipv4' | 'ipv6'): Address {
  const bytes = bits.match(/.{8}/g)!.map((b) => parseInt(b, 2));
  return family === 'ipv4' ? new ipaddr.IPv4(bytes) : new ipaddr.IPv6(bytes);
}

/**
 * A set of prefixes with values, for lookups that stay fast on tens of thousands of entries:
 * `covering` walks the at most 33 or 129 shorter-or-equal prefixes of the query through a hash
 * map; `within` binary-searches entries sorted by their first address. No pairwise comparison.
 */
export class PrefixIndex<T> {
  private readonly byKey = new Map<string, { prefix: Prefix; value: T }[]>();
  private readonly sorted: { family: string; start: string; end: string; prefix: Prefix; value: T }[] = [];
  private dirty = false;

  /** Adds a prefix with its value; a prefix that does not parse is ignored. */
  add(text: string, value: T): void {
    const prefix = parsePrefix(text);
    if (!prefix) return;
    const key = keyOf(prefix, prefix.length);
    const list = this.byKey.get(key);
    if (list) list.push({ prefix, value });
    else this.byKey.set(key, [{ prefix, value }]);
    const bits = bitsOf(prefix.address);
    this.sorted.push({
      family: prefix.family, prefix, value,
      start: bits.slice(0, prefix.length).padEnd(bits.length, '0'),
      end: bits.slice(0, prefix.length).padEnd(bits.length, '1'),
    });
    this.dirty = true;
  }

  /** Entries whose prefix contains the query (equal included), longest first. */
  covering(query: string | Prefix): { prefix: Prefix; value: T }[] {
    const prefix = typeof query === 'string' ? parsePrefix(query) : query;
    if (!prefix) return [];
    const found: { prefix: Prefix; value: T }[] = [];
    for (let length = prefix.length; length >= 0; length--) found.push(...(this.byKey.get(keyOf(prefix, length)) ?? []));
    return found;
  }

  /** Entries inside the query (equal included). */
  within(query: string | Prefix): { prefix: Prefix; value: T }[] {
    const prefix = typeof query === 'string' ? parsePrefix(query) : query;
    if (!prefix) return [];
    if (this.dirty) {
      this.sorted.sort((a, b) => (a.family + a.start < b.family + b.start ? -1 : a.family + a.start > b.family + b.start ? 1 : 0));
      this.dirty = false;
    }
    const bits = bitsOf(prefix.address);
    const start = prefix.family + bits.slice(0, prefix.length).padEnd(bits.length, '0');
    const end = bits.slice(0, prefix.length).padEnd(bits.length, '1');
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.sorted[mid]!.family + this.sorted[mid]!.start < start) low = mid + 1;
      else high = mid;
    }
    const found: { prefix: Prefix; value: T }[] = [];
    for (let i = low; i < this.sorted.length; i++) {
      const entry = this.sorted[i]!;
      if (entry.family !== prefix.family || entry.start > end) break;
      if (entry.end <= end && entry.prefix.length >= prefix.length) found.push({ prefix: entry.prefix, value: entry.value });
    }
    return found;
  }

  /** Entries that share any address with the query. */
  overlapping(query: string | Prefix): { prefix: Prefix; value: T }[] {
    const prefix = typeof query === 'string' ? parsePrefix(query) : query;
    if (!prefix) return [];
    const inside = this.within(prefix);
    return [...this.covering(prefix).filter((c) => c.prefix.length < prefix.length), ...inside];
  }
}

function keyOf(prefix: Prefix, length: number): string {
  return `${prefix.family}/${length}/${bitsOf(prefix.address).slice(0, length)}`;
}
