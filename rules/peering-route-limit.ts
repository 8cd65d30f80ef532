/**
 * Microsoft drops the BGP session when a customer edge advertises more prefixes than the peering
 * accepts: private peering 4,000 IPv4 (10,000 with Premium) and 100 IPv6; Microsoft peering 200
 * per address family.
 * https://learn.microsoft.com/azure/expressroute/expressroute-routing#route-aggregation-and-prefix-limits
 */
import { at, defineRule, parsePrefix, type Peering } from '../src/rule-kit.js';

const FAMILIES = ['ipv4', 'ipv6'] as const;
const ADVERTISED = ['advertisedPrefixes'] as const;
const ADVERTISED_PUBLIC = ['microsoftPeeringConfig', 'advertisedPublicPrefixes'] as const;

export default defineRule({
  id: 'peering-route-limit',
  meta: {
    description: 'A peering advertises no more prefixes than Azure accepts',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      tooMany: 'The `{{peeringType}}` of circuit `{{circuit}}` lists {{count}} {{family}} prefixes in `{{list}}`; it accepts at most {{limit}}{{premium}}, and over the limit the BGP session goes down',
    },
  },
  check(topology, { facts, isReported, report }) {
    const limits = facts.peering.routeLimits.value;
    const check = (peering: Peering, list: readonly string[], pointer: readonly string[], ipv4Limit: number, ipv6Limit: number, premiumHint: boolean) => {
      // A list no longer than either limit cannot go over: nearly every list of the workspace.
      if (list.length <= Math.min(ipv4Limit, ipv6Limit)) return;
      // Both families counted in one pass.
      let ipv4 = 0;
      let ipv6 = 0;
      for (const text of list) {
        const family = parsePrefix(text)?.family;
        if (family === 'ipv4') ipv4++;
        else if (family === 'ipv6') ipv6++;
      }
      for (const family of FAMILIES) {
        const count = family === 'ipv4' ? ipv4 : ipv6;
        const limit = family === 'ipv4' ? ipv4Limit : ipv6Limit;
        if (count <= limit) continue;
        report({
          messageId: 'tooMany',
          data: {
            peeringType: peering.peeringType, circuit: peering.circuit.name, count, family: family === 'ipv4' ? 'IPv4' : 'IPv6', list: pointer.join('.'), limit,
            premium: premiumHint && family === 'ipv4' && peering.circuit.sku?.tier !== 'Premium' ? ` (${limits.privateIpv4Premium} on a \`Premium\` circuit)` : '',
          },
          at: at(peering.ref, ...pointer), target: 'key',
        });
      }
    };
    for (let peeringIndex = 0; peeringIndex < topology.peerings.length; peeringIndex++) {
      const peering = topology.peerings[peeringIndex]!;
      if (!isReported(peering.ref)) continue;
      if (peering.peeringType === 'AzurePrivatePeering') {
        const premium = peering.circuit.sku?.tier === 'Premium';
        check(peering, peering.advertisedPrefixes, ADVERTISED, premium ? limits.privateIpv4Premium : limits.privateIpv4, limits.privateIpv6, true);
      } else if (peering.peeringType === 'MicrosoftPeering') {
        check(peering, peering.advertisedPrefixes, ADVERTISED, limits.microsoftPerFamily, limits.microsoftPerFamily, false);
        check(peering, peering.microsoftPeeringConfig?.advertisedPublicPrefixes ?? [], ADVERTISED_PUBLIC, limits.microsoftPerFamily, limits.microsoftPerFamily, false);
      }
    }
  },
});
