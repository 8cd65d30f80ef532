/**
 * Microsoft peering must terminate on an edge of its own, not on the router or proxy that also
 * carries the site's Internet traffic: Microsoft's prefixes are reachable both ways, return
 * traffic takes the other path, and stateful devices drop it (asymmetric routing, outages).
 * https://learn.microsoft.com/azure/expressroute/expressroute-asymmetric-routing
 */
import { at, defineRule } from '../src/rule-kit.js';

export default defineRule({
  id: 'microsoft-peering-separate-edge',
  meta: {
    description: 'A Microsoft peering terminates on an edge that does not carry Internet traffic',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      internetEdge: 'The `MicrosoftPeering` of circuit `{{circuit}}` terminates on edge `{{edge}}` (at {{edgeAt}}), which also carries Internet traffic; Microsoft prefixes then have two paths and replies take the other one (asymmetric routing): terminate Microsoft peering on a separate edge',
      noEdge: 'The `MicrosoftPeering` of circuit `{{circuit}}` names no `edge`; erlint cannot check that it avoids the Internet edge (asymmetric routing): set `edge`',
    },
  },
  check(topology, { isReported, report }) {
    for (let peeringIndex = 0; peeringIndex < topology.peerings.length; peeringIndex++) {
      const peering = topology.peerings[peeringIndex]!;
      if (peering.peeringType !== 'MicrosoftPeering' || !isReported(peering.ref)) continue;
      if (peering.edge === undefined) {
        report({ messageId: 'noEdge', data: { circuit: peering.circuit.name }, at: at(peering.ref, 'peeringType'), severity: 'warn' });
        continue;
      }
      const edge = topology.byName.edges.get(peering.edge);
      if (!edge?.internet) continue;
      report({
        messageId: 'internetEdge',
        data: { circuit: peering.circuit.name, edge: edge.name, edgeAt: at(edge.ref, 'internet') },
        at: at(peering.ref, 'edge'),
        related: [{ at: at(edge.ref, 'internet'), message: `edge \`${edge.name}\` carries Internet traffic` }],
      });
    }
  },
});
