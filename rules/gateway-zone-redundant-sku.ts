/**
 * The non-AZ ExpressRoute SKUs (Standard, HighPerformance, UltraPerformance) are not spread across
 * availability zones; Microsoft recommends the ErGw*AZ SKUs and migrates gateways to them.
 * https://learn.microsoft.com/azure/expressroute/gateway-migration
 */
import { at, defineRule } from '../src/rule-kit.js';

export default defineRule({
  id: 'gateway-zone-redundant-sku',
  meta: {
    description: 'An ExpressRoute gateway uses a zone-redundant SKU',
    defaultSeverity: 'warn',
    recommended: true,
    messages: {
      notZoneRedundant: 'ExpressRoute gateway `{{gateway}}` uses `{{sku}}`, which is not zone-redundant; `{{equivalent}}` has the same capacity across availability zones (move with the gateway migration)',
    },
  },
  check(topology, { facts, report }) {
    for (let gatewayIndex = 0; gatewayIndex < topology.gateways.length; gatewayIndex++) {
      const gateway = topology.gateways[gatewayIndex]!;
      const equivalent = facts.gateway.zoneRedundantEquivalent.value[gateway.sku];
      if (gateway.gatewayType !== 'ExpressRoute' || !equivalent) continue;
      report({ messageId: 'notZoneRedundant', data: { gateway: gateway.name, sku: gateway.sku, equivalent }, at: at(gateway.ref, 'sku') });
    }
  },
});
