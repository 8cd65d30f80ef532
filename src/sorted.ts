/** Binary search over ascending values: the line table's offsets and the prefix index's first addresses. */

/** The index of the first of the ascending `values` that is `value` or more; their length when none is. */
export function firstAtLeast<T extends number | bigint>(values: ArrayLike<T>, value: T): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
