/**
 * VNet traffic crosses a circuit over its Azure private peering: linking a VNet to a circuit that
 * has no `AzurePrivatePeering` fails. Silent when the circuit's file does not list its peerings.
 * https://learn.microsoft.com/azure/expressroute/expressroute-howto-linkvnet-arm#prerequisites
 */
import { at, defineRule, type Circuit } from '../src/rule-kit.js';

export default defineRule({
  id: 'connection-private-peering',
  meta: {
    description: 'A connection links to a circuit that has an `AzurePrivatePeering`',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      noPrivatePeering: 'Connection `{{connection}}` links to circuit `{{circuit}}` (at {{circuitAt}}), which has no `AzurePrivatePeering`; configure private peering on the circuit before linking a VNet',
    },
  },
  check(topology, { report }) {
    for (let connectionIndex = 0; connectionIndex < topology.connections.length; connectionIndex++) {
      const connection = topology.connections[connectionIndex]!;
      const circuit = connection.resolvedCircuit;
      if (!circuit || !circuit.peeringsRecorded || hasPrivatePeering(circuit)) continue;
      report({
        messageId: 'noPrivatePeering',
        data: { connection: connection.name, circuit: circuit.name, circuitAt: at(circuit.ref, 'peerings') },
        at: at(connection.ref, 'circuit'),
        related: [{ at: at(circuit.ref, 'peerings'), target: 'key', message: `peerings of circuit \`${circuit.name}\`` }],
      });
    }
  },
});

/** Whether the circuit has private peering: a loop rather than `some` with a closure, as this runs for every connection. */
function hasPrivatePeering(circuit: Circuit): boolean {
  for (let i = 0; i < circuit.peerings.length; i++) if (circuit.peerings[i]!.peeringType === 'AzurePrivatePeering') return true;
  return false;
}
