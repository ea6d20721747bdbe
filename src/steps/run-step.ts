/**
 * Running steps: one step (its artifacts applied in its mode, its failures turned into
 * findings), or a pipeline of steps in registry order. No printing, no exit codes: the CLI
 * adapter reports the runs and decides the code.
 */
import { resolve } from 'node:path';
import { fileSystemRefusal, InputError, UsageError } from '../core/errors';
import type { Finding } from '../core/findings';
import { applyArtifacts } from '../output/apply-artifacts';
import type { Step, StepMode, StepOutcome, StepResult } from './step';
import { regenerateFix } from './options';
import type { PathKey, ProjectConfig } from '../spec/project-config';
import { SpecInvalidError, type Workspace } from './workspace';

export interface StepRun {
  step: Step<any>;
  /** How people call it: `gen-metrics --check`, `gen-dashboards --verify`, `validate-spec`. */
  name: string;
  outcome: StepOutcome;
  /** The step could not run on its input (unreadable or invalid); its findings say why. */
  invalidInput: boolean;
  /** Set when the step was not run, saying why. */
  skipped?: string;
  /** One or more lines for people. */
  summary: string;
  /** The spec whose errors stopped this step, when that is what happened. */
  invalidSpec?: string;
}

export interface RunOptions {
  /** Attach what would change to drift findings (check mode). */
  diff?: boolean;
}

export const stepName = (step: Step<any>, mode: StepMode): string => (mode === 'check' && step.checkFlag ? `${step.id} ${step.checkFlag}` : step.id);

const emptyResult = (findings: Finding[]): StepResult => ({ artifacts: [], findings, stats: {} });

/** Run one step. UsageError propagates (the command line is wrong); every other failure the user can fix becomes findings. */
export function runStep(ws: Workspace, step: Step<any>, options: Record<string, unknown>, mode: StepMode, run: RunOptions = {}): StepRun {
  const name = stepName(step, mode);
  let result: StepResult;
  try {
    result = step.run(ws, options, mode);
  } catch (err) {
    return failedRun(step, name, mode, err);
  }
  let applied;
  try {
    applied = applyArtifacts(result.artifacts, ws.root, mode, { owned: result.owned, fix: regenerateFix(step.id), diff: run.diff });
  } catch (err) {
    return failedRun(step, name, mode, err);
  }
  ws.generated(result.artifacts);
  const findings = ws.policy([...result.findings, ...applied.findings]);
  // a generator's own failure is drift; any other error it reports is about its input
  const invalidInput = findings.some((f) => f.severity === 'error' && (isInputRule(f.ruleId) || (step.checkFlag !== undefined && !f.ruleId.startsWith('drift/'))));
  const failed = findings.some((f) => f.severity === 'error' || (result.failOnWarning === true && f.severity === 'warning'));
  const outcome: StepOutcome = {
    result: { ...result, findings },
    mode,
    failed,
    written: applied.statuses.filter((s) => s.state === 'written').map((s) => s.path),
    drift: applied.findings.filter((f) => f.severity === 'error' && f.ruleId.startsWith('drift/')),
  };
  return { step, name, outcome, invalidInput, summary: step.summarize(outcome, options, ws) };
}

/** Findings of these areas mean the input is unreadable or invalid (exit 3), not that the step found a problem in it. */
const isInputRule = (ruleId: string): boolean => ruleId.startsWith('input/') || ruleId.startsWith('spec/');

function failedRun(step: Step<any>, name: string, mode: StepMode, err: unknown): StepRun {
  if (err instanceof UsageError) throw err;
  const outcome = (findings: Finding[]): StepOutcome => ({ result: emptyResult(findings), mode, failed: true, written: [], drift: [] });
  if (err instanceof SpecInvalidError) {
    return { step, name, outcome: outcome([...err.findings]), invalidInput: true, summary: `${step.id}: ${err.message}`, invalidSpec: err.spec };
  }
  const refusal = fileSystemRefusal(err);
  if (!(err instanceof InputError) && refusal === undefined) throw err;
  const message = refusal ?? (err as Error).message;
  const finding: Finding = { ruleId: refusal ? 'input/file-system' : 'input/invalid', severity: 'error', message };
  return { step, name, outcome: outcome([finding]), invalidInput: true, summary: `${step.id}: cannot run on this input` };
}

