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

interface Link {
  peering: Peering;
  /** Which of `LINKS`. */
  slot: number;
  text: string;
  prefix: Prefix | undefined;
  /** Whether findings in the peering's file are kept in this run. */
  reported: boolean;
  /** Where the link is: made the first time a finding needs it, as most links have none. */
  ref: Ref | undefined;
}

function linkAt(link: Link): Ref {
  const { key, v6 } = LINKS[link.slot]!;
  link.ref ??= v6 ? at(link.peering.ref, 'ipv6PeeringConfig', key) : at(link.peering.ref, key);
  return link.ref;
}

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
    const links: Link[] = [];
    // One peering's links by slot, the same array for every peering: this runs for all of them.
    const peeringLinks: (Link | undefined)[] = LINKS.map(() => undefined);
    for (const peering of topology.peerings) {
      const reported = isReported(peering.ref);
      for (let slot = 0; slot < LINKS.length; slot++) {
        const { key, v6, label } = LINKS[slot]!;
        const text = v6 ? peering.ipv6PeeringConfig?.[key] : peering[key];
        if (text === undefined) {
          peeringLinks[slot] = undefined;
          continue;
        }
        const prefix = parsePrefix(text);
        const link: Link = { peering, slot, text, prefix, reported, ref: undefined };
        links.push(link);
        peeringLinks[slot] = link;
        if (!prefix || !reported) continue;
        const length = prefix.family === 'ipv6' ? lengths.ipv6 : lengths.ipv4;
        const { peeringType } = peering;
        const circuit = peering.circuit.name;
        if (prefix.length !== length) report({ messageId: 'wrongLength', data: { label, peeringType, circuit, prefix: text, length }, at: linkAt(link) });
        else if (!isNetworkAddress(prefix)) report({ messageId: 'notNetwork', data: { label, peeringType, circuit, prefix: text, network: networkOf(prefix) }, at: linkAt(link) });
      }
      for (let first = 0; reported && first < LINKS.length; first += 2) {
        const primary = peeringLinks[first];
        const secondary = peeringLinks[first + 1];
        const p = primary?.prefix;
        const s = secondary?.prefix;
        if (p && s && secondary && primary && sameNetwork(p, s)) {
          const primaryAt = linkAt(primary);
          report({
            messageId: 'sameAsPrimary',
            data: { label: LINKS[secondary.slot]!.label, peeringType: peering.peeringType, circuit: peering.circuit.name, prefix: secondary.text, otherAt: primaryAt },
            at: linkAt(secondary), related: [{ at: primaryAt, message: 'the primary link' }],
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
    // Links by their place in `links`, in three indexes, so that a lookup stops at the first link it
    // may report: with one index of all links, a private link would pass over every private link of
    // other edges that shares its subnet, and a provider may give the same /30 to thousands of
    // circuits. Private links are also kept by edge, a group per edge.
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
    for (let i = 0; i < links.length; i++) {
      const link = links[i]!;
      if (!link.prefix) continue;
      if (link.peering.peeringType !== 'AzurePrivatePeering') {
        microsoftOrPublicLinks.add(link.prefix, i);
        continue;
      }
      privateLinks.add(link.prefix, i);
      const group = edgeGroupOf(link.peering.edge);
      if (group >= 0) privateLinksByEdge.add(link.prefix, i, group);
    }

    // One test serves every lookup below: it compares with the circuit of the link looked up.
    let lookingFrom: Peering['circuit'] | undefined;
    const onOtherCircuit = (other: number) => links[other]!.peering.circuit !== lookingFrom;
    // A Microsoft (or public) link on another circuit clashes with any link; two private links only on
    // one edge. The error comes first where a link has both.
    const clashing = (link: Link): Link | undefined => {
      lookingFrom = link.peering.circuit;
      let other = microsoftOrPublicLinks.findOverlapping(link.prefix!, onOtherCircuit);
      if (other < 0) {
        if (link.peering.peeringType !== 'AzurePrivatePeering') other = privateLinks.findOverlapping(link.prefix!, onOtherCircuit);
        else {
          const group = link.peering.edge === undefined ? undefined : edgeGroups.get(link.peering.edge);
          if (group !== undefined) other = privateLinksByEdge.findOverlapping(link.prefix!, onOtherCircuit, group);
        }
      }
      return other < 0 ? undefined : links[other];
    };
    for (const link of links) {
      // The indexes above hold every link; only the reported ones need their own lookups.
      if (!link.prefix || !link.reported) continue;
      // Each finding's data is one object literal: this runs for every link of the workspace.
      const { label } = LINKS[link.slot]!;
      const prefix = link.text;
      const { peeringType } = link.peering;
      const circuit = link.peering.circuit.name;
      if (link.peering.peeringType === 'AzurePrivatePeering') {
        const hit = vnetSpaces.findOverlapping(link.prefix, anySpace);
        if (hit >= 0) {
          const vnet = spaceVnets[hit]!;
          const index = spaceIndexes[hit]!;
          const spaceAt = at(vnet.ref, 'addressSpace', index);
          report({
            messageId: 'overlapsVnet', data: { label, peeringType, circuit, prefix, space: vnet.addressSpace[index]!, vnet: vnet.name, otherAt: spaceAt },
            at: linkAt(link), related: [{ at: spaceAt, message: `address space of VNet \`${vnet.name}\`` }],
          });
        }
      }
      const other = clashing(link);
      if (!other) continue;
      const otherAt = linkAt(other);
      const related = [{ at: otherAt, message: `link subnet of circuit \`${other.peering.circuit.name}\`` }];
      const data = { label, peeringType, circuit, prefix, other: other.text, otherCircuit: other.peering.circuit.name, otherAt };
      if (link.peering.peeringType === 'AzurePrivatePeering' && other.peering.peeringType === 'AzurePrivatePeering') {
        report({ messageId: 'reusedOnEdge', data: { ...data, edge: link.peering.edge! }, at: linkAt(link), related, severity: 'warn' });
      } else report({ messageId: 'reusedAcrossCircuits', data, at: linkAt(link), related });
    }
  },
});
