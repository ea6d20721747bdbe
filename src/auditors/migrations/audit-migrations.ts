/**
 * Queries outside the spec that still use a renamed or deprecated metric: dashboard targets and
 * rule expressions, each a migrate/ finding with the replacement. Pure.
 */
import type { Finding } from '../../core/findings';
import { migrationFinding, type Migrations } from '../../model/migrations';
import { parsePromql, selectedMetricNames } from '../../promql/parse';
import type { RuleFile } from '../../rules/rule-file';
import { ruleName } from '../../rules/rule-file';
import type { DashboardScan } from '../dashboard-targets';

/** One rule file to audit, with the path findings name. */
export interface NamedRuleFile {
  file: string;
  rules: RuleFile;
}

/** Findings for every query of `dashboards` and `ruleFiles` that selects an old or deprecated name, in input order. */
export function auditMigrations(migrations: Migrations, dashboards: readonly DashboardScan[], ruleFiles: readonly NamedRuleFile[]): Finding[] {
  const findings: Finding[] = [];
  const check = (expr: string, what: string, file: string, pointer: string): void => {
    const parsed = parsePromql(expr);
    if (parsed.errors.length) return;
    for (const name of selectedMetricNames(parsed)) {
      const f = migrationFinding(name, what, migrations);
      if (f) findings.push({ ...f, location: { file, pointer }, context: { ...f.context, expr } });
    }
  };
  for (const d of dashboards) for (const t of d.targets) check(t.expr, `panel "${t.panelTitle}"`, d.file, t.pointer);
  for (const { file, rules } of ruleFiles) {
    rules.groups.forEach((g, i) => g.rules.forEach((r, j) => check(r.expr, `rule ${ruleName(r)}`, file, `/groups/${i}/rules/${j}/expr`)));
  }
  return findings;
}
