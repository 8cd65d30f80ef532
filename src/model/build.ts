/**
 * Schema-valid documents to the typed model. No validation happens here: the schema already
 * guaranteed the shapes, and rules judge the content.
 */
import { joinPointer } from '../pointer.js';
import type { Ref } from '../types.js';
import type {
  Authorization, Circuit, Connection, DocumentModel, Edge, Gateway, Peering, RouteFilter, RouteFilterRule, Subnet, Topology, VNet,
} from './types.js';

export type { DocumentModel } from './types.js';

/** One document that passed the schema: its data, or the entities already made of it (`documentModel`). */
export interface ModelInput {
  file: string;
  doc: number;
  data: unknown;
  model?: DocumentModel | undefined;
}

// The raw shapes are exactly the schema's; reading them as loose records keeps this file short.
type Raw = Record<string, unknown>;

/**
 * Builds the topology from documents in workspace order (files sorted by path). `added` hears of
 * each document once its entities are made, so that a caller may let its data go.
 */
export function buildTopology(inputs: readonly ModelInput[], added?: (index: number) => void): Topology {
  const models = inputs.map((input, index) => {
    const model = input.model ?? documentModel(input);
    added?.(index);
    return model;
  });
  // Each list of the topology made at once, at its full length: pushed one entity at a time, the
  // lists of a large workspace grew by copies, each one in memory the run touched for the first time.
  const all = <K extends keyof DocumentModel>(key: K): DocumentModel[K] => concatAll<DocumentModel[K][number]>(models.map((model) => model[key])) as DocumentModel[K];
  const topology: Topology = {
    edges: all('edges'), circuits: all('circuits'), routeFilters: all('routeFilters'), vnets: all('vnets'), connections: all('connections'),
    peerings: all('peerings'), gateways: all('gateways'), subnets: all('subnets'), authorizations: all('authorizations'),
    byName: { edges: new Map(), circuits: new Map(), routeFilters: new Map(), vnets: new Map(), connections: new Map() },
    sameName: { edges: new Map(), circuits: new Map(), routeFilters: new Map(), vnets: new Map(), connections: new Map() },
  };
  const { byName, sameName } = topology;
  indexNames(topology.edges, byName.edges, sameName.edges);
  indexNames(topology.circuits, byName.circuits, sameName.circuits);
  indexNames(topology.routeFilters, byName.routeFilters, sameName.routeFilters);
  indexNames(topology.vnets, byName.vnets, sameName.vnets);
  indexNames(topology.connections, byName.connections, sameName.connections);
  resolveConnections(topology);
  return topology;
}

/** Lists joined in order, a few thousand at a time: `concat` takes them as arguments. */
function concatAll<T>(lists: readonly (readonly T[])[]): T[] {
  let joined: T[] = [];
  for (let i = 0; i < lists.length; i += CONCAT_AT_ONCE) joined = joined.concat(...lists.slice(i, i + CONCAT_AT_ONCE));
  return joined;
}

const CONCAT_AT_ONCE = 4096;

/** Links each connection to its gateway and circuit, and back; a dangling name stays unresolved. */
function resolveConnections(topology: Topology): void {
  const { vnets, circuits } = topology.byName;
  for (const connection of topology.connections) {
    const gateway = gatewayNamed(vnets, connection.gateway);
    const circuit = circuits.get(connection.circuit);
    // A first connection makes a list of exactly one: most gateways and circuits have one.
    if (gateway) {
      connection.resolvedGateway = gateway;
      if (gateway.circuitConnections.length === 0) gateway.circuitConnections = [connection];
      else gateway.circuitConnections.push(connection);
    }
    if (circuit) {
      connection.resolvedCircuit = circuit;
      if (circuit.vnetConnections.length === 0) circuit.vnetConnections = [connection];
      else circuit.vnetConnections.push(connection);
    }
  }
  // Pushed onto a list of one, V8 leaves room for 17 entries: copies hold exactly their entries.
  for (const gateway of topology.gateways) if (gateway.circuitConnections.length > 1) gateway.circuitConnections = gateway.circuitConnections.slice();
  for (const circuit of topology.circuits) if (circuit.vnetConnections.length > 1) circuit.vnetConnections = circuit.vnetConnections.slice();
}

/**
 * The VNet and gateway names a connection's `gateway` (`<vnet name>/<gateway name>`) holds: the
 * gateway's name ends at a second `/`, and is empty without a first one.
 */
export function gatewayReference(written: string): { vnet: string; gateway: string } {
  const slash = written.indexOf('/');
  if (slash < 0) return { vnet: written, gateway: '' };
  const second = written.indexOf('/', slash + 1);
  return { vnet: written.slice(0, slash), gateway: written.slice(slash + 1, second < 0 ? written.length : second) };
}

/** The gateway a connection's `gateway` names, in the first VNet of that name; none without a `/`. */
function gatewayNamed(vnets: ReadonlyMap<string, VNet>, written: string): Gateway | undefined {
  if (!written.includes('/')) return undefined;
  const names = gatewayReference(written);
  const gateways = vnets.get(names.vnet)?.gateways;
  if (gateways) for (let i = 0; i < gateways.length; i++) if (gateways[i]!.name === names.gateway) return gateways[i];
  return undefined;
}

