/**
 * The inputs of one g6 process, loaded once: the project config, the spec (checked once, its
 * expressions linted on first request, its waivers and the config's lint levels applied),
 * dashboard plans, rule files and dashboards. Each file is read on every request and parsed
 * again only when its bytes changed, so a step that runs after another step wrote a file sees
 * the new content; a generated file is not parsed at all when it holds what a step of this
 * process generated (see {@link Workspace.generated}). Nothing is kept across processes.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InputError } from '../core/errors';
import { applyLevels, type Finding, type LintLevel } from '../core/findings';
import { fileHolds, readInputBytes, readInputFile } from '../core/read-input';
import type { Artifact } from '../core/artifacts';
import type { ParseMemo } from '../core/input-paths';
import type { Model } from '../model/types';
import type { Plan } from '../generators/dashboards/plan';
import type { RuleFile } from '../rules/rule-file';
import { checkSpecText, withExpressionLint, type SpecCheck } from '../spec/load-model';
import { YamlSyntaxError } from '../spec/parse-yaml';
import { defaultProjectConfig, type ProjectConfig } from '../spec/project-config';
import { applyWaivers, readWaivers, waiverFindings, type Waiver } from '../spec/waivers';

/**
 * The spec at a path, checked: findings always (after its waivers and the lint levels, with
 * findings about the waivers themselves); the model unless the YAML did not parse.
 */
export interface SpecState {
  display: string;
  findings: Finding[];
  check?: SpecCheck;
}

interface SpecEntry {
  bytes: Buffer;
  /** The check as the linter made it, before waivers and levels. */
  raw: SpecState;
  waivers: Waiver[];
  /** Warnings about waiver comments that cannot be read. */
  waiverProblems: Finding[];
  state: SpecState;
  linted?: SpecState;
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

/* eslint-disable @typescript-eslint/no-require-imports */
// readers loaded on first use: a step that reads no plan, rule file or dashboard never loads their parsers
const plans = () => require('../generators/dashboards/plan') as typeof import('../generators/dashboards/plan');
const ruleFiles = () => require('../rules/rule-file') as typeof import('../rules/rule-file');
const promql = () => require('../promql/parse') as typeof import('../promql/parse');
const dashboards = () => require('../auditors/read-dashboards') as typeof import('../auditors/read-dashboards');

interface Parsed<T> {
  text: string;
  value: T;
}

export class Workspace implements ParseMemo {
  private readonly specs = new Map<string, SpecEntry>();
  private readonly plans = new Map<string, Parsed<Plan> & { model: Model }>();
  /** What readers made of a file's text, by reader kind and absolute path. */
  private readonly memos = new Map<string, Parsed<unknown>>();

  /** Lint level per rule id, from the project config. */
  private readonly levels: Record<string, LintLevel>;

  constructor(
    /** Folder user-given relative paths are relative to. */
    readonly cwd: string,
    readonly env: Readonly<Record<string, string | undefined>>,
    readonly config: ProjectConfig = defaultProjectConfig(cwd),
    /** Today as YYYY-MM-DD (UTC), for snoozes. */
    readonly today: string = new Date().toISOString().slice(0, 10),
  ) {
    this.levels = Object.fromEntries(Object.entries(config.lint).map(([rule, level]) => [rule, level.value]));
  }

  /** Absolute path of a user-given path. */
  resolve(path: string): string {
    return isAbsolute(path) ? path : resolve(this.cwd, path);
  }

  /** Absolute path of a path as {@link display} names it. */
  undisplay(path: string): string {
    return isAbsolute(path) ? path : resolve(this.root, path);
  }

  /** The project root (the folder of `.g6.yml`, else the working directory). */
  get root(): string {
    return this.config.root;
  }

  /**
   * How output, generated files and findings name a path: relative to the project root with
   * forward slashes, so `./spec/x.yml`, `spec//x.yml` and the absolute path all read
   * `spec/x.yml` from anywhere in the project; a path outside the root reads as given.
   */
  display(path: string): string {
    const rel = relative(this.root, this.resolve(path)).split('\\').join('/');
    return rel === '' ? '.' : rel.startsWith('../') && isAbsolute(path) ? path.split('\\').join('/') : rel;
  }

  /** The spec's check; with `expressions`, every expression parsed and linted too. Unreadable → InputError. */
  spec(path: string, options: { expressions?: boolean } = {}): SpecState {
    const display = this.display(path);
    // read on every request, decoded and checked again only when the bytes changed
    let entry = this.specs.get(display);
    if (!entry || !fileHolds(this.resolve(path), entry.bytes)) {
      const bytes = readInputBytes(this.resolve(path), 'metric spec', display);
      const raw = checkSpec(bytes.toString('utf8'), display);
      const read = raw.check ? readWaivers(raw.check.parsed) : { waivers: [], findings: [] };
      entry = { bytes, raw, waivers: read.waivers, waiverProblems: read.findings, state: raw };
      entry.state = this.judged(entry, raw);
      this.specs.set(display, entry);
    }
    if (!options.expressions || !entry.raw.check) return entry.state;
    if (!entry.linted) {
      const check = withExpressionLint(entry.raw.check);
      entry.linted = this.judged(entry, { display, findings: check.findings, check });
    }
    return entry.linted;
  }

