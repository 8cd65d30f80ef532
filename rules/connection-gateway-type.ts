/**
 * A circuit links to a VNet through the VNet's ExpressRoute gateway; a VPN gateway cannot take an
 * ExpressRoute connection.
 * https://learn.microsoft.com/azure/expressroute/expressroute-howto-linkvnet-arm
 */
import { at, defineRule } from '../src/rule-kit.js';

export default defineRule({
  id: 'connection-gateway-type',
  meta: {
    description: 'A connection uses a gateway of type `ExpressRoute`',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      notExpressRoute: 'Connection `{{connection}}` links circuit `{{circuit}}` through gateway `{{gateway}}`, which is a `{{type}}` gateway (at {{gatewayAt}}); a circuit connects only to an `ExpressRoute` gateway',
    },
  },
  check(topology, { report }) {
    for (let connectionIndex = 0; connectionIndex < topology.connections.length; connectionIndex++) {
      const connection = topology.connections[connectionIndex]!;
      const gateway = connection.resolvedGateway;
      if (!gateway || gateway.gatewayType === 'ExpressRoute') continue;
      report({
        messageId: 'notExpressRoute',
        data: { connection: connection.name, circuit: connection.circuit, gateway: connection.gateway, type: gateway.gatewayType, gatewayAt: at(gateway.ref, 'gatewayType') },
        at: at(connection.ref, 'gateway'),
        related: [{ at: at(gateway.ref, 'gatewayType'), message: `gateway \`${connection.gateway}\`` }],
      });
    }
  },
});
