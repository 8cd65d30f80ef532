/**
 * A peering with `state: Disabled` has its BGP sessions shut down: nothing is routed over it. For
 * the private peering of a circuit that VNets are linked to, that cuts those VNets off.
 * https://learn.microsoft.com/azure/expressroute/expressroute-howto-routing-arm
 */
import { at, defineRule } from '../src/rule-kit.js';

export default defineRule({
  id: 'peering-bgp-enabled',
  meta: {
    description: 'A peering that connections depend on has its BGP sessions enabled',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      disabledInUse: 'The `AzurePrivatePeering` of circuit `{{circuit}}` is `Disabled`, but {{linked}} to this circuit (`{{connection}}` at {{connectionAt}}); that traffic has no route until the peering is enabled',
      disabled: 'The `{{peeringType}}` of circuit `{{circuit}}` is `Disabled`; its BGP sessions are down and it carries no routes',
    },
  },
  check(topology, { report }) {
    for (let peeringIndex = 0; peeringIndex < topology.peerings.length; peeringIndex++) {
      const peering = topology.peerings[peeringIndex]!;
      if (peering.state !== 'Disabled') continue;
      const connections = peering.circuit.vnetConnections;
      const first = connections[0];
      if (peering.peeringType === 'AzurePrivatePeering' && first) {
        report({
          messageId: 'disabledInUse',
          data: {
            circuit: peering.circuit.name, connection: first.name, connectionAt: at(first.ref, 'circuit'),
            linked: connections.length === 1 ? 'a connection links a VNet' : `${connections.length} connections link VNets`,
          },
          at: at(peering.ref, 'state'),
          related: connections.map((c) => ({ at: at(c.ref, 'circuit'), message: `connection \`${c.name}\`` })),
        });
      } else {
        report({ messageId: 'disabled', data: { peeringType: peering.peeringType, circuit: peering.circuit.name }, at: at(peering.ref, 'state'), severity: 'warn' });
      }
    }
  },
});
