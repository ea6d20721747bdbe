/** Whether a generated dashboard expression parses and selects only the series a model allows. */
import { parsePromql, selectedMetricNames } from '../../promql/parse';

/**
 * Problems of one expression: syntax errors (after Grafana-variable substitution) and selected
 * names that are neither spec series nor recording rules. Empty when the expression is fine.
 */
export function checkExpression(expr: string, allowed: ReadonlySet<string>): string[] {
  const parsed = parsePromql(expr);
  if (parsed.errors.length > 0) return parsed.errors.map((e) => `PromQL syntax error: ${e.message}`);
  return selectedMetricNames(parsed)
    .filter((n) => !allowed.has(n))
    .map((n) => `"${n}" is neither a spec metric nor a recording rule of the conventions`);
}
