/**
 * The one module rules import: the rule definition helper, the model types, pointer helpers and
 * did-you-mean. Rules are pure: model and options in, reports out.
 */
import { joinPointer } from './pointer.js';
import type { AzureFacts } from './facts/azure.js';
import type { RouteOriginRegistry } from './registry/read.js';
import type { Circuit, Topology } from './model/types.js';
import type { Ref, RuleMeta, RuleReport } from './types.js';

export type * from './model/types.js';
export type { Ref, RuleReport, Severity, Target, MessageValue } from './types.js';
export type { AzureFacts, ResizeRule, ResizeVerdict } from './facts/azure.js';
export { closestMatch } from './suggest.js';
export { gatewayReference } from './model/build.js';
export { GroupedPrefixIndex, parsePrefix, prefixContains, prefixesOverlap, isNetworkAddress, isDefaultRoute, networkOf, nonPublicRange, PrefixIndex, sameNetwork, type Prefix } from './net/cidr.js';
export type { RouteOriginRegistry, RouteOrigin, OriginState } from './registry/read.js';

/** What a rule receives besides the model. */
export interface RuleContext<Options> {
  options: Options;
  /** Azure's numbers and lists, from the edition the config chose. */
  facts: AzureFacts;
  /** Routing-registry data (`--registry`, config `registry`); absent when none was given. */
  registry?: RouteOriginRegistry;
  /** The workspace before this change (`--base`, `--baseline`); absent when none was given. */
  base?: Topology;
  /**
   * Where something of the base that no longer exists was: the list that held it in the current
   * file (report with `target: 'key'`), or line 1 of the file when the file is gone.
   */
  removedAt(ref: Ref): Ref;
  /**
   * Whether a finding at `ref` would be kept in this run: a pre-commit run reports only on the files
   * it was given. A rule may skip work whose findings would all land where nothing is reported; what
   * it compares against must still come from the whole workspace.
   */
  isReported(ref: Ref): boolean;
  report(report: RuleReport): void;
}

/** Mbps in a Gbps (circuit sizes are decimal, as ExpressRoute prices them). */
export const MBPS_PER_GBPS = 1000;

/**
 * How many entities a finding's message names, each with its place, when it could name many (the
 * circuits that share a route filter): dozens of places make no sentence. The rest go into the
 * finding's related locations.
 */
export const NAMED_IN_MESSAGE = 10;

/** A circuit's bandwidth in Mbps, provider or Direct; undefined when the file does not say. */
export function circuitBandwidthMbps(circuit: Circuit): number | undefined {
  if (circuit.bandwidthInMbps !== undefined) return circuit.bandwidthInMbps;
  if (circuit.bandwidthInGbps !== undefined) return circuit.bandwidthInGbps * MBPS_PER_GBPS;
  return undefined;
}

/** `1.5 Gbps`, `500 Mbps`: bandwidth as network engineers write it. */
export function formatBandwidth(mbps: number): string {
  return mbps >= MBPS_PER_GBPS && mbps % 100 === 0 ? `${mbps / MBPS_PER_GBPS} Gbps` : `${mbps} Mbps`;
}

/** Items grouped by a key, each group in input order (so "the first" stays well defined). */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** `vnet/gateway`, the way connections name a gateway. */
export function gatewayPath(gateway: { vnet: { name: string }; name: string }): string {
  return `${gateway.vnet.name}/${gateway.name}`;
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
