/**
 * The typed workspace model: what rules see. Every entity carries the `Ref` of its own object in
 * the source, so a rule can point at any of its properties without knowing about YAML. An optional
 * property the file leaves out (or sets to `null`) is there with the value `undefined`: test it
 * with `=== undefined`, not with `in` or `Object.hasOwn`.
 */
import type { Ref } from '../types.js';

/** Something defined at a place in the workspace. */
export interface Entity {
  ref: Ref;
}

export type CircuitTier = 'Local' | 'Standard' | 'Premium' | 'Basic';
export type CircuitFamily = 'MeteredData' | 'UnlimitedData';
export type ProviderState = 'NotProvisioned' | 'Provisioning' | 'Provisioned' | 'Deprovisioning';
export type CircuitState = 'Enabled' | 'Disabled';
export type PeeringType = 'AzurePrivatePeering' | 'MicrosoftPeering' | 'AzurePublicPeering';
export type RoutingRegistry = 'ARIN' | 'APNIC' | 'AFRINIC' | 'LACNIC' | 'RIPENCC' | 'RADB' | 'ALTDB' | 'LEVEL3';
export type PrefixState = 'NotConfigured' | 'Configuring' | 'Configured' | 'ValidationNeeded' | 'ManualValidationNeeded';
export type GatewayType = 'ExpressRoute' | 'Vpn';
export type GatewaySku =
  | 'Standard' | 'HighPerformance' | 'UltraPerformance' | 'ErGw1AZ' | 'ErGw2AZ' | 'ErGw3AZ' | 'ErGwScale' | 'Basic'
  | 'VpnGw1' | 'VpnGw2' | 'VpnGw3' | 'VpnGw4' | 'VpnGw5' | 'VpnGw1AZ' | 'VpnGw2AZ' | 'VpnGw3AZ' | 'VpnGw4AZ' | 'VpnGw5AZ';

export interface Edge extends Entity {
  name: string;
  internet: boolean;
  site?: string;
  asn?: number;
}

export interface Authorization extends Entity {
  name: string;
  circuit: Circuit;
}

export interface MicrosoftPeeringConfig {
  advertisedPublicPrefixes: string[];
  customerASN?: number;
  routingRegistryName?: RoutingRegistry;
  advertisedPublicPrefixesState?: PrefixState;
}

export interface Ipv6PeeringConfig {
  primaryPeerAddressPrefix?: string;
  secondaryPeerAddressPrefix?: string;
  state: 'Enabled' | 'Disabled';
}

export interface Peering extends Entity {
  circuit: Circuit;
  peeringType: PeeringType;
  peerASN: number;
  vlanId: number;
  primaryPeerAddressPrefix: string;
  secondaryPeerAddressPrefix: string;
  ipv6PeeringConfig?: Ipv6PeeringConfig;
  /** BGP session state; `Enabled` when the file omits it. */
  state: 'Enabled' | 'Disabled';
  edge?: string;
  advertisedPrefixes: string[];
  routeFilter?: string;
  microsoftPeeringConfig?: MicrosoftPeeringConfig;
}

export interface Circuit extends Entity {
  name: string;
  /** Own subscription, else the document's `defaults.subscription`. */
  subscription?: string;
  resourceGroup?: string;
  location?: string;
  serviceProviderName?: string;
  peeringLocation?: string;
  bandwidthInMbps?: number;
  expressRoutePort?: string;
  bandwidthInGbps?: number;
  sku?: { tier?: CircuitTier; family?: CircuitFamily };
  /** `customer` when the file omits it (Layer 2 provider or Direct). */
  routingManagedBy: 'customer' | 'provider';
  serviceProviderProvisioningState?: ProviderState;
  circuitProvisioningState?: CircuitState;
  authorizations: Authorization[];
  peerings: Peering[];
  /** False when the file leaves `peerings` out: they may exist in Azure but are not recorded. */
  peeringsRecorded: boolean;
  /** Connections that name this circuit (resolved when the model is built). */
  vnetConnections: Connection[];
}

export interface RouteFilterRule extends Entity {
  name: string;
  access: 'Allow' | 'Deny';
  routeFilterRuleType: 'Community';
  communities: string[];
}

export interface RouteFilter extends Entity {
  name: string;
  rules: RouteFilterRule[];
}

export interface Subnet extends Entity {
  vnet: VNet;
  name: string;
  addressPrefix: string;
}

export interface Gateway extends Entity {
  vnet: VNet;
  name: string;
  gatewayType: GatewayType;
  sku: GatewaySku;
  scaleUnits?: { min: number; max: number };
  vpnType?: 'RouteBased' | 'PolicyBased';
  bgpAsn?: number;
  /** Connections that name this gateway (resolved when the model is built). */
  circuitConnections: Connection[];
}

export interface VNet extends Entity {
  name: string;
  /** Own subscription, else the document's `defaults.subscription`. */
  subscription?: string;
  resourceGroup?: string;
  location?: string;
  addressSpace: string[];
  subnets: Subnet[];
  /** False when the file leaves `subnets` out: the subnets exist in Azure but are not recorded. */
  subnetsRecorded: boolean;
  gateways: Gateway[];
}

export interface Connection extends Entity {
  name: string;
  /** `<vnet name>/<gateway name>` as written. */
  gateway: string;
  circuit: string;
  authorization?: string;
  routingWeight: number;
  expressRouteGatewayBypass: boolean;
  /** The gateway `gateway` names, when it exists (the first VNet of that name). */
  resolvedGateway?: Gateway;
  /** The circuit `circuit` names, when it exists (the first circuit of that name). */
  resolvedCircuit?: Circuit;
}

/**
 * The entities of one document, in document order, before they join the workspace's topology. The
 * thread that reads a file can make them at once and let the document's data go: a large workspace
 * then never holds every document's data and the model at the same time.
 */
export interface DocumentModel {
  edges: Edge[];
  circuits: Circuit[];
  routeFilters: RouteFilter[];
  vnets: VNet[];
  connections: Connection[];
  /** Every circuit's peerings, flattened. */
  peerings: Peering[];
  /** Every VNet's gateways, flattened. */
  gateways: Gateway[];
  subnets: Subnet[];
  authorizations: Authorization[];
}

/**
 * The whole workspace as one topology. Lists keep source order (files sorted by path, then
 * documents, then entries), so "the first definition" is well defined. `byName` holds the first
 * definition of each name; `sameName` every definition of the names defined more than once, so
 * duplicates stay visible to rules. Nearly every name is defined once: a list per name was an array
 * for each of the workspace's hundred thousand entities.
 */
export interface Topology extends DocumentModel {
  byName: NameIndexes<1>;
  sameName: NameIndexes<2>;
}

/** The name indexes of each kind: to the first definition (`1`), or to every definition (`2`). */
export interface NameIndexes<Definitions extends 1 | 2> {
  edges: ReadonlyMap<string, Definitions extends 1 ? Edge : Edge[]>;
  circuits: ReadonlyMap<string, Definitions extends 1 ? Circuit : Circuit[]>;
  routeFilters: ReadonlyMap<string, Definitions extends 1 ? RouteFilter : RouteFilter[]>;
  vnets: ReadonlyMap<string, Definitions extends 1 ? VNet : VNet[]>;
  connections: ReadonlyMap<string, Definitions extends 1 ? Connection : Connection[]>;
}
