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
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';
import { packageRoot } from '../package-info.js';
import { cidrFormats } from './formats.js';

/** A schema as shipped: its text, parsed, and the SHA-256 that a validator compiled ahead of time records. */
function shippedSchema(file: string): { source: string; schema: Record<string, unknown>; hash: string } {
  const source = readFileSync(join(packageRoot, 'schemas', file), 'utf8');
  return { source, schema: JSON.parse(source) as Record<string, unknown>, hash: createHash('sha256').update(source).digest('hex') };
}

const topology = shippedSchema('topology.schema.json');
const config = shippedSchema('config.schema.json');

/** The topology schema's text as shipped in `schemas/topology.schema.json`. */
export const topologySchemaSource = topology.source;
/** The topology schema as shipped in `schemas/topology.schema.json`. */
export const topologySchema = topology.schema as Record<string, unknown> & { $id: string };
/** The config schema as shipped in `schemas/config.schema.json`. */
export const configSchema = config.schema;

/** The schemas `npm run build` compiles ahead of time, by the name of their module. */
export const prebuiltSchemas = {
  'topology-validator.cjs': topology,
  'config-validator.cjs': config,
} as const;

/** The CIDR formats as ajv takes them (and as the standalone code is handed them). */
const ajvFormats = Object.fromEntries(Object.entries(cidrFormats).map(([name, format]) => [name, { type: 'string' as const, validate: format.validate }])) as
  Record<keyof typeof cidrFormats, { type: 'string'; validate: (value: string) => boolean }>;

const requireHere = createRequire(import.meta.url);

/**
 * A new ajv instance with erlint's formats; shared by the schemas and rule options. ajv and
 * ajv-formats are loaded on first use (about 55 ms): a run whose schemas were compiled at build time
 * needs neither unless a config sets rule options.
 */
export function createAjv(code?: Options['code']): Ajv2020 {
  const { Ajv2020: Ajv } = requireHere('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = requireHere('ajv-formats') as (ajv: Ajv2020, formats: string[]) => void;
  // verbose: the error's parentSchema gives property lists (did-you-mean) and descriptions.
  const ajv = new Ajv({ strict: true, allErrors: true, verbose: true, allowUnionTypes: true, strictTuples: false, ...(code ? { code } : {}) });
  addFormats(ajv, ['uuid']);
  for (const [name, format] of Object.entries(ajvFormats)) ajv.addFormat(name, format);
  return ajv;
}

/** What `scripts/build-validator.mjs` writes: the schema hash, and a factory over the formats. */
interface PrebuiltValidator {
  schemaHash: string;
  create(formats: typeof ajvFormats): ValidateFunction;
}

/**
 * The validator compiled at build time from the schema with `expectedHash`, if there is one. It
 * lies next to the built module; running from source (the tests), there is none unless a test
 * names one.
 */
export function prebuiltValidator(modulePath: string, expectedHash: string): ValidateFunction | undefined {
  return usablePrebuilt(() => requireHere(modulePath), expectedHash);
}

function usablePrebuilt(load: () => unknown, expectedHash: string): ValidateFunction | undefined {
  let prebuilt: PrebuiltValidator;
  try {
    prebuilt = load() as PrebuiltValidator;
  } catch {
    return undefined;
  }
  return prebuilt.schemaHash === expectedHash ? prebuilt.create(ajvFormats) : undefined;
}

/**
 * The shipped schemas' prebuilt modules, each named in full: the command's bundle then holds them,
 * compiled in its code cache (`scripts/build-cli.mjs` turns these `requireHere` calls into requires
 * it follows). Relative to this module as built, `dist/src/schema/`.
 */
const PREBUILT_MODULES: Record<keyof typeof prebuiltSchemas, () => unknown> = {
  'topology-validator.cjs': () => requireHere('../schema/topology-validator.cjs'),
  'config-validator.cjs': () => requireHere('../schema/config-validator.cjs'),
};

/** A shipped schema's validator: compiled at build time, or now when the schema changed since. */
function validatorFor(module: keyof typeof prebuiltSchemas): ValidateFunction {
  const { schema, hash } = prebuiltSchemas[module];
  return usablePrebuilt(PREBUILT_MODULES[module], hash) ?? createAjv().compile(schema);
}

/** The topology validator compiled now, from the schema as shipped. */
export function compileValidator(): ValidateFunction {
  return createAjv().compile(topologySchema);
}

let compiled: ValidateFunction | undefined;
let compiledConfig: ValidateFunction | undefined;

/** Validates one document against the topology schema; an empty list means valid. */
export function validateTopology(data: unknown): ErrorObject[] {
  compiled ??= validatorFor('topology-validator.cjs');
  return compiled(data) ? [] : [...(compiled.errors ?? [])];
}

/** The config schema's validator. */
export function configValidator(): ValidateFunction {
  compiledConfig ??= validatorFor('config-validator.cjs');
  return compiledConfig;
}
