/**
 * Microsoft and public peering run over the Internet address plan: their link subnets and the
 * prefixes advertised to Microsoft must be public addresses the customer owns. Private, shared,
 * loopback, link-local, documentation, multicast and reserved ranges are refused, and so is a
 * default route.
 * https://learn.microsoft.com/azure/expressroute/expressroute-routing#public-ip-addresses-used-for-microsoft-peering
 */
import { at, defineRule, isDefaultRoute, nonPublicRange, parsePrefix, type Peering, type RuleReport } from '../src/rule-kit.js';

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
    for (let peeringIndex = 0; peeringIndex < topology.peerings.length; peeringIndex++) {
      const peering = topology.peerings[peeringIndex]!;
      if (peering.peeringType === 'AzurePrivatePeering' || !isReported(peering.ref)) continue;
      // Module functions rather than closures made for each peering: this runs for every address of
      // every Microsoft and public peering of the workspace.
      checkAddress(report, peering, peering.primaryPeerAddressPrefix, 'primary link', PRIMARY);
      checkAddress(report, peering, peering.secondaryPeerAddressPrefix, 'secondary link', SECONDARY);
      const v6 = peering.ipv6PeeringConfig;
      if (v6) {
        checkAddress(report, peering, v6.primaryPeerAddressPrefix, 'primary IPv6 link', IPV6_PRIMARY);
        checkAddress(report, peering, v6.secondaryPeerAddressPrefix, 'secondary IPv6 link', IPV6_SECONDARY);
      }
      const advertisedPublic = peering.microsoftPeeringConfig?.advertisedPublicPrefixes ?? [];
      for (let i = 0; i < advertisedPublic.length; i++) {
        checkAddress(report, peering, advertisedPublic[i], 'an advertised public prefix', ['microsoftPeeringConfig', 'advertisedPublicPrefixes', i]);
      }
      for (let i = 0; i < peering.advertisedPrefixes.length; i++) {
        checkAddress(report, peering, peering.advertisedPrefixes[i], 'an advertised prefix', ['advertisedPrefixes', i]);
      }
    }
  },
});

/** Reports an address of a Microsoft or public peering that Azure would refuse there. */
function checkAddress(report: (report: RuleReport) => void, peering: Peering, text: string | undefined, what: string, path: readonly (string | number)[]): void {
  const problem = problemOf(text);
  if (!problem) return;
  report({
    messageId: problem.messageId,
    data: { prefix: text!, what, peeringType: peering.peeringType, circuit: peering.circuit.name, ...(problem.messageId === 'notPublic' ? { range: problem.range, relation: problem.relation } : {}) },
    at: at(peering.ref, ...path),
  });
}

const PRIMARY = ['primaryPeerAddressPrefix'];
const SECONDARY = ['secondaryPeerAddressPrefix'];
const IPV6_PRIMARY = ['ipv6PeeringConfig', 'primaryPeerAddressPrefix'];
const IPV6_SECONDARY = ['ipv6PeeringConfig', 'secondaryPeerAddressPrefix'];

type Problem = { messageId: 'defaultRoute' } | { messageId: 'notPublic'; range: string; relation: string };
const DEFAULT_ROUTE: Problem = { messageId: 'defaultRoute' };

/** What keeps an address off Microsoft and public peering: a default route or a special-purpose range. */
function problemOf(text: string | undefined): Problem | undefined {
  if (text === undefined) return undefined;
  const prefix = parsePrefix(text);
  if (!prefix) return undefined;
  if (isDefaultRoute(prefix)) return DEFAULT_ROUTE;
  const special = nonPublicRange(prefix);
  if (special === undefined) return undefined;
  return { messageId: 'notPublic', range: RANGE_NAMES[special.range] ?? `special-purpose space (${special.range})`, relation: special.contains ? 'contains' : 'is in' };
}
