/**
 * Each peering has two links, primary and secondary, each on its own /30 (IPv6 /126) written as
 * its network address. Private-peering link subnets must not overlap a VNet's address space, and a
 * Microsoft (or public) peering's link subnets serve one circuit only.
 * https://learn.microsoft.com/azure/expressroute/expressroute-routing#ip-addresses-used-for-peerings
 *
 * Azure asks nothing of private-peering link subnets across circuits: each circuit's MSEEs hold the
 * customer's routes in a routing domain of their own, and providers often hand out the same /30 to
 * circuits in different places. The same /30 breaks something only on a customer edge that
 * terminates both peerings, which would hold two interfaces in one subnet: that is a warning (the
 * edge may keep the circuits in separate VRFs), and without an `edge` on both nothing is reported.
 */
import { at, defineRule, GroupedPrefixIndex, isNetworkAddress, networkOf, parsePrefix, sameNetwork, type AzureFacts, type Peering, type Prefix, type Ref, type RuleReport, type VNet } from '../src/rule-kit.js';

// Primary then secondary, IPv4 then IPv6: link `i + 1` is the secondary of primary `i` (i even).
const LINKS = [
  { key: 'primaryPeerAddressPrefix', v6: false, label: 'primary link' },
  { key: 'secondaryPeerAddressPrefix', v6: false, label: 'secondary link' },
  { key: 'primaryPeerAddressPrefix', v6: true, label: 'primary IPv6 link' },
  { key: 'secondaryPeerAddressPrefix', v6: true, label: 'secondary IPv6 link' },
] as const;

/** Where link `slot` of a peering is: made only for a finding, as most links have none. */
function linkAt(peering: Peering, slot: number): Ref {
  const { key, v6 } = LINKS[slot]!;
  return v6 ? at(peering.ref, 'ipv6PeeringConfig', key) : at(peering.ref, key);
}

function linkText(peering: Peering, slot: number): string | undefined {
  const { key, v6 } = LINKS[slot]!;
  return v6 ? peering.ipv6PeeringConfig?.[key] : peering[key];
}

// `LinkTable.flags`.
const REPORTED = 1;
const PRIVATE = 2;
const IPV6 = 4;

export default defineRule({
  id: 'peering-subnets',
  meta: {
    description: 'Peering link subnets have the size Azure requires, are network addresses, and clash with no VNet or other circuit',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      wrongLength: 'The {{label}} of the `{{peeringType}}` of circuit `{{circuit}}` is `{{prefix}}`; each link takes one /{{length}}',
      notNetwork: 'The {{label}} of the `{{peeringType}}` of circuit `{{circuit}}` is `{{prefix}}`, not a network address; write `{{network}}`',
      sameAsPrimary: 'The {{label}} of the `{{peeringType}}` of circuit `{{circuit}}` is `{{prefix}}`, the same subnet as the primary link at {{otherAt}}; the two links need separate subnets',
      overlapsVnet: 'The {{label}} of the `AzurePrivatePeering` of circuit `{{circuit}}` is `{{prefix}}`, which overlaps `{{space}}` of VNet `{{vnet}}` at {{otherAt}}; private-peering link subnets must not overlap Azure address space',
      reusedAcrossCircuits: 'The {{label}} of the `{{peeringType}}` of circuit `{{circuit}}` is `{{prefix}}`, which overlaps `{{other}}` of circuit `{{otherCircuit}}` at {{otherAt}}; Microsoft and public peering need link subnets of their own on each circuit',
      reusedOnEdge: 'The {{label}} of the `AzurePrivatePeering` of circuit `{{circuit}}` is `{{prefix}}`, which overlaps `{{other}}` of circuit `{{otherCircuit}}` at {{otherAt}}, and both peerings terminate on edge `{{edge}}`; one router cannot hold both links in one routing table: give one of the circuits link subnets of its own, or keep the two in separate VRFs',
    },
  },
  check(topology, { facts, isReported, report }) {
    // Three functions, each with one loop over the workspace: V8 optimizes a loop sooner in a small
    // function than in a large one, and each loop runs once, over tens of thousands of links.
    const links = readLinks(topology.peerings, facts.peering.linkPrefixLength.value, isReported, report);
    const vnetSpaces = indexVnetSpaces(topology.vnets);
    reportClashes(topology.peerings, links, vnetSpaces, report);
  },
});

type Report = (report: RuleReport) => void;

/**
 * The workspace's links, numbered in the order read, as columns: the rule reads every link subnet
 * of the workspace, and an object per link (and per parsed prefix) kept to the end of the rule was
 * most of its work and all of its garbage. An IPv4 link is its network's first address and length;
 * the rare IPv6 link keeps its parsed prefix.
 */
