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
import { at, defineRule, GroupedPrefixIndex, isNetworkAddress, networkOf, parsePrefix, sameNetwork, type Peering, type Prefix, type Ref, type VNet } from '../src/rule-kit.js';

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
    const lengths = facts.peering.linkPrefixLength.value;
    const { peerings } = topology;
    // The links, numbered in the order read, as columns: the rule reads every link subnet of the
    // workspace, and an object per link (and per parsed prefix) kept to the end of the rule was most of
    // its work and all of its garbage. An IPv4 link is its network's first address and length; the
    // rare IPv6 link keeps its parsed prefix.
    const capacity = peerings.length * LINKS.length;
    const linkPeering = new Int32Array(capacity);
    const linkSlot = new Uint8Array(capacity);
    const linkFlags = new Uint8Array(capacity);
    const linkFirst = new Float64Array(capacity);
    const linkLength = new Uint8Array(capacity);
    const ipv6Links = new Map<number, Prefix>();
    let linkCount = 0;

    // Every parsed link goes into the three indexes below as it is read, so that a lookup stops at the
    // first link it may report: with one index of all links, a private link would pass over every
    // private link of other edges that shares its subnet, and a provider may give the same /30 to
    // thousands of circuits. Private links are also kept by edge, a group per edge.
    const microsoftOrPublicLinks = new GroupedPrefixIndex();
    const privateLinks = new GroupedPrefixIndex();
    const privateLinksByEdge = new GroupedPrefixIndex();
    const edgeGroups = new Map<string, number>();
    const edgeGroupOf = (edge: string | undefined): number => {
      if (edge === undefined) return -1;
      let group = edgeGroups.get(edge);
      if (group === undefined) edgeGroups.set(edge, (group = edgeGroups.size));
      return group;
    };

    // One peering's parsed links by slot, the same array for every peering: this runs for all of them.
    const slotPrefixes: (Prefix | undefined)[] = LINKS.map(() => undefined);
    for (let p = 0; p < peerings.length; p++) {
      const peering = peerings[p]!;
      const reported = isReported(peering.ref);
      const isPrivate = peering.peeringType === 'AzurePrivatePeering';
      const edgeGroup = isPrivate ? edgeGroupOf(peering.edge) : -1;
      for (let slot = 0; slot < LINKS.length; slot++) {
        const text = linkText(peering, slot);
        const prefix = text === undefined ? undefined : parsePrefix(text);
        slotPrefixes[slot] = prefix;
        if (!prefix) continue;
        const link = linkCount++;
        linkPeering[link] = p;
        linkSlot[link] = slot;
        linkFlags[link] = (reported ? REPORTED : 0) | (isPrivate ? PRIVATE : 0);
        if (prefix.family === 'ipv6') ipv6Links.set(link, prefix);
        else {
          linkFirst[link] = prefix.first as number;
          linkLength[link] = prefix.length;
        }
        if (!isPrivate) microsoftOrPublicLinks.add(prefix, link);
        else {
          privateLinks.add(prefix, link);
          if (edgeGroup >= 0) privateLinksByEdge.add(prefix, link, edgeGroup);
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
        const p = slotPrefixes[first];
        const s = slotPrefixes[first + 1];
        if (p && s && sameNetwork(p, s)) {
          const primaryAt = linkAt(peering, first);
          report({
            messageId: 'sameAsPrimary',
            data: { label: LINKS[first + 1]!.label, peeringType: peering.peeringType, circuit: peering.circuit.name, prefix: linkText(peering, first + 1)!, otherAt: primaryAt },
            at: linkAt(peering, first + 1), related: [{ at: primaryAt, message: 'the primary link' }],
          });
        }
      }
    }

    // VNet address spaces by number: the `index`th space of `spaceVnets[n]`.
    const vnetSpaces = new GroupedPrefixIndex();
    const spaceVnets: VNet[] = [];
    const spaceIndexes: number[] = [];
    const anySpace = () => true;
    for (const vnet of topology.vnets) {
      for (let index = 0; index < vnet.addressSpace.length; index++) {
        const space = parsePrefix(vnet.addressSpace[index]!);
        if (!space) continue;
        vnetSpaces.add(space, spaceVnets.length);
        spaceVnets.push(vnet);
        spaceIndexes.push(index);
      }
    }
    // One test serves every lookup below: it compares with the circuit of the link looked up.
    let lookingFrom: Peering['circuit'] | undefined;
    const onOtherCircuit = (other: number) => peerings[linkPeering[other]!]!.circuit !== lookingFrom;
    const findOverlapping = (index: GroupedPrefixIndex, link: number, group = 0): number => {
      const ipv6 = ipv6Links.get(link);
      return ipv6 ? index.findOverlapping(ipv6, onOtherCircuit, group) : index.findOverlappingIpv4(linkFirst[link]!, linkLength[link]!, onOtherCircuit, group);
    };
    // A Microsoft (or public) link on another circuit clashes with any link; two private links only on
    // one edge. The error comes first where a link has both.
    const clashing = (link: number, peering: Peering): number => {
      lookingFrom = peering.circuit;
      const other = findOverlapping(microsoftOrPublicLinks, link);
      if (other >= 0) return other;
      if ((linkFlags[link]! & PRIVATE) === 0) return findOverlapping(privateLinks, link);
      const group = peering.edge === undefined ? undefined : edgeGroups.get(peering.edge);
      return group === undefined ? -1 : findOverlapping(privateLinksByEdge, link, group);
    };
    for (let link = 0; link < linkCount; link++) {
      // The indexes above hold every link; only the reported ones need their own lookups.
      if ((linkFlags[link]! & REPORTED) === 0) continue;
      const peering = peerings[linkPeering[link]!]!;
      const slot = linkSlot[link]!;
      // Each finding's data is one object literal: this runs for every link of the workspace.
      const { label } = LINKS[slot]!;
      const isPrivate = (linkFlags[link]! & PRIVATE) !== 0;
      if (isPrivate) {
        const ipv6 = ipv6Links.get(link);
        const hit = ipv6 ? vnetSpaces.findOverlapping(ipv6, anySpace) : vnetSpaces.findOverlappingIpv4(linkFirst[link]!, linkLength[link]!, anySpace);
        if (hit >= 0) {
          const vnet = spaceVnets[hit]!;
          const index = spaceIndexes[hit]!;
          const spaceAt = at(vnet.ref, 'addressSpace', index);
          report({
            messageId: 'overlapsVnet', data: { label, peeringType: peering.peeringType, circuit: peering.circuit.name, prefix: linkText(peering, slot)!, space: vnet.addressSpace[index]!, vnet: vnet.name, otherAt: spaceAt },
            at: linkAt(peering, slot), related: [{ at: spaceAt, message: `address space of VNet \`${vnet.name}\`` }],
          });
        }
      }
      const other = clashing(link, peering);
      if (other < 0) continue;
      const otherPeering = peerings[linkPeering[other]!]!;
      const otherSlot = linkSlot[other]!;
      const otherAt = linkAt(otherPeering, otherSlot);
      const related = [{ at: otherAt, message: `link subnet of circuit \`${otherPeering.circuit.name}\`` }];
      const data = {
        label, peeringType: peering.peeringType, circuit: peering.circuit.name, prefix: linkText(peering, slot)!,
        other: linkText(otherPeering, otherSlot)!, otherCircuit: otherPeering.circuit.name, otherAt,
      };
      if (isPrivate && (linkFlags[other]! & PRIVATE) !== 0) {
        report({ messageId: 'reusedOnEdge', data: { ...data, edge: peering.edge! }, at: linkAt(peering, slot), related, severity: 'warn' });
      } else report({ messageId: 'reusedAcrossCircuits', data, at: linkAt(peering, slot), related });
    }
  },
});
