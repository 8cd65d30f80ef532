/**
 * Routing-registry data: which AS may originate which prefixes. Readers for RPKI ROA exports
 * (rpki-client JSON with numeric `asn`; Routinator `json`/`jsonext` and gortr-style exports with
 * `"AS13335"` strings) and for RPSL `route`/`route6` objects (IRR databases such as RADB and RIPE).
 * Pure: text in, origins or positioned problems out.
 */
import { locate } from '../loader/locate.js';
import { jsonError, loadSource, rangeAt } from '../loader/load.js';
import { PrefixIndex, parsePrefix, type Prefix } from '../net/cidr.js';
import type { Range } from '../types.js';

/** One authorization: `asn` may originate `prefix` and more specifics up to `maxLength`. */
export interface RouteOrigin {
  prefix: string;
  maxLength: number;
  asn: number;
  /** Where it was read, for messages: `file:line`, computed only when a message needs it. */
  where(): string;
}

/** A problem in a registry file, at a place in it. An `error` makes the file unusable; a `warn` skips one entry. */
export interface RegistryProblem {
  range: Range;
  pointer: string;
  message: string;
  severity: 'error' | 'warn';
}

/** What a registry file held. */
export interface RegistryFile {
  path: string;
  format: 'rpki-json' | 'rpsl';
  origins: RouteOrigin[];
  problems: RegistryProblem[];
}

const MAX_ASN = 4294967295;

/** Reads one registry file; the format is recognised from the content. */
export function readRegistry(path: string, text: string, displayPath: string = path): RegistryFile {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  return start.startsWith('{') || start.startsWith('[') ? readRoaJson(path, text, displayPath) : readRpsl(path, text, displayPath);
}

function readRoaJson(path: string, text: string, displayPath: string): RegistryFile {
  const file: RegistryFile = { path, format: 'rpki-json', origins: [], problems: [] };
  // Positions are needed only for problems and for the origins a message quotes: parse for them lazily.
  let source: ReturnType<typeof loadSource> | undefined;
  const sourceOf = () => (source ??= loadSource(path, text, 'json'));
  const rangeOf = (pointer: string, target: 'key' | 'value' = 'value') => locate(sourceOf(), 0, pointer, target).range;

  const body = text.replace(/^\uFEFF/, '');
  const invalid = jsonError(body);
  if (invalid) {
    // One error, where JSON.parse stopped: a truncated export would otherwise cascade.
    const offset = text.length - body.length + invalid.offset;
    const range = rangeAt(sourceOf(), offset, Math.min(offset + 1, text.length));
    file.problems.push({ range, pointer: '', message: `The registry file is not valid JSON: ${invalid.message}`, severity: 'error' });
    return file;
  }
  const data: unknown = JSON.parse(body);
  const roas = (data as { roas?: unknown } | null)?.roas;
  if (!Array.isArray(roas)) {
    file.problems.push({ range: rangeOf(''), pointer: '', message: 'No `roas` list; expected an RPKI export from rpki-client (`-j`) or Routinator (`--format json`/`jsonext`)', severity: 'error' });
    return file;
  }
  roas.forEach((entry: unknown, i) => {
    const pointer = `/roas/${i}`;
    const roa = entry as { asn?: unknown; prefix?: unknown; maxLength?: unknown } | null;
    const asn = parseAsn(roa?.asn);
    const prefix = typeof roa?.prefix === 'string' ? parsePrefix(roa.prefix) : undefined;
    const maxLength = roa?.maxLength === undefined ? prefix?.length : roa.maxLength;
    // One bad entry among thousands (real exports have some) is skipped and said so, not fatal.
    const problem = (message: string, at: string) => file.problems.push({ range: rangeOf(at), pointer: at, message: `${message}; this ROA is skipped`, severity: 'warn' });
    if (asn === undefined) return problem(`ROA ${i + 1} has no valid \`asn\` (a number or \`AS\` followed by one); found ${JSON.stringify(roa?.asn)}`, roa && 'asn' in roa ? `${pointer}/asn` : pointer);
    if (!prefix) return problem(`ROA ${i + 1} has no valid \`prefix\`; found ${JSON.stringify(roa?.prefix)}`, roa && 'prefix' in roa ? `${pointer}/prefix` : pointer);
    const familyMax = prefix.family === 'ipv4' ? 32 : 128;
    if (typeof maxLength !== 'number' || !Number.isInteger(maxLength) || maxLength < prefix.length || maxLength > familyMax) {
      return problem(`ROA ${i + 1} has \`maxLength\` ${JSON.stringify(maxLength)}; it must be a whole number from ${prefix.length} to ${familyMax}`, `${pointer}/maxLength`);
    }
    file.origins.push({ prefix: roa!.prefix as string, maxLength, asn, where: () => `${displayPath}:${rangeOf(pointer).start.line}` });
    return undefined;
  });
  return file;
}

