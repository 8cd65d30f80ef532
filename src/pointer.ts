/** RFC 6901 JSON Pointers: the structural address every finding carries. */

/** Escapes one reference token (`~` first, then `/`). */
export function escapeSegment(segment: string | number): string {
  // Most segments are indexes and plain names: building every entity's pointer, skip the copies.
  if (typeof segment === 'number') return String(segment);
  return segment.includes('~') || segment.includes('/') ? segment.replaceAll('~', '~0').replaceAll('/', '~1') : segment;
}

/** Unescapes one reference token (`~1` first, then `~0`, as RFC 6901 section 4 requires). */
export function unescapeSegment(token: string): string {
  return token.includes('~') ? token.replaceAll('~1', '/').replaceAll('~0', '~') : token;
}

/** Splits a pointer into unescaped segments; `''` is the root and has none. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON Pointer must start with "/": ${JSON.stringify(pointer)}`);
  const segments = pointer.slice(1).split('/');
  return pointer.includes('~') ? segments.map(unescapeSegment) : segments;
}

/** Builds a pointer from unescaped segments. */
export function formatPointer(segments: readonly (string | number)[]): string {
  let pointer = '';
  for (const segment of segments) pointer += '/' + escapeSegment(segment);
  return pointer;
}

/** Appends segments to a pointer. */
export function joinPointer(base: string, ...segments: (string | number)[]): string {
  return base + formatPointer(segments);
}
