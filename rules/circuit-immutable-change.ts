/**
 * Some circuit properties cannot change on an existing circuit: the provider, the peering location
 * and the ExpressRoute Direct port; the bandwidth cannot go down; the billing cannot go from
 * `UnlimitedData` back to `MeteredData`; and a circuit cannot become `Local`. Each needs a new circuit.
 * https://learn.microsoft.com/azure/expressroute/expressroute-faqs#expressroute-premium
 */
import { at, circuitBandwidthMbps, defineRule, formatBandwidth, type Circuit } from '../src/rule-kit.js';

export default defineRule({
  id: 'circuit-immutable-change',
  meta: {
    description: 'Properties that Azure fixes for a circuit\'s lifetime stay unchanged',
    defaultSeverity: 'error',
    recommended: true,
    needsBase: true,
    messages: {
      fixedProperty: 'Circuit `{{circuit}}` changes `{{property}}` from `{{from}}` (was at {{baseAt}}) to `{{to}}`; that cannot change on an existing circuit: create a new circuit, move the connections, then delete this one',
      bandwidthDown: 'Circuit `{{circuit}}` goes down from {{from}} (was at {{baseAt}}) to {{to}}; a circuit\'s bandwidth can only go up: create a smaller circuit and move to it',
      unlimitedToMetered: 'Circuit `{{circuit}}` goes from `UnlimitedData` (was at {{baseAt}}) to `MeteredData`; Azure does not allow that change: keep `UnlimitedData` or create a new circuit',
      toLocal: 'Circuit `{{circuit}}` goes from `{{from}}` (was at {{baseAt}}) to `Local`; an existing circuit cannot become `Local`: create a new `Local` circuit',
    },
  },
  check(topology, { base, report }) {
    if (!base) return;
    const before = new Map<string, Circuit>(base.circuits.map((c) => [c.name, c]));
    for (let circuitIndex = 0; circuitIndex < topology.circuits.length; circuitIndex++) {
      const circuit = topology.circuits[circuitIndex]!;
      const old = before.get(circuit.name);
      if (!old) continue;
      for (const property of ['serviceProviderName', 'peeringLocation', 'expressRoutePort'] as const) {
        const from = old[property];
        const to = circuit[property];
        if (from === undefined || to === undefined || from === to) continue;
        report({ messageId: 'fixedProperty', data: { circuit: circuit.name, property, from, to, baseAt: at(old.ref, property) }, at: at(circuit.ref, property) });
      }
      const fromMbps = circuitBandwidthMbps(old);
      const toMbps = circuitBandwidthMbps(circuit);
      if (fromMbps !== undefined && toMbps !== undefined && toMbps < fromMbps) {
        const property = circuit.bandwidthInMbps !== undefined ? 'bandwidthInMbps' : 'bandwidthInGbps';
        const oldProperty = old.bandwidthInMbps !== undefined ? 'bandwidthInMbps' : 'bandwidthInGbps';
        report({ messageId: 'bandwidthDown', data: { circuit: circuit.name, from: formatBandwidth(fromMbps), to: formatBandwidth(toMbps), baseAt: at(old.ref, oldProperty) }, at: at(circuit.ref, property) });
      }
      if (old.sku?.family === 'UnlimitedData' && circuit.sku?.family === 'MeteredData') {
        report({ messageId: 'unlimitedToMetered', data: { circuit: circuit.name, baseAt: at(old.ref, 'sku', 'family') }, at: at(circuit.ref, 'sku', 'family') });
      }
      if (old.sku?.tier !== undefined && old.sku.tier !== 'Local' && circuit.sku?.tier === 'Local') {
        report({ messageId: 'toLocal', data: { circuit: circuit.name, from: old.sku.tier, baseAt: at(old.ref, 'sku', 'tier') }, at: at(circuit.ref, 'sku', 'tier') });
      }
    }
  },
});
