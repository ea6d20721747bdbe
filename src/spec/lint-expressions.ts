/**
 * Expression lint of a metric spec: every panel, alert and recording-rule expression parsed with
 * the official PromQL grammar, and every metric it selects looked up in the spec (an earlier name
 * from `renamed_from`, or a deprecated metric used by another metric, is a migrate/ warning).
 * Separate from lint.ts so that commands which skip it never load the grammar. Pure.
 */
import type { Finding } from '../core/findings';
import { selectableSeriesNames } from '../model/conventions';
import { migrationFinding, migrationsOf } from '../model/migrations';
import type { Model } from '../model/types';
import { parsePromql, selectedMetricNames } from '../promql/parse';
import { locate, type ParsedYaml } from './parse-yaml';

/** Findings for every expression that does not parse or selects a series the spec does not define; unsorted. */
export function lintExpressions(model: Model, parsed: ParsedYaml): Finding[] {
  const known = selectableSeriesNames(model);
  const migrations = migrationsOf(model);
  const findings: Finding[] = [];
  /** `owner`: the metric the expression is declared under; its own deprecation is not reported there. */
  const check = (expr: string, pointer: string, what: string, owner?: string): void => {
    // positions cost a tree walk; only findings need one
    const where = () => {
      const pos = locate(parsed, pointer);
      return { file: parsed.file, line: pos?.line, column: pos?.column, pointer };
    };
    const result = parsePromql(expr);
    if (result.errors.length > 0) {
      findings.push({ ruleId: 'spec/promql-syntax', severity: 'error', message: `${what} does not parse: ${result.errors[0]!.message}`, fix: 'correct the PromQL expression', location: where(), context: { expr } });
      return;
    }
    for (const name of selectedMetricNames(result)) {
      const migration = migrations.deprecated.get(name)?.name === owner ? undefined : migrationFinding(name, what, migrations);
      if (migration) findings.push({ ...migration, location: where(), context: { ...migration.context, expr } });
      else if (!known.has(name) && !migrations.renamed.has(name)) {
        findings.push({ ruleId: 'spec/unknown-metric', severity: 'error', message: `${what} references "${name}", which the spec does not define`, fix: 'define the metric, fix the name, or use a recording-rule name the conventions produce', location: where(), context: { expr, metric: name } });
      }
    }
  };
  for (const metric of model.metrics) {
    for (const panel of metric.panels) check(panel.promql, `${panel.pointer}/promql`, `panel "${panel.title ?? panel.kind}" of ${metric.name}`, metric.name);
    for (const alert of metric.alerts) check(alert.expr, `${alert.pointer}/expr`, `alert ${alert.alert}`, metric.name);
  }
  for (const rule of model.recordingRules) check(rule.expr, `${rule.pointer}/expr`, `recording rule ${rule.record}`);
  return findings;
}
