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
  if (segments.length === 2 && typeof segments[0] === 'string' && typeof segments[1] === 'number') return base + listItem(segments[0], segments[1]);
  return base + formatPointer(segments);
}

/**
 * `/key/index`, made once per key and index: every entity of a workspace has its place as its
 * parent's pointer and such a piece (`/peerings/0`, `/subnets/1`), and a copy of it for each of
 * 20,000 circuits is 4 MB of the bench's model. Indexes past `MAX_SHARED_INDEX` are made each time.
 */
function listItem(key: string, index: number): string {
  if (!(index >= 0 && index < MAX_SHARED_INDEX && Number.isInteger(index))) return `/${escapeSegment(key)}/${index}`;
  let byIndex = listItems.get(key);
  if (!byIndex) {
    if (listItems.size >= MAX_SHARED_KEYS) return `/${escapeSegment(key)}/${index}`;
    listItems.set(key, (byIndex = []));
  }
  return (byIndex[index] ??= `/${escapeSegment(key)}/${index}`);
}

const listItems = new Map<string, string[]>();
const MAX_SHARED_INDEX = 1024;
const MAX_SHARED_KEYS = 256;