/** A step that did not run because a spec it needs was already reported invalid. */
function skippedRun(step: Step<any>, mode: StepMode, spec: string): StepRun {
  const reason = `skipped: ${spec} is invalid (see validate-spec)`;
  return {
    step,
    name: stepName(step, mode),
    outcome: { result: emptyResult([]), mode, failed: false, written: [], drift: [] },
    invalidInput: false,
    skipped: reason,
    summary: `${step.id}: ${reason}`,
  };
}

/**
 * Run `steps` in order on one workspace, every one of them: a failure never stops the later
 * steps. A spec with errors is reported once, by the first step that meets it; later steps that
 * need it are skipped, saying why.
 */
export function runPipeline(ws: Workspace, steps: readonly Step<any>[], mode: StepMode, optionsOf: (step: Step<any>) => Record<string, unknown>, run: RunOptions = {}): StepRun[] {
  const invalidSpecs = new Set<string>();
  const runs: StepRun[] = [];
  for (const step of steps) {
    const options = optionsOf(step);
    const r = runStep(ws, step, options, mode, run);
    if (r.invalidSpec !== undefined && invalidSpecs.has(r.invalidSpec)) {
      runs.push(skippedRun(step, mode, r.invalidSpec));
      continue;
    }
    if (r.invalidSpec !== undefined) invalidSpecs.add(r.invalidSpec);
    // validate-spec reports the spec's errors as findings; those count as reported too
    const spec = typeof options.spec === 'string' ? ws.display(options.spec) : undefined;
    if (spec !== undefined && r.invalidInput && r.outcome.result.findings.some((f) => f.ruleId.startsWith('spec/') && f.severity === 'error')) invalidSpecs.add(spec);
    runs.push(r);
  }
  return runs;
}

/**
 * A step's options: its built-in defaults, then the project config's paths (under the project
 * root when there is a config file), then its `checks.<step>.<flag>` values, then what `given`
 * holds (the command line) — the later wins.
 */
export function resolveOptions(step: Step<any>, config: ProjectConfig, given: Record<string, unknown>, isGiven: (key: string) => boolean): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const checks = config.checks[step.id] ?? {};
  const configured = (k: PathKey): boolean => config.file !== undefined || config.paths[k].source !== 'default';
  for (const o of step.options) {
    const key = optionKey(o.flags);
    if (o.default !== undefined) options[key] = o.default;
    if (o.isPath && config.file !== undefined && o.default !== undefined) {
      const under = (p: string): string => resolve(config.root, p);
      options[key] = Array.isArray(o.default) ? o.default.map(under) : under(String(o.default));
    }
    if (typeof o.fromPaths === 'string') {
      if (configured(o.fromPaths)) options[key] = config.paths[o.fromPaths].value;
    } else if (o.fromPaths && o.fromPaths.some(configured)) {
      options[key] = o.fromPaths.map((k) => config.paths[k].value);
    }
    const set = checks[flagName(o.flags)];
    if (set !== undefined) options[key] = o.parse && !Array.isArray(set.value) ? o.parse(String(set.value)) : set.value;
    if (isGiven(key)) options[key] = given[key];
  }
  return options;
}

/**
 * The `checks:` entries of the project config that name no step or no option of their step, as
 * one InputError naming each and what is valid.
 */
export function checkConfiguredOptions(config: ProjectConfig, steps: readonly Step<any>[]): void {
  const problems: string[] = [];
  for (const [id, flags] of Object.entries(config.checks)) {
    const step = steps.find((s) => s.id === id);
    const first = Object.values(flags)[0]?.source ?? config.file ?? '.g6.yml';
    if (!step) {
      problems.push(`${first}: checks.${id}: no step is called ${id}; steps: ${steps.map((s) => s.id).join(', ')}`);
      continue;
    }
    const valid = step.options.map((o) => flagName(o.flags));
    for (const [flag, value] of Object.entries(flags)) {
      if (!valid.includes(flag)) problems.push(`${value.source}: checks.${id}.${flag}: ${id} has no option --${flag}; options: ${valid.join(', ')}`);
    }
  }
  if (problems.length > 0) throw new InputError(`invalid project config:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

/** The long flag without its dashes: `--tests-dir <dir>` → `tests-dir`. */
export const flagName = (flags: string): string => /--([a-z0-9-]+)/.exec(flags)?.[1] ?? flags;

/** The options-object key commander gives a flag: `--tests-dir <dir>` → `testsDir`. */
export function optionKey(flags: string): string {
  return flagName(flags).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
