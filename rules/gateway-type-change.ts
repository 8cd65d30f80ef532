/**
 * A gateway's type is fixed when it is created: an ExpressRoute gateway cannot become a VPN gateway
 * or the reverse. Changing `gatewayType` means deleting the gateway and creating another.
 * https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-gateway-settings#gwtype
 */
import { at, defineRule, gatewayPath, type Gateway } from '../src/rule-kit.js';

export default defineRule({
  id: 'gateway-type-change',
  meta: {
    description: 'An existing gateway keeps its `gatewayType`',
    defaultSeverity: 'error',
    recommended: true,
    needsBase: true,
    messages: {
      typeChanged: 'Gateway `{{gateway}}` changes `gatewayType` from `{{from}}` (was at {{baseAt}}) to `{{to}}`; the type is fixed at creation: delete this gateway and create a `{{to}}` gateway under a new name',
    },
  },
  check(topology, { base, report }) {
    if (!base) return;
    const before = new Map<string, Gateway>(base.gateways.map((g) => [gatewayPath(g), g]));
    for (let gatewayIndex = 0; gatewayIndex < topology.gateways.length; gatewayIndex++) {
      const gateway = topology.gateways[gatewayIndex]!;
      const old = before.get(gatewayPath(gateway));
      if (!old || old.gatewayType === gateway.gatewayType) continue;
      report({
        messageId: 'typeChanged',
        data: { gateway: gatewayPath(gateway), from: old.gatewayType, to: gateway.gatewayType, baseAt: at(old.ref, 'gatewayType') },
        at: at(gateway.ref, 'gatewayType'),
        related: [{ at: at(old.ref, 'gatewayType'), message: 'the type before this change' }],
      });
    }
  },
});
