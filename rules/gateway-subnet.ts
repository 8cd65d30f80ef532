/**
 * A VNet with a gateway needs a subnet named exactly `GatewaySubnet`, inside the VNet's address
 * space and large enough: Azure refuses anything smaller than /29, the documentation asks for /27,
 * and /26 when the gateway has more than 8 circuit connections. Silent when `subnets` is not recorded.
 * https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways#gwsub
 */
import { at, closestMatch, defineRule, parsePrefix, prefixContains } from '../src/rule-kit.js';

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
      const subnet = vnet.subnets.find((s) => s.name === GATEWAY_SUBNET);
      if (!subnet) {
        const near = closestMatch(GATEWAY_SUBNET, vnet.subnets.map((s) => s.name));
        report({
          messageId: 'missing',
          data: { vnet: vnet.name, gateway: gateway.name, hint: near ? ` (\`${near}\` is not that name: it is case-sensitive)` : '' },
          at: near ? at(vnet.subnets.find((s) => s.name === near)!.ref, 'name') : at(vnet.ref, 'name'),
        });
        continue;
      }
      const prefixAt = at(subnet.ref, 'addressPrefix');
      const base = { vnet: vnet.name, prefix: subnet.addressPrefix };
      if (!vnet.addressSpace.some((space) => prefixContains(space, subnet.addressPrefix))) {
        report({ messageId: 'outside', data: { ...base, space: vnet.addressSpace.map((s) => `\`${s}\``).join(', ') }, at: prefixAt });
      }
      const prefix = parsePrefix(subnet.addressPrefix);
      // The sizes are IPv4 prefix lengths; an IPv6 GatewaySubnet range is sized differently.
      if (!prefix || prefix.family !== 'ipv4') continue;
      const sizes = { minimum: minimumPrefixLength.value, recommended: recommendedPrefixLength.value };
      if (prefix.length > minimumPrefixLength.value) {
        report({ messageId: 'tooSmall', data: { ...base, ...sizes }, at: prefixAt });
        continue;
      }
      if (prefix.length > recommendedPrefixLength.value) {
        report({ messageId: 'belowRecommended', data: { ...base, ...sizes, wording: recommendedWording }, at: prefixAt, severity: 'warn' });
      }
      for (const g of vnet.gateways) {
        const count = g.circuitConnections.length;
        if (g.gatewayType === 'ExpressRoute' && count > largeGatewayConnections.value && prefix.length > largeGatewayPrefixLength.value) {
          report({
            messageId: 'tooSmallForCircuits',
            data: { ...base, gateway: g.name, count, threshold: largeGatewayConnections.value, large: largeGatewayPrefixLength.value },
            at: prefixAt,
          });
        }
      }
    }
  },
});
