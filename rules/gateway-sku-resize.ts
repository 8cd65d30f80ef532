/**
 * A gateway SKU change is not always an in-place resize: depending on the documentation of the day
 * (the `edition`), Azure resizes in place, moves the gateway through the guided migration, or needs
 * the gateway deleted and recreated, with downtime. The SKU change matrix is data in the facts module.
 * https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways#resize
 */
import { at, defineRule, gatewayPath, type Gateway, type GatewaySku, type ResizeRule } from '../src/rule-kit.js';

export default defineRule({
  id: 'gateway-sku-resize',
  meta: {
    description: 'A gateway SKU change is one Azure can make in place',
    defaultSeverity: 'error',
    recommended: true,
    needsBase: true,
    messages: {
      recreate: 'Gateway `{{gateway}}` changes from `{{from}}` (was at {{baseAt}}) to `{{to}}`; under the `{{edition}}` edition {{reason}}: delete the gateway and create it again (give it a new name so the change shows as a recreate), with downtime for its connections',
      migrate: 'Gateway `{{gateway}}` changes from `{{from}}` (was at {{baseAt}}) to `{{to}}`; under the `{{edition}}` edition {{reason}}: validate, prepare, migrate and commit it with the gateway migration instead of editing the SKU',
      undocumented: 'Gateway `{{gateway}}` changes from `{{from}}` (was at {{baseAt}}) to `{{to}}`; under the `{{edition}}` edition {{reason}}: expect to recreate the gateway',
    },
  },
  check(topology, { base, facts, report }) {
    if (!base) return;
    const order = facts.gateway.skuOrder.value;
    const matches = (list: ResizeRule['from'], sku: GatewaySku) => list === '*' || list.includes(sku);
    const verdictOf = (from: GatewaySku, to: GatewaySku): ResizeRule | undefined => {
      const direction = order.indexOf(to) > order.indexOf(from) ? 'up' : 'down';
      return facts.gateway.resize.value.find((r) => matches(r.from, from) && matches(r.to, to) && (!r.direction || r.direction === direction));
    };
    const before = new Map<string, Gateway>(base.gateways.map((g) => [gatewayPath(g), g]));
    for (let gatewayIndex = 0; gatewayIndex < topology.gateways.length; gatewayIndex++) {
      const gateway = topology.gateways[gatewayIndex]!;
      const old = before.get(gatewayPath(gateway));
      // A type change is its own rule; SKUs outside the ExpressRoute order are other rules' business.
      if (!old || old.sku === gateway.sku || old.gatewayType !== gateway.gatewayType || gateway.gatewayType !== 'ExpressRoute') continue;
      if (!order.includes(old.sku) || !order.includes(gateway.sku)) continue;
      const rule = verdictOf(old.sku, gateway.sku);
      if (!rule || rule.verdict === 'in-place') continue;
      report({
        messageId: rule.verdict === 'migrate' ? 'migrate' : rule.verdict === 'recreate' ? 'recreate' : 'undocumented',
        data: { gateway: gatewayPath(gateway), from: old.sku, to: gateway.sku, baseAt: at(old.ref, 'sku'), edition: facts.edition, reason: rule.reason },
        at: at(gateway.ref, 'sku'),
        related: [{ at: at(old.ref, 'sku'), message: `the SKU before this change` }],
        ...(rule.verdict === 'migrate' ? { severity: 'warn' as const } : {}),
      });
    }
  },
});
