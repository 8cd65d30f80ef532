/**
 * The customer's BGP ASN must not be one Azure or Microsoft uses (65515-65520; 8074, 8075, 12076)
 * or one IANA reserves. Microsoft peering with a private ASN needs manual validation, and the
 * `customerASN` that owns advertised prefixes must be public.
 * https://learn.microsoft.com/azure/expressroute/expressroute-routing#autonomous-system-numbers
 */
import { at, defineRule, type AzureFacts } from '../src/rule-kit.js';

type Range = AzureFacts['peering']['privateAsns']['value'][number];

export default defineRule({
  id: 'peering-asn',
  meta: {
    description: 'Peer and customer ASNs are not reserved, and are public where Microsoft peering needs it',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      reserved: 'The `{{peeringType}}` of circuit `{{circuit}}` has `peerASN` {{asn}}, which {{owner}}; use your own ASN ({{advice}})',
      privateOnMicrosoft: 'The `MicrosoftPeering` of circuit `{{circuit}}` has the private `peerASN` {{asn}}; Microsoft then validates the prefixes by hand (a support ticket with proof of ownership), so prefer a public ASN or set `customerASN`',
      customerNotPublic: 'The `MicrosoftPeering` of circuit `{{circuit}}` has `customerASN` {{asn}}, which {{owner}}; `customerASN` must be the public ASN the advertised prefixes are registered to',
    },
  },
  check(topology, { facts, isReported, report }) {
    const { azureReservedAsns, microsoftAsns, ianaReservedAsns, privateAsns } = facts.peering;
    const ownerOf = (asn: number): string | undefined => {
      if (inRanges(asn, azureReservedAsns.value)) return 'Azure reserves for itself';
      if (inRanges(asn, microsoftAsns.value)) return 'is Microsoft\'s own';
      if (inRanges(asn, ianaReservedAsns.value)) return 'IANA reserves';
      return undefined;
    };
    for (let peeringIndex = 0; peeringIndex < topology.peerings.length; peeringIndex++) {
      const peering = topology.peerings[peeringIndex]!;
      if (!isReported(peering.ref)) continue;
      const circuit = peering.circuit.name;
      const owner = ownerOf(peering.peerASN);
      if (owner) {
        report({
          messageId: 'reserved',
          data: { peeringType: peering.peeringType, circuit, asn: peering.peerASN, owner, advice: peering.peeringType === 'AzurePrivatePeering' ? 'a private ASN is fine on private peering' : 'a public ASN registered to you' },
          at: at(peering.ref, 'peerASN'),
        });
      } else if (peering.peeringType === 'MicrosoftPeering' && inRanges(peering.peerASN, privateAsns.value) && peering.microsoftPeeringConfig?.customerASN === undefined) {
        report({ messageId: 'privateOnMicrosoft', data: { circuit, asn: peering.peerASN }, at: at(peering.ref, 'peerASN'), severity: 'warn' });
      }
      const customer = peering.microsoftPeeringConfig?.customerASN;
      if (customer === undefined) continue;
      const customerOwner = ownerOf(customer) ?? (inRanges(customer, privateAsns.value) ? 'is a private ASN' : undefined);
      if (customerOwner) report({ messageId: 'customerNotPublic', data: { circuit, asn: customer, owner: customerOwner }, at: at(peering.ref, 'microsoftPeeringConfig', 'customerASN') });
    }
  },
});

/** Whether the ASN is in one of the ranges. A loop, not `some` with a closure: this runs up to four times per peering. */
function inRanges(asn: number, ranges: readonly Range[]): boolean {
  for (let i = 0; i < ranges.length; i++) if (asn >= ranges[i]!.from && asn <= ranges[i]!.to) return true;
  return false;
}
