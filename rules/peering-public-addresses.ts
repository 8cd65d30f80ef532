/**
 * Microsoft and public peering run over the Internet address plan: their link subnets and the
 * prefixes advertised to Microsoft must be public addresses the customer owns. Private, shared,
 * loopback, link-local, documentation, multicast and reserved ranges are refused, and so is a
 * default route.
 * https://learn.microsoft.com/azure/expressroute/expressroute-routing#public-ip-addresses-used-for-microsoft-peering
 */
import { at, defineRule, isDefaultRoute, nonPublicRange, parsePrefix, type Ref } from '../src/rule-kit.js';

// ipaddr.js range names, in words a network engineer recognises.
const RANGE_NAMES: Record<string, string> = {
  private: 'private address space (RFC 1918)',
  carrierGradeNat: 'shared address space `100.64.0.0/10` (RFC 6598)',
  loopback: 'loopback space',
  linkLocal: 'link-local space',
  multicast: 'multicast space',
  reserved: 'reserved or documentation space',
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  uniqueLocal: 'unique local space `fc00::/7`',
  ipv4Mapped: 'IPv4-mapped IPv6 space',
  deprecatedSiteLocal: 'deprecated site-local space',
  teredo: 'Teredo space',
  '6to4': '6to4 space',
  benchmarking: 'benchmarking space',
};

export default defineRule({
  id: 'peering-public-addresses',
  meta: {
    description: 'Microsoft and public peering use only public addresses and advertise no default route',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      notPublic: '`{{prefix}}` ({{what}} of the `{{peeringType}}` of circuit `{{circuit}}`) {{relation}} {{range}}; Microsoft and public peering need public addresses registered to you',
      defaultRoute: '`{{prefix}}` ({{what}} of the `{{peeringType}}` of circuit `{{circuit}}`) is a default route; Microsoft and public peering must not carry one (only private peering may)',
    },
  },
  check(topology, { isReported, report }) {
    for (const peering of topology.peerings) {
      if (peering.peeringType === 'AzurePrivatePeering' || !isReported(peering.ref)) continue;
      const values: { text: string; ref: Ref; what: string }[] = [
        { text: peering.primaryPeerAddressPrefix, ref: at(peering.ref, 'primaryPeerAddressPrefix'), what: 'primary link' },
        { text: peering.secondaryPeerAddressPrefix, ref: at(peering.ref, 'secondaryPeerAddressPrefix'), what: 'secondary link' },
      ];
      for (const key of ['primaryPeerAddressPrefix', 'secondaryPeerAddressPrefix'] as const) {
        const text = peering.ipv6PeeringConfig?.[key];
        if (text !== undefined) values.push({ text, ref: at(peering.ref, 'ipv6PeeringConfig', key), what: `${key.startsWith('primary') ? 'primary' : 'secondary'} IPv6 link` });
      }
      peering.microsoftPeeringConfig?.advertisedPublicPrefixes.forEach((text, i) => values.push({ text, ref: at(peering.ref, 'microsoftPeeringConfig', 'advertisedPublicPrefixes', i), what: 'an advertised public prefix' }));
      peering.advertisedPrefixes.forEach((text, i) => values.push({ text, ref: at(peering.ref, 'advertisedPrefixes', i), what: 'an advertised prefix' }));

      for (const { text, ref, what } of values) {
        const prefix = parsePrefix(text);
        if (!prefix) continue;
        const data = { prefix: text, what, peeringType: peering.peeringType, circuit: peering.circuit.name };
        if (isDefaultRoute(prefix)) {
          report({ messageId: 'defaultRoute', data, at: ref });
          continue;
        }
        const special = nonPublicRange(prefix);
        if (special !== undefined) {
          const range = RANGE_NAMES[special.range] ?? `special-purpose space (${special.range})`;
          report({ messageId: 'notPublic', data: { ...data, range, relation: special.contains ? 'contains' : 'is in' }, at: ref });
        }
      }
    }
  },
});
