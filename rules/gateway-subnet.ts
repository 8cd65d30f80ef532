/**
 * A VNet with a gateway needs a subnet named exactly `GatewaySubnet`, inside the VNet's address
 * space and large enough: Azure refuses anything smaller than /29, the documentation asks for /27,
 * and /26 when the gateway has more than 8 circuit connections. Silent when `subnets` is not recorded.
 * https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways#gwsub
 */
import { at, closestMatch, defineRule, parsePrefix, prefixContains, type AzureFacts, type MessageValue, type Prefix, type RuleReport, type Subnet, type VNet } from '../src/rule-kit.js';

const GATEWAY_SUBNET = 'GatewaySubnet';

export default defineRule({
  id: 'gateway-subnet',
  meta: {
    description: 'A VNet with a gateway has a large enough `GatewaySubnet` inside its address space',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      missing: 'VNet `{{vnet}}` has gateway `{{gateway}}` but no subnet named `GatewaySubnet`{{hint}}; Azure places gateways only in a subnet of that exact name',
      outside: '`GatewaySubnet` `{{prefix}}` of VNet `{{vnet}}` is outside its address space {{space}}',
      tooSmall: '`GatewaySubnet` `{{prefix}}` of VNet `{{vnet}}` is smaller than /{{minimum}}, the smallest Azure accepts; use /{{recommended}} or larger',
      belowRecommended: '`GatewaySubnet` `{{prefix}}` of VNet `{{vnet}}` is smaller than /{{recommended}}; {{wording}}',
      tooSmallForCircuits: '`GatewaySubnet` `{{prefix}}` of VNet `{{vnet}}` is smaller than /{{large}}, which gateway `{{gateway}}` needs for its {{count}} circuit connections (more than {{threshold}})',
    },
  },
  check(topology, { facts, isReported, report }) {
    // A function per VNet: V8 optimizes a small function called for each of tens of thousands of
    // VNets after a few hundred calls, and a rule's loop, run once, runs mostly unoptimized.
    for (let vnetIndex = 0; vnetIndex < topology.vnets.length; vnetIndex++) {
      const vnet = topology.vnets[vnetIndex]!;
      // A file that does not list the subnets at all says nothing about them: no finding to make.
      if (vnet.gateways.length > 0 && vnet.subnetsRecorded && isReported(vnet.ref)) checkVnet(vnet, facts.gatewaySubnet, report);
    }
  },
});

type Report = (report: RuleReport) => void;

/** The checks of a VNet with a gateway and its subnets listed. */
function checkVnet(vnet: VNet, facts: AzureFacts['gatewaySubnet'], report: Report): void {
  const { minimumPrefixLength, recommendedPrefixLength, recommendedWording, largeGatewayConnections, largeGatewayPrefixLength } = facts;
  const gateway = vnet.gateways[0]!;
  const subnet = subnetNamed(vnet.subnets, GATEWAY_SUBNET);
  if (!subnet) {
    const near = closestMatch(GATEWAY_SUBNET, vnet.subnets.map((s) => s.name));
    report({
      messageId: 'missing',
      data: { vnet: vnet.name, gateway: gateway.name, hint: near ? ` (\`${near}\` is not that name: it is case-sensitive)` : '' },
      at: near ? at(vnet.subnets.find((s) => s.name === near)!.ref, 'name') : at(vnet.ref, 'name'),
    });
    return;
  }
  // Parsed once, for the containment test and the sizes.
  const prefix = parsePrefix(subnet.addressPrefix);
  if (!insideAny(vnet.addressSpace, prefix)) found(report, vnet, subnet, 'outside', { space: vnet.addressSpace.map((s) => `\`${s}\``).join(', ') });
  // The sizes are IPv4 prefix lengths; an IPv6 GatewaySubnet range is sized differently.
  if (!prefix || prefix.family !== 'ipv4') return;
  const minimum = minimumPrefixLength.value;
  const recommended = recommendedPrefixLength.value;
  if (prefix.length > minimum) {
    found(report, vnet, subnet, 'tooSmall', { minimum, recommended });
    return;
  }
  if (prefix.length > recommended) found(report, vnet, subnet, 'belowRecommended', { minimum, recommended, wording: recommendedWording }, 'warn');
  for (let gIndex = 0; gIndex < vnet.gateways.length; gIndex++) {
    const g = vnet.gateways[gIndex]!;
    const count = g.circuitConnections.length;
    if (g.gatewayType === 'ExpressRoute' && count > largeGatewayConnections.value && prefix.length > largeGatewayPrefixLength.value) {
      found(report, vnet, subnet, 'tooSmallForCircuits', { gateway: g.name, count, threshold: largeGatewayConnections.value, large: largeGatewayPrefixLength.value });
    }
  }
}

/** A finding on the `GatewaySubnet`'s range: its place and data are made for findings only. */
function found(report: Report, vnet: VNet, subnet: Subnet, messageId: string, data: Record<string, MessageValue>, severity?: 'warn'): void {
  report({ messageId, data: { vnet: vnet.name, prefix: subnet.addressPrefix, ...data }, at: at(subnet.ref, 'addressPrefix'), ...(severity ? { severity } : {}) });
}

/** Whether the prefix lies inside one of the address spaces (false when it did not parse). */
function insideAny(spaces: readonly string[], prefix: Prefix | undefined): boolean {
  if (!prefix) return false;
  for (let i = 0; i < spaces.length; i++) if (prefixContains(spaces[i]!, prefix)) return true;
  return false;
}

/**
 * The subnet of that name, the first if several: a loop rather than `find` with a closure, as this
 * runs for every VNet with a gateway, mostly before V8 has optimized it.
 */
function subnetNamed(subnets: readonly Subnet[], name: string): Subnet | undefined {
  for (let i = 0; i < subnets.length; i++) if (subnets[i]!.name === name) return subnets[i];
  return undefined;
}
