/**
 * The one module rules import: the rule definition helper, the model types, pointer helpers and
 * did-you-mean. Rules are pure: model and options in, reports out.
 */
import { joinPointer } from './pointer.js';
import type { Topology } from './model/types.js';
import type { Ref, RuleMeta, RuleReport } from './types.js';

export type * from './model/types.js';
export type { Ref, RuleReport, Severity, Target, MessageValue } from './types.js';
export { closestMatch } from './suggest.js';

/** What a rule receives besides the model. */
export interface RuleContext<Options> {
  options: Options;
  report(report: RuleReport): void;
}

/** A rule as its module defines it; the registry adds the derived docs link. */
export interface RuleDefinition<Options = undefined> {
  id: string;
  meta: Omit<RuleMeta, 'docsUrl'>;
  check(topology: Topology, context: RuleContext<Options>): void;
}

/** Declares a rule; typed identity, so the definition is checked where it is written. */
export function defineRule<Options = undefined>(definition: RuleDefinition<Options>): RuleDefinition<Options> {
  return definition;
}

/** The place of a property (or nested value) of an entity: `at(circuit.ref, 'sku', 'tier')`. */
export function at(ref: Ref, ...segments: (string | number)[]): Ref {
  return { ...ref, pointer: joinPointer(ref.pointer, ...segments) };
}
