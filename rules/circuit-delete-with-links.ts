/**
 * A circuit with VNet connections cannot be deleted: Azure refuses until every link is removed.
 * https://learn.microsoft.com/azure/expressroute/expressroute-howto-circuit-portal-resource-manager#delete
 */
import { at, defineRule, groupBy } from '../src/rule-kit.js';

export default defineRule({
  id: 'circuit-delete-with-links',
  meta: {
    description: 'A circuit is deleted only after its connections are',
    defaultSeverity: 'error',
    recommended: true,
    needsBase: true,
    messages: {
      stillLinked: 'Circuit `{{circuit}}` is removed (it was at {{baseAt}}), but connection `{{connection}}` at {{connectionAt}} still links to it; Azure deletes a circuit only after all its connections: remove the connections in this change too, or keep the circuit',
    },
  },
  check(topology, { base, removedAt, report }) {
    if (!base) return;
    const byCircuit = groupBy(topology.connections, (c) => c.circuit);
    for (let oldIndex = 0; oldIndex < base.circuits.length; oldIndex++) {
      const old = base.circuits[oldIndex]!;
      if (topology.byName.circuits.has(old.name)) continue;
      const remaining = byCircuit.get(old.name) ?? [];
      const [first] = remaining;
      if (!first) continue;
      report({
        messageId: 'stillLinked',
        data: { circuit: old.name, baseAt: at(old.ref, 'name'), connection: first.name, connectionAt: at(first.ref, 'circuit') },
        at: removedAt(old.ref), target: 'key',
        related: remaining.map((c) => ({ at: at(c.ref, 'circuit'), message: `connection \`${c.name}\`` })),
      });
    }
  },
});
