/**
 * Microsoft accepts the public prefixes of a Microsoft peering only when a routing registry ties
 * them to the customer's AS. With registry data (RPKI ROAs or IRR route objects) erlint applies
 * route-origin validation (RFC 6811) before Azure does: invalid is an error, not found a warning.
 * Without registry data the rule reports nothing.
 * https://learn.microsoft.com/azure/expressroute/expressroute-routing#public-ip-addresses-used-for-microsoft-peering
 */
import { at, defineRule } from '../src/rule-kit.js';

export default defineRule({
  id: 'microsoft-peering-prefix-origin',
  meta: {
    description: 'Advertised public prefixes are registered to the peering\'s AS in the routing-registry data',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      invalidOrigin: '`{{prefix}}`, advertised by AS{{asn}} on the `MicrosoftPeering` of circuit `{{circuit}}`, is registered to {{others}} ({{where}}); Microsoft will not accept it from AS{{asn}}: advertise it from the registered AS, or register it to AS{{asn}}',
      tooSpecific: '`{{prefix}}`, advertised by AS{{asn}} on the `MicrosoftPeering` of circuit `{{circuit}}`, is more specific than the registration allows (`{{covering}}` up to /{{maxLength}}, {{where}}); advertise the registered prefix or extend the registration',
      notFound: '`{{prefix}}`, advertised by AS{{asn}} on the `MicrosoftPeering` of circuit `{{circuit}}`, is in none of the routing-registry data given; Microsoft will ask for validation unless it is registered to AS{{asn}}',
    },
  },
  check(topology, { registry, report }) {
    if (!registry) return;
    for (let peeringIndex = 0; peeringIndex < topology.peerings.length; peeringIndex++) {
      const peering = topology.peerings[peeringIndex]!;
      const config = peering.microsoftPeeringConfig;
      if (peering.peeringType !== 'MicrosoftPeering' || !config) continue;
      const asn = config.customerASN ?? peering.peerASN;
      config.advertisedPublicPrefixes.forEach((prefix, i) => {
        const where = at(peering.ref, 'microsoftPeeringConfig', 'advertisedPublicPrefixes', i);
        const base = { prefix, asn, circuit: peering.circuit.name };
        const { state, covering } = registry.validate(prefix, asn);
        if (state === 'valid') return;
        if (state === 'not-found') {
          report({ messageId: 'notFound', data: base, at: where, severity: 'warn' });
          return;
        }
        const sameAs = covering.find((o) => o.asn === asn);
        if (sameAs) {
          report({ messageId: 'tooSpecific', data: { ...base, covering: sameAs.prefix, maxLength: sameAs.maxLength, where: `\`${sameAs.where()}\`` }, at: where });
        } else {
          const others = [...new Set(covering.map((o) => `AS${o.asn}`))].map((a) => `\`${a}\``).join(', ');
          report({ messageId: 'invalidOrigin', data: { ...base, others, where: `\`${covering[0]!.where()}\`` }, at: where });
        }
      });
    }
  },
});
