/**
 * Registers every step as a subcommand — its declared options, the check flag, `--format` and
 * `--diff` — and `generate`/`verify` as filters over the registry. Runs them, renders the one
 * report shape, and decides the exit code once: 3 when the input is invalid, the step's code
 * when any error finding remains (or a warning under --strict), 0 otherwise.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { UsageError } from '../core/errors';
import { buildPipelineReport, buildReport, REPORT_FORMATS, wantsColor, type Report, type ReportFormat } from '../output/report';
import { renderReport } from '../output/render-report';
import { loadProjectConfig, type ProjectConfig } from '../spec/project-config';
import { allSteps, isGenerator, isLive } from '../steps/registry';
import { checkConfiguredOptions, resolveOptions, runPipeline, runStep, type StepRun } from '../steps/run-step';
import type { Step, StepOption } from '../steps/step';
import { Workspace } from '../steps/workspace';
import { ExitCode } from './exit-codes';
import type { CommandContext } from './io';

interface CommonOptions {
  format: ReportFormat;
  diff?: boolean;
  check?: boolean;
  verify?: boolean;
  config?: string;
}

const formatOption = (): Option => new Option('--format <format>', 'report format: text for people, json, github annotations, or a markdown summary').choices(REPORT_FORMATS).default('text');
const diffOption = (): Option => new Option('--diff', 'with the check flag: print what would change (unified diff; per-panel diff for dashboards)');

function commanderOption(o: StepOption): Option {
  const option = new Option(o.flags, o.description);
  if (o.default !== undefined) option.default(o.default);
  const parse = o.parse;
  if (parse) {
    option.argParser((value: string) => {
      try {
        return parse(value);
      } catch (err) {
        throw new InvalidArgumentError(err instanceof UsageError ? err.message : String(err));
      }
    });
  }
  return option;
}

/** The exit code of one run: decided here and nowhere else. */
export function exitCodeOf(run: StepRun): number {
  if (run.skipped) return ExitCode.OK;
  const { failed, result } = run.outcome;
  if (failed && result.failureCode !== undefined) return result.failureCode;
  if (run.invalidInput) return ExitCode.INVALID_INPUT;
  return failed ? run.step.exitCode : ExitCode.OK;
}

/** The report of one run. */
export function reportOf(run: StepRun): Report {
  const { result, mode, written } = run.outcome;
  return buildReport({
    tool: run.name,
    exitCode: exitCodeOf(run),
    ...(run.step.checkFlag ? { mode } : {}),
    ...(mode === 'write' ? { written } : {}),
    stats: { ...result.stats, ...(mode === 'check' && run.step.checkFlag ? { tokens: run.outcome.drift.map((f) => String(f.context?.token ?? f.location?.file)) } : {}) },
    findings: result.findings,
    summary: run.summary,
    ...(run.skipped ? { skipped: run.skipped } : {}),
  });
}

function emit(ctx: CommandContext, report: Report, format: ReportFormat, diff: boolean, stdout?: string): void {
  const out = renderReport(report, format, { color: () => wantsColor(ctx.io.env, ctx.io.stderrIsTty), diff, stdout });
  if (out.stdout) ctx.io.stdout(out.stdout);
  if (out.stderr) ctx.io.stderr(out.stderr);
  ctx.exitCode = report.exitCode;
}

const configOption = (): Option => new Option('--config <path>', 'project config (default: the nearest .g6.yml at or above the working directory)');

/** The project config a command runs with: --config, else the nearest .g6.yml, else the defaults. */
function projectConfig(ctx: CommandContext, explicit: string | undefined): ProjectConfig {
  const probe = new Workspace(ctx.io.cwd, ctx.io.env);
  const config = loadProjectConfig(ctx.io.cwd, explicit, (p) => probe.display(p));
  if (Object.keys(config.checks).length > 0) checkConfiguredOptions(config, allSteps());
  return config;
}

/** The format: the command line's, else the project config's, else text. */
function formatOf(opts: CommonOptions, command: Command, config: ProjectConfig): ReportFormat {
  if (command.getOptionValueSource('format') === 'cli' || config.format === undefined) return opts.format;
  return config.format.value as ReportFormat;
}

function checkDiffFlag(opts: CommonOptions, check: boolean): void {
  if (opts.diff && !check) throw new UsageError('--diff shows what a check would change; add the check flag (--check, or --verify for dashboards)');
}

/** Register `step` as `g6 <step.id>`. */
export function registerStep(program: Command, ctx: CommandContext, step: Step<any>): Command {
  const command = program.command(step.id).description(step.description);
  for (const o of step.options) command.addOption(commanderOption(o));
  if (step.checkFlag) {
    command.option(step.checkFlag, `write nothing; compare with the files on disk and exit ${step.exitCode} on drift`);
    command.addOption(diffOption());
  }
  command.addOption(formatOption()).addOption(configOption());
  return command.action(async (opts: CommonOptions & Record<string, unknown>, cmd: Command) => {
    const check = opts.check === true || opts.verify === true;
    checkDiffFlag(opts, check);
    const config = projectConfig(ctx, opts.config);
    const ws = new Workspace(ctx.io.cwd, ctx.io.env, config);
    const resolved = resolveOptions(step, config, opts, (key) => cmd.getOptionValueSource(key) === 'cli');
    const options = step.gather ? await step.gather(ws, resolved) : resolved;
    const run = runStep(ws, step, options, step.checkFlag && !check ? 'write' : 'check', { diff: opts.diff === true });
    emit(ctx, reportOf(run), formatOf(opts, cmd, config), opts.diff === true, run.outcome.result.stdout);
  });
}

/** The first failing step's code, in registry order. */
const firstFailure = (reports: readonly Report[]): number => reports.find((r) => r.exitCode !== 0)?.exitCode ?? ExitCode.OK;

function registerPipeline(program: Command, ctx: CommandContext, name: 'generate' | 'verify', description: string): Command {
  const command = program.command(name).description(description).option('--spec <path>', 'metric spec file (default: the project config\'s, else spec/metrics.yml)');
  if (name === 'verify') command.addOption(diffOption());
  command.addOption(formatOption()).addOption(configOption());
  return command.action((opts: CommonOptions & { spec?: string }, cmd: Command) => {
    const check = name === 'verify';
    const config = projectConfig(ctx, opts.config);
    const steps = allSteps().filter((s) => !isLive(s) && (check || isGenerator(s)));
    const given = opts.spec !== undefined ? { spec: opts.spec } : {};
    const optionsOf = (s: Step<any>): Record<string, unknown> => resolveOptions(s, config, given, (key) => key in given);
    const runs = runPipeline(new Workspace(ctx.io.cwd, ctx.io.env, config), steps, check ? 'check' : 'write', optionsOf, { diff: opts.diff === true });
    const reports = runs.map(reportOf);
    const code = firstFailure(reports);
    const failed = reports.filter((r) => r.exitCode !== 0).length;
    const summary = code === 0 ? `${name}: ${reports.length} step(s) ok` : `${name}: ${failed} of ${reports.length} step(s) failed; exit ${code}, the first failing step's code`;
    emit(ctx, buildPipelineReport(name, code, summary, reports), formatOf(opts, cmd, config), opts.diff === true);
  });
}

export const registerGenerate = (program: Command, ctx: CommandContext): Command =>
  registerPipeline(program, ctx, 'generate', 'run every generator: accessors, catalog, dashboards, recording rules, alerts, suggestions, rules catalog');

export const registerVerify = (program: Command, ctx: CommandContext): Command =>
  registerPipeline(program, ctx, 'verify', "run every check in one process; exit with the first failing step's code in registry order");
