/**
 * Since August 2017 a Microsoft peering advertises no Microsoft prefixes until a route filter is
 * attached. A route filter holds exactly one rule, which allows a list of Microsoft service
 * communities (`12076:NNNNN`). Microsoft 365 communities need a Premium circuit.
 * https://learn.microsoft.com/azure/expressroute/how-to-routefilter-portal
 */
import { at, defineRule, groupBy, NAMED_IN_MESSAGE, type Circuit, type MessageValue, type RuleReport } from '../src/rule-kit.js';

export default defineRule({
  id: 'microsoft-peering-route-filter',
  meta: {
    description: 'A Microsoft peering has a route filter with one rule that allows Microsoft service communities',
    defaultSeverity: 'warn',
    recommended: true,
    messages: {
      noFilter: 'The `MicrosoftPeering` of circuit `{{circuit}}` has no `routeFilter`; Microsoft advertises no prefixes on it until a route filter is attached',
      ruleCount: 'Route filter `{{filter}}` has {{count}} rules; ExpressRoute takes exactly {{expected}} rule, with all the communities in it',
      deny: 'Rule `{{rule}}` of route filter `{{filter}}` is `Deny`; ExpressRoute route filters work by allowing communities: use `Allow` with the communities you want',
      notMicrosoftCommunity: 'Community `{{community}}` in route filter `{{filter}}` is not a Microsoft service community; they are `{{asn}}:NNNNN`',
      microsoft365NeedsPremium: 'Route filter `{{filter}}` allows the Microsoft 365 community `{{community}}`, but {{circuits}}; Microsoft 365 over ExpressRoute needs a `{{premium}}` circuit (and Microsoft\'s authorization)',
    },
  },
  check(topology, { facts, isReported, report }) {
    const { rulesPerFilter, communityAsn, microsoft365Communities, microsoft365Tier } = facts.routeFilter;
    for (let peeringIndex = 0; peeringIndex < topology.peerings.length; peeringIndex++) {
      const peering = topology.peerings[peeringIndex]!;
      if (peering.peeringType === 'MicrosoftPeering' && peering.routeFilter === undefined && isReported(peering.ref)) {
        report({ messageId: 'noFilter', data: { circuit: peering.circuit.name }, at: at(peering.ref, 'peeringType') });
      }
    }
    // The circuits whose Microsoft peering uses each filter, found once rather than per filter.
    const usingFilters = topology.peerings.filter((p) => p.peeringType === 'MicrosoftPeering' && p.routeFilter !== undefined);
    const peeringsByFilter = groupBy(usingFilters, (p) => p.routeFilter!);
    for (let filterIndex = 0; filterIndex < topology.routeFilters.length; filterIndex++) {
      const filter = topology.routeFilters[filterIndex]!;
      // Every finding below is on the filter or its rules, in the filter's file.
      if (!isReported(filter.ref)) continue;
      if (filter.rules.length !== rulesPerFilter.value) {
        report({ messageId: 'ruleCount', data: { filter: filter.name, count: filter.rules.length, expected: rulesPerFilter.value }, at: at(filter.ref, 'name') });
      }
      // One finding per community, naming every circuit it needs `Premium` on: ten Standard circuits
      // sharing a filter would otherwise put ten findings on the same community, alike but for a name.
      const notPremium = [...new Set((peeringsByFilter.get(filter.name) ?? []).map((p) => p.circuit))]
        .filter((c) => c.sku?.tier !== undefined && c.sku.tier !== microsoft365Tier.value);
      let circuits: MessageValue[] | undefined;
      let related: RuleReport['related'];
      for (let ruleIndex = 0; ruleIndex < filter.rules.length; ruleIndex++) {
        const rule = filter.rules[ruleIndex]!;
        if (rule.access === 'Deny') report({ messageId: 'deny', data: { rule: rule.name, filter: filter.name }, at: at(rule.ref, 'access') });
        rule.communities.forEach((community, i) => {
          const where = at(rule.ref, 'communities', i);
          if (!community.startsWith(`${communityAsn.value}:`)) {
            report({ messageId: 'notMicrosoftCommunity', data: { community, filter: filter.name, asn: communityAsn.value }, at: where });
            return;
          }
          if (notPremium.length === 0 || !microsoft365Communities.value.includes(community)) return;
          if (circuits === undefined) {
            const named = notPremium.slice(0, NAMED_IN_MESSAGE);
            const more = notPremium.slice(NAMED_IN_MESSAGE);
            circuits = circuitsByTier(named, more.length, microsoft365Tier.value);
            if (more.length > 0) related = more.map((c) => ({ at: at(c.ref, 'sku', 'tier'), message: `circuit \`${c.name}\` is \`${c.sku!.tier!}\`` }));
          }
          report({ messageId: 'microsoft365NeedsPremium', data: { filter: filter.name, community, circuits, premium: microsoft365Tier.value }, at: where, ...(related ? { related } : {}) });
        });
      }
    }
  },
});

/**
 * The circuits by tier, each with its place, tiers in the order they first appear, and how many
 * more there are:
 * circuits `a` (at 4:13) and `b` (at 9:13) are `Standard` and circuit `c` (at 14:13) is `Local`,
 * and 3 more circuits that use it are not `Premium` (see the finding's related locations).
 */
function circuitsByTier(circuits: readonly Circuit[], more: number, premium: string): MessageValue[] {
  const groups = [...groupBy(circuits, (c) => c.sku!.tier!)];
  const parts: MessageValue[] = [];
  groups.forEach(([tier, group], g) => {
    parts.push(`${separator(g, groups.length)}${group.length === 1 ? 'circuit' : 'circuits'} `);
    group.forEach((circuit, i) => parts.push(`${separator(i, group.length)}\`${circuit.name}\` (at `, at(circuit.ref, 'sku', 'tier'), ')'));
    parts.push(` ${group.length === 1 ? 'is' : 'are'} \`${tier}\``);
  });
  if (more > 0) parts.push(`, and ${more} more ${more === 1 ? 'circuit that uses it is' : 'circuits that use it are'} not \`${premium}\` (see the finding's related locations)`);
  return parts;
}

/** What comes before item `i` of `count` in a list: nothing, `, `, or ` and ` before the last. */
function separator(i: number, count: number): string {
  return i === 0 ? '' : i === count - 1 ? ' and ' : ', ';
}
