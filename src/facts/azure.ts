/**
 * Azure ExpressRoute facts: every number and list the rules use, each with its source, in
 * editions. `current` follows the 2025-2026 Microsoft Learn pages; `2017` the founding documents
 * (AzureRM-era pages). Rules receive one edition through their context and never hard-code a value.
 */
import type { CircuitState, CircuitTier, GatewaySku, ProviderState } from '../model/types.js';

export type EditionName = 'current' | '2017';

/** A value with the key of its source in `SOURCES`. */
export interface Sourced<T> {
  value: T;
  source: keyof typeof SOURCES;
}

/** Where each fact comes from (keys as in the project's research notes). */
export const SOURCES = {
  'VNG-2025': 'Microsoft Learn, About ExpressRoute virtual network gateways (expressroute-about-virtual-network-gateways.md, 2025-11-10): https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways',
  'VNG-2023': 'Same article, 2023-11-16 version: GatewaySubnet "as small as /29", /27 recommended',
  'VNG-LEGACY': 'AzureRM-era version of the same article: resize in place only to Standard/HighPerformance; UltraPerformance requires recreate',
  'GWSKU-INC': 'includes/expressroute-gwsku-include.md (2025-11-06): the ExpressRoute gateway SKUs',
  'LEGACY-VPN-INC': 'includes/vpn-gateway-table-gwtype-legacy-aggtput-include.md: Basic is deprecated for ExpressRoute; VPN SKU tables',
  'PERF-INC-2024': 'includes/expressroute-gateway-performance-include.md (2024-07-09): gateway throughput per SKU',
  'SCALE': 'Microsoft Learn, About the ExpressRoute scalable gateway (scalable-gateway.md, 2025-11-06): https://learn.microsoft.com/azure/expressroute/scalable-gateway',
  'ADDGW-PS-2025': 'expressroute-howto-add-gateway-resource-manager.md (2025-11-06): GatewaySubnet must be /27 or larger; /26 for 16 circuits',
  'FASTPATH': 'Microsoft Learn, About ExpressRoute FastPath (about-fastpath.md, 2025-11-05): https://learn.microsoft.com/azure/expressroute/about-fastpath',
  'LIMITS': 'includes/expressroute-limits.md (2023-10-09): https://learn.microsoft.com/azure/expressroute/expressroute-faqs#limits',
  'MIG-2025': 'Microsoft Learn, gateway migration (gateway-migration.md, 2025-05-19): non-AZ gateways move to AZ SKUs through the migration',
  'WORKFLOWS': 'Microsoft Learn, ExpressRoute workflows (expressroute-workflows.md, 2023-06-30): only Provisioned + Enabled is usable; billing starts at creation: https://learn.microsoft.com/azure/expressroute/expressroute-workflows',
  'PEERINGS-2025': 'Microsoft Learn, circuits and peering (expressroute-circuit-peerings.md, 2025-01-10): SKUs, bandwidths: https://learn.microsoft.com/azure/expressroute/expressroute-circuit-peerings',
  'COST': 'Microsoft Learn, plan and manage ExpressRoute costs (plan-manage-cost.md, 2022-12-27): Local is UnlimitedData only',
  'ERD-2026': 'Microsoft Learn, About ExpressRoute Direct (expressroute-erdirect-about.md, 2026-03-02): circuit sizes per port: https://learn.microsoft.com/azure/expressroute/expressroute-erdirect-about',
  'ROUTING-2023': 'Microsoft Learn, ExpressRoute routing requirements (expressroute-routing.md, 2023-09-06): link subnets, reserved ASNs, prefix limits, default routes: https://learn.microsoft.com/azure/expressroute/expressroute-routing',
  'VPN-BGP-FAQ': 'includes/vpn-gateway-faq-bgp-include.md (2020-09-17): Azure-reserved and IANA-reserved ASNs',
  'RFC6996': 'RFC 6996, Autonomous System (AS) Reservation for Private Use: 64512-65534 and 4200000000-4294967294',
  'IEEE-8021Q': 'IEEE 802.1Q: usable VLAN IDs 1-4094 (Azure documents no narrower range)',
  'RF-PORTAL': 'Microsoft Learn, configure route filters for Microsoft peering (how-to-routefilter-portal.md): one Allow rule of BGP communities; since 2017-08-01 Microsoft peering advertises nothing without a route filter: https://learn.microsoft.com/azure/expressroute/how-to-routefilter-portal',
  'M365-BGP': 'Microsoft Learn, using BGP communities in ExpressRoute for Microsoft 365: https://learn.microsoft.com/microsoft-365/enterprise/bgp-communities-in-expressroute',
  'FAQ-2025': 'Microsoft Learn, ExpressRoute FAQ (expressroute-faqs.md, 2025-01-10): Microsoft 365 over ExpressRoute needs Premium: https://learn.microsoft.com/azure/expressroute/expressroute-faqs',
  'LINK-PS-2023': 'Microsoft Learn, connect a VNet to a circuit (expressroute-howto-linkvnet-arm.md, 2023-08-31): private peering and authorizations are prerequisites: https://learn.microsoft.com/azure/expressroute/expressroute-howto-linkvnet-arm',
} as const;

