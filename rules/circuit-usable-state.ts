/**
 * Only a circuit that the provider has `Provisioned` and that is `Enabled` carries traffic: a VNet
 * link to it fails, and where the customer configures routing (Layer 2 provider or Direct) its
 * peerings can be configured only once it is Provisioned. Silent when the states are not recorded.
 * https://learn.microsoft.com/azure/expressroute/expressroute-workflows
 */
import { at, defineRule, type Circuit } from '../src/rule-kit.js';

export default defineRule({
  id: 'circuit-usable-state',
  meta: {
    description: 'Connections and customer-configured peerings use circuits that are `Provisioned` and `Enabled`',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      connectionToUnusable: 'Connection `{{connection}}` links to circuit `{{circuit}}`, which is {{state}} (at {{stateAt}}); a link works only once the circuit is `{{provisioned}}` and `{{enabled}}`: {{next}}',
      peeringBeforeProvisioned: 'Circuit `{{circuit}}` has `serviceProviderProvisioningState: {{state}}`, but its `{{peeringType}}` can be configured only once the provider has provisioned it (`{{provisioned}}`): {{next}}',
    },
  },
  check(topology, { facts, report }) {
    const provisioned = facts.circuit.usableProviderState.value;
    const enabled = facts.circuit.usableCircuitState.value;
    const nextStep = (c: Circuit): string => {
      switch (c.serviceProviderProvisioningState) {
        case 'NotProvisioned': return 'give the service key to the provider and ask them to provision the circuit';
        case 'Provisioning': return 'wait until the provider reports the circuit as provisioned';
        case 'Deprovisioning': return 'the provider is deprovisioning it; remove this link, or ask the provider to provision the circuit again';
        default: return 'enable the circuit, or open a support request if Azure disabled it';
      }
    };
    // The state property that makes the circuit unusable, or undefined when what is recorded is usable.
    const blocking = (c: Circuit): { state: string; pointer: string } | undefined => {
      if (c.serviceProviderProvisioningState !== undefined && c.serviceProviderProvisioningState !== provisioned) {
        return { state: `\`${c.serviceProviderProvisioningState}\``, pointer: 'serviceProviderProvisioningState' };
      }
      if (c.circuitProvisioningState !== undefined && c.circuitProvisioningState !== enabled) {
        return { state: `\`${c.circuitProvisioningState}\``, pointer: 'circuitProvisioningState' };
      }
      return undefined;
    };

    for (let connectionIndex = 0; connectionIndex < topology.connections.length; connectionIndex++) {
      const connection = topology.connections[connectionIndex]!;
      const circuit = connection.resolvedCircuit;
      const problem = circuit && blocking(circuit);
      if (!circuit || !problem) continue;
      report({
        messageId: 'connectionToUnusable',
        data: { connection: connection.name, circuit: circuit.name, state: problem.state, stateAt: at(circuit.ref, problem.pointer), provisioned, enabled, next: nextStep(circuit) },
        at: at(connection.ref, 'circuit'),
        related: [{ at: at(circuit.ref, problem.pointer), message: `state of circuit \`${circuit.name}\`` }],
      });
    }

    for (let circuitIndex = 0; circuitIndex < topology.circuits.length; circuitIndex++) {
      const circuit = topology.circuits[circuitIndex]!;
      const state = circuit.serviceProviderProvisioningState;
      if (circuit.routingManagedBy !== 'customer' || state === undefined || state === provisioned) continue;
      for (let peeringIndex = 0; peeringIndex < circuit.peerings.length; peeringIndex++) {
        const peering = circuit.peerings[peeringIndex]!;
        report({
          messageId: 'peeringBeforeProvisioned',
          data: { circuit: circuit.name, state, peeringType: peering.peeringType, provisioned, next: nextStep(circuit) },
          at: at(peering.ref, 'peeringType'),
          related: [{ at: at(circuit.ref, 'serviceProviderProvisioningState'), message: 'provider state' }],
        });
      }
    }
  },
});
