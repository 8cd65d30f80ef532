/** The topology JSON Schema, compiled once with ajv (2020-12 dialect, strict mode). */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readPackageJson } from '../package-info.js';
import { cidrFormats } from './formats.js';

/** The topology schema as shipped in `schemas/topology.schema.json`. */
export const topologySchema = readPackageJson('schemas/topology.schema.json') as Record<string, unknown> & { $id: string };

/** A new ajv instance with erlint's formats; shared by the topology and config schemas. */
export function createAjv(): Ajv2020 {
  // verbose: the error's parentSchema gives property lists (did-you-mean) and descriptions.
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, allowUnionTypes: true, strictTuples: false });
  (addFormats as unknown as (a: Ajv2020, f: string[]) => void)(ajv, ['uuid']);
  for (const [name, format] of Object.entries(cidrFormats)) ajv.addFormat(name, { type: 'string', validate: format.validate });
  return ajv;
}

let compiled: ValidateFunction | undefined;

/** Validates one document against the topology schema; an empty list means valid. */
export function validateTopology(data: unknown): ErrorObject[] {
  compiled ??= createAjv().compile(topologySchema);
  return compiled(data) ? [] : [...(compiled.errors ?? [])];
}
