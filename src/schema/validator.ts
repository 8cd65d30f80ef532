/**
 * The topology JSON Schema, compiled with ajv (2020-12 dialect, strict mode). `npm run build`
 * compiles it ahead of time into `topology-validator.cjs` (ajv's standalone code), which saves
 * every run and every worker thread about 0.1 s; a schema that changed since the build is compiled
 * here instead, so the two can never disagree.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type Options, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { packageRoot } from '../package-info.js';
import { cidrFormats } from './formats.js';

/** The topology schema's text as shipped in `schemas/topology.schema.json`. */
export const topologySchemaSource = readFileSync(join(packageRoot, 'schemas', 'topology.schema.json'), 'utf8');

/** The topology schema as shipped in `schemas/topology.schema.json`. */
export const topologySchema = JSON.parse(topologySchemaSource) as Record<string, unknown> & { $id: string };

/** SHA-256 of the schema text: what a validator compiled ahead of time was compiled from. */
export const topologySchemaHash = createHash('sha256').update(topologySchemaSource).digest('hex');

/** The CIDR formats as ajv takes them (and as the standalone code is handed them). */
const ajvFormats = Object.fromEntries(Object.entries(cidrFormats).map(([name, format]) => [name, { type: 'string' as const, validate: format.validate }])) as
  Record<keyof typeof cidrFormats, { type: 'string'; validate: (value: string) => boolean }>;

/** A new ajv instance with erlint's formats; shared by the topology and config schemas. */
export function createAjv(code?: Options['code']): Ajv2020 {
  // verbose: the error's parentSchema gives property lists (did-you-mean) and descriptions.
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, allowUnionTypes: true, strictTuples: false, ...(code ? { code } : {}) });
  (addFormats as unknown as (a: Ajv2020, f: string[]) => void)(ajv, ['uuid']);
  for (const [name, format] of Object.entries(ajvFormats)) ajv.addFormat(name, format);
  return ajv;
}

/** What `scripts/build-validator.mjs` writes: the schema hash, and a factory over the formats. */
interface PrebuiltValidator {
  schemaHash: string;
  create(formats: typeof ajvFormats): ValidateFunction;
}

/**
 * The validator compiled at build time, when there is one for this very schema. It lies next to the
 * built module; running from source (the tests), there is none unless a test names one.
 */
export function prebuiltValidator(modulePath = './topology-validator.cjs'): ValidateFunction | undefined {
  let prebuilt: PrebuiltValidator;
  try {
    prebuilt = createRequire(import.meta.url)(modulePath) as PrebuiltValidator;
  } catch {
    return undefined;
  }
  return prebuilt.schemaHash === topologySchemaHash ? prebuilt.create(ajvFormats) : undefined;
}

/** The validator compiled now, from the schema as shipped. */
export function compileValidator(): ValidateFunction {
  return createAjv().compile(topologySchema);
}

let compiled: ValidateFunction | undefined;

/** Validates one document against the topology schema; an empty list means valid. */
export function validateTopology(data: unknown): ErrorObject[] {
  compiled ??= prebuiltValidator() ?? compileValidator();
  return compiled(data) ? [] : [...(compiled.errors ?? [])];
}