/** What Azure can do with a gateway SKU change. */
export type ResizeVerdict = 'in-place' | 'recreate' | 'migrate' | 'undocumented';

/**
 * One row of a SKU change matrix: the first row whose `from` and `to` match a change decides it.
 * `direction` restricts a row to upgrades or downgrades within the SKU order of `skuOrder`.
 */
export interface ResizeRule {
  from: readonly GatewaySku[] | '*';
  to: readonly GatewaySku[] | '*';
  direction?: 'up' | 'down';
  verdict: ResizeVerdict;
  /** Why, in the words of that edition's documentation. */
  reason: string;
}

/** An inclusive range of numbers (ASNs, VLAN IDs). */
export interface AsnRange {
  from: number;
  to: number;
}

/** The facts of one edition. */
export interface AzureFacts {
  edition: EditionName;
  gateway: {
    /** SKUs an `ExpressRoute` gateway takes. */
    expressRouteSkus: Sourced<readonly GatewaySku[]>;
    /** SKUs only an `ExpressRoute` gateway takes (a `Vpn` gateway must not). */
    expressRouteOnlySkus: Sourced<readonly GatewaySku[]>;
    /** SKUs no longer allowed for ExpressRoute. */
    retiredExpressRouteSkus: Sourced<readonly GatewaySku[]>;
    /** The zone-redundant SKU with the same capacity as each non-AZ SKU. */
    zoneRedundantEquivalent: Sourced<Readonly<Partial<Record<GatewaySku, GatewaySku>>>>;
    /** Aggregate throughput per fixed SKU, in Mbps. */
    throughputMbps: Sourced<Readonly<Partial<Record<GatewaySku, number>>>>;
    /** `ErGwScale` throughput per scale unit, in Mbps. */
    scaleUnitThroughputMbps: Sourced<number>;
    /** Circuit connections per fixed SKU. */
    circuitConnections: Sourced<Readonly<Partial<Record<GatewaySku, number>>>>;
    /** `ErGwScale` circuit connections by minimum scale units, highest threshold first. */
    scaleCircuitConnections: Sourced<readonly { minScaleUnits: number; connections: number }[]>;
    /** Circuits from one peering location that may link to one VNet, whatever the SKU. */
    samePeeringLocationCircuitsPerVnet: Sourced<number>;
    /** SKUs that support FastPath (`expressRouteGatewayBypass`). */
    fastPathSkus: Sourced<readonly GatewaySku[]>;
    /** Minimum scale units an `ErGwScale` gateway needs for FastPath. */
    fastPathMinScaleUnits: Sourced<number>;
    /** ExpressRoute SKUs from smallest to largest, for telling upgrades from downgrades. */
    skuOrder: Sourced<readonly GatewaySku[]>;
    /** The SKU change matrix of this edition, first matching row wins. */
    resize: Sourced<readonly ResizeRule[]>;
  };
  circuit: {
    /** The only provider state in which a circuit carries traffic and takes peerings. */
    usableProviderState: Sourced<ProviderState>;
    /** The only circuit state in which a circuit is usable. */
    usableCircuitState: Sourced<CircuitState>;
    /** Bandwidths a provider circuit can have, in Mbps. */
    providerBandwidthsMbps: Sourced<readonly number[]>;
    /** Bandwidths an ExpressRoute Direct circuit can have, in Gbps, over all port types. */
    directBandwidthsGbps: Sourced<readonly number[]>;
    /** Billing family a `Local` circuit requires. */
    localFamily: Sourced<'UnlimitedData'>;
    /** Tiers Azure still accepts but no longer offers. */
    legacyTiers: Sourced<readonly CircuitTier[]>;
    /** VNet links per circuit for Local, Standard (and legacy Basic) circuits. */
    standardVnetLinks: Sourced<number>;
    /** VNet links per Premium circuit by bandwidth: the row with the highest `fromMbps` not above the circuit's. */
    premiumVnetLinks: Sourced<readonly { fromMbps: number; links: number }[]>;
  };
  peering: {
    /** Prefix length of each link subnet (primary, secondary): IPv4 and IPv6. */
    linkPrefixLength: Sourced<{ ipv4: number; ipv6: number }>;
    /** ASNs Azure reserves for itself: a customer must not use them. */
    azureReservedAsns: Sourced<readonly AsnRange[]>;
    /** ASNs Microsoft uses on the Internet and on ExpressRoute. */
    microsoftAsns: Sourced<readonly AsnRange[]>;
    /** ASNs IANA reserves (AS_TRANS, documentation, last ASNs). */
    ianaReservedAsns: Sourced<readonly AsnRange[]>;
    /** Private-use ASNs (usable on private peering; need manual validation on Microsoft peering). */
    privateAsns: Sourced<readonly AsnRange[]>;
    /** VLAN IDs a peering can use. */
    vlanRange: Sourced<AsnRange>;
    /** Prefixes a customer edge may advertise on each peering, per family. */
    routeLimits: Sourced<{
      privateIpv4: number;
      privateIpv4Premium: number;
      privateIpv6: number;
      microsoftPerFamily: number;
    }>;
  };
  routeFilter: {
    /** ExpressRoute accepts exactly this many rules in a route filter. */
    rulesPerFilter: Sourced<number>;
    /** Microsoft's ASN, the first half of every service community. */
    communityAsn: Sourced<number>;
    /** Microsoft 365 service communities (Exchange, SharePoint, Skype/Teams, other Office 365). */
    microsoft365Communities: Sourced<readonly string[]>;
    /** Tier a circuit needs to reach Microsoft 365 services. */
    microsoft365Tier: Sourced<CircuitTier>;
  };
  gatewaySubnet: {
    /** Longest prefix Azure accepts for `GatewaySubnet`. */
    minimumPrefixLength: Sourced<number>;
    /** Longest prefix the documentation recommends (current edition: requires, for new gateways). */
    recommendedPrefixLength: Sourced<number>;
    /** How the documentation words the recommended size. */
    recommendedWording: string;
    /** A gateway with more than this many circuit connections needs the larger subnet below. */
    largeGatewayConnections: Sourced<number>;
    largeGatewayPrefixLength: Sourced<number>;
  };
}

