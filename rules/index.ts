/** The rule registry: every rule module, sorted by id. */
import type { RuleDefinition } from '../src/rule-kit.js';
import gatewayCircuitLimit from './gateway-circuit-limit.js';
import gatewayFastpathSku from './gateway-fastpath-sku.js';
import gatewaySkuTypeMatch from './gateway-sku-type-match.js';
import gatewaySubnet from './gateway-subnet.js';
import gatewayThroughput from './gateway-throughput.js';
import gatewayZoneRedundantSku from './gateway-zone-redundant-sku.js';
import topologyReferenceExists from './topology-reference-exists.js';
import topologyUniqueNames from './topology-unique-names.js';
import vnetOneGatewayPerType from './vnet-one-gateway-per-type.js';

export const ruleDefinitions: readonly RuleDefinition<never>[] = [
  gatewayCircuitLimit,
  gatewayFastpathSku,
  gatewaySkuTypeMatch,
  gatewaySubnet,
  gatewayThroughput,
  gatewayZoneRedundantSku,
  topologyReferenceExists,
  topologyUniqueNames,
  vnetOneGatewayPerType,
] as RuleDefinition<never>[];
