/**
 * A circuit's SKU and size must be ones Azure sells: `Local` is UnlimitedData only; a provider
 * circuit is 50 Mbps to 10 Gbps in fixed steps; a Direct circuit takes the port's sizes; a circuit
 * is either through a provider or on Direct ports; `Basic` is a legacy tier.
 * https://learn.microsoft.com/azure/expressroute/expressroute-circuit-peerings
 */
import { at, defineRule, formatBandwidth, MBPS_PER_GBPS, type AzureFacts, type Circuit, type RuleReport } from '../src/rule-kit.js';

const PROVIDER_FIELDS = ['serviceProviderName', 'peeringLocation', 'bandwidthInMbps'] as const;
const DIRECT_FIELDS = ['expressRoutePort', 'bandwidthInGbps'] as const;

export default defineRule({
  id: 'circuit-sku',
  meta: {
    description: 'A circuit has a SKU, bandwidth and connectivity model that Azure offers',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      localNeedsUnlimited: 'Circuit `{{circuit}}` is `Local` with {{family}}; a `Local` circuit is billed only as `{{required}}`',
      providerBandwidth: 'Circuit `{{circuit}}` has `bandwidthInMbps: {{bandwidth}}`, which no provider circuit offers; choose one of {{allowed}}{{hint}}',
      directBandwidth: 'ExpressRoute Direct circuit `{{circuit}}` has `bandwidthInGbps: {{bandwidth}}`, which no Direct port offers; choose one of {{allowed}} that the port supports',
      mixedModels: 'Circuit `{{circuit}}` sets the ExpressRoute Direct field `{{direct}}` and the provider fields {{provider}}; a circuit is either through a provider or on ExpressRoute Direct ports',
      legacyTier: 'Circuit `{{circuit}}` uses the legacy tier `{{tier}}`; new circuits are `Local`, `Standard` or `Premium`',
    },
  },
  check(topology, { facts, report }) {
    // A function per circuit: V8 optimizes a small function called for each of tens of thousands of
    // circuits after a few hundred calls, and a rule's loop, run once, runs mostly unoptimized.
    for (let i = 0; i < topology.circuits.length; i++) checkCircuit(topology.circuits[i]!, facts.circuit, report);
  },
});

function checkCircuit(circuit: Circuit, facts: AzureFacts['circuit'], report: (report: RuleReport) => void): void {
  const { localFamily, providerBandwidthsMbps, directBandwidthsGbps, legacyTiers } = facts;
  const sku = circuit.sku;
  if (sku?.tier === 'Local' && sku.family !== localFamily.value) {
    report({
      messageId: 'localNeedsUnlimited',
      data: { circuit: circuit.name, family: sku.family ? `\`${sku.family}\`` : 'no `family`', required: localFamily.value },
      at: at(circuit.ref, 'sku', sku.family ? 'family' : 'tier'),
    });
  }
  if (sku?.tier && legacyTiers.value.includes(sku.tier)) {
    report({ messageId: 'legacyTier', data: { circuit: circuit.name, tier: sku.tier }, at: at(circuit.ref, 'sku', 'tier'), severity: 'warn' });
  }

  // Lists are made only for a circuit that sets fields of both models: this runs for every circuit.
  // No closure per circuit for the usual circuit, which has no Direct field: this runs for all of
  // them, mostly before V8 has optimized it.
  const direct = circuit.expressRoutePort !== undefined ? DIRECT_FIELDS[0] : circuit.bandwidthInGbps !== undefined ? DIRECT_FIELDS[1] : undefined;
  const provider = direct === undefined ? [] : PROVIDER_FIELDS.filter((f) => circuit[f] !== undefined);
  if (direct !== undefined && provider.length > 0) {
    report({
      messageId: 'mixedModels',
      data: { circuit: circuit.name, direct, provider: provider.map((f) => `\`${f}\``).join(', ') },
      at: at(circuit.ref, direct), target: 'key',
    });
  }
  const mbps = circuit.bandwidthInMbps;
  if (mbps !== undefined && !providerBandwidthsMbps.value.includes(mbps)) {
    const nearest = [...providerBandwidthsMbps.value].sort((a, b) => Math.abs(a - mbps) - Math.abs(b - mbps) || a - b)[0]!;
    report({
      messageId: 'providerBandwidth',
      data: {
        circuit: circuit.name, bandwidth: mbps, allowed: providerBandwidthsMbps.value.join(', '),
        // A value a thousand times a valid one was most likely written in the wrong unit.
        hint: providerBandwidthsMbps.value.includes(mbps * MBPS_PER_GBPS) ? ` (${mbps} is a size in Gbps: write ${mbps * MBPS_PER_GBPS})` : ` (nearest: ${formatBandwidth(nearest)})`,
      },
      at: at(circuit.ref, 'bandwidthInMbps'),
    });
  }
  const gbps = circuit.bandwidthInGbps;
  if (gbps !== undefined && !directBandwidthsGbps.value.includes(gbps)) {
    report({ messageId: 'directBandwidth', data: { circuit: circuit.name, bandwidth: gbps, allowed: directBandwidthsGbps.value.join(', ') }, at: at(circuit.ref, 'bandwidthInGbps') });
  }
}