  /** `raw` with the spec's waivers and the lint levels applied, plus the findings about the waivers of spec rules. */
  private judged(entry: SpecEntry, raw: SpecState): SpecState {
    const used = new Set<string>();
    const kept = applyWaivers(raw.findings, entry.waivers, this.today, used);
    const about = waiverFindings(entry.waivers, used, this.today, (rule) => rule.startsWith('spec/'));
    const findings = applyLevels([...kept, ...entry.waiverProblems, ...about], this.levels);
    return { ...raw, findings, ...(raw.check ? { check: { ...raw.check, findings } } : {}) };
  }

  /**
   * A step's findings as the project judges them: the waivers of every spec read in this process
   * applied to the findings located in it, then the lint levels.
   */
  policy(findings: readonly Finding[]): Finding[] {
    let out = [...findings];
    for (const entry of this.specs.values()) out = applyWaivers(out, entry.waivers, this.today, new Set());
    return applyLevels(out, this.levels);
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
    const known = this.plans.get(display);
    if (known && known.model === model && fileHolds(this.resolve(path), known.text)) return known.value;
    const text = readInputFile(this.resolve(path), 'dashboard plan', display);
    const value = plans().parsePlan(text, display, model);
    this.plans.set(display, { text, value, model });
    return value;
  }

  /** A Prometheus rule file. Unreadable or invalid → InputError. Callers must not mutate it. */
  ruleFile(path: string): RuleFile {
    const display = this.display(path);
    return this.read(RULE_FILE, this.resolve(path), 'rule file', display, (text) => ruleFiles().parseRuleFile(text, display));
  }

  /**
   * What `make` returns for the text of the file at `abs` read as `kind`: made once per content,
   * shared by every step. The file is read on every call and compared with the text the value
   * was made from, without decoding it; it is decoded only when it changed. Unreadable →
   * InputError naming `label` and `what` the file is. Callers must not mutate the value.
   */
  read<T>(kind: string, abs: string, what: string, label: string, make: (text: string) => T): T {
    const key = memoKey(kind, abs);
    const known = this.memos.get(key);
    if (known && fileHolds(abs, known.text)) return known.value as T;
    const text = readInputFile(abs, what, label);
    const value = make(text);
    this.memos.set(key, { text, value });
    return value;
  }

  /**
   * Artifacts a step generated, with what reading them back gives (`parsed`): a later read of a
   * file that holds an artifact's content takes that value instead of parsing it (for a
   * dashboard, the scans the dashboard readers make of it). A rule file
   * holding an expression of a spec that does not parse is left to the reader, which reports it;
   * the other expressions g6 composed from the spec's checked names.
   */
  generated(artifacts: readonly Artifact[]): void {
    let authored: Set<string> | undefined;
    for (const a of artifacts) {
      if (a.parsed === undefined) continue;
      const abs = isAbsolute(a.path) ? a.path : join(this.root, a.path);
      if (a.kind === 'dashboard') {
        const { DASHBOARD_SCANS, jsonFileScans } = dashboards();
        this.memos.set(memoKey(DASHBOARD_SCANS, abs), { text: a.content, value: jsonFileScans(a.parsed as Record<string, unknown>, { display: this.display(abs) }) });
        continue;
      }
      if (a.kind !== 'rules') continue;
      const file = a.parsed as RuleFile;
      const spec = (authored ??= this.authoredExpressions());
      if (file.groups.some((g) => g.rules.some((r) => spec.has(r.expr) && promql().parsePromql(r.expr).errors.length > 0))) continue;
      this.memos.set(memoKey(RULE_FILE, abs), { text: a.content, value: file });
    }
  }

  /** The alert and recording-rule expressions the specs read so far hold, trimmed: what generated rule files copy verbatim. */
  private authoredExpressions(): Set<string> {
    const out = new Set<string>();
    for (const entry of this.specs.values()) {
      const model = entry.raw.check?.model;
      if (!model) continue;
      let exprs = authored.get(model);
      if (!exprs) {
        exprs = [...model.metrics.flatMap((m) => m.alerts.map((x) => x.expr)), ...model.recordingRules.map((r) => r.expr)].map((e) => e.trim());
        authored.set(model, exprs);
      }
      for (const e of exprs) out.add(e);
    }
    return out;
  }
}

/** Per model, the expressions its spec holds verbatim. */
const authored = new WeakMap<Model, string[]>();

const RULE_FILE = 'rule file';

/** The memo of what a reader of `kind` made of the file at `abs`. */
const memoKey = (kind: string, abs: string): string => `${kind}\0${abs}`;

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
