/** The rule registry: every rule module, sorted by id. */
import type { RuleDefinition } from '../src/rule-kit.js';
import circuitBillingWhileUnprovisioned from './circuit-billing-while-unprovisioned.js';
import circuitDeleteWhileProvisioned from './circuit-delete-while-provisioned.js';
import circuitDeleteWithLinks from './circuit-delete-with-links.js';
import circuitImmutableChange from './circuit-immutable-change.js';
import circuitLinkLimit from './circuit-link-limit.js';
import circuitSku from './circuit-sku.js';
import circuitUsableState from './circuit-usable-state.js';
import connectionAuthorization from './connection-authorization.js';
import connectionGatewayType from './connection-gateway-type.js';
import connectionPrivatePeering from './connection-private-peering.js';
import gatewayCircuitLimit from './gateway-circuit-limit.js';
import gatewayFastpathSku from './gateway-fastpath-sku.js';
import gatewaySkuResize from './gateway-sku-resize.js';
import gatewaySkuTypeMatch from './gateway-sku-type-match.js';
import gatewaySubnet from './gateway-subnet.js';
import gatewayThroughput from './gateway-throughput.js';
import gatewayTypeChange from './gateway-type-change.js';
import gatewayZoneRedundantSku from './gateway-zone-redundant-sku.js';
import microsoftPeeringPrefixOrigin from './microsoft-peering-prefix-origin.js';
import microsoftPeeringPrefixState from './microsoft-peering-prefix-state.js';
import microsoftPeeringRouteFilter from './microsoft-peering-route-filter.js';
import microsoftPeeringSeparateEdge from './microsoft-peering-separate-edge.js';
import peeringAsn from './peering-asn.js';
import peeringBgpEnabled from './peering-bgp-enabled.js';
import peeringPublicAddresses from './peering-public-addresses.js';
import peeringPublicDeprecated from './peering-public-deprecated.js';
import peeringRouteLimit from './peering-route-limit.js';
import peeringSubnets from './peering-subnets.js';
import peeringVlanUnique from './peering-vlan-unique.js';
import privatePeeringDefaultRoute from './private-peering-default-route.js';
import topologyReferenceExists from './topology-reference-exists.js';
import topologyUniqueNames from './topology-unique-names.js';
import vnetOneGatewayPerType from './vnet-one-gateway-per-type.js';

export const ruleDefinitions: readonly RuleDefinition<never>[] = [
  circuitBillingWhileUnprovisioned,
  circuitDeleteWhileProvisioned,
  circuitDeleteWithLinks,
  circuitImmutableChange,
  circuitLinkLimit,
  circuitSku,
  circuitUsableState,
  connectionAuthorization,
  connectionGatewayType,
  connectionPrivatePeering,
  gatewayCircuitLimit,
  gatewayFastpathSku,
  gatewaySkuResize,
  gatewaySkuTypeMatch,
  gatewaySubnet,
  gatewayThroughput,
  gatewayTypeChange,
  gatewayZoneRedundantSku,
  microsoftPeeringPrefixOrigin,
  microsoftPeeringPrefixState,
  microsoftPeeringRouteFilter,
  microsoftPeeringSeparateEdge,
  peeringAsn,
  peeringBgpEnabled,
  peeringPublicAddresses,
  peeringPublicDeprecated,
  peeringRouteLimit,
  peeringSubnets,
  peeringVlanUnique,
  privatePeeringDefaultRoute,
  topologyReferenceExists,
  topologyUniqueNames,
  vnetOneGatewayPerType,
] as RuleDefinition<never>[];
