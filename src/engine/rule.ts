/** The rule shape the engine runs: a definition plus its derived metadata. */
import type { AzureFacts } from '../facts/azure.js';
import type { Topology } from '../model/types.js';
import type { RouteOriginRegistry } from '../registry/read.js';
import type { Ref, RuleMeta, RuleReport } from '../types.js';

/** A registered rule. `check` must not throw; if it does, the engine reports `internal`. */
export interface Rule {
  id: string;
  meta: RuleMeta;
  check(topology: Topology, context: {
    options: unknown; facts: AzureFacts; registry?: RouteOriginRegistry; base?: Topology;
    removedAt(ref: Ref): Ref; isReported(ref: Ref): boolean; report(report: RuleReport): void;
  }): void;
}
