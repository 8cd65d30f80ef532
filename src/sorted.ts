/** Binary search over ascending values: the line table's offsets and the prefix index's first addresses. */

/**
 * The index of the first of the ascending `values` that is `value` or more; their length when none
 * is. With `from` and `to`, only those between them are searched, and `to` means none is.
 */
export function firstAtLeast<T extends number | bigint>(values: ArrayLike<T>, value: T, from = 0, to = values.length): number {
  let low = from;
  let high = to;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
