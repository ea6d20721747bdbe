/**
 * `g6 generate` and `g6 verify`: run the other commands in this process, in a fixed order, each
 * through the same code path as when it is run alone. Each step's output is captured; verify
 * prints one line per step and exits with the first failing step's code.
 */
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes';
import type { CommandContext, Io } from '../io';
import { DEFAULT_PATHS } from '../../model/conventions';

interface Step {
  name: string;
  argv: (spec: string) => string[];
}

/** Every generator, in dependency order (dashboards before the rules that audit them). */
export const GENERATE_STEPS: readonly Step[] = [
  { name: 'gen-metrics', argv: (s) => ['gen-metrics', '--spec', s] },
  { name: 'gen-dashboards', argv: (s) => ['gen-dashboards', '--spec', s] },
  { name: 'gen-recording-rules', argv: (s) => ['gen-recording-rules', '--spec', s] },
  { name: 'gen-alerts', argv: (s) => ['gen-alerts', '--spec', s] },
  { name: 'gen-alert-suggestions', argv: (s) => ['gen-alert-suggestions', '--spec', s] },
  { name: 'gen-rules-catalog', argv: () => ['gen-rules-catalog'] },
];

/** Every check, in the order whose first failure decides the exit code. */
export const VERIFY_STEPS: readonly Step[] = [
  { name: 'validate-spec', argv: (s) => ['validate-spec', '--spec', s] },
  { name: 'gen-metrics --check', argv: (s) => ['gen-metrics', '--spec', s, '--check'] },
  { name: 'gen-dashboards --verify', argv: (s) => ['gen-dashboards', '--spec', s, '--verify'] },
  { name: 'gen-alerts --check', argv: (s) => ['gen-alerts', '--spec', s, '--check'] },
  { name: 'gen-recording-rules --check', argv: (s) => ['gen-recording-rules', '--spec', s, '--check'] },
  { name: 'gen-alert-suggestions --check', argv: (s) => ['gen-alert-suggestions', '--spec', s, '--check'] },
  { name: 'gen-rules-catalog --check', argv: () => ['gen-rules-catalog', '--check'] },
  { name: 'audit-quantiles', argv: () => ['audit-quantiles'] },
  { name: 'validate-coverage', argv: (s) => ['validate-coverage', '--spec', s] },
];

interface StepOutcome {
  name: string;
  code: number;
  stdout: string;
  stderr: string;
}

async function runSteps(ctx: CommandContext, steps: readonly Step[], spec: string, stopOnFailure: boolean): Promise<StepOutcome[]> {
  const { main } = await import('../main');
  const outcomes: StepOutcome[] = [];
  for (const step of steps) {
    let stdout = '';
    let stderr = '';
    const io: Io = { ...ctx.io, stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) };
    const code = await main(step.argv(spec), io);
    outcomes.push({ name: step.name, code, stdout, stderr });
    if (code !== ExitCode.OK && stopOnFailure) break;
  }
  return outcomes;
}

function report(ctx: CommandContext, outcomes: readonly StepOutcome[]): void {
  for (const o of outcomes) {
    ctx.io.stderr(`${o.code === 0 ? 'ok  ' : 'FAIL'} ${o.name}${o.code === 0 ? '' : ` (exit ${o.code})`}\n`);
    if (o.code !== 0) {
      const detail = (o.stderr + o.stdout).trimEnd();
      if (detail) ctx.io.stderr(`${detail.replace(/^/gm, '     ')}\n`);
    }
  }
}

export function registerGenerate(program: Command, ctx: CommandContext): Command {
  return program
    .command('generate')
    .description('run every generator: accessors, catalog, dashboards, recording rules, alerts, suggestions')
    .option('--spec <path>', 'metric spec file', DEFAULT_PATHS.spec)
    .action(async (opts: { spec: string }) => {
      const outcomes = await runSteps(ctx, GENERATE_STEPS, opts.spec, true);
      report(ctx, outcomes);
      ctx.exitCode = outcomes.find((o) => o.code !== 0)?.code ?? ExitCode.OK;
    });
}

export function registerVerify(program: Command, ctx: CommandContext): Command {
  return program
    .command('verify')
    .description('run every check in one process; exit with the first failing code in a fixed order')
    .option('--spec <path>', 'metric spec file', DEFAULT_PATHS.spec)
    .action(async (opts: { spec: string }) => {
      const outcomes = await runSteps(ctx, VERIFY_STEPS, opts.spec, false);
      report(ctx, outcomes);
      ctx.exitCode = outcomes.find((o) => o.code !== 0)?.code ?? ExitCode.OK;
    });
}
