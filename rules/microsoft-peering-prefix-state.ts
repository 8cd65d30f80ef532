/**
 * Azure validates the public prefixes of a Microsoft peering against the routing registries; the
 * session stays down until the state is `Configured`. `ValidationNeeded` means no registry ties the
 * prefixes to the AS number; `ManualValidationNeeded` waits for a support ticket.
 * https://learn.microsoft.com/azure/expressroute/expressroute-troubleshooting-expressroute-overview
 */
import { at, defineRule } from '../src/rule-kit.js';

export default defineRule({
  id: 'microsoft-peering-prefix-state',
  meta: {
    description: 'The advertised public prefixes of a Microsoft peering are validated (`Configured`)',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      validationNeeded: 'The advertised public prefixes of the `MicrosoftPeering` of circuit `{{circuit}}` are `ValidationNeeded`: no routing registry ties them to AS{{asn}}, and the BGP session stays down; register them to AS{{asn}} in {{registry}}, or set `customerASN` to the AS they are registered to',
      manualValidation: 'The advertised public prefixes of the `MicrosoftPeering` of circuit `{{circuit}}` are `ManualValidationNeeded`; open a support ticket with proof that AS{{asn}} owns them',
      notYet: 'The advertised public prefixes of the `MicrosoftPeering` of circuit `{{circuit}}` are `{{state}}`; the session carries no routes until Azure reports `Configured`',
    },
  },
  check(topology, { isReported, report }) {
    for (let peeringIndex = 0; peeringIndex < topology.peerings.length; peeringIndex++) {
      const peering = topology.peerings[peeringIndex]!;
      const config = peering.microsoftPeeringConfig;
      const state = config?.advertisedPublicPrefixesState;
      if (peering.peeringType !== 'MicrosoftPeering' || !config || state === undefined || state === 'Configured' || !isReported(peering.ref)) continue;
      const data = { circuit: peering.circuit.name, asn: config.customerASN ?? peering.peerASN, registry: config.routingRegistryName ? `\`${config.routingRegistryName}\`` : 'your routing registry', state };
      const where = at(peering.ref, 'microsoftPeeringConfig', 'advertisedPublicPrefixesState');
      if (state === 'ValidationNeeded') report({ messageId: 'validationNeeded', data, at: where });
      else if (state === 'ManualValidationNeeded') report({ messageId: 'manualValidation', data, at: where, severity: 'warn' });
      else report({ messageId: 'notYet', data, at: where, severity: 'warn' });
    }
  },
});
