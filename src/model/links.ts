/**
 * What one file offers other files and asks of them: the names it defines and the names it refers
 * to, and the address ranges that a subnet of another file could overlap. It is worked out from the
 * documents that enter the model, so a run that reports on a few files can tell which other files
 * could change a finding in them (`engine/neighbourhood.ts`) without the whole workspace in memory.
 */
import { parsePrefix } from '../net/cidr.js';

export interface FileLinks {
  /**
   * The file's numbers, from `start` to `end`: the name keys (`nameKey`) of every edge, circuit,
   * route filter, VNet and connection it defines; from `referencesStart`, the name keys of every
   * circuit, VNet, edge and route filter its connections and peerings name; from `linksStart`, its
   * IPv4 peering link subnets, and from `spacesStart` its IPv4 VNet address spaces, each as its first
   * and last address.
   * The cache keeps the numbers of all files in one array, which its entries' links point into: one
   * array decodes many times faster than thousands.
   */
  numbers: Float64Array;
  start: number;
  referencesStart: number;
  linksStart: number;
  spacesStart: number;
  end: number;
  /** IPv6 peering link subnets and VNet address spaces, as written. */
  ipv6Links: string[];
  ipv6Spaces: string[];
}

/** A file's links as separate lists. */
export function linkLists(links: FileLinks): { defines: Float64Array; references: Float64Array; links: Float64Array; spaces: Float64Array; ipv6Links: string[]; ipv6Spaces: string[] } {
  const { numbers } = links;
  return {
    defines: numbers.subarray(links.start, links.referencesStart),
    references: numbers.subarray(links.referencesStart, links.linksStart),
    links: numbers.subarray(links.linksStart, links.spacesStart),
    spaces: numbers.subarray(links.spacesStart, links.end),
    ipv6Links: links.ipv6Links,
    ipv6Spaces: links.ipv6Spaces,
  };
}

/**
 * The key of a name of a kind, as `defines` and `references` hold it: a 52-bit hash, which two
 * different names share about once in 10^15 pairs. A workspace's links are read on every run that
 * reports on a few files: a number per name reads and compares many times faster than a string.
 */
export function nameKey(kind: LinkKind, name: string): number {
  // Two 32-bit hashes of `kind:name` (FNV-1a, and a multiply-xorshift with another seed), one cut to 20 bits.
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  const mix = (c: number) => {
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  };
  for (let i = 0; i < kind.length; i++) mix(kind.charCodeAt(i));
  mix(COLON);
  for (let i = 0; i < name.length; i++) mix(name.charCodeAt(i));
  return (a >>> 0) * 2 ** 20 + ((b >>> 0) >>> 12);
}

const COLON = 0x3a;

export type LinkKind = 'edge' | 'circuit' | 'routeFilter' | 'vnet' | 'connection';

type Raw = Record<string, unknown>;

const NAMED_LISTS: readonly [key: string, kind: LinkKind][] = [
  ['edges', 'edge'], ['circuits', 'circuit'], ['routeFilters', 'routeFilter'], ['vnets', 'vnet'], ['connections', 'connection'],
];

/** The links of a file whose schema-valid documents hold `documents` (in the model's raw shapes). */
export function linksOf(documents: readonly unknown[]): FileLinks {
  const defines = new Set<number>();
  const references = new Set<number>();
  const links = { ipv4: [] as number[], ipv6: [] as string[] };
  const spaces = { ipv4: [] as number[], ipv6: [] as string[] };
  const add = (to: typeof links, text: unknown) => {
    if (typeof text !== 'string') return;
    const prefix = parsePrefix(text);
    if (!prefix) return;
    if (prefix.family === 'ipv4') to.ipv4.push(prefix.first as number, prefix.last as number);
    else to.ipv6.push(text);
  };
  for (const data of documents) {
    const root = data as Raw;
    const list = (key: string): Raw[] => (Array.isArray(root[key]) ? (root[key] as Raw[]) : []);
    for (const [key, kind] of NAMED_LISTS) for (const item of list(key)) defines.add(nameKey(kind, String(item.name)));
    for (const circuit of list('circuits')) {
      for (const peering of (Array.isArray(circuit.peerings) ? circuit.peerings : []) as Raw[]) {
        if (typeof peering.edge === 'string') references.add(nameKey('edge', peering.edge));
        if (typeof peering.routeFilter === 'string') references.add(nameKey('routeFilter', peering.routeFilter));
        add(links, peering.primaryPeerAddressPrefix);
        add(links, peering.secondaryPeerAddressPrefix);
        const v6 = peering.ipv6PeeringConfig as Raw | undefined;
        if (v6) {
          add(links, v6.primaryPeerAddressPrefix);
          add(links, v6.secondaryPeerAddressPrefix);
        }
      }
    }
    for (const vnet of list('vnets')) for (const space of (Array.isArray(vnet.addressSpace) ? vnet.addressSpace : []) as unknown[]) add(spaces, space);
    for (const connection of list('connections')) {
      // As the model resolves it: the VNet is what comes before the first `/`.
      references.add(nameKey('vnet', String(connection.gateway).split('/')[0] ?? ''));
      references.add(nameKey('circuit', String(connection.circuit)));
    }
  }
  const numbers = new Float64Array(defines.size + references.size + links.ipv4.length + spaces.ipv4.length);
  let at = 0;
  for (const key of defines) numbers[at++] = key;
  const referencesStart = at;
  for (const key of references) numbers[at++] = key;
  const linksStart = at;
  numbers.set(links.ipv4, at);
  const spacesStart = (at += links.ipv4.length);
  numbers.set(spaces.ipv4, at);
  return { numbers, start: 0, referencesStart, linksStart, spacesStart, end: numbers.length, ipv6Links: links.ipv6, ipv6Spaces: spaces.ipv6 };
}
