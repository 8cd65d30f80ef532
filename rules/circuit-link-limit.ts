/**
 * A circuit accepts a limited number of VNet links: 10 for Local and Standard, 20 to 100 for
 * Premium depending on bandwidth. Azure refuses the link that goes over.
 * https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#expressroute-limits
 */
import { at, circuitBandwidthMbps, defineRule, formatBandwidth, type Circuit } from '../src/rule-kit.js';

export default defineRule({
  id: 'circuit-link-limit',
  meta: {
    description: 'VNet connections per circuit stay within the limit of its tier and bandwidth',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      tooManyLinks: 'Connection `{{connection}}` is VNet link {{index}} of circuit `{{circuit}}` ({{sku}}, at {{circuitAt}}), which allows {{limit}}; {{advice}}',
    },
  },
  check(topology, { facts, report }) {
    const { standardVnetLinks, premiumVnetLinks } = facts.circuit;
    // Largest bandwidth first: the first row a circuit reaches is its own.
    const premiumRows = [...premiumVnetLinks.value].reverse();
    const limitOf = (c: Circuit): number | undefined => {
      const tier = c.sku?.tier;
      if (tier === undefined) return undefined;
      if (tier !== 'Premium') return standardVnetLinks.value;
      const mbps = circuitBandwidthMbps(c);
      if (mbps === undefined) return undefined;
      return premiumRows.find((row) => mbps >= row.fromMbps)?.links;
    };
    for (let circuitIndex = 0; circuitIndex < topology.circuits.length; circuitIndex++) {
      const circuit = topology.circuits[circuitIndex]!;
      const limit = limitOf(circuit);
      if (limit === undefined || circuit.vnetConnections.length <= limit) continue;
      const mbps = circuitBandwidthMbps(circuit);
      const sku = `\`${circuit.sku!.tier}\`${mbps !== undefined ? `, ${formatBandwidth(mbps)}` : ''}`;
      const rows = premiumVnetLinks.value;
      const advice = circuit.sku!.tier === 'Premium'
        ? 'a larger circuit allows more links'
        : `a \`Premium\` circuit allows ${rows[0]!.links} to ${rows[rows.length - 1]!.links} links by bandwidth`;
      circuit.vnetConnections.slice(limit).forEach((connection, i) => report({
        messageId: 'tooManyLinks',
        data: { connection: connection.name, index: limit + i + 1, circuit: circuit.name, sku, circuitAt: at(circuit.ref, 'name'), limit, advice },
        at: at(connection.ref, 'circuit'),
        related: [{ at: at(circuit.ref, 'name'), message: `circuit \`${circuit.name}\`` }],
      }));
    }
  },
});
