/** `g6 validate-coverage`: every spec panel hint must appear on a dashboard the manifest lists; exit 11 on gaps. */
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes';
import type { CommandContext } from '../io';
import { formatOption, printFindings, resolvePath } from '../options';
import type { ReportFormat } from '../../output/report';
import { DEFAULT_PATHS } from '../../model/conventions';

interface Options {
  spec: string;
  dashboards: string;
  strict?: boolean;
  listMissing?: boolean;
  format: ReportFormat;
}

export function registerValidateCoverage(program: Command, ctx: CommandContext): Command {
  return program
    .command('validate-coverage')
    .description("check that every spec panel hint is covered by a dashboard listed in the dashboards' manifest")
    .option('--spec <path>', 'metric spec file', DEFAULT_PATHS.spec)
    .option('--dashboards <dir>', 'directory with manifest.json and the dashboards it lists', DEFAULT_PATHS.dashboardsDir)
    .option('--strict', 'require an equivalent expression (normalised PromQL AST), not just a panel selecting the series')
    .option('--list-missing', 'print every uncovered hint on stdout, one per line')
    .addOption(formatOption())
    .action(async (opts: Options) => {
      // read-only: the result is memoised on every file it reads (see src/cli/memo.ts)
      const { withMemo } = await import('../memo');
      return withMemo(ctx, 'validate-coverage', { paths: [opts.spec, opts.dashboards].map((p) => resolvePath(ctx, p)), params: opts }, () => runValidateCoverage(ctx, opts));
    });
}

async function runValidateCoverage(ctx: CommandContext, opts: Options): Promise<void> {
  const { loadModel } = await import('../../spec/load-model');
  const { readManifestDashboards } = await import('../../auditors/read-dashboards');
  const { validateCoverage } = await import('../../auditors/coverage/validate-coverage');
  const format = opts.format;
  const model = loadModel(resolvePath(ctx, opts.spec), { displayPath: opts.spec });
  const scans = readManifestDashboards({ abs: resolvePath(ctx, opts.dashboards), display: opts.dashboards });
  const result = validateCoverage(model, scans, { strict: opts.strict === true });
  const mode = opts.strict ? 'strict' : 'default';
  const summary = `validate-coverage (${mode}): ${result.covered}/${result.total} spec panel hints covered by ${scans.length} manifest dashboards${result.missing.length ? `; ${result.missing.length} missing` : ''}`;
  if (opts.listMissing) {
    for (const m of result.missing) ctx.io.stdout(`- ${m.family}.${m.metric} (${m.kind}) "${m.title}": ${m.promql}\n`);
  }
  printFindings(ctx, result.findings, format, {
    tool: 'validate-coverage',
    summary,
    extra: { mode, total: result.total, covered: result.covered, dashboards: scans.length, missing: result.missing },
  });
  ctx.exitCode = result.missing.length > 0 ? ExitCode.COVERAGE_GAPS : ExitCode.OK;
}
