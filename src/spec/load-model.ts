/** Reading a spec file: parse with positions, schema-check, build the model, lint. */
import { InputError } from '../core/errors';
import { readInputFile } from '../core/read-input';
import type { Finding } from '../core/findings';
import { formatFinding, sortFindings } from '../core/findings';
import type { Model } from '../model/types';
import { buildModel } from './build-model';
import { lintSpec } from './lint';
import { parseYamlWithPositions, type ParsedYaml } from './parse-yaml';
import { checkSpecSchema } from './schema-check';

export interface SpecCheck {
  parsed: ParsedYaml;
  model: Model;
  /** Schema and lint findings, sorted. */
  findings: Finding[];
}

export interface LoadOptions {
  /** Parse every expression and check referenced metrics (loads the PromQL grammar). */
  promql?: boolean;
  /** How findings and messages name the file (default: `path`). */
  displayPath?: string;
}

/**
 * Parse, schema-check and lint the spec at `path`; with `promql`, also parse and check every
 * expression. Throws InputError only when the file cannot be read or parsed.
 */
export function checkSpecFile(path: string, options: LoadOptions = {}): SpecCheck {
  const label = options.displayPath ?? path;
  const base = checkSpecText(readInputFile(path, 'metric spec', label), label);
  return options.promql ? withExpressionLint(base) : base;
}

/** `check` plus the expression lint (loads the PromQL grammar on first use). */
export function withExpressionLint(check: SpecCheck): SpecCheck {
  const { lintExpressions } = require('./lint-expressions') as typeof import('./lint-expressions');
  return { ...check, findings: sortFindings([...check.findings, ...lintExpressions(check.model, check.parsed)]) };
}

export function checkSpecText(text: string, label: string): SpecCheck {
  const parsed = parseYamlWithPositions(text, label);
  const schemaFindings = checkSpecSchema(parsed);
  const model = buildModel(parsed.doc, label);
  return { parsed, model, findings: sortFindings([...schemaFindings, ...lintSpec(model, parsed)]) };
}

/**
 * Load the spec for a generator: any error-severity finding aborts with an InputError (exit 3)
 * that lists every problem. Expression lint is left to validate-spec unless asked for.
 */
export function loadModel(path: string, options: LoadOptions = {}): Model {
  const check = checkSpecFile(path, options);
  const errors = check.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new InputError(describeInvalid(options.displayPath ?? path, errors));
  return check.model;
}

function describeInvalid(path: string, errors: Finding[]): string {
  const lines = errors.map((f) => `  ${formatFinding(f)}`);
  return `${path}: invalid metric spec (${errors.length} error${errors.length === 1 ? '' : 's'}); run g6 validate-spec for details\n${lines.join('\n')}`;
}
