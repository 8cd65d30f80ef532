/**
 * An ExpressRoute gateway forwards at most its SKU's aggregate throughput, whatever the circuits
 * behind it carry: traffic above it is dropped. Standard/ErGw1AZ 1 Gbps, HighPerformance/ErGw2AZ
 * 2 Gbps, UltraPerformance/ErGw3AZ 10 Gbps, ErGwScale 1 Gbps per (minimum) scale unit.
 * https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways#gateway-types
 */
import { at, circuitBandwidthMbps, defineRule, formatBandwidth, gatewayPath, type Circuit, type Gateway } from '../src/rule-kit.js';

interface Options {
  headroomPercent: number;
}

export default defineRule<Options>({
  id: 'gateway-throughput',
  meta: {
    description: 'The circuits linked to an ExpressRoute gateway fit within its SKU throughput',
    defaultSeverity: 'warn',
    recommended: true,
    messages: {
      exceeds: 'Gateway `{{gateway}}` (`{{sku}}`, {{capacity}}) is linked to circuits totalling {{total}} ({{circuits}}){{headroom}}; traffic above the gateway throughput is dropped: {{advice}}',
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        headroomPercent: { type: 'number', minimum: 0, maximum: 90, default: 0, description: 'Share of the gateway throughput to keep free, in percent.' },
      },
    },
    defaultOptions: { headroomPercent: 0 },
  },
  check(topology, { facts, options, isReported, report }) {
    const { throughputMbps, scaleUnitThroughputMbps } = facts.gateway;
    const capacityOf = (g: Gateway): number | undefined =>
      g.sku === 'ErGwScale' ? (g.scaleUnits ? g.scaleUnits.min * scaleUnitThroughputMbps.value : undefined) : throughputMbps.value[g.sku];

    for (let gatewayIndex = 0; gatewayIndex < topology.gateways.length; gatewayIndex++) {
      const gateway = topology.gateways[gatewayIndex]!;
      if (gateway.gatewayType !== 'ExpressRoute' || !isReported(gateway.ref)) continue;
      const capacity = capacityOf(gateway);
      if (capacity === undefined) continue;
      // Most gateways have one circuit: its bandwidth is the total, with no list to build.
      const only = gateway.circuitConnections.length === 1 ? gateway.circuitConnections[0]!.resolvedCircuit : undefined;
      const several = only ? undefined : linkedCircuits(gateway);
      const total = only ? circuitBandwidthMbps(only) ?? 0 : sumMbps(several!);
      const usable = capacity * (1 - options.headroomPercent / 100);
      if (total <= usable) continue;
      const circuits = several ?? linkedCircuits(gateway);

      const bigger = Object.entries(throughputMbps.value)
        .filter(([sku, mbps]) => mbps! >= total / (1 - options.headroomPercent / 100) && sku.endsWith('AZ'))
        .sort((a, b) => a[1]! - b[1]!)[0]?.[0];
      const units = Math.ceil(total / (1 - options.headroomPercent / 100) / scaleUnitThroughputMbps.value);
      const advice = gateway.sku === 'ErGwScale' || !bigger
        ? `raise \`scaleUnits.min\` to ${units} on \`ErGwScale\` or link fewer circuits`
        : `resize to \`${bigger}\`, use \`ErGwScale\` with at least ${units} scale units, or link fewer circuits`;
      report({
        messageId: 'exceeds',
        data: {
          gateway: gatewayPath(gateway), sku: gateway.sku, capacity: formatBandwidth(capacity), total: formatBandwidth(total),
          circuits: [...circuits.values()].map((c) => `\`${c.circuit.name}\` ${formatBandwidth(c.mbps)}`).join(', '),
          headroom: options.headroomPercent > 0 ? ` with ${options.headroomPercent}% headroom required` : '',
          advice,
        },
        at: at(gateway.ref, 'sku'),
        related: [...circuits.values()].map((c) => ({ at: at(c.circuit.ref, 'name'), message: `circuit \`${c.circuit.name}\`, ${formatBandwidth(c.mbps)}` })),
      });
    }
  },
});

/** The circuits a gateway's connections name, each once, with their bandwidth (those that state one). */
function linkedCircuits(gateway: Gateway): Map<string, { circuit: Circuit; mbps: number }> {
  const circuits = new Map<string, { circuit: Circuit; mbps: number }>();
  for (let connectionIndex = 0; connectionIndex < gateway.circuitConnections.length; connectionIndex++) {
    const connection = gateway.circuitConnections[connectionIndex]!;
    const circuit = connection.resolvedCircuit;
    const mbps = circuit && circuitBandwidthMbps(circuit);
    if (circuit && mbps !== undefined) circuits.set(circuit.name, { circuit, mbps });
  }
  return circuits;
}

function sumMbps(circuits: Map<string, { mbps: number }>): number {
  let total = 0;
  for (const { mbps } of circuits.values()) total += mbps;
  return total;
}
