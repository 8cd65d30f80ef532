/** Did-you-mean by edit distance, shared by schema messages and rules. */
import { createRequire } from 'node:module';

// Loaded on first use: most runs suggest nothing, and every module loaded at start delays a pre-commit hook.
let levenshtein: typeof import('fastest-levenshtein') | undefined;
function distance(a: string, b: string): number {
  levenshtein ??= createRequire(import.meta.url)('fastest-levenshtein') as typeof import('fastest-levenshtein');
  return levenshtein.distance(a, b);
}

const MIN_PREFIX = 4;

/**
 * The candidate `input` most likely meant, or undefined when none is close enough: the one
 * candidate the input is the start of (`peering-vlan` for `peering-vlan-unique`), else a case-only
 * difference, else the nearest by edit distance when at most a third of the letters changed.
 */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const lower = input.toLowerCase();
  const all = [...candidates].filter((c) => c !== input).sort();
  const extending = lower.length >= MIN_PREFIX ? all.filter((c) => c.toLowerCase().startsWith(lower)) : [];
  if (extending.length === 1) return extending[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of all) {
    const other = candidate.toLowerCase();
    const d = other === lower ? 0 : isTransposition(lower, other) ? 1 : distance(lower, other);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(input.length / 3)) ? best : undefined;
}

/** True when swapping one pair of neighbouring letters turns `a` into `b` (`nmae` and `name`). */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}
