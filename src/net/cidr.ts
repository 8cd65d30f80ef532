/** IP prefix arithmetic for rules, on top of ipaddr.js (no hand-written address parsing). */
import ipaddr from 'ipaddr.js';

/** A parsed prefix: family, the address as written, and its length. */
export interface Prefix {
  family: 'ipv4' | 'ipv6';
  address: ipaddr.IPv4 | ipaddr.IPv6;
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
export function prefixContains(outer: string, inner: string): boolean {
  const o = parsePrefix(outer);
  const i = parsePrefix(inner);
  if (!o || !i || o.family !== i.family || i.length < o.length) return false;
  return (i.address as ipaddr.IPv4).match(o.address as ipaddr.IPv4, o.length);
}
