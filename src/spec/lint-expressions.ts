/**
 * Expression lint of a metric spec: every panel, alert and recording-rule expression parsed with
 * the official PromQL grammar, and every metric it selects looked up in the spec. Separate from
 * lint.ts so that commands which skip it never load the grammar. Pure.
 */
import type { Finding } from '../core/findings';
import { selectableSeriesNames } from '../model/conventions';
import type { Model } from '../model/types';
import { parsePromql, selectedMetricNames } from '../promql/parse';
import { locate, type ParsedYaml } from './parse-yaml';

/** Findings for every expression that does not parse or selects a series the spec does not define; unsorted. */
export function lintExpressions(model: Model, parsed: ParsedYaml): Finding[] {
  const known = selectableSeriesNames(model);
  const findings: Finding[] = [];
  const check = (expr: string, pointer: string, what: string): void => {
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
      if (!known.has(name)) {
        findings.push({ ruleId: 'spec/unknown-metric', severity: 'error', message: `${what} references "${name}", which the spec does not define`, fix: 'define the metric, fix the name, or use a recording-rule name the conventions produce', location: where(), context: { expr, metric: name } });
      }
    }
  };
  for (const metric of model.metrics) {
    for (const panel of metric.panels) check(panel.promql, `${panel.pointer}/promql`, `panel "${panel.title ?? panel.kind}" of ${metric.name}`);
    for (const alert of metric.alerts) check(alert.expr, `${alert.pointer}/expr`, `alert ${alert.alert}`);
  }
  for (const rule of model.recordingRules) check(rule.expr, `${rule.pointer}/expr`, `recording rule ${rule.record}`);
  return findings;
}
