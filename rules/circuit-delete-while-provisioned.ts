/**
 * A circuit the provider has provisioned (or is provisioning) cannot be deleted: the delete fails
 * until the provider deprovisions it, and Azure bills the circuit until it is deleted.
 * https://learn.microsoft.com/azure/expressroute/expressroute-howto-circuit-portal-resource-manager#delete
 */
import { at, defineRule } from '../src/rule-kit.js';

export default defineRule({
  id: 'circuit-delete-while-provisioned',
  meta: {
    description: 'A circuit is deleted only after the provider has deprovisioned it',
    defaultSeverity: 'error',
    recommended: true,
    needsBase: true,
    messages: {
      stillProvisioned: 'Circuit `{{circuit}}` is removed, but it was `{{state}}` with the provider (at {{baseAt}}); Azure refuses the delete until the provider deprovisions the circuit, and bills it until then: ask the provider to deprovision it first',
    },
  },
  check(topology, { base, removedAt, report }) {
    if (!base) return;
    for (let oldIndex = 0; oldIndex < base.circuits.length; oldIndex++) {
      const old = base.circuits[oldIndex]!;
      const state = old.serviceProviderProvisioningState;
      if (topology.byName.circuits.has(old.name) || (state !== 'Provisioned' && state !== 'Provisioning')) continue;
      report({
        messageId: 'stillProvisioned',
        data: { circuit: old.name, state, baseAt: at(old.ref, 'serviceProviderProvisioningState') },
        at: removedAt(old.ref), target: 'key',
        related: [{ at: at(old.ref, 'name'), message: `circuit \`${old.name}\` before this change` }],
      });
    }
  },
});
