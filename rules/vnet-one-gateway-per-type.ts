/**
 * A virtual network holds at most one gateway of each type: one ExpressRoute gateway and one VPN
 * gateway may coexist, two of the same type may not (Azure answers `MaxGatewayCountInVnetReached`).
 * https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways#gateway-types
 */
import { at, defineRule } from '../src/rule-kit.js';

export default defineRule({
  id: 'vnet-one-gateway-per-type',
  meta: {
    description: 'A VNet has at most one gateway of each `gatewayType`',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      second: 'VNet `{{vnet}}` already has the `{{type}}` gateway `{{first}}` at {{firstAt}}; a VNet holds at most one `{{type}}` gateway (one `ExpressRoute` and one `Vpn` gateway may coexist)',
    },
  },
  check(topology, { report }) {
    for (let vnetIndex = 0; vnetIndex < topology.vnets.length; vnetIndex++) {
      const vnet = topology.vnets[vnetIndex]!;
      // Most VNets have one gateway: nothing to compare, no map to make.
      if (vnet.gateways.length < 2) continue;
      const firstOfType = new Map<string, (typeof vnet.gateways)[number]>();
      for (let gatewayIndex = 0; gatewayIndex < vnet.gateways.length; gatewayIndex++) {
        const gateway = vnet.gateways[gatewayIndex]!;
        const first = firstOfType.get(gateway.gatewayType);
        if (!first) {
          firstOfType.set(gateway.gatewayType, gateway);
          continue;
        }
        report({
          messageId: 'second',
          data: { vnet: vnet.name, type: gateway.gatewayType, first: first.name, firstAt: at(first.ref, 'name') },
          at: at(gateway.ref, 'name'),
          related: [{ at: at(first.ref, 'name'), message: `the first \`${gateway.gatewayType}\` gateway` }],
        });
      }
    }
  },
});
