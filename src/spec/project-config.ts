/**
 * The project config `.g6.yml`: paths, lint levels, per-step option defaults and output
 * defaults, looked up from the working directory upward (or named with --config). Every value
 * remembers where it came from, so `g6 config` can say so.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../core/errors';
import { formatFinding, type LintLevel } from '../core/findings';
import { readInputFile } from '../core/read-input';
import { DEFAULT_PATHS } from '../model/conventions';
import { locate, parseYamlWithPositions, pointerSegment, YamlSyntaxError, type ParsedYaml } from './parse-yaml';
import { checkAgainstSchema, type Validate } from './schema-check';

export const PROJECT_CONFIG_FILES = ['.g6.yml', '.g6.yaml'] as const;
export const PROJECT_CONFIG_SCHEMA = 'src/spec/project-config.schema.json';


/** The paths every step reads and writes, keyed as in `.g6.yml`. */
export const PATH_DEFAULTS = {
  spec: DEFAULT_PATHS.spec,
  plan: DEFAULT_PATHS.plan,
  dashboards: DEFAULT_PATHS.dashboardsDir,
  generated: DEFAULT_PATHS.generatedDir,
  recording_rules: DEFAULT_PATHS.recordingRules,
  alerts: DEFAULT_PATHS.alerts,
  alert_suggestions: DEFAULT_PATHS.alertSuggestions,
  rule_tests: DEFAULT_PATHS.ruleTestsDir,
  rules_catalog: DEFAULT_PATHS.rulesCatalog,
} as const;

export type PathKey = keyof typeof PATH_DEFAULTS;
export type CheckValue = string | number | boolean | string[];

/** One resolved value and where it came from: `.g6.yml:12` or `default`. */
export interface Sourced<T> {
  value: T;
  source: string;
}

export interface ProjectConfig {
  /** The file as named to the user, when one was found. */
  file?: string;
  /** The project's root: the folder holding the file, else the working directory. Generated files name paths relative to it. */
  root: string;
  /** Paths, absolute. */
  paths: Record<PathKey, Sourced<string>>;
  /** Level per rule id. */
  lint: Record<string, Sourced<LintLevel>>;
  /** Option defaults per step id and long flag name. */
  checks: Record<string, Record<string, Sourced<CheckValue>>>;
  format?: Sourced<string>;
}

/** The config with nothing set: built-in paths under `root`. */
export function defaultProjectConfig(root: string): ProjectConfig {
  const paths = {} as Record<PathKey, Sourced<string>>;
  for (const [k, v] of Object.entries(PATH_DEFAULTS)) paths[k as PathKey] = { value: resolve(root, v), source: 'default' };
  return { root: resolve(root), paths, lint: {}, checks: {} };
}

/** The nearest `.g6.yml` at or above `cwd`, or undefined. */
export function findProjectConfig(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of PROJECT_CONFIG_FILES) if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Load the project config: `explicit` (from --config, relative to `cwd`) or the nearest one found
 * upward, else the defaults. Invalid → InputError listing every problem with its line.
 */
export function loadProjectConfig(cwd: string, explicit?: string, display: (abs: string) => string = (p) => p): ProjectConfig {
  const file = explicit !== undefined ? (isAbsolute(explicit) ? explicit : resolve(cwd, explicit)) : findProjectConfig(cwd);
  if (file === undefined) return defaultProjectConfig(cwd);
  const root = dirname(file);
  const config = defaultProjectConfig(root);
  const shown = display(file);
  let parsed: ParsedYaml;
  try {
    parsed = parseYamlWithPositions(readInputFile(file, 'project config', shown), shown);
  } catch (err) {
    if (!(err instanceof YamlSyntaxError)) throw err;
    throw new InputError(`${err.message}; fix the syntax of the project config`);
  }
  // ajv's standalone code for project-config.schema.json (see test/spec/project-config-validator.test.ts), loaded only when there is a config file
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const validate = (require('./project-config.validate.generated') as typeof import('./project-config.validate.generated')).default as Validate;
  const findings = checkAgainstSchema(parsed, { validate, schemaPath: PROJECT_CONFIG_SCHEMA, area: 'config' });
  if (findings.length > 0) {
    throw new InputError(`${shown}: invalid project config (${findings.length} problem(s))\n${findings.map((f) => `  ${formatFinding(f)}`).join('\n')}`);
  }
  const doc = (parsed.doc ?? {}) as {
    paths?: Partial<Record<PathKey, string>>;
    lint?: { rules?: Record<string, LintLevel> };
    checks?: Record<string, Record<string, CheckValue>>;
    output?: { format?: string };
  };
  const at = (pointer: string): string => `${shown}:${locate(parsed, pointer).line}`;
  config.file = shown;
  for (const [k, v] of Object.entries(doc.paths ?? {})) config.paths[k as PathKey] = { value: resolve(root, v), source: at(`/paths/${k}`) };
  for (const [rule, level] of Object.entries(doc.lint?.rules ?? {})) config.lint[rule] = { value: level, source: at(`/lint/rules/${pointerSegment(rule)}`) };
  for (const [step, options] of Object.entries(doc.checks ?? {})) {
    config.checks[step] = {};
    for (const [flag, value] of Object.entries(options)) config.checks[step]![flag] = { value, source: at(`/checks/${step}/${flag}`) };
  }
  if (doc.output?.format !== undefined) config.format = { value: doc.output.format, source: at('/output/format') };
  return config;
}
