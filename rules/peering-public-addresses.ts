/**
 * Microsoft and public peering run over the Internet address plan: their link subnets and the
 * prefixes advertised to Microsoft must be public addresses the customer owns. Private, shared,
 * loopback, link-local, documentation, multicast and reserved ranges are refused, and so is a
 * default route.
 * https://learn.microsoft.com/azure/expressroute/expressroute-routing#public-ip-addresses-used-for-microsoft-peering
 */
import { at, defineRule, isDefaultRoute, nonPublicRange, parsePrefix } from '../src/rule-kit.js';

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
      const { peeringType } = peering;
      const circuit = peering.circuit.name;
      // The place of a value is worked out only for a finding: this runs for every address of every
      // Microsoft and public peering of the workspace.
      const check = (text: string | undefined, what: string, ...path: (string | number)[]) => {
        if (text === undefined) return;
        const prefix = parsePrefix(text);
        if (!prefix) return;
        if (isDefaultRoute(prefix)) {
          report({ messageId: 'defaultRoute', data: { prefix: text, what, peeringType, circuit }, at: at(peering.ref, ...path) });
          return;
        }
        const special = nonPublicRange(prefix);
        if (special !== undefined) {
          const range = RANGE_NAMES[special.range] ?? `special-purpose space (${special.range})`;
          report({ messageId: 'notPublic', data: { prefix: text, what, peeringType, circuit, range, relation: special.contains ? 'contains' : 'is in' }, at: at(peering.ref, ...path) });
        }
      };
      check(peering.primaryPeerAddressPrefix, 'primary link', 'primaryPeerAddressPrefix');
      check(peering.secondaryPeerAddressPrefix, 'secondary link', 'secondaryPeerAddressPrefix');
      check(peering.ipv6PeeringConfig?.primaryPeerAddressPrefix, 'primary IPv6 link', 'ipv6PeeringConfig', 'primaryPeerAddressPrefix');
      check(peering.ipv6PeeringConfig?.secondaryPeerAddressPrefix, 'secondary IPv6 link', 'ipv6PeeringConfig', 'secondaryPeerAddressPrefix');
      peering.microsoftPeeringConfig?.advertisedPublicPrefixes.forEach((text, i) => check(text, 'an advertised public prefix', 'microsoftPeeringConfig', 'advertisedPublicPrefixes', i));
      peering.advertisedPrefixes.forEach((text, i) => check(text, 'an advertised prefix', 'advertisedPrefixes', i));
    }
  },
});