const NON_AZ: readonly GatewaySku[] = ['Standard', 'HighPerformance', 'UltraPerformance'];
const AZ: readonly GatewaySku[] = ['ErGw1AZ', 'ErGw2AZ', 'ErGw3AZ'];

const current: AzureFacts = {
  edition: 'current',
  gateway: {
    expressRouteSkus: { value: ['Standard', 'HighPerformance', 'UltraPerformance', 'ErGw1AZ', 'ErGw2AZ', 'ErGw3AZ', 'ErGwScale'], source: 'GWSKU-INC' },
    expressRouteOnlySkus: { value: ['UltraPerformance', 'ErGw1AZ', 'ErGw2AZ', 'ErGw3AZ', 'ErGwScale'], source: 'LEGACY-VPN-INC' },
    retiredExpressRouteSkus: { value: ['Basic'], source: 'LEGACY-VPN-INC' },
    zoneRedundantEquivalent: { value: { Standard: 'ErGw1AZ', HighPerformance: 'ErGw2AZ', UltraPerformance: 'ErGw3AZ' }, source: 'MIG-2025' },
    throughputMbps: {
      value: { Standard: 1000, ErGw1AZ: 1000, HighPerformance: 2000, ErGw2AZ: 2000, UltraPerformance: 10000, ErGw3AZ: 10000 },
      source: 'PERF-INC-2024',
    },
    scaleUnitThroughputMbps: { value: 1000, source: 'SCALE' },
    circuitConnections: {
      value: { Standard: 4, ErGw1AZ: 4, HighPerformance: 8, ErGw2AZ: 8, UltraPerformance: 16, ErGw3AZ: 16 },
      source: 'VNG-2025',
    },
    scaleCircuitConnections: {
      value: [{ minScaleUnits: 10, connections: 16 }, { minScaleUnits: 2, connections: 8 }, { minScaleUnits: 1, connections: 4 }],
      source: 'VNG-2025',
    },
    samePeeringLocationCircuitsPerVnet: { value: 4, source: 'LIMITS' },
    fastPathSkus: { value: ['UltraPerformance', 'ErGw3AZ'], source: 'FASTPATH' },
    fastPathMinScaleUnits: { value: 10, source: 'VNG-2025' },
    skuOrder: { value: ['Basic', 'Standard', 'ErGw1AZ', 'HighPerformance', 'ErGw2AZ', 'UltraPerformance', 'ErGw3AZ', 'ErGwScale'], source: 'VNG-2025' },
    resize: {
      value: [
        { from: NON_AZ, to: NON_AZ, direction: 'up', verdict: 'in-place', reason: 'an upgrade within the non-AZ family is done in place' },
        { from: AZ, to: AZ, direction: 'up', verdict: 'in-place', reason: 'an upgrade within the AZ family is done in place' },
        { from: AZ, to: ['ErGwScale'], verdict: 'in-place', reason: 'an AZ gateway upgrades to ErGwScale in place (it can take up to 2 hours)' },
        { from: '*', to: '*', direction: 'down', verdict: 'recreate', reason: 'no gateway can be downgraded in place' },
        { from: NON_AZ, to: [...AZ, 'ErGwScale'], verdict: 'migrate', reason: 'a non-AZ gateway moves to an AZ SKU or ErGwScale only through the gateway migration' },
        { from: AZ, to: NON_AZ, verdict: 'recreate', reason: 'an AZ gateway cannot go back to a non-AZ SKU in place, nor through the migration' },
        { from: ['ErGwScale'], to: '*', verdict: 'undocumented', reason: 'Azure documents no change from ErGwScale to a fixed SKU' },
      ],
      source: 'VNG-2025',
    },
  },
  circuit: {
    usableProviderState: { value: 'Provisioned', source: 'WORKFLOWS' },
    usableCircuitState: { value: 'Enabled', source: 'WORKFLOWS' },
    providerBandwidthsMbps: { value: [50, 100, 200, 500, 1000, 2000, 5000, 10000], source: 'PEERINGS-2025' },
    directBandwidthsGbps: { value: [1, 2, 5, 10, 40, 100, 200, 400], source: 'ERD-2026' },
    localFamily: { value: 'UnlimitedData', source: 'COST' },
    legacyTiers: { value: ['Basic'], source: 'PEERINGS-2025' },
    standardVnetLinks: { value: 10, source: 'LIMITS' },
    premiumVnetLinks: {
      value: [
        { fromMbps: 50, links: 20 }, { fromMbps: 100, links: 25 }, { fromMbps: 200, links: 25 }, { fromMbps: 500, links: 40 },
        { fromMbps: 1000, links: 50 }, { fromMbps: 2000, links: 60 }, { fromMbps: 5000, links: 75 }, { fromMbps: 10000, links: 100 },
      ],
      source: 'LIMITS',
    },
  },
  peering: {
    linkPrefixLength: { value: { ipv4: 30, ipv6: 126 }, source: 'ROUTING-2023' },
    azureReservedAsns: { value: [{ from: 65515, to: 65520 }], source: 'ROUTING-2023' },
    microsoftAsns: { value: [{ from: 8074, to: 8075 }, { from: 12076, to: 12076 }], source: 'VPN-BGP-FAQ' },
    ianaReservedAsns: {
      value: [{ from: 0, to: 0 }, { from: 23456, to: 23456 }, { from: 64496, to: 64511 }, { from: 65535, to: 65551 }, { from: 4294967295, to: 4294967295 }],
      source: 'VPN-BGP-FAQ',
    },
    privateAsns: { value: [{ from: 64512, to: 65534 }, { from: 4200000000, to: 4294967294 }], source: 'RFC6996' },
    vlanRange: { value: { from: 1, to: 4094 }, source: 'IEEE-8021Q' },
    routeLimits: { value: { privateIpv4: 4000, privateIpv4Premium: 10000, privateIpv6: 100, microsoftPerFamily: 200 }, source: 'LIMITS' },
  },
  routeFilter: {
    rulesPerFilter: { value: 1, source: 'RF-PORTAL' },
    communityAsn: { value: 12076, source: 'ROUTING-2023' },
    microsoft365Communities: { value: ['12076:5010', '12076:5020', '12076:5030', '12076:5100'], source: 'M365-BGP' },
    microsoft365Tier: { value: 'Premium', source: 'FAQ-2025' },
  },
  gatewaySubnet: {
    minimumPrefixLength: { value: 29, source: 'VNG-2023' },
    recommendedPrefixLength: { value: 27, source: 'ADDGW-PS-2025' },
    recommendedWording: 'the current documentation requires /27 or larger for new gateways',
    largeGatewayConnections: { value: 8, source: 'ADDGW-PS-2025' },
    largeGatewayPrefixLength: { value: 26, source: 'ADDGW-PS-2025' },
  },
};