function emptyModel(): DocumentModel {
  return { edges: [], circuits: [], routeFilters: [], vnets: [], connections: [], peerings: [], gateways: [], subnets: [], authorizations: [] };
}

/** The entities of one document; connections stay unresolved until the whole topology is built. */
export function documentModel({ file, doc, data }: ModelInput): DocumentModel {
  const model = emptyModel();
  const root = data as Raw;
  const at = (pointer: string): Ref => ({ file, doc, pointer });
  const defaults = (root.defaults ?? {}) as Raw;
  const list = (key: string): Raw[] => (Array.isArray(root[key]) ? (root[key] as Raw[]) : []);

  list('edges').forEach((raw, i) => {
    model.edges.push({
      ref: at(joinPointer('', 'edges', i)), name: raw.name as string, internet: raw.internet === true,
      site: optional(raw, 'site'), asn: optional(raw, 'asn'),
    } satisfies Every<Edge>);
  });

  list('circuits').forEach((raw, i) => {
    const pointer = joinPointer('', 'circuits', i);
    const circuit: Circuit = {
      ref: at(pointer), name: raw.name as string,
      subscription: (optional<string>(raw, 'subscription') ?? optional<string>(defaults, 'subscription')),
      resourceGroup: optional(raw, 'resourceGroup'),
      location: (optional<string>(raw, 'location') ?? optional<string>(defaults, 'location')),
      serviceProviderName: optional(raw, 'serviceProviderName'), peeringLocation: optional(raw, 'peeringLocation'),
      bandwidthInMbps: optional(raw, 'bandwidthInMbps'), expressRoutePort: optional(raw, 'expressRoutePort'),
      bandwidthInGbps: optional(raw, 'bandwidthInGbps'), sku: optional(raw, 'sku'),
      routingManagedBy: raw.routingManagedBy === 'provider' ? 'provider' : 'customer',
      serviceProviderProvisioningState: optional(raw, 'serviceProviderProvisioningState'),
      circuitProvisioningState: optional(raw, 'circuitProvisioningState'),
      authorizations: NONE, peerings: NONE, peeringsRecorded: Array.isArray(raw.peerings), vnetConnections: [],
    } satisfies Every<Circuit>;
    // Lists made by `mapList` have exactly their length; grown by `push` from empty, V8 gives each room
    // for 17 entries, and a workspace has a list or two for each of its hundreds of thousands of entities.
    circuit.authorizations = mapList((raw.authorizations ?? []) as Raw[], (a, j) => {
      const authorization: Authorization = { ref: at(joinPointer(pointer, 'authorizations', j)), name: a.name as string, circuit };
      model.authorizations.push(authorization);
      return authorization;
    });
    circuit.peerings = mapList((raw.peerings ?? []) as Raw[], (p, j) => {
      const peering = buildPeering(p, circuit, at(joinPointer(pointer, 'peerings', j)));
      model.peerings.push(peering);
      return peering;
    });
    model.circuits.push(circuit);
  });

  list('routeFilters').forEach((raw, i) => {
    const pointer = joinPointer('', 'routeFilters', i);
    const rules = mapList((raw.rules ?? []) as Raw[], (r, j): RouteFilterRule => ({
      ref: at(joinPointer(pointer, 'rules', j)), name: r.name as string, access: r.access as RouteFilterRule['access'],
      routeFilterRuleType: 'Community', communities: copyList(r.communities as string[]),
    }));
    model.routeFilters.push({ ref: at(pointer), name: raw.name as string, rules } satisfies RouteFilter);
  });

  list('vnets').forEach((raw, i) => {
    const pointer = joinPointer('', 'vnets', i);
    const vnet: VNet = {
      ref: at(pointer), name: raw.name as string,
      subscription: (optional<string>(raw, 'subscription') ?? optional<string>(defaults, 'subscription')),
      resourceGroup: optional(raw, 'resourceGroup'),
      location: (optional<string>(raw, 'location') ?? optional<string>(defaults, 'location')),
      addressSpace: copyList(raw.addressSpace as string[]), subnets: NONE, subnetsRecorded: Array.isArray(raw.subnets), gateways: NONE,
    } satisfies Every<VNet>;
    vnet.subnets = mapList((raw.subnets ?? []) as Raw[], (s, j) => {
      const subnet: Subnet = { ref: at(joinPointer(pointer, 'subnets', j)), vnet, name: s.name as string, addressPrefix: s.addressPrefix as string };
      model.subnets.push(subnet);
      return subnet;
    });
    vnet.gateways = mapList((raw.gateways ?? []) as Raw[], (g, j) => {
      const gateway: Gateway = {
        ref: at(joinPointer(pointer, 'gateways', j)), vnet, name: g.name as string,
        gatewayType: g.gatewayType as Gateway['gatewayType'], sku: g.sku as Gateway['sku'],
        scaleUnits: optional(g, 'scaleUnits'), vpnType: optional(g, 'vpnType'), bgpAsn: optional(g, 'bgpAsn'), circuitConnections: [],
      } satisfies Every<Gateway>;
      model.gateways.push(gateway);
      return gateway;
    });
    model.vnets.push(vnet);
  });

  list('connections').forEach((raw, i) => {
    model.connections.push({
      ref: at(joinPointer('', 'connections', i)), name: raw.name as string, gateway: raw.gateway as string,
      circuit: raw.circuit as string, authorization: optional(raw, 'authorization'),
      routingWeight: (raw.routingWeight as number | undefined) ?? 0,
      expressRouteGatewayBypass: raw.expressRouteGatewayBypass === true,
      resolvedGateway: undefined, resolvedCircuit: undefined,
    } satisfies Every<Connection>);
  });
  return model;
}

