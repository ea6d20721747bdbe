/**
 * The inputs of one g6 process, loaded once: the spec (checked once, its expressions linted on
 * first request), dashboard plans and rule files. Each file is read on every request and parsed
 * again only when its bytes changed, so a step that runs after another step wrote a file sees the
 * new content. Nothing is kept across processes.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { InputError } from '../core/errors';
import type { Finding } from '../core/findings';
import { readInputFile } from '../core/read-input';
import type { Model } from '../model/types';
import { parsePlan, type Plan } from '../generators/dashboards/plan';
import { parseRuleFile, type RuleFile } from '../rules/rule-file';
import { checkSpecText, withExpressionLint, type SpecCheck } from '../spec/load-model';
import { YamlSyntaxError } from '../spec/parse-yaml';

/** The spec at a path, checked: findings always; the model unless the YAML did not parse. */
export interface SpecState {
  display: string;
  findings: Finding[];
  check?: SpecCheck;
}

/** The spec has error findings: steps that need its model cannot run. */
export class SpecInvalidError extends InputError {
  constructor(
    readonly spec: string,
    readonly findings: readonly Finding[],
  ) {
    super(`${spec}: invalid metric spec (${findings.length} error${findings.length === 1 ? '' : 's'}); run g6 validate-spec for details`);
    this.name = 'SpecInvalidError';
  }
}

interface Parsed<T> {
  text: string;
  value: T;
}

export class Workspace {
  private readonly specs = new Map<string, Parsed<SpecState> & { linted?: SpecState }>();
  private readonly rules = new Map<string, Parsed<RuleFile>>();
  private readonly plans = new Map<string, Parsed<Plan> & { model: Model }>();

  constructor(
    /** Folder user-given relative paths are relative to. */
    readonly cwd: string,
    readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  /** Absolute path of a user-given path. */
  resolve(path: string): string {
    return isAbsolute(path) ? path : resolve(this.cwd, path);
  }

  /**
   * How output and findings name a user-given path: relative to the working directory with
   * forward slashes, so `./spec/x.yml`, `spec//x.yml` and the absolute path all read `spec/x.yml`.
   */
  display(path: string): string {
    const rel = relative(this.cwd, this.resolve(path)).split('\\').join('/');
    return rel === '' ? '.' : rel.startsWith('../') && isAbsolute(path) ? path.split('\\').join('/') : rel;
  }

  /** The spec's check; with `expressions`, every expression parsed and linted too. Unreadable → InputError. */
  spec(path: string, options: { expressions?: boolean } = {}): SpecState {
    const display = this.display(path);
    const text = readInputFile(this.resolve(path), 'metric spec', display);
    let entry = this.specs.get(display);
    if (!entry || entry.text !== text) {
      entry = { text, value: checkSpec(text, display) };
      this.specs.set(display, entry);
    }
    if (!options.expressions || !entry.value.check) return entry.value;
    if (!entry.linted) {
      const check = withExpressionLint(entry.value.check);
      entry.linted = { display, findings: check.findings, check };
    }
    return entry.linted;
  }

  /** The spec's model for a generator or audit; any error finding throws SpecInvalidError. */
  model(path: string): Model {
    const state = this.spec(path);
    const errors = state.findings.filter((f) => f.severity === 'error');
    if (errors.length > 0 || !state.check) throw new SpecInvalidError(state.display, errors);
    return state.check.model;
  }

  /** A dashboard plan, checked against `model`. Invalid → InputError listing every problem. */
  plan(path: string, model: Model): Plan {
    const display = this.display(path);
    const text = readInputFile(this.resolve(path), 'dashboard plan', display);
    const known = this.plans.get(display);
    if (known && known.text === text && known.model === model) return known.value;
    const value = parsePlan(text, display, model);
    this.plans.set(display, { text, value, model });
    return value;
  }

  /** A Prometheus rule file. Unreadable or invalid → InputError. Callers must not mutate it. */
  ruleFile(path: string): RuleFile {
    const display = this.display(path);
    const text = readInputFile(this.resolve(path), 'rule file', display);
    const known = this.rules.get(display);
    if (known && known.text === text) return known.value;
    const value = parseRuleFile(text, display);
    this.rules.set(display, { text, value });
    return value;
  }
}

function checkSpec(text: string, display: string): SpecState {
  try {
    const check = checkSpecText(text, display);
    return { display, findings: check.findings, check };
  } catch (err) {
    if (!(err instanceof YamlSyntaxError)) throw err;
    const { file, line, column, reason } = err.where;
    return {
      display,
      findings: [{ ruleId: 'spec/yaml-syntax', severity: 'error', message: `invalid YAML: ${reason}`, fix: 'fix the syntax at that position', location: { file, line, column } }],
    };
  }
}
