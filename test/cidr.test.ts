/**
 * The prefix helpers against ipaddr.js itself: the dotted-decimal shortcut of `parsePrefix` and the
 * byte arithmetic of `networkOf` must agree with the library on every input.
 */
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { GroupedPrefixIndex, isDottedDecimal, readDottedDecimal, isNetworkAddress, nonPublicRange, networkOf, parsePrefix, prefixContains, PrefixIndex, sameNetwork, sortByStart } from '../src/net/cidr.js';

function reference(text: string): { bytes: number[]; length: number } | undefined {
  try {
    const [address, length] = text.includes(':') ? ipaddr.IPv6.parseCIDR(text) : ipaddr.IPv4.parseCIDR(text);
    return { bytes: address.toByteArray(), length };
  } catch {
    return undefined;
  }
}

const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.constantFrom('010', '0x1f', '256', '00', '-1', ''));
const v4text = fc.tuple(octet, octet, octet, octet, fc.oneof(fc.integer({ min: 0, max: 32 }).map(String), fc.constantFrom('33', '08', '', '-1')))
  .map(([a, b, c, d, n]) => `${a}.${b}.${c}.${d}/${n}`);
const v6text = fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([a, n]) => `${a}/${n}`);

describe('prefix helpers', () => {
  it('parse what ipaddr.js parses, to the same address and length', () => {
    fc.assert(fc.property(fc.oneof(v4text, v6text, fc.string()), (text) => {
      const ours = parsePrefix(text);
      const theirs = reference(text);
      expect(ours ? { bytes: ours.address.toByteArray(), length: ours.length } : undefined).toEqual(theirs);
    }), { numRuns: 3000 });
  });

  it('give the network address ipaddr.js gives', () => {
    fc.assert(fc.property(fc.oneof(v4text, v6text), (text) => {
      const prefix = parsePrefix(text);
      if (!prefix) return;
      const Family = prefix.family === 'ipv4' ? ipaddr.IPv4 : ipaddr.IPv6;
      const network = (Family as typeof ipaddr.IPv4).networkAddressFromCIDR(`${prefix.address.toString()}/${prefix.length}`);
      expect(networkOf(prefix)).toBe(`${network.toString()}/${prefix.length}`);
      expect(isNetworkAddress(prefix)).toBe(network.toString() === prefix.address.toString());
    }), { numRuns: 3000 });
  });

  it('compare prefixes as ipaddr.js matches them', () => {
    const nearby = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 32 }))
      .map(([b, d, n]) => `10.${b}.0.${d}/${n}`);
    const nearbyV6 = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 128 })).map(([b, n]) => `2001:db8::${b}/${n}`);
    fc.assert(fc.property(fc.oneof(nearby, nearbyV6, v4text), fc.oneof(nearby, nearbyV6, v4text), (a, b) => {
      const pa = parsePrefix(a);
      const pb = parsePrefix(b);
      if (!pa || !pb) return;
      const contains = pa.family === pb.family && pb.length >= pa.length && (pb.address as ipaddr.IPv4).match(pa.address as ipaddr.IPv4, pa.length);
      expect(prefixContains(pa, pb)).toBe(contains);
      expect(sameNetwork(pa, pb)).toBe(networkOf(pa) === networkOf(pb));
    }), { numRuns: 3000 });
  });

  it('hand out frozen prefixes: one object per text where parsing goes through ipaddr.js, a new one for plain dotted decimal', () => {
    const v6 = parsePrefix('2001:db8::/32');
    expect(parsePrefix('2001:db8::/32')).toBe(v6);
    // An octal octet (`010` is 8) is not plain dotted decimal.
    const octal = parsePrefix('010.0.0.0/8');
    expect(octal?.first).toBe(8 * 2 ** 24);
    expect(parsePrefix('010.0.0.0/8')).toBe(octal);
    const plain = parsePrefix('10.0.0.0/8');
    expect(parsePrefix('10.0.0.0/8')).toEqual(plain);
    // Shared prefixes cannot be changed; a plain one is made afresh for each parse, so is shared by no one.
    for (const prefix of [v6, octal]) expect(Object.isFrozen(prefix)).toBe(true);
    expect(parsePrefix('10.0.0.0/8')).not.toBe(plain);
    expect(parsePrefix('10.0.0.0/33')).toBeUndefined();
  });

  // Few third octets, so that prefixes often share a first address or nest.
  const nestingV4 = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, 1, 4, 16, 17, 64, 255), fc.integer({ min: 20, max: 32 }))
    .map(([b, c, n]) => `10.${b}.${c}.0/${n}`);

  // The overlap orders of `PrefixIndex`, and the first entry a test accepts in that order as the
  // grouped index finds it (one group here).
  it.each([
    ['a few entries', { maxLength: 32 }],
    ['many entries', { minLength: 33, maxLength: 120 }],
  ])('find the first overlapping entry a test accepts, as a full overlap search would (%s)', (_, size) => {
    const small = nestingV4;
    fc.assert(fc.property(fc.array(fc.tuple(small, fc.integer({ min: 0, max: 5 })), size), small, fc.integer({ min: 0, max: 5 }), (entries, query, owner) => {
      const index = new PrefixIndex<{ owner: number; n: number }>();
      const grouped = new GroupedPrefixIndex();
      // Half the entries, a lookup, then the rest: the indexes sort and map again after additions.
      entries.forEach(([text, o], n) => {
        if (n === entries.length >> 1) {
          index.overlapping(query);
          grouped.findOverlapping(parsePrefix(query)!, () => true);
        }
        index.add(text, { owner: o, n });
        grouped.add(parsePrefix(text)!, n);
      });
      const accept = (v: { owner: number }) => v.owner !== owner;
      const overlapping = index.overlapping(query).map((h) => h.value);
      // Every entry that shares an address, by ipaddr.js: the index finds the same ones.
      const q = parsePrefix(query)!;
      const brute = entries.flatMap(([text, o], n) => {
        const e = parsePrefix(text)!;
        const shorter = e.length <= q.length ? e : q;
        const longer = shorter === e ? q : e;
        return (longer.address as ipaddr.IPv4).match(shorter.address as ipaddr.IPv4, shorter.length) ? [{ owner: o, n }] : [];
      });
      expect([...overlapping].sort((x, y) => x.n - y.n)).toEqual(brute);
      expect(grouped.findOverlapping(q, (n) => accept({ owner: entries[n]![1] }))).toBe(overlapping.find(accept)?.n ?? -1);
      // Covering entries come longest first, those of one length in the order added.
      const covering = brute.filter(({ n }) => parsePrefix(entries[n]![0])!.length <= q.length)
        .sort((x, y) => parsePrefix(entries[y.n]![0])!.length - parsePrefix(entries[x.n]![0])!.length || x.n - y.n);
      expect(index.covering(query).map((h) => h.value)).toEqual(covering);
      // Entries inside the query come by first address, those of one address in the order added.
      const inside = brute.filter(({ n }) => parsePrefix(entries[n]![0])!.length >= q.length)
        .sort((x, y) => (parsePrefix(entries[x.n]![0])!.first as number) - (parsePrefix(entries[y.n]![0])!.first as number) || x.n - y.n);
      expect(index.within(query).map((h) => h.value)).toEqual(inside);
    }), { numRuns: 1000 });
  });

  it.each([
    ['a few entries a group', { maxLength: 40 }],
    ['many entries a group', { minLength: 100, maxLength: 300 }],
  ])('grouped, find in a group what an index of that group alone finds (%s)', (_, size) => {
    const v6 = fc.tuple(fc.constantFrom('2001:db8::', '2001:db8:0:1::', '2001:db8::4'), fc.integer({ min: 48, max: 128 })).map(([a, n]) => `${a}/${n}`);
    const text = fc.oneof({ weight: 5, arbitrary: nestingV4 }, { weight: 1, arbitrary: v6 });
    // Room for fewer entries than are added, or for more: the columns grow, or are never full.
    const expected = fc.oneof(fc.integer({ min: -1, max: 400 }), fc.constantFrom(Number.NaN, 2.5, Number.POSITIVE_INFINITY));
    fc.assert(fc.property(fc.array(fc.tuple(text, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 })), size), fc.array(fc.tuple(text, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 8 }), expected, (entries, queries, room) => {
      const grouped = new GroupedPrefixIndex();
      // The same entries, the IPv4 ones added and looked up as numbers (`addIpv4`, `findOverlappingIpv4`).
      const byNumbers = new GroupedPrefixIndex(room);
      const byGroup = new Map<number, PrefixIndex<number>>();
      const owners: number[] = [];
      const check = () => {
        for (const [query, group, owner] of queries) {
          const accept = (n: number) => owners[n] !== owner;
          const alone = byGroup.get(group)?.overlapping(query).map((h) => h.value).find(accept) ?? -1;
          const q = parsePrefix(query)!;
          expect(grouped.findOverlapping(q, accept, group), `${query} in group ${group}`).toBe(alone);
          const numbered = q.family === 'ipv4' ? byNumbers.findOverlappingIpv4(q.first as number, q.length, accept, group) : byNumbers.findOverlapping(q, accept, group);
          expect(numbered, `${query} in group ${group}, as numbers`).toBe(alone);
        }
      };
      // Half the entries, lookups, then the rest: the index sorts again after additions.
      entries.forEach(([entry, group, owner], n) => {
        if (n === entries.length >> 1) check();
        owners.push(owner);
        const prefix = parsePrefix(entry)!;
        grouped.add(prefix, n, group);
        if (prefix.family === 'ipv4') byNumbers.addIpv4(prefix.first as number, prefix.length, n, group);
        else byNumbers.add(prefix, n, group);
        if (!byGroup.has(group)) byGroup.set(group, new PrefixIndex<number>());
        byGroup.get(group)!.add(entry, n);
      });
      check();
    }), { numRuns: 500 });
    expect(() => new GroupedPrefixIndex().add(parsePrefix('10.0.0.0/30')!, 0, -1)).toThrow(RangeError);
    expect(() => new GroupedPrefixIndex().addIpv4(0, 30, 0, 1.5)).toThrow(RangeError);
    // As numbers, a prefix is a network: no host bits, a length from 0 to 32.
    expect(() => new GroupedPrefixIndex().addIpv4(5, 30, 0)).toThrow(RangeError);
    expect(() => new GroupedPrefixIndex().addIpv4(0, 33, 0)).toThrow(RangeError);
    expect(() => new GroupedPrefixIndex().findOverlappingIpv4(2 ** 32, 32, () => true)).toThrow(RangeError);
    expect(() => new GroupedPrefixIndex().add(parsePrefix('2001:db8::/126')!, 0, -1)).toThrow(RangeError);
  });

  it('sort by first address, ties in the order added, with or without room to pack the order', () => {
    // A few distinct addresses, so that ties are common, and the highest one.
    const start = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 3 })).map(([first, spread]) => (spread === 0 ? 2 ** 32 - 1 : first % (spread * 7)));
    fc.assert(fc.property(fc.array(start, { maxLength: 60 }), (starts) => {
      const expected = starts.map((_, i) => i).sort((a, b) => starts[a]! - starts[b]! || a - b);
      // Packed (order in 21 bits), and a list too long for a span of 16: the comparator's way.
      for (const order of [sortByStart(starts), sortByStart(starts, 16)]) expect([...order]).toEqual(expected);
    }), { numRuns: 2000, seed: 21 });
  });
});


