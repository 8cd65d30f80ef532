/**
 * The peerings of a circuit are told apart by VLAN ID on the same physical links: two peerings
 * with one VLAN ID collide. IDs outside 1-4094 are not usable 802.1Q tags.
 * https://learn.microsoft.com/azure/expressroute/expressroute-howto-routing-portal-resource-manager
 */
import { at, defineRule, type Peering } from '../src/rule-kit.js';

export default defineRule({
  id: 'peering-vlan-unique',
  meta: {
    description: 'A circuit\'s peerings use distinct VLAN IDs within the usable range',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      duplicate: 'The `{{peeringType}}` of circuit `{{circuit}}` uses VLAN `{{vlan}}`, already used by its `{{otherType}}` at {{otherAt}}; each peering of a circuit needs its own VLAN ID',
      outOfRange: 'The `{{peeringType}}` of circuit `{{circuit}}` uses VLAN `{{vlan}}`; usable VLAN IDs are {{from}} to {{to}}',
    },
  },
  check(topology, { facts, report }) {
    const { from, to } = facts.peering.vlanRange.value;
    for (let circuitIndex = 0; circuitIndex < topology.circuits.length; circuitIndex++) {
      const circuit = topology.circuits[circuitIndex]!;
      // A map of VLANs only where two peerings could share one: this runs for every circuit.
      const first = circuit.peerings.length > 1 ? new Map<number, Peering>() : undefined;
      for (let peeringIndex = 0; peeringIndex < circuit.peerings.length; peeringIndex++) {
        const peering = circuit.peerings[peeringIndex]!;
        if (peering.vlanId < from || peering.vlanId > to) {
          report({ messageId: 'outOfRange', data: { peeringType: peering.peeringType, circuit: circuit.name, vlan: peering.vlanId, from, to }, at: at(peering.ref, 'vlanId'), severity: 'warn' });
        }
        const earlier = first?.get(peering.vlanId);
        if (!earlier) {
          first?.set(peering.vlanId, peering);
          continue;
        }
        report({
          messageId: 'duplicate', data: { peeringType: peering.peeringType, circuit: circuit.name, vlan: peering.vlanId, otherType: earlier.peeringType, otherAt: at(earlier.ref, 'vlanId') },
          at: at(peering.ref, 'vlanId'), related: [{ at: at(earlier.ref, 'vlanId'), message: `VLAN of the \`${earlier.peeringType}\`` }],
        });
      }
    }
  },
});
