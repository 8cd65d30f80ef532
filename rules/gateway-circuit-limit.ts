/**
 * An ExpressRoute gateway links to at most 4, 8 or 16 circuits by SKU (ErGwScale by its minimum
 * scale units), and a VNet links to at most 4 circuits from one peering location whatever the SKU.
 * https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways#gateway-types
 */
import { at, defineRule, gatewayPath, type Connection, type Gateway } from '../src/rule-kit.js';

export default defineRule({
  id: 'gateway-circuit-limit',
  meta: {
    description: 'Circuit connections per gateway, and circuits per peering location per VNet, stay within Azure limits',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      tooManyConnections: 'Connection `{{connection}}` is circuit connection {{index}} of gateway `{{gateway}}` (`{{sku}}`{{units}}, at {{gatewayAt}}), which allows {{limit}}; {{advice}}',
      samePeeringLocation: 'Connection `{{connection}}` links circuit `{{circuit}}`, the {{index}}th circuit from peering location `{{location}}` to VNet `{{vnet}}`; a VNet takes at most {{limit}} circuits from one peering location',
    },
  },
  check(topology, { facts, report }) {
    const { circuitConnections, scaleCircuitConnections, samePeeringLocationCircuitsPerVnet } = facts.gateway;
    const limitOf = (g: Gateway): number | undefined => {
      if (g.sku !== 'ErGwScale') return circuitConnections.value[g.sku];
      const min = g.scaleUnits?.min;
      return min === undefined ? undefined : scaleCircuitConnections.value.find((t) => min >= t.minScaleUnits)?.connections;
    };

    for (let gatewayIndex = 0; gatewayIndex < topology.gateways.length; gatewayIndex++) {
      const gateway = topology.gateways[gatewayIndex]!;
      const limit = limitOf(gateway);
      // Most gateways are within their limit: the advice is worked out only for one that is not.
      if (gateway.gatewayType !== 'ExpressRoute' || limit === undefined || gateway.circuitConnections.length <= limit) continue;
      const next = scaleCircuitConnections.value.slice().reverse().find((t) => t.connections > limit);
      const advice = gateway.sku === 'ErGwScale'
        ? (next ? `raise \`scaleUnits.min\` to ${next.minScaleUnits} for ${next.connections}` : 'split the circuits over gateways in more VNets')
        : 'choose a larger SKU or link fewer circuits';
      gateway.circuitConnections.slice(limit).forEach((connection, i) => report({
        messageId: 'tooManyConnections',
        data: {
          connection: connection.name, index: limit + i + 1, gateway: gatewayPath(gateway), sku: gateway.sku,
          units: gateway.scaleUnits ? `, minimum ${gateway.scaleUnits.min} scale ${gateway.scaleUnits.min === 1 ? 'unit' : 'units'}` : '', gatewayAt: at(gateway.ref, 'sku'), limit, advice,
        },
        at: at(connection.ref, 'gateway'),
        related: [{ at: at(gateway.ref, 'sku'), message: `gateway \`${gatewayPath(gateway)}\`` }],
      }));
    }

    for (let vnetIndex = 0; vnetIndex < topology.vnets.length; vnetIndex++) {
      const vnet = topology.vnets[vnetIndex]!;
      // Fewer connections than the limit cannot link too many distinct circuits at one location.
      let connections = 0;
      for (let i = 0; i < vnet.gateways.length; i++) connections += vnet.gateways[i]!.circuitConnections.length;
      if (connections <= samePeeringLocationCircuitsPerVnet.value) continue;
      // Distinct circuits per peering location, in workspace order, with the first connection to each.
      const byLocation = new Map<string, Map<string, Connection>>();
      for (const connection of vnet.gateways.flatMap((g) => g.circuitConnections)) {
        const location = connection.resolvedCircuit?.peeringLocation;
        if (location === undefined) continue;
        let circuits = byLocation.get(location);
        if (!circuits) byLocation.set(location, (circuits = new Map()));
        if (!circuits.has(connection.circuit)) circuits.set(connection.circuit, connection);
      }
      for (const [location, circuits] of byLocation) {
        [...circuits.values()].slice(samePeeringLocationCircuitsPerVnet.value).forEach((connection, i) => report({
          messageId: 'samePeeringLocation',
          data: { connection: connection.name, circuit: connection.circuit, index: samePeeringLocationCircuitsPerVnet.value + i + 1, location, vnet: vnet.name, limit: samePeeringLocationCircuitsPerVnet.value },
          at: at(connection.ref, 'circuit'),
        }));
      }
    }
  },
});
