/**
 * Azure bills a circuit from the moment it is created, provisioned by the provider or not. A
 * circuit that is `NotProvisioned` and `Enabled`, with no peerings and no connections, costs money
 * and carries nothing: it is usually forgotten.
 * https://learn.microsoft.com/azure/expressroute/expressroute-workflows
 */
import { at, defineRule } from '../src/rule-kit.js';

export default defineRule({
  id: 'circuit-billing-while-unprovisioned',
  meta: {
    description: 'A circuit that is not provisioned and unused is still billed',
    defaultSeverity: 'warn',
    recommended: true,
    messages: {
      billedUnused: 'Circuit `{{circuit}}` is `NotProvisioned` and `Enabled` with no peerings and no connections; Azure bills it until it is deleted: have the provider provision it, or delete it',
    },
  },
  check(topology, { report }) {
    for (let circuitIndex = 0; circuitIndex < topology.circuits.length; circuitIndex++) {
      const circuit = topology.circuits[circuitIndex]!;
      if (circuit.serviceProviderProvisioningState !== 'NotProvisioned' || circuit.circuitProvisioningState !== 'Enabled') continue;
      if (circuit.peerings.length > 0 || circuit.vnetConnections.length > 0) continue;
      report({ messageId: 'billedUnused', data: { circuit: circuit.name }, at: at(circuit.ref, 'serviceProviderProvisioningState') });
    }
  },
});
