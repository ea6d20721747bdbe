/** analyze: the metrics dashboards and rules use, in mimirtool's JSON shapes; with --spec, what the spec lacks and what nothing uses. Never fails on findings. */
import { ExitCode } from '../cli/exit-codes';
import { DEFAULT_PATHS } from '../model/conventions';
import { readDashboardPaths } from '../auditors/read-dashboards';
import { analyzeMetrics, type AnalyzeResult } from '../auditors/analyze/analyze-metrics';
import type { Step } from './step';
import { readRuleFiles } from './rule-inputs';

interface Options {
  dashboards: string[];
  rules: string[];
  spec?: string;
}

export const analyzeStep: Step<Options> = {
  id: 'analyze',
  description: 'list the metrics each dashboard and rule group uses (mimirtool analyze JSON in stats); with --spec, metrics the spec lacks, spec metrics nothing uses, and use counts',
  // a report, not a gate: findings are warnings and info, so only invalid input (3) fails it
  exitCode: ExitCode.OK,
  options: [
    { flags: '--dashboards <paths...>', description: 'dashboards: Grafana JSON, API exports, ConfigMap YAML holding them; files, folders or globs', default: [DEFAULT_PATHS.dashboardsDir], fromPaths: ['dashboards'] },
    {
      flags: '--rules <paths...>',
      description: 'rule files or PrometheusRule resources; files, folders or globs',
      default: [DEFAULT_PATHS.recordingRules, DEFAULT_PATHS.alerts, DEFAULT_PATHS.alertSuggestions],
      fromPaths: ['recording_rules', 'alerts', 'alert_suggestions'],
    },
    { flags: '--spec <path>', description: 'metric spec to compare the metrics used with (recording rules resolved to the raw metrics they read)' },
  ],
  inputs: (o) => [...o.dashboards, ...o.rules, ...(o.spec ? [o.spec] : [])],
  run(ws, o) {
    const model = o.spec ? ws.model(o.spec) : undefined;
    const rules = readRuleFiles(ws, o.rules);
    const { grafana, ruler, spec, findings } = analyzeMetrics(readDashboardPaths(o.dashboards, ws, ws), rules, model);
    return { artifacts: [], findings, stats: { grafana, ruler, ...(spec ? { spec } : {}) } };
  },
  summarize({ result }) {
    const { grafana, ruler, spec } = result.stats as Pick<AnalyzeResult, 'grafana' | 'ruler' | 'spec'>;
    const errors = grafana.dashboards.reduce((n, d) => n + d.parse_errors.length, 0) + ruler.ruleGroups.reduce((n, g) => n + g.parse_errors.length, 0);
    const against = spec ? `; against ${spec.spec}: ${spec.unknown.length} not in the spec, ${spec.unused.length} of ${Object.keys(spec.usage).length} spec metrics unused` : '';
    return `analyze: ${grafana.dashboards.length} dashboards use ${grafana.metricsUsed.length} metrics, ${ruler.ruleGroups.length} rule groups use ${ruler.metricsUsed.length}${errors ? `, ${errors} parse errors` : ''}${against}`;
  },
};
