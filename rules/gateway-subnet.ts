/**
 * A VNet with a gateway needs a subnet named exactly `GatewaySubnet`, inside the VNet's address
 * space and large enough: Azure refuses anything smaller than /29, the documentation asks for /27,
 * and /26 when the gateway has more than 8 circuit connections. Silent when `subnets` is not recorded.
 * https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways#gwsub
 */
import { at, closestMatch, defineRule, parsePrefix, prefixContains, type MessageValue, type Prefix, type Subnet } from '../src/rule-kit.js';

const GATEWAY_SUBNET = 'GatewaySubnet';

export default defineRule({
  id: 'gateway-subnet',
  meta: {
    description: 'A VNet with a gateway has a large enough `GatewaySubnet` inside its address space',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      missing: 'VNet `{{vnet}}` has gateway `{{gateway}}` but no subnet named `GatewaySubnet`{{hint}}; Azure places gateways only in a subnet of that exact name',
      outside: '`GatewaySubnet` `{{prefix}}` of VNet `{{vnet}}` is outside its address space {{space}}',
      tooSmall: '`GatewaySubnet` `{{prefix}}` of VNet `{{vnet}}` is smaller than /{{minimum}}, the smallest Azure accepts; use /{{recommended}} or larger',
      belowRecommended: '`GatewaySubnet` `{{prefix}}` of VNet `{{vnet}}` is smaller than /{{recommended}}; {{wording}}',
      tooSmallForCircuits: '`GatewaySubnet` `{{prefix}}` of VNet `{{vnet}}` is smaller than /{{large}}, which gateway `{{gateway}}` needs for its {{count}} circuit connections (more than {{threshold}})',
    },
  },
  check(topology, { facts, isReported, report }) {
    const { minimumPrefixLength, recommendedPrefixLength, recommendedWording, largeGatewayConnections, largeGatewayPrefixLength } = facts.gatewaySubnet;
    for (const vnet of topology.vnets) {
      const [gateway] = vnet.gateways;
      // A file that does not list the subnets at all says nothing about them: no finding to make.
      if (!gateway || !vnet.subnetsRecorded || !isReported(vnet.ref)) continue;
      const subnet = subnetNamed(vnet.subnets, GATEWAY_SUBNET);
      if (!subnet) {
        const near = closestMatch(GATEWAY_SUBNET, vnet.subnets.map((s) => s.name));
        report({
          messageId: 'missing',
          data: { vnet: vnet.name, gateway: gateway.name, hint: near ? ` (\`${near}\` is not that name: it is case-sensitive)` : '' },
          at: near ? at(vnet.subnets.find((s) => s.name === near)!.ref, 'name') : at(vnet.ref, 'name'),
        });
        continue;
      }
      // The finding's place and data are made for findings only: this runs for every VNet with a gateway.
      const found = (messageId: string, data: Record<string, MessageValue>, severity?: 'warn') =>
        report({ messageId, data: { vnet: vnet.name, prefix: subnet.addressPrefix, ...data }, at: at(subnet.ref, 'addressPrefix'), ...(severity ? { severity } : {}) });
      // Parsed once, for the containment test and the sizes: this runs for every VNet with a gateway.
      const prefix = parsePrefix(subnet.addressPrefix);
      if (!insideAny(vnet.addressSpace, prefix)) found('outside', { space: vnet.addressSpace.map((s) => `\`${s}\``).join(', ') });
      // The sizes are IPv4 prefix lengths; an IPv6 GatewaySubnet range is sized differently.
      if (!prefix || prefix.family !== 'ipv4') continue;
      const minimum = minimumPrefixLength.value;
      const recommended = recommendedPrefixLength.value;
      if (prefix.length > minimum) {
        found('tooSmall', { minimum, recommended });
        continue;
      }
      if (prefix.length > recommended) found('belowRecommended', { minimum, recommended, wording: recommendedWording }, 'warn');
      for (const g of vnet.gateways) {
        const count = g.circuitConnections.length;
        if (g.gatewayType === 'ExpressRoute' && count > largeGatewayConnections.value && prefix.length > largeGatewayPrefixLength.value) {
          found('tooSmallForCircuits', { gateway: g.name, count, threshold: largeGatewayConnections.value, large: largeGatewayPrefixLength.value });
        }
      }
    }
  },
});

/** Whether the prefix lies inside one of the address spaces (false when it did not parse). */
function insideAny(spaces: readonly string[], prefix: Prefix | undefined): boolean {
  if (!prefix) return false;
  for (let i = 0; i < spaces.length; i++) if (prefixContains(spaces[i]!, prefix)) return true;
  return false;
}

/**
 * The subnet of that name, the first if several: a loop rather than `find` with a closure, as this
 * runs for every VNet with a gateway, mostly before V8 has optimized it.
 */
function subnetNamed(subnets: readonly Subnet[], name: string): Subnet | undefined {
  for (let i = 0; i < subnets.length; i++) if (subnets[i]!.name === name) return subnets[i];
  return undefined;
}