interface LinkTable {
  count: number;
  /** The link's peering, by its place in `topology.peerings`. */
  peering: Int32Array;
  /** Which of `LINKS`. */
  slot: Uint8Array;
  /** `REPORTED`, `PRIVATE`, `IPV6`. */
  flags: Uint8Array;
  first: Float64Array;
  length: Uint8Array;
  /** The prefixes of the links flagged `IPV6`, by link. */
  ipv6: Map<number, Prefix>;
  /**
   * Every parsed link, by number, in three indexes, so that a lookup stops at the first link it may
   * report: with one index of all links, a private link would pass over every private link of other
   * edges that shares its subnet, and a provider may give the same /30 to thousands of circuits.
   * Private links are also kept by edge, a group per edge.
   */
  microsoftOrPublic: GroupedPrefixIndex;
  private: GroupedPrefixIndex;
  privateByEdge: GroupedPrefixIndex;
  edgeGroups: Map<string, number>;
}

/** Reads, indexes and checks each link on its own: its length, its network address, the primary and secondary apart. */
function readLinks(peerings: readonly Peering[], lengths: AzureFacts['peering']['linkPrefixLength']['value'], isReported: (ref: Ref) => boolean, report: Report): LinkTable {
  // Room for the IPv4 links of every peering (at least one): IPv6 links, where there are any, make it grow.
  const capacity = Math.max(1, 2 * peerings.length);
  const links: LinkTable = {
    count: 0, peering: new Int32Array(capacity), slot: new Uint8Array(capacity), flags: new Uint8Array(capacity),
    first: new Float64Array(capacity), length: new Uint8Array(capacity), ipv6: new Map(),
    // Each index may take every IPv4 link: room for them all is touched only as far as it is used.
    microsoftOrPublic: new GroupedPrefixIndex(capacity), private: new GroupedPrefixIndex(capacity), privateByEdge: new GroupedPrefixIndex(capacity), edgeGroups: new Map(),
  };
  const { edgeGroups } = links;
  // One peering's parsed links by slot, the same array for every peering: this runs for all of them.
  const slotPrefixes: (Prefix | undefined)[] = LINKS.map(() => undefined);
  for (let p = 0; p < peerings.length; p++) {
    const peering = peerings[p]!;
    const reported = isReported(peering.ref);
    const isPrivate = peering.peeringType === 'AzurePrivatePeering';
    let edgeGroup = -1;
    if (isPrivate && peering.edge !== undefined) {
      const known = edgeGroups.get(peering.edge);
      if (known === undefined) edgeGroups.set(peering.edge, (edgeGroup = edgeGroups.size));
      else edgeGroup = known;
    }
    for (let slot = 0; slot < LINKS.length; slot++) {
      const text = linkText(peering, slot);
      const prefix = text === undefined ? undefined : parsePrefix(text);
      slotPrefixes[slot] = prefix;
      if (!prefix) continue;
      if (links.count === links.peering.length) grow(links);
      const link = links.count++;
      links.peering[link] = p;
      links.slot[link] = slot;
      links.flags[link] = (reported ? REPORTED : 0) | (isPrivate ? PRIVATE : 0) | (prefix.family === 'ipv6' ? IPV6 : 0);
      if (prefix.family === 'ipv6') links.ipv6.set(link, prefix);
      else {
        links.first[link] = prefix.first as number;
        links.length[link] = prefix.length;
      }
      if (!isPrivate) links.microsoftOrPublic.add(prefix, link);
      else {
        links.private.add(prefix, link);
        if (edgeGroup >= 0) links.privateByEdge.add(prefix, link, edgeGroup);
      }
      if (!reported) continue;
      const { label } = LINKS[slot]!;
      const length = prefix.family === 'ipv6' ? lengths.ipv6 : lengths.ipv4;
      const { peeringType } = peering;
      const circuit = peering.circuit.name;
      if (prefix.length !== length) report({ messageId: 'wrongLength', data: { label, peeringType, circuit, prefix: text!, length }, at: linkAt(peering, slot) });
      else if (!isNetworkAddress(prefix)) report({ messageId: 'notNetwork', data: { label, peeringType, circuit, prefix: text!, network: networkOf(prefix) }, at: linkAt(peering, slot) });
    }
    for (let first = 0; reported && first < LINKS.length; first += 2) {
      const primary = slotPrefixes[first];
      const secondary = slotPrefixes[first + 1];
      if (primary && secondary && sameNetwork(primary, secondary)) {
        const primaryAt = linkAt(peering, first);
        report({
          messageId: 'sameAsPrimary',
          data: { label: LINKS[first + 1]!.label, peeringType: peering.peeringType, circuit: peering.circuit.name, prefix: linkText(peering, first + 1)!, otherAt: primaryAt },
          at: linkAt(peering, first + 1), related: [{ at: primaryAt, message: 'the primary link' }],
        });
      }
    }
  }
  return links;
}

