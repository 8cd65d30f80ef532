/**
 * Raw configuration to `ResolvedConfig`: which rules run, with which options and severity per file.
 * Precedence, lowest first: the rule's default, the preset, the config file, matching `overrides`,
 * `--rule` flags. Pure: the caller has read the file.
 */
import type { ValidateFunction } from 'ajv';
import { relative, sep } from 'node:path';
import type { Rule } from '../engine/rule.js';
import { schemaFindings, type SchemaFinding } from '../schema/to-findings.js';
import { configValidator, createAjv } from '../schema/validator.js';
import { closestMatch } from '../suggest.js';
import type { Severity, SeverityOrOff } from '../types.js';
import { createRequire } from 'node:module';

// A CommonJS package, loaded with `require`: imported as an ES module, Node.js 20 would first scan
// its source for exports, and that scan took about a tenth of a warm pre-commit run.
const picomatch = createRequire(import.meta.url)('picomatch') as typeof import('picomatch');

export type Preset = 'recommended' | 'strict' | 'all';
export type Edition = 'current' | '2017';
type RawSetting = SeverityOrOff | [SeverityOrOff, Record<string, unknown>?];

/** The config file's content, after its schema check. */
export interface RawConfig {
  files?: string[];
  ignores?: string[];
  extends?: Preset;
  edition?: Edition;
  base?: string;
  registry?: string | string[];
  rules?: Record<string, RawSetting>;
  overrides?: { files: string[]; rules?: Record<string, RawSetting> }[];
}

/** A rule's resolved setting. */
export interface RuleSetting {
  severity: SeverityOrOff;
  options: unknown;
}

/** Everything a lint run needs from configuration. */
export interface ResolvedConfig {
  /** The config file, when one was used. */
  filePath?: string;
  /** Globs are relative to this directory. */
  baseDir: string;
  files: string[];
  ignores: string[];
  preset: Preset;
  edition: Edition;
  /** Default git revision for change-aware rules (`--base` overrides it). */
  base?: string;
  registry: string[];
  rules: Map<string, RuleSetting>;
  overrides: { files: string[]; matches: (relativePath: string) => boolean; rules: Map<string, SeverityOrOff> }[];
}

/** A problem in the configuration, at a pointer into the config document. */
export type ConfigProblem = SchemaFinding;

/** Default workspace globs: every topology file below the config's directory. */
export const DEFAULT_FILES = ['**/*.yaml', '**/*.yml', '**/*.json'];
/**
 * Never part of a workspace: dependencies, build output, and the JSON files every Node project has.
 * Few patterns with alternatives rather than one a name: the globber tests every file against each
 * pattern in turn. (`.erlintrc*` keeps a pattern of its own: inside a group, its `*` would no longer
 * match the `/` that ends a directory's path.)
 */
export const DEFAULT_IGNORES = [
  '**/{node_modules,.git,dist}/**',
  '**/{package.json,package-lock.json,tsconfig*.json,.pre-commit-*.yaml}',
  '**/.erlintrc*',
];

const optionValidators = new Map<string, ValidateFunction>();

/** Resolves a raw config (or none) against the registry; `flags` are `--rule id:severity` values. */
export function resolveConfig(
  raw: unknown,
  rules: readonly Rule[],
  { baseDir, filePath, flags = [] }: { baseDir: string; filePath?: string; flags?: readonly string[] },
): { config: ResolvedConfig; problems: ConfigProblem[]; flagProblems: string[] } {
  const problems: ConfigProblem[] = [];
  const flagProblems: string[] = [];
  const data = (raw ?? {}) as RawConfig;
  if (raw !== undefined) {
    const validateConfigSchema = configValidator();
    if (!validateConfigSchema(raw)) {
      problems.push(...schemaFindings(validateConfigSchema.errors ?? []).map(ruleIdHint(rules)));
      return { config: emptyConfig(baseDir, filePath), problems, flagProblems };
    }
  }

  const preset = data.extends ?? 'recommended';
  const settings = new Map<string, RuleSetting>();
  for (const rule of rules) {
    const inPreset = preset === 'all' || rule.meta.recommended;
    const severity: SeverityOrOff = !inPreset ? 'off' : preset === 'strict' ? 'error' : rule.meta.defaultSeverity;
    settings.set(rule.id, { severity, options: rule.meta.defaultOptions });
  }
  const byId = new Map(rules.map((r) => [r.id, r]));

  for (const [id, setting] of Object.entries(data.rules ?? {})) {
    const [severity, options] = Array.isArray(setting) ? setting : [setting];
    const rule = byId.get(id);
    if (!rule) continue; // the schema's enum already refused unknown ids
    const checked = options === undefined ? rule.meta.defaultOptions : checkOptions(rule, options, `/rules/${id}/1`, problems);
    settings.set(id, { severity, options: checked });
  }

  const overrides = (data.overrides ?? []).map((o, i) => {
    const overrideRules = new Map<string, SeverityOrOff>();
    for (const [id, setting] of Object.entries(o.rules ?? {})) {
      if (Array.isArray(setting) && setting.length > 1) {
        problems.push({ pointer: `/overrides/${i}/rules/${id}/1`, target: 'value', message: `Rule options cannot be set in \`overrides\`; set them for \`${id}\` under the top-level \`rules\`` });
      }
      overrideRules.set(id, Array.isArray(setting) ? setting[0] : setting);
    }
    return { files: o.files, matches: picomatch(o.files, { dot: true }), rules: overrideRules };
  });

  for (const flag of flags) {
    const match = /^([a-z0-9-]+):(error|warn|off)$/.exec(flag);
    const rule = match && byId.get(match[1]!);
    if (!match || !rule) {
      const id = flag.split(':')[0] ?? flag;
      const suggestion = closestMatch(id, byId.keys());
      flagProblems.push(!match
        ? `\`--rule ${flag}\` must be \`RULE-ID:SEVERITY\` with a severity of \`error\`, \`warn\` or \`off\``
        : `\`--rule ${flag}\` names no rule \`${id}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`);
      continue;
    }
    const current = settings.get(rule.id)!;
    settings.set(rule.id, { ...current, severity: match[2] as SeverityOrOff });
    // A flag outranks overrides: drop the rule from them so the flag holds in every file.
    for (const override of overrides) override.rules.delete(rule.id);
  }

  return {
    config: {
      ...(filePath ? { filePath } : {}), baseDir,
      files: data.files ?? DEFAULT_FILES, ignores: [...DEFAULT_IGNORES, ...(data.ignores ?? [])],
      preset, edition: data.edition ?? 'current', ...(data.base ? { base: data.base } : {}),
      registry: data.registry === undefined ? [] : Array.isArray(data.registry) ? data.registry : [data.registry],
      rules: settings, overrides,
    },
    problems, flagProblems,
  };
}

