/**
 * Names identify resources across the workspace: connections name circuits and gateways, peerings
 * name edges and route filters. A name defined twice makes every reference ambiguous, and Azure
 * would keep only one resource of that name in a resource group.
 */
import { at, defineRule, groupBy, type Entity, type Ref } from '../src/rule-kit.js';

export default defineRule({
  id: 'topology-unique-names',
  meta: {
    description: 'A name is used at most once within its kind and scope',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      duplicateName: 'Duplicate {{kind}} name `{{name}}`, also defined at {{other}}; {{kind}} names must be unique {{scope}}',
      duplicatePeeringType: 'Circuit `{{circuit}}` has a second `{{peeringType}}`, also defined at {{other}}; a circuit has at most one peering of each type',
    },
  },
  check(topology, { isReported, report }) {
    const workspace = 'across the workspace';
    const groups: [string, string, Iterable<Named[]>][] = [
      ['edge', workspace, topology.sameName.edges.values()],
      ['circuit', workspace, topology.sameName.circuits.values()],
      ['route filter', workspace, topology.sameName.routeFilters.values()],
      ['VNet', workspace, topology.sameName.vnets.values()],
      ['connection', workspace, topology.sameName.connections.values()],
    ];
    // Names within a VNet or circuit are all in its file. Lists without a repeat are passed over
    // before any grouping: this runs for every VNet and circuit of the workspace.
    for (let vnetIndex = 0; vnetIndex < topology.vnets.length; vnetIndex++) {
      const vnet = topology.vnets[vnetIndex]!;
      if (!isReported(vnet.ref) || (!hasRepeat(vnet.gateways, (g) => g.name) && !hasRepeat(vnet.subnets, (s) => s.name))) continue;
      groups.push(['gateway', `within VNet \`${vnet.name}\``, groupBy(vnet.gateways, (g) => g.name).values()]);
      groups.push(['subnet', `within VNet \`${vnet.name}\``, groupBy(vnet.subnets, (s) => s.name).values()]);
    }
    for (let circuitIndex = 0; circuitIndex < topology.circuits.length; circuitIndex++) {
      const circuit = topology.circuits[circuitIndex]!;
      if (!isReported(circuit.ref) || !hasRepeat(circuit.authorizations, (a) => a.name)) continue;
      groups.push(['authorization', `within circuit \`${circuit.name}\``, groupBy(circuit.authorizations, (a) => a.name).values()]);
    }
    for (const [kind, scope, entityGroups] of groups) {
      for (const entities of entityGroups) {
        // Nearly every name is defined once: no reporting function to make for it.
        if (entities.length < 2) continue;
        forEachDuplicate(entities, (entity, other) => report({
          messageId: 'duplicateName',
          data: { kind, name: entity.name, other: at(other, 'name'), scope },
          at: at(entity.ref, 'name'),
          related: [{ at: at(other, 'name'), message: `\`${entity.name}\` is also defined here` }],
        }));
      }
    }
    for (let circuitIndex = 0; circuitIndex < topology.circuits.length; circuitIndex++) {
      const circuit = topology.circuits[circuitIndex]!;
      if (!isReported(circuit.ref) || !hasRepeat(circuit.peerings, (p) => p.peeringType)) continue;
      for (const peerings of groupBy(circuit.peerings, (p) => p.peeringType).values()) {
        forEachDuplicate(peerings, (peering, other) => report({
          messageId: 'duplicatePeeringType',
          data: { circuit: circuit.name, peeringType: peering.peeringType, other: at(other, 'peeringType') },
          at: at(peering.ref, 'peeringType'),
          related: [{ at: at(other, 'peeringType'), message: `the other \`${peering.peeringType}\`` }],
        }));
      }
    }
  },
});

type Named = Entity & { name: string };

/** Whether two entries of a list share a key: pairwise, as these lists hold a handful of entries. */
function hasRepeat<T>(list: readonly T[], key: (entry: T) => string): boolean {
  for (let i = 1; i < list.length; i++) {
    const k = key(list[i]!);
    for (let j = 0; j < i; j++) if (key(list[j]!) === k) return true;
  }
  return false;
}

/**
 * Every definition of a duplicated name is reported, so the finding shows whichever of the files
 * is linted (pre-commit passes only changed files). The first names the second; the rest the first.
 */
function forEachDuplicate<T extends Entity>(entities: readonly T[], report: (entity: T, other: Ref) => void): void {
  if (entities.length < 2) return;
  const [first, second] = entities as [T, T];
  entities.forEach((entity, i) => report(entity, i === 0 ? second.ref : first.ref));
}
