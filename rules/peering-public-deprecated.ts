/**
 * Azure public peering is retired: it can no longer be created, and existing public peerings should
 * move to Microsoft peering. With a base, a public peering that is new in this change is an error;
 * without one, any public peering is a warning.
 * https://learn.microsoft.com/azure/expressroute/about-public-peering
 */
import { at, defineRule } from '../src/rule-kit.js';

export default defineRule({
  id: 'peering-public-deprecated',
  meta: {
    description: 'No new Azure public peering; existing ones are flagged for migration',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      newPublicPeering: 'Circuit `{{circuit}}` gains an `AzurePublicPeering` in this change; Azure no longer creates public peering: use `MicrosoftPeering` with a route filter for Azure public services',
      existingPublicPeering: 'Circuit `{{circuit}}` has an `AzurePublicPeering`, which is retired; move to `MicrosoftPeering` with a route filter for Azure public services',
    },
  },
  check(topology, { base, report }) {
    const hadPublic = new Set(base?.peerings.filter((p) => p.peeringType === 'AzurePublicPeering').map((p) => p.circuit.name) ?? []);
    for (let peeringIndex = 0; peeringIndex < topology.peerings.length; peeringIndex++) {
      const peering = topology.peerings[peeringIndex]!;
      if (peering.peeringType !== 'AzurePublicPeering') continue;
      const where = at(peering.ref, 'peeringType');
      if (base && !hadPublic.has(peering.circuit.name)) report({ messageId: 'newPublicPeering', data: { circuit: peering.circuit.name }, at: where });
      else report({ messageId: 'existingPublicPeering', data: { circuit: peering.circuit.name }, at: where, severity: 'warn' });
    }
  },
});
