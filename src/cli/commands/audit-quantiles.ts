/** `g6 audit-quantiles`: flag inline histogram_quantile in dashboards where a recording rule exists; exit 10 on violations. */
import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode } from '../exit-codes';
import type { CommandContext } from '../io';
import { formatOption, printFindings, resolvePath } from '../options';
import type { ReportFormat } from '../../output/report';
import { DEFAULT_PATHS } from '../../model/conventions';

interface Options {
  dashboards: string[];
  rules: string[];
  allowInline: number;
  allowDashboards: string[];
  format: ReportFormat;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

export function registerAuditQuantiles(program: Command, ctx: CommandContext): Command {
  return program
    .command('audit-quantiles')
    .description('flag inline histogram_quantile in Grafana dashboards where a recording rule already computes it')
    .option('--dashboards <paths...>', 'dashboard JSON files or directories', [DEFAULT_PATHS.dashboardsDir])
    .option('--rules <files...>', 'recording-rule files', [DEFAULT_PATHS.recordingRules])
    .option('--allow-inline <n>', 'inline quantiles tolerated per metric, quantile and window on allowed dashboards', nonNegativeInt, 1)
    .option('--allow-dashboards <slugs...>', 'dashboards (file slug or uid) that get the --allow-inline allowance', ['governance'])
    .addOption(formatOption())
    .action(async (opts: Options) => {
      // read-only: the result is memoised on every file it reads (see src/cli/memo.ts)
      const { withMemo } = await import('../memo');
      return withMemo(ctx, 'audit-quantiles', { paths: [...opts.dashboards, ...opts.rules].map((p) => resolvePath(ctx, p)), params: opts }, () => runAuditQuantiles(ctx, opts));
    });
}

async function runAuditQuantiles(ctx: CommandContext, opts: Options): Promise<void> {
  const { readDashboardPaths } = await import('../../auditors/read-dashboards');
  const { auditQuantiles } = await import('../../auditors/quantiles/audit-quantiles');
  const { loadRuleFile } = await import('../../rules/rule-file');
  const format = opts.format;
  const rules = opts.rules.map((f) => loadRuleFile(resolvePath(ctx, f), f));
  const scans = readDashboardPaths(opts.dashboards.map((d) => ({ abs: resolvePath(ctx, d), display: d })));
  const { findings, counts } = auditQuantiles(scans, rules, { allowInline: opts.allowInline, allowDashboards: opts.allowDashboards });
  const summary = `audit-quantiles: ${counts.dashboards} dashboards, ${counts.panels} panels, ${counts.targets} targets, ${counts.inline_quantiles} inline quantiles, ${counts.violations} violations${counts.allowed ? `, ${counts.allowed} allowed` : ''}${counts.unparsable ? `, ${counts.unparsable} unparsable targets` : ''}`;
  printFindings(ctx, findings, format, { tool: 'audit-quantiles', summary, extra: { counts } });
  ctx.exitCode = counts.violations > 0 ? ExitCode.QUANTILE_VIOLATIONS : ExitCode.OK;
}
