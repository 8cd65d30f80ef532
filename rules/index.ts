/** The rule registry: every rule module, sorted by id. */
import type { RuleDefinition } from '../src/rule-kit.js';
import topologyReferenceExists from './topology-reference-exists.js';
import topologyUniqueNames from './topology-unique-names.js';

export const ruleDefinitions: readonly RuleDefinition<never>[] = [
  topologyReferenceExists,
  topologyUniqueNames,
] as RuleDefinition<never>[];