function buildPeering(raw: Raw, circuit: Circuit, ref: Ref): Peering {
  const v6 = optional<Raw>(raw, 'ipv6PeeringConfig');
  const ms = optional<Raw>(raw, 'microsoftPeeringConfig');
  return {
    ref, circuit,
    peeringType: raw.peeringType as Peering['peeringType'],
    peerASN: raw.peerASN as number,
    vlanId: raw.vlanId as number,
    primaryPeerAddressPrefix: raw.primaryPeerAddressPrefix as string,
    secondaryPeerAddressPrefix: raw.secondaryPeerAddressPrefix as string,
    ipv6PeeringConfig: v6 && {
      primaryPeerAddressPrefix: optional(v6, 'primaryPeerAddressPrefix'), secondaryPeerAddressPrefix: optional(v6, 'secondaryPeerAddressPrefix'),
      state: v6.state === 'Disabled' ? 'Disabled' : 'Enabled',
    },
    state: raw.state === 'Disabled' ? 'Disabled' : 'Enabled',
    edge: optional(raw, 'edge'),
    advertisedPrefixes: copyList((raw.advertisedPrefixes ?? []) as string[]),
    routeFilter: optional(raw, 'routeFilter'),
    microsoftPeeringConfig: ms && {
      advertisedPublicPrefixes: copyList((ms.advertisedPublicPrefixes ?? []) as string[]),
      customerASN: optional(ms, 'customerASN'), routingRegistryName: optional(ms, 'routingRegistryName'),
      advertisedPublicPrefixesState: optional(ms, 'advertisedPublicPrefixesState'),
    },
  } satisfies Every<Peering>;
}

/**
 * An optional property's value, or undefined when it is absent or null. Every entity is made by one
 * object literal that names all its properties, present or not: V8 then keeps them all inside the
 * object. Added one by one after it is made, optional properties went to an array of their own, one
 * more heap object for each of the workspace's hundred thousand entities.
 */
function optional<T = never>(raw: Raw, key: string): T | undefined {
  const value = raw[key];
  return value === undefined || value === null || !Object.hasOwn(raw, key) ? undefined : (value as T);
}

/**
 * `list.map(make)`, the short lists the model is full of made by array literals. V8 learns that
 * what a literal makes lives long and from then on makes it among old objects; an array made by
 * `map`, the spread or `slice` starts among the young, and every collection of young objects
 * copies it, twice, before it is old. Exactly as long as the list, like `map`'s.
 */
function mapList<T, U>(list: readonly T[], make: (item: T, index: number) => U): U[] {
  switch (list.length) {
    case 0: return [];
    case 1: return [make(list[0]!, 0)];
    case 2: return [make(list[0]!, 0), make(list[1]!, 1)];
    case 3: return [make(list[0]!, 0), make(list[1]!, 1), make(list[2]!, 2)];
    default: return list.map(make);
  }
}

/** A copy of a list, as `mapList` makes it. */
function copyList<T>(list: readonly T[]): T[] {
  switch (list.length) {
    case 0: return [];
    case 1: return [list[0]!];
    case 2: return [list[0]!, list[1]!];
    default: return list.slice();
  }
}

/** Type check: the literal names every property of `T`, the optional ones too. */
type Every<T> = T & Record<keyof T, unknown>;

/**
 * A list to be replaced before the entity is seen (the entity is needed to make its items); frozen,
 * so that a list left in place by mistake fails loudly when something adds to it.
 */
const NONE = Object.freeze([]) as unknown as never[];

/** Each name's first definition in `first`; every definition, in order, of a name defined more than once in `every`. */
function indexNames<T extends { name: string }>(list: readonly T[], first: ReadonlyMap<string, T>, every: ReadonlyMap<string, T[]>): void {
  for (let i = 0; i < list.length; i++) {
    const entity = list[i]!;
    const earlier = first.get(entity.name);
    if (earlier === undefined) {
      (first as Map<string, T>).set(entity.name, entity);
      continue;
    }
    const definitions = every.get(entity.name);
    if (definitions) definitions.push(entity);
    else (every as Map<string, T[]>).set(entity.name, [earlier, entity]);
  }
}
