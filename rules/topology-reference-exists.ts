/**
 * A connection names its gateway (`vnet/gateway`), circuit and authorization; a peering names its
 * edge and route filter. A name that matches nothing is a typo or a deleted resource: Azure would
 * refuse the deployment, and every rule that follows the reference would see nothing.
 */
import { at, closestMatch, defineRule, gatewayReference, type Ref } from '../src/rule-kit.js';

export default defineRule({
  id: 'topology-reference-exists',
  meta: {
    description: 'Every reference to a gateway, circuit, authorization, edge or route filter resolves',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      missing: '{{owner}} refers to {{kind}} `{{name}}`, which is not defined in the workspace{{hint}}',
      missingGateway: 'Connection `{{connection}}` refers to gateway `{{gateway}}` in VNet `{{vnet}}` (defined at {{vnetAt}}), which has no such gateway{{hint}}',
      missingAuthorization: 'Connection `{{connection}}` uses authorization `{{name}}`, which circuit `{{circuit}}` (defined at {{circuitAt}}) does not have{{hint}}',
    },
  },
  check(topology, { isReported, report }) {
    const hint = (name: string, candidates: Iterable<string>): string => {
      const suggestion = closestMatch(name, candidates);
      return suggestion ? `; did you mean \`${suggestion}\`?` : '';
    };
    // The owner's words are made for a finding only: every connection and peering comes through here.
    const missing = (owner: () => string, kind: string, name: string, where: Ref, candidates: Iterable<string>) =>
      report({ messageId: 'missing', data: { owner: owner(), kind, name, hint: hint(name, candidates) }, at: where });

    for (let connectionIndex = 0; connectionIndex < topology.connections.length; connectionIndex++) {
      const connection = topology.connections[connectionIndex]!;
      if (!isReported(connection.ref)) continue;
      const owner = () => `Connection \`${connection.name}\``;
      // The model resolved the names: only a connection whose gateway it could not find is looked into.
      if (!connection.resolvedGateway) {
        const { vnet: vnetName, gateway: gatewayName } = gatewayReference(connection.gateway);
        const vnet = topology.byName.vnets.get(vnetName);
        if (!vnet) {
          missing(owner, 'VNet', vnetName, at(connection.ref, 'gateway'), topology.byName.vnets.keys());
        } else {
          report({
            messageId: 'missingGateway',
            data: { connection: connection.name, gateway: gatewayName, vnet: vnetName, vnetAt: vnet.ref, hint: hint(gatewayName, vnet.gateways.map((g) => g.name)) },
            at: at(connection.ref, 'gateway'),
            related: [{ at: vnet.ref, message: `VNet \`${vnet.name}\`` }],
          });
        }
      }

      const circuit = connection.resolvedCircuit;
      if (!circuit) {
        missing(owner, 'circuit', connection.circuit, at(connection.ref, 'circuit'), topology.byName.circuits.keys());
      } else if (connection.authorization !== undefined && !circuit.authorizations.some((a) => a.name === connection.authorization)) {
        report({
          messageId: 'missingAuthorization',
          data: {
            connection: connection.name, name: connection.authorization, circuit: circuit.name, circuitAt: circuit.ref,
            hint: hint(connection.authorization, circuit.authorizations.map((a) => a.name)),
          },
          at: at(connection.ref, 'authorization'),
          related: [{ at: circuit.ref, message: `circuit \`${circuit.name}\`` }],
        });
      }
    }

    for (let peeringIndex = 0; peeringIndex < topology.peerings.length; peeringIndex++) {
      const peering = topology.peerings[peeringIndex]!;
      if (!isReported(peering.ref)) continue;
      const owner = () => `The \`${peering.peeringType}\` of circuit \`${peering.circuit.name}\``;
      if (peering.edge !== undefined && !topology.byName.edges.has(peering.edge)) {
        missing(owner, 'edge', peering.edge, at(peering.ref, 'edge'), topology.byName.edges.keys());
      }
      if (peering.routeFilter !== undefined && !topology.byName.routeFilters.has(peering.routeFilter)) {
        missing(owner, 'route filter', peering.routeFilter, at(peering.ref, 'routeFilter'), topology.byName.routeFilters.keys());
      }
    }
  },
});