// The founding documents predate the AZ SKUs' FastPath on ErGwScale and the /27 requirement; the
// gateway numbers that did exist then are the same.
const edition2017: AzureFacts = {
  ...current,
  edition: '2017',
  gateway: {
    ...current.gateway,
    resize: {
      value: [
        { from: '*', to: ['UltraPerformance'], verdict: 'recreate', reason: 'any change to UltraPerformance requires deleting and recreating the gateway' },
        { from: '*', to: ['Standard', 'HighPerformance'], direction: 'up', verdict: 'in-place', reason: 'resizing in place works for upgrades to Standard and HighPerformance' },
        { from: '*', to: '*', verdict: 'recreate', reason: 'resizing in place works only for upgrades to Standard and HighPerformance' },
      ],
      source: 'VNG-LEGACY',
    },
  },
  gatewaySubnet: {
    ...current.gatewaySubnet,
    recommendedPrefixLength: { value: 27, source: 'VNG-2023' },
    recommendedWording: 'the documentation recommends /27 or larger',
  },
};

/** Every edition by name. */
export const EDITIONS: Readonly<Record<EditionName, AzureFacts>> = { current, '2017': edition2017 };

/** The facts of an edition (`current` by default). */
export function factsFor(edition: EditionName = 'current'): AzureFacts {
  return EDITIONS[edition];
}
