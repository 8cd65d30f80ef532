/**
 * ajv errors to `schema` findings a network engineer can act on: which key or value, what is
 * allowed, and a did-you-mean for typos. Positions are added later from the pointer.
 */
import type { ErrorObject } from 'ajv';
import { escapeSegment, parsePointer } from '../pointer.js';
import { closestMatch } from '../suggest.js';
import type { Target } from '../types.js';
import { cidrFormats } from './formats.js';

/** A schema violation at a pointer, before it is placed in the source. */
export interface SchemaFinding {
  pointer: string;
  target: Target;
  message: string;
  suggestions?: string[];
}

const FORMAT_WORDING: Record<string, string> = {
  uuid: 'a GUID such as `6f1c3a52-0b7e-4c1d-9a55-2d4f3e9b8a10`',
  ...Object.fromEntries(Object.entries(cidrFormats).map(([name, f]) => [name, f.expected])),
};

// Enumerations longer than this are not spelled out in a message; the schema lists them.
const MAX_LISTED_VALUES = 8;

/** Maps ajv errors to findings, one per (pointer, problem), in a stable order. */
export function schemaFindings(errors: readonly ErrorObject[], { root = 'document' }: { root?: 'document' | 'options' } = {}): SchemaFinding[] {
  const findings = new Map<string, SchemaFinding>();
  // An `anyOf` says what each branch wants; its branches' own errors would only repeat it piecemeal.
  // Branch errors reached through a `$ref` carry the referenced schema's path, so match on the instance.
  const anyOfAt = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  for (const error of errors) {
    const underAnyOf = anyOfAt.some((p) => error.instancePath === p || error.instancePath.startsWith(p + '/'));
    if (underAnyOf && error.keyword !== 'anyOf') continue;
    // Errors about a property *name* come twice: once from the name's own schema, once as `propertyNames`.
    if ((error as { propertyName?: string }).propertyName !== undefined && error.keyword !== 'propertyNames') continue;
    const finding = toFinding(error, root);
    if (!finding) continue;
    const key = `${finding.pointer}\u0000${finding.target}\u0000${finding.message}`;
    if (!findings.has(key)) findings.set(key, finding);
  }
  return [...findings.values()];
}

function toFinding(error: ErrorObject, root: 'document' | 'options'): SchemaFinding | undefined {
  const pointer = error.instancePath;
  const name = describe(pointer);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperty':
    case 'additionalProperties': {
      const property = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const suggestion = closestMatch(property, known);
      const where = pointer !== '' ? ` in ${name}` : root === 'options' ? '' : ' at the top level';
      const what = pointer === '' && root === 'options' ? 'option' : 'property';
      return {
        pointer: `${pointer}/${escapeSegment(property)}`,
        target: 'key',
        message: suggestion
          ? `Unknown ${what} \`${property}\`${where}; did you mean \`${suggestion}\`?`
          : `Unknown ${what} \`${property}\`${where}; allowed: ${listValues(known)}`,
        ...(suggestion ? { suggestions: [suggestion] } : {}),
      };
    }
    case 'propertyNames': {
      const property = String(params.propertyName);
      return { pointer: `${pointer}/${escapeSegment(property)}`, target: 'key', message: `Unknown key \`${property}\` in ${name}` };
    }
    case 'anyOf': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description?.replace(/\.$/, '');
      const found = error.data !== null && typeof error.data === 'object' ? '' : ` \`${String(error.data)}\``;
      return { pointer, target: 'value', message: `${name}${found} is not valid${description ? `: expected ${lowerFirst(description)}` : ''}` };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      if (pointer === '' && missing === 'version') {
        return { pointer, target: 'key', message: 'Missing `version: 1` at the top of the document; every topology document starts with it' };
      }
      return { pointer, target: 'key', message: `Missing required property \`${missing}\` in ${pointer === '' ? 'the document' : name}` };
    }
    case 'type': {
      if (pointer === '') return { pointer, target: 'value', message: `A topology document must be a mapping with \`version: 1\`; found ${kindOf(error.data)}` };
      return { pointer, target: 'value', message: `${name} must be ${article(String(params.type))}; found ${kindOf(error.data)}` };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const suggestion = typeof error.data === 'string' ? closestMatch(error.data, allowed) : undefined;
      const expected = allowed.length <= MAX_LISTED_VALUES ? `expected one of ${listValues(allowed)}` : 'expected one of the values the schema lists';
      return {
        pointer, target: 'value',
        message: `${name} \`${String(error.data)}\` is not allowed; ${expected}${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}`,
        ...(suggestion ? { suggestions: [suggestion] } : {}),
      };
    }
    case 'const':
      return { pointer, target: 'value', message: `${name} must be \`${String(params.allowedValue)}\`; found \`${String(error.data)}\`` };
    case 'format': {
      const format = String(params.format);
      return { pointer, target: 'value', message: `${name} must be ${FORMAT_WORDING[format] ?? `a \`${format}\``}; found \`${String(error.data)}\`` };
    }
    case 'pattern': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description?.replace(/\.$/, '');
      return {
        pointer, target: 'value',
        message: `${name} \`${String(error.data)}\` is not valid${description ? `: ${lowerFirst(description)}` : `; it must match \`${String(params.pattern)}\``}`,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const bound = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'greater than', exclusiveMaximum: 'less than' }[error.keyword];
      return { pointer, target: 'value', message: `${name} must be ${bound} ${String(params.limit)}; found ${String(error.data)}` };
    }
    case 'minItems':
      return { pointer, target: 'value', message: `${name} must have at least ${String(params.limit)} ${Number(params.limit) === 1 ? 'entry' : 'entries'}` };
    case 'maxItems':
      return { pointer, target: 'value', message: `${name} must have at most ${String(params.limit)} entries; found ${(error.data as unknown[]).length}` };
    case 'minLength':
      return { pointer, target: 'value', message: `${name} must not be empty` };
    case 'maxLength':
      return { pointer, target: 'value', message: `${name} must be at most ${String(params.limit)} characters long` };
    default:
      return { pointer, target: 'value', message: `${name} ${error.message ?? 'is not valid'}` };
  }
}

/** `circuits[0].peerings[1].vlanId`, the way a user reads a path, in backticks. */
function describe(pointer: string): string {
  if (pointer === '') return 'the document';
  let path = '';
  for (const segment of parsePointer(pointer)) path += /^\d+$/.test(segment) ? `[${segment}]` : path === '' ? segment : `.${segment}`;
  return `\`${path}\``;
}

function listValues(values: readonly string[]): string {
  return values.map((v) => `\`${v}\``).join(', ');
}

function article(type: string): string {
  const words: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', integer: 'a whole number', number: 'a number', boolean: '`true` or `false`', null: 'empty' };
  return type.split(',').map((t) => words[t] ?? t).join(' or ');
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string \`${value}\``;
  if (typeof value === 'number') return Number.isInteger(value) ? `the number \`${value}\`` : `the number \`${value}\``;
  return `\`${String(value)}\``;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