/** Doubles the room in the link columns. */
function grow(links: LinkTable): void {
  const size = 2 * links.peering.length;
  const larger = <T extends Int32Array | Uint8Array | Float64Array>(column: T, make: new (size: number) => T): T => {
    const copy = new make(size);
    copy.set(column);
    return copy;
  };
  links.peering = larger(links.peering, Int32Array);
  links.slot = larger(links.slot, Uint8Array);
  links.flags = larger(links.flags, Uint8Array);
  links.first = larger(links.first, Float64Array);
  links.length = larger(links.length, Uint8Array);
}

/** VNet address spaces by number: the `index`th space of `vnet`. */
interface SpaceTable {
  index: GroupedPrefixIndex;
  vnet: VNet[];
  space: number[];
}

function indexVnetSpaces(vnets: readonly VNet[]): SpaceTable {
  const spaces: SpaceTable = { index: new GroupedPrefixIndex(vnets.length), vnet: [], space: [] };
  for (const vnet of vnets) {
    for (let index = 0; index < vnet.addressSpace.length; index++) {
      const space = parsePrefix(vnet.addressSpace[index]!);
      if (!space) continue;
      spaces.index.add(space, spaces.vnet.length);
      spaces.vnet.push(vnet);
      spaces.space.push(index);
    }
  }
  return spaces;
}

const anySpace = () => true;

/** Reports the links that clash with a VNet's address space or with a link of another circuit. */
function reportClashes(peerings: readonly Peering[], links: LinkTable, spaces: SpaceTable, report: Report): void {
  // One test serves every lookup below: it compares with the circuit of the link looked up.
  let lookingFrom: Peering['circuit'] | undefined;
  const onOtherCircuit = (other: number) => peerings[links.peering[other]!]!.circuit !== lookingFrom;
  const findOverlapping = (index: GroupedPrefixIndex, link: number, accept: (value: number) => boolean, group = 0): number => {
    if ((links.flags[link]! & IPV6) !== 0) return index.findOverlapping(links.ipv6.get(link)!, accept, group);
    return index.findOverlappingIpv4(links.first[link]!, links.length[link]!, accept, group);
  };
  // A Microsoft (or public) link on another circuit clashes with any link; two private links only on
  // one edge. The error comes first where a link has both.
  const clashing = (link: number, peering: Peering): number => {
    lookingFrom = peering.circuit;
    const other = findOverlapping(links.microsoftOrPublic, link, onOtherCircuit);
    if (other >= 0) return other;
    if ((links.flags[link]! & PRIVATE) === 0) return findOverlapping(links.private, link, onOtherCircuit);
    const group = peering.edge === undefined ? undefined : links.edgeGroups.get(peering.edge);
    return group === undefined ? -1 : findOverlapping(links.privateByEdge, link, onOtherCircuit, group);
  };
  for (let link = 0; link < links.count; link++) {
    // The indexes hold every link; only the reported ones need their own lookups.
    if ((links.flags[link]! & REPORTED) === 0) continue;
    const peering = peerings[links.peering[link]!]!;
    const slot = links.slot[link]!;
    // Each finding's data is one object literal: this runs for every link of the workspace.
    const { label } = LINKS[slot]!;
    const isPrivate = (links.flags[link]! & PRIVATE) !== 0;
    if (isPrivate) {
      const hit = findOverlapping(spaces.index, link, anySpace);
      if (hit >= 0) {
        const vnet = spaces.vnet[hit]!;
        const index = spaces.space[hit]!;
        const spaceAt = at(vnet.ref, 'addressSpace', index);
        report({
          messageId: 'overlapsVnet', data: { label, peeringType: peering.peeringType, circuit: peering.circuit.name, prefix: linkText(peering, slot)!, space: vnet.addressSpace[index]!, vnet: vnet.name, otherAt: spaceAt },
          at: linkAt(peering, slot), related: [{ at: spaceAt, message: `address space of VNet \`${vnet.name}\`` }],
        });
      }
    }
    const other = clashing(link, peering);
    if (other < 0) continue;
    const otherPeering = peerings[links.peering[other]!]!;
    const otherSlot = links.slot[other]!;
    const otherAt = linkAt(otherPeering, otherSlot);
    const related = [{ at: otherAt, message: `link subnet of circuit \`${otherPeering.circuit.name}\`` }];
    const data = {
      label, peeringType: peering.peeringType, circuit: peering.circuit.name, prefix: linkText(peering, slot)!,
      other: linkText(otherPeering, otherSlot)!, otherCircuit: otherPeering.circuit.name, otherAt,
    };
    if (isPrivate && (links.flags[other]! & PRIVATE) !== 0) {
      report({ messageId: 'reusedOnEdge', data: { ...data, edge: peering.edge! }, at: linkAt(peering, slot), related, severity: 'warn' });
    } else report({ messageId: 'reusedAcrossCircuits', data, at: linkAt(peering, slot), related });
  }
}