/** The severity of a rule's findings in one file, after `overrides`. */
export function severityFor(config: ResolvedConfig, ruleId: string, absolutePath: string): SeverityOrOff {
  let severity = config.rules.get(ruleId)?.severity ?? 'off';
  if (config.overrides.length === 0) return severity;
  for (const override of overridesMatching(config, absolutePath)) {
    const own = override.rules.get(ruleId);
    if (own !== undefined) severity = own;
  }
  return severity;
}

// Rules ask for the severity in a file for every entity they look at: a workspace of 2,000 files asks
// millions of times, and matching the globs each time took longer than most rules. Which overrides
// apply to a file is worked out once per config and file.
const matchingOverrides = new WeakMap<ResolvedConfig, Map<string, ResolvedConfig['overrides']>>();

/** The overrides whose `files` match a file, in config order. */
function overridesMatching(config: ResolvedConfig, absolutePath: string): ResolvedConfig['overrides'] {
  let byPath = matchingOverrides.get(config);
  if (!byPath) matchingOverrides.set(config, (byPath = new Map()));
  let matching = byPath.get(absolutePath);
  if (!matching) {
    const path = relative(config.baseDir, absolutePath).split(sep).join('/');
    byPath.set(absolutePath, (matching = config.overrides.filter((o) => o.matches(path))));
  }
  return matching;
}

/** True when a rule is on in the base config or in any override (it must then run). */
export function isRuleEnabled(config: ResolvedConfig, ruleId: string): boolean {
  if (config.rules.get(ruleId)?.severity !== 'off') return true;
  return config.overrides.some((o) => { const s = o.rules.get(ruleId); return s !== undefined && s !== 'off'; });
}

/** The config used with `--no-config` or when none is found. */
export function emptyConfig(baseDir: string, filePath?: string): ResolvedConfig {
  return {
    ...(filePath ? { filePath } : {}), baseDir, files: DEFAULT_FILES, ignores: DEFAULT_IGNORES, preset: 'recommended',
    edition: 'current', registry: [], rules: new Map(), overrides: [],
  };
}

function checkOptions(rule: Rule, options: Record<string, unknown>, pointer: string, problems: ConfigProblem[]): unknown {
  if (!rule.meta.options) {
    problems.push({ pointer, target: 'value', message: `Rule \`${rule.id}\` takes no options` });
    return undefined;
  }
  let validate = optionValidators.get(rule.id);
  if (!validate) {
    // useDefaults fills in what the user left out, from the `default` keywords of the rule's schema.
    const ajv = createAjv();
    ajv.opts.useDefaults = true;
    validate = ajv.compile(rule.meta.options);
    optionValidators.set(rule.id, validate);
  }
  const copy = structuredClone({ ...(rule.meta.defaultOptions ?? {}), ...options });
  if (!validate(copy)) {
    for (const finding of schemaFindings(validate.errors ?? [], { root: 'options' })) {
      problems.push({ ...finding, pointer: pointer + finding.pointer, message: `Options of \`${rule.id}\`: ${finding.message}` });
    }
    return rule.meta.defaultOptions;
  }
  return copy;
}

function ruleIdHint(rules: readonly Rule[]) {
  return (finding: SchemaFinding): SchemaFinding => {
    const match = /^\/(?:overrides\/\d+\/)?rules\/([^/]+)$/.exec(finding.pointer);
    if (!match || finding.target !== 'key') return finding;
    const id = match[1]!.replaceAll('~1', '/').replaceAll('~0', '~');
    const suggestion = closestMatch(id, rules.map((r) => r.id));
    return { ...finding, message: `Unknown rule \`${id}\`${suggestion ? `; did you mean \`${suggestion}\`?` : '; `erlint rules` lists them'}`, ...(suggestion ? { suggestions: [suggestion] } : {}) };
  };
}

export type { Severity };
