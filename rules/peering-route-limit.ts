/**
 * Microsoft drops the BGP session when a customer edge advertises more prefixes than the peering
 * accepts: private peering 4,000 IPv4 (10,000 with Premium) and 100 IPv6; Microsoft peering 200
 * per address family.
 * https://learn.microsoft.com/azure/expressroute/expressroute-routing#route-aggregation-and-prefix-limits
 */
import { at, defineRule, parsePrefix, type Peering } from '../src/rule-kit.js';

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
    const check = (peering: Peering, list: readonly string[], pointer: string[], limitFor: (family: 'ipv4' | 'ipv6') => number | undefined, premiumHint: boolean) => {
      for (const family of ['ipv4', 'ipv6'] as const) {
        const count = list.filter((p) => parsePrefix(p)?.family === family).length;
        const limit = limitFor(family);
        if (limit === undefined || count <= limit) continue;
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
    for (const peering of topology.peerings) {
      if (!isReported(peering.ref)) continue;
      if (peering.peeringType === 'AzurePrivatePeering') {
        const premium = peering.circuit.sku?.tier === 'Premium';
        check(peering, peering.advertisedPrefixes, ['advertisedPrefixes'], (f) => (f === 'ipv6' ? limits.privateIpv6 : premium ? limits.privateIpv4Premium : limits.privateIpv4), true);
      } else if (peering.peeringType === 'MicrosoftPeering') {
        check(peering, peering.advertisedPrefixes, ['advertisedPrefixes'], () => limits.microsoftPerFamily, false);
        check(peering, peering.microsoftPeeringConfig?.advertisedPublicPrefixes ?? [], ['microsoftPeeringConfig', 'advertisedPublicPrefixes'], () => limits.microsoftPerFamily, false);
      }
    }
  },
});
