/**
 * A default route advertised on private peering pulls all Internet-bound VNet traffic, including
 * traffic to Azure's public services, to the customer edge. Without Microsoft (or public) peering
 * on the circuit to bring that traffic back, Azure public services become unreachable from the VNets.
 * https://learn.microsoft.com/azure/expressroute/expressroute-routing#advertising-default-routes
 */
import { at, defineRule, isDefaultRoute, parsePrefix, type Circuit } from '../src/rule-kit.js';

export default defineRule({
  id: 'private-peering-default-route',
  meta: {
    description: 'A default route on private peering comes with a Microsoft or public peering on the circuit',
    defaultSeverity: 'warn',
    recommended: true,
    messages: {
      noMicrosoftPath: 'The `AzurePrivatePeering` of circuit `{{circuit}}` advertises the default route `{{prefix}}`, but the circuit has no Microsoft or public peering; VNet traffic to Azure public services then goes on-premises and finds no way back: add Microsoft peering, or give the VNets another path (service endpoints, user-defined routes)',
    },
  },
  check(topology, { report }) {
    for (let peeringIndex = 0; peeringIndex < topology.peerings.length; peeringIndex++) {
      const peering = topology.peerings[peeringIndex]!;
      if (peering.peeringType !== 'AzurePrivatePeering') continue;
      // Loops rather than `some` and `forEach` with closures: this runs for every private peering.
      if (hasMicrosoftPath(peering.circuit)) continue;
      for (let i = 0; i < peering.advertisedPrefixes.length; i++) {
        const text = peering.advertisedPrefixes[i]!;
        const prefix = parsePrefix(text);
        if (prefix && isDefaultRoute(prefix)) report({ messageId: 'noMicrosoftPath', data: { circuit: peering.circuit.name, prefix: text }, at: at(peering.ref, 'advertisedPrefixes', i) });
      }
    }
  },
});

/** Whether the circuit has a Microsoft or public peering. */
function hasMicrosoftPath(circuit: Circuit): boolean {
  for (let i = 0; i < circuit.peerings.length; i++) {
    const type = circuit.peerings[i]!.peeringType;
    if (type === 'MicrosoftPeering' || type === 'AzurePublicPeering') return true;
  }
  return false;
}