describe('reading dotted decimal', () => {
  // What parsePrefix read this form with before: one regular expression.
  const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
  const REFERENCE = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}/(3[0-2]|[12]?\\d)$`);
  const reference = (text: string) => {
    const m = REFERENCE.exec(text);
    return m ? { first: Math.floor((((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0) / 2 ** (32 - Number(m[5]))) * 2 ** (32 - Number(m[5])), length: Number(m[5]) } : undefined;
  };
  const read = (text: string) => {
    const p = readDottedDecimal(text);
    return p ? { first: p.first, length: p.length } : undefined;
  };

  it('accepts exactly what the regular expression accepted, with the same numbers', () => {
    const part = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '007', '255', '256', '1000', '', ' 1', '+1', 'a', '1e1', '٣'));
    const separator = fc.constantFrom('.', '.', '.', '/', ':', '', '..');
    fc.assert(fc.property(fc.array(fc.tuple(part, separator), { minLength: 1, maxLength: 6 }), fc.oneof(part, fc.constant('')), (pieces, tail) => {
      const text = pieces.map(([p, s]) => p + s).join('') + tail;
      expect(read(text), text).toEqual(reference(text));
      expect(isDottedDecimal(text), text).toBe(reference(text) !== undefined);
    }), { numRuns: 30000, seed: 11 });
    for (const text of ['0.0.0.0/0', '255.255.255.255/32', '10.0.0.0/8', '10.0.0.0/33', '10.0.0.0/08', '010.0.0.0/8', '1.2.3.4/32\n', '1.2.3/8', '1.2.3.4.5/8', '256.1.1.1/8']) {
      expect(read(text), text).toEqual(reference(text));
    }
  });
});

describe('public address space', () => {
  // What nonPublicRange said before it worked from numbers: ipaddr.js's own classification.
  const reference = (text: string) => {
    const prefix = parsePrefix(text)!;
    const [address, length] = ipaddr.IPv4.parseCIDR(text);
    const own = address.range();
    if (own !== 'unicast') return { range: own, contains: false };
    const table = (ipaddr.IPv4.prototype as unknown as { SpecialRanges: Record<string, [ipaddr.IPv4, number] | [ipaddr.IPv4, number][]> }).SpecialRanges;
    for (const [name, entry] of Object.entries(table)) {
      for (const [special, bits] of (Array.isArray(entry[0]) ? entry : [entry]) as [ipaddr.IPv4, number][]) {
        if (bits >= length && special.match(address, length)) return { range: name, contains: true };
      }
    }
    expect(prefix.length).toBe(length);
    return undefined;
  };

  it('classifies IPv4 prefixes as ipaddr.js does', () => {
    const octet = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 10, 100, 127, 169, 172, 192, 198, 203, 224, 240, 255));
    fc.assert(fc.property(fc.tuple(octet, octet, octet, octet), fc.integer({ min: 0, max: 32 }), (octets, length) => {
      const text = `${octets.join('.')}/${length}`;
      expect(nonPublicRange(parsePrefix(text)!), text).toEqual(reference(text));
    }), { numRuns: 20000, seed: 5 });
    for (const text of ['10.0.0.0/8', '8.0.0.0/6', '0.0.0.0/0', '100.64.0.0/10', '192.0.2.0/24', '40.0.10.128/27', '255.255.255.255/32', '224.0.0.0/4']) {
      expect(nonPublicRange(parsePrefix(text)!), text).toEqual(reference(text));
    }
  });
});
