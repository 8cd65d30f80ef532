/**
 * FastPath (`expressRouteGatewayBypass`) sends traffic past the gateway to the VMs; only
 * UltraPerformance, ErGw3AZ and ErGwScale with at least 10 minimum scale units support it.
 * https://learn.microsoft.com/azure/expressroute/about-fastpath
 */
import { at, defineRule, gatewayPath } from '../src/rule-kit.js';

export default defineRule({
  id: 'gateway-fastpath-sku',
  meta: {
    description: 'A FastPath connection uses a gateway SKU that supports FastPath',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      unsupportedSku: 'Connection `{{connection}}` enables FastPath but gateway `{{gateway}}` (at {{gatewayAt}}) is `{{sku}}`; FastPath needs {{skus}} or `ErGwScale` with `scaleUnits.min` of at least {{units}}',
      tooFewScaleUnits: 'Connection `{{connection}}` enables FastPath but `ErGwScale` gateway `{{gateway}}` (at {{gatewayAt}}) has {{current}}; FastPath needs `scaleUnits.min` of at least {{units}}',
    },
  },
  check(topology, { facts, report }) {
    const { fastPathSkus, fastPathMinScaleUnits } = facts.gateway;
    for (let connectionIndex = 0; connectionIndex < topology.connections.length; connectionIndex++) {
      const connection = topology.connections[connectionIndex]!;
      const gateway = connection.resolvedGateway;
      if (!connection.expressRouteGatewayBypass || !gateway || fastPathSkus.value.includes(gateway.sku)) continue;
      const data = {
        connection: connection.name, gateway: gatewayPath(gateway), gatewayAt: at(gateway.ref, 'sku'), sku: gateway.sku,
        skus: fastPathSkus.value.map((s) => `\`${s}\``).join(', '), units: fastPathMinScaleUnits.value,
      };
      const where = { at: at(connection.ref, 'expressRouteGatewayBypass'), related: [{ at: at(gateway.ref, 'sku'), message: `gateway \`${gatewayPath(gateway)}\`` }] };
      if (gateway.sku !== 'ErGwScale') {
        report({ messageId: 'unsupportedSku', data, ...where });
      } else if ((gateway.scaleUnits?.min ?? 0) < fastPathMinScaleUnits.value) {
        const current = gateway.scaleUnits ? `\`scaleUnits.min\` ${gateway.scaleUnits.min}` : 'no `scaleUnits`';
        report({ messageId: 'tooFewScaleUnits', data: { ...data, current }, ...where });
      }
    }
  },
});
