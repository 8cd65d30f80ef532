/** Did-you-mean by edit distance, shared by schema messages and rules. */
import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to `input`, or undefined when none is close enough to be a likely typo:
 * a case-only difference, at most a third of the word's letters changed (at least one), or the
 * input is the start of exactly one candidate (`headroom` for `headroomPercent`).
 */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of [...candidates].sort()) {
    if (candidate === input) continue;
    const d = candidate.toLowerCase() === lower ? 0 : distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.floor(input.length / 3));
  if (best !== undefined && bestDistance <= allowed) return best;
  const MIN_PREFIX = 4;
  const extending = [...candidates].filter((c) => lower.length >= MIN_PREFIX && c.toLowerCase().startsWith(lower));
  return extending.length === 1 ? extending[0] : undefined;
}