/** RPSL (RFC 2622): objects separated by blank lines, `attribute: value`, continuation lines, `#` comments. */
function readRpsl(path: string, text: string, displayPath: string): RegistryFile {
  const file: RegistryFile = { path, format: 'rpsl', origins: [], problems: [] };
  const body = text.replace(/^\uFEFF/, '');
  const lines = body.split(/\r?\n/);
  const lineStarts = [0];
  for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineRange = (index: number): Range => {
    const length = (lines[index] ?? '').length;
    const offset = lineStarts[index] ?? body.length;
    return { start: { line: index + 1, column: 1, offset }, end: { line: index + 1, column: length + 1, offset: offset + length } };
  };
  type Attribute = { name: string; value: string; line: number };
  let object: Attribute[] = [];
  let sawRoute = false;

  const finish = (): void => {
    const route = object.find((a) => a.name === 'route' || a.name === 'route6');
    if (route) {
      sawRoute = true;
      const origins = object.filter((a) => a.name === 'origin');
      const prefix = parsePrefix(route.value);
      const asn = parseAsn(origins[0]?.value);
      if (!prefix || (route.name === 'route6') !== (prefix.family === 'ipv6')) {
        file.problems.push({ range: lineRange(route.line), pointer: '', message: `\`${route.name}:\` value \`${route.value}\` is not an ${route.name === 'route6' ? 'IPv6' : 'IPv4'} prefix; this object is skipped`, severity: 'warn' });
      } else if (origins.length !== 1 || asn === undefined) {
        file.problems.push({
          range: lineRange(origins[0]?.line ?? route.line), pointer: '', severity: 'warn',
          message: `${origins.length === 0 ? `\`${route.name}: ${route.value}\` has no \`origin:\`` : `\`${route.name}: ${route.value}\` needs exactly one \`origin:\` with an AS number such as \`AS64500\``}; this object is skipped`,
        });
      } else {
        const line = route.line + 1;
        file.origins.push({ prefix: route.value, maxLength: (prefix as Prefix).length, asn, where: () => `${displayPath}:${line}` });
      }
    }
    object = [];
  };

  lines.forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trimEnd();
    if (raw.trim() === '') return finish();
    if (line === '') return undefined; // a comment-only line
    if (/^[ \t+]/.test(raw)) {
      const last = object[object.length - 1];
      if (!last) file.problems.push({ range: lineRange(index), pointer: '', message: 'A continuation line with no attribute before it; the registry file is not RPSL', severity: 'error' });
      else last.value = `${last.value} ${line.replace(/^\+/, '').trim()}`.trim();
      return undefined;
    }
    const match = /^([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$/.exec(line);
    if (!match) {
      file.problems.push({ range: lineRange(index), pointer: '', message: 'Not an RPSL attribute line (`name: value`); expected `route:`/`route6:` objects with `origin:`', severity: 'error' });
      return undefined;
    }
    object.push({ name: match[1]!.toLowerCase(), value: match[2]!.trim(), line: index });
    return undefined;
  });
  finish();
  if (!sawRoute && file.problems.length === 0) {
    file.problems.push({ range: lineRange(0), pointer: '', message: 'No `route:` or `route6:` objects; expected RPSL from an IRR database or an RPKI JSON export', severity: 'error' });
  }
  return file;
}

function parseAsn(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^(AS)?\d+$/i.test(value.trim()) ? Number(value.trim().replace(/^AS/i, '')) : NaN;
  return Number.isInteger(number) && number >= 0 && number <= MAX_ASN ? number : undefined;
}

/** The outcome of RFC 6811 route-origin validation. */
export type OriginState = 'valid' | 'invalid' | 'not-found';

/** Every route origin of the registry files given, indexed for origin validation. */
export class RouteOriginRegistry {
  private readonly index = new PrefixIndex<RouteOrigin>();
  readonly size: number;

  constructor(files: readonly RegistryFile[]) {
    let size = 0;
    for (const file of files) {
      for (const origin of file.origins) {
        this.index.add(origin.prefix, origin);
        size++;
      }
    }
    this.size = size;
  }

  /**
   * RFC 6811: a route is valid when a covering origin names its AS and allows its length, invalid
   * when covering origins exist but none does, not found when nothing covers it.
   */
  validate(prefix: string, asn: number): { state: OriginState; covering: RouteOrigin[] } {
    const parsed = parsePrefix(prefix);
    if (!parsed) return { state: 'not-found', covering: [] };
    const covering = this.index.covering(parsed).map((c) => c.value);
    if (covering.length === 0) return { state: 'not-found', covering };
    const valid = covering.some((o) => o.asn === asn && parsed.length <= o.maxLength);
    return { state: valid ? 'valid' : 'invalid', covering };
  }
}
