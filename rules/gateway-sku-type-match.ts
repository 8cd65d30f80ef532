/**
 * The gateway SKU must belong to the gateway type: ExpressRoute gateways take the ER SKUs, VPN
 * gateways the VpnGw SKUs; `Basic` is retired for ExpressRoute; `scaleUnits` belong to `ErGwScale`.
 * https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways#gateway-skus
 */
import { at, defineRule } from '../src/rule-kit.js';

export default defineRule({
  id: 'gateway-sku-type-match',
  meta: {
    description: 'A gateway SKU fits its `gatewayType`, and `scaleUnits` fit `ErGwScale`',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      vpnSkuOnExpressRoute: 'ExpressRoute gateway `{{gateway}}` has the VPN SKU `{{sku}}`; an ExpressRoute gateway takes {{allowed}}',
      retiredOnExpressRoute: 'ExpressRoute gateway `{{gateway}}` has SKU `{{sku}}`, which is retired for ExpressRoute; use `ErGw1AZ` or another of {{allowed}}',
      expressRouteSkuOnVpn: 'VPN gateway `{{gateway}}` has the ExpressRoute-only SKU `{{sku}}`; a VPN gateway takes a `VpnGw` SKU such as `VpnGw1AZ`',
      scaleUnitsWithoutScale: 'Gateway `{{gateway}}` sets `scaleUnits` but its SKU is `{{sku}}`; scale units apply only to `ErGwScale`',
      minAboveMax: 'Gateway `{{gateway}}` has `scaleUnits.min` {{min}} above `scaleUnits.max` {{max}}; the minimum must not exceed the maximum',
    },
  },
  check(topology, { facts, report }) {
    const { expressRouteSkus, expressRouteOnlySkus, retiredExpressRouteSkus } = facts.gateway;
    const allowed = expressRouteSkus.value.map((s) => `\`${s}\``).join(', ');
    for (let gatewayIndex = 0; gatewayIndex < topology.gateways.length; gatewayIndex++) {
      const gateway = topology.gateways[gatewayIndex]!;
      const data = { gateway: gateway.name, sku: gateway.sku, allowed };
      const sku = at(gateway.ref, 'sku');
      if (gateway.gatewayType === 'ExpressRoute') {
        if (retiredExpressRouteSkus.value.includes(gateway.sku)) report({ messageId: 'retiredOnExpressRoute', data, at: sku });
        else if (!expressRouteSkus.value.includes(gateway.sku)) report({ messageId: 'vpnSkuOnExpressRoute', data, at: sku });
      } else if (expressRouteOnlySkus.value.includes(gateway.sku)) {
        report({ messageId: 'expressRouteSkuOnVpn', data, at: sku });
      }
      if (!gateway.scaleUnits) continue;
      if (gateway.sku !== 'ErGwScale') {
        report({ messageId: 'scaleUnitsWithoutScale', data, at: at(gateway.ref, 'scaleUnits'), target: 'key' });
      } else if (gateway.scaleUnits.min > gateway.scaleUnits.max) {
        report({ messageId: 'minAboveMax', data: { gateway: gateway.name, ...gateway.scaleUnits }, at: at(gateway.ref, 'scaleUnits', 'min') });
      }
    }
  },
});
