/** Reading a spec file: parse with positions, schema-check, build the model, lint. */
import { InputError } from '../core/errors';
import { readInputFile } from '../core/read-input';
import type { Finding } from '../core/findings';
import { sortFindings } from '../core/findings';
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
 * Checks already done in this process, by path and display label (g6 verify loads the same spec
 * in every step): the text they were made from, the check without expression lint, and the
 * check with it once someone asked.
 */
const checked = new Map<string, { text: string; base: SpecCheck; withExpressions?: SpecCheck }>();

/**
 * Parse, schema-check and lint the spec at `path`. Throws InputError only when it cannot be read
 * or parsed. The result is shared by later calls for the same unchanged file, so callers must
 * treat it as immutable.
 */
export function checkSpecFile(path: string, options: LoadOptions = {}): SpecCheck {
  const label = options.displayPath ?? path;
  const text = readInputFile(path, 'metric spec', label);
  const key = JSON.stringify([path, label]);
  let entry = checked.get(key);
  if (!entry || entry.text !== text) {
    entry = { text, base: checkSpecText(text, label) };
    checked.set(key, entry);
  }
  if (!options.promql) return entry.base;
  if (!entry.withExpressions) {
    const { parsed, model, findings } = entry.base;
    // loaded here so commands that skip expression lint never pay for the grammar
    const { lintExpressions } = require('./lint-expressions') as typeof import('./lint-expressions');
    entry.withExpressions = { parsed, model, findings: sortFindings([...findings, ...lintExpressions(model, parsed)]) };
  }
  return entry.withExpressions;
}

function checkSpecText(text: string, label: string): SpecCheck {
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

export function formatLocation(f: Finding): string {
  const l = f.location;
  if (!l) return '';
  const where = [l.file, l.line, l.column].filter((x) => x !== undefined && x !== '').join(':');
  return l.pointer !== undefined && l.pointer !== '' ? `${where} ${l.pointer}` : where;
}

function describeInvalid(path: string, errors: Finding[]): string {
  const lines = errors.map((f) => `  ${formatLocation(f)}: ${f.message}${f.fix ? `; fix: ${f.fix}` : ''}`);
  return `${path}: invalid metric spec (${errors.length} error${errors.length === 1 ? '' : 's'}); run g6 validate-spec for details\n${lines.join('\n')}`;
}
