/**
 * A VNet in another subscription than the circuit links only with one of the circuit's
 * authorizations, and an authorization is used up by one connection.
 * https://learn.microsoft.com/azure/expressroute/expressroute-howto-linkvnet-arm#connect-a-virtual-network-in-a-different-subscription-to-a-circuit
 */
import { at, defineRule, groupBy } from '../src/rule-kit.js';

export default defineRule({
  id: 'connection-authorization',
  meta: {
    description: 'A connection across subscriptions uses an authorization of the circuit, and each authorization serves one connection',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      missingAuthorization: 'Connection `{{connection}}` links VNet `{{vnet}}` in subscription `{{vnetSubscription}}` to circuit `{{circuit}}` in subscription `{{circuitSubscription}}` without an `authorization`; add one to the circuit\'s `authorizations` and name it here',
      reusedAuthorization: 'Authorization `{{authorization}}` of circuit `{{circuit}}` is used by connection `{{connection}}` and by `{{other}}` at {{otherAt}}; one authorization serves one connection, so create one per connection',
    },
  },
  check(topology, { report }) {
    // Connections by the authorization they redeem (circuit and authorization name).
    const users = groupBy(
      topology.connections.filter((c) => c.authorization !== undefined && c.resolvedCircuit),
      (c) => `${c.circuit}\u0000${c.authorization}`,
    );
    for (let connectionIndex = 0; connectionIndex < topology.connections.length; connectionIndex++) {
      const connection = topology.connections[connectionIndex]!;
      const circuit = connection.resolvedCircuit;
      const vnet = connection.resolvedGateway?.vnet;
      // Both subscriptions must be known, directly or from `defaults`, to say they differ.
      if (!circuit || !vnet || circuit.subscription === undefined || vnet.subscription === undefined) continue;
      if (circuit.subscription.toLowerCase() === vnet.subscription.toLowerCase() || connection.authorization !== undefined) continue;
      report({
        messageId: 'missingAuthorization',
        data: { connection: connection.name, vnet: vnet.name, vnetSubscription: vnet.subscription, circuit: circuit.name, circuitSubscription: circuit.subscription },
        at: at(connection.ref, 'circuit'),
      });
    }
    for (const connections of users.values()) {
      if (connections.length < 2) continue;
      connections.forEach((connection, i) => {
        const other = i === 0 ? connections[1]! : connections[0]!;
        report({
          messageId: 'reusedAuthorization',
          data: { authorization: connection.authorization!, circuit: connection.circuit, connection: connection.name, other: other.name, otherAt: at(other.ref, 'authorization') },
          at: at(connection.ref, 'authorization'),
          related: [{ at: at(other.ref, 'authorization'), message: `also used by \`${other.name}\`` }],
        });
      });
    }
  },
});
