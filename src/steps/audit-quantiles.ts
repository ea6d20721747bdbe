/** audit-quantiles: inline histogram_quantile in dashboards where a recording rule already computes it; exit 10. */
import { ExitCode } from '../cli/exit-codes';
import { DEFAULT_PATHS } from '../model/conventions';
import { readDashboardPaths } from '../auditors/read-dashboards';
import { auditQuantiles } from '../auditors/quantiles/audit-quantiles';
import type { Step } from './step';
import { nonNegativeInt } from './options';
import { readRuleFiles } from './rule-inputs';

interface Options {
  dashboards: string[];
  rules: string[];
  allowInline: number;
  allowDashboards: string[];
}

export const auditQuantilesStep: Step<Options> = {
  id: 'audit-quantiles',
  description: 'flag inline histogram_quantile in Grafana dashboards where a recording rule already computes it',
  exitCode: ExitCode.QUANTILE_VIOLATIONS,
  options: [
    { flags: '--dashboards <paths...>', description: 'dashboards: Grafana JSON, ConfigMap YAML holding it; files, folders or globs', default: [DEFAULT_PATHS.dashboardsDir], fromPaths: ['dashboards'] },
    { flags: '--rules <paths...>', description: 'recording rules: rule files or PrometheusRule resources; files, folders or globs', default: [DEFAULT_PATHS.recordingRules], fromPaths: ['recording_rules'] },
    { flags: '--allow-inline <n>', description: 'inline quantiles tolerated per metric, quantile and window on allowed dashboards', default: 1, parse: nonNegativeInt },
    { flags: '--allow-dashboards <slugs...>', description: 'dashboards (file slug or uid) that get the --allow-inline allowance', default: ['governance'] },
  ],
  inputs: (o) => [...o.dashboards, ...o.rules],
  run(ws, o) {
    const rules = readRuleFiles(ws, o.rules).map((r) => r.file);
    const scans = readDashboardPaths(o.dashboards, ws, ws);
    const { findings, counts } = auditQuantiles(scans, rules, { allowInline: o.allowInline, allowDashboards: o.allowDashboards });
    return { artifacts: [], findings, stats: { ...counts } };
  },
  summarize({ result }) {
    const c = result.stats as Record<string, number>;
    return `audit-quantiles: ${c.dashboards} dashboards, ${c.panels} panels, ${c.targets} targets, ${c.inline_quantiles} inline quantiles, ${c.violations} violations${c.allowed ? `, ${c.allowed} allowed` : ''}${c.unparsable ? `, ${c.unparsable} unparsable targets` : ''}`;
  },
};
