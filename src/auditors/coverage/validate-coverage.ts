/**
 * Spec panel hints vs the dashboards in scope (the manifest's, or every one found): a hint is covered when a panel holds an
 * equivalent expression (`strict`: normalised-AST equality) or, by default, selects the hint's
 * series as whole names; histogram quantile hints are also covered by their recording-rule
 * panels. Pure.
 */
import type { Finding } from '../../core/findings';
import { exposedSeriesNames, QUANTILES, ruleNames } from '../../model/conventions';
import type { Model, PanelHint } from '../../model/types';
import { normalizePromql } from '../../promql/normalize';
import { findHistogramQuantiles } from '../../promql/quantiles';
import { parsePromql, selectedMetricNames } from '../../promql/parse';
import type { NamedScan } from '../quantiles/audit-quantiles';

export interface CoverageOptions {
  strict: boolean;
}

export interface MissingHint {
  family: string;
  metric: string;
  kind: string;
  title: string;
  promql: string;
  pointer: string;
}

export interface CoverageResult {
  total: number;
  covered: number;
  missing: MissingHint[];
  findings: Finding[];
}

interface PanelIndex {
  /** Normalised target expressions. */
  normalized: Set<string>;
  /** Per panel: the set of series names its targets select. */
  panelNames: Array<Set<string>>;
}

function indexPanels(scans: readonly NamedScan[]): PanelIndex {
  const normalized = new Set<string>();
  const byPanel = new Map<string, Set<string>>();
  for (const scan of scans)
    for (const t of scan.targets) {
      const parsed = parsePromql(t.expr);
      normalized.add(normalizePromql(parsed));
      const key = `${scan.file}#${t.panelPointer}`;
      const names = byPanel.get(key) ?? new Set<string>();
      for (const n of selectedMetricNames(parsed)) names.add(n);
      byPanel.set(key, names);
    }
  return { normalized, panelNames: [...byPanel.values()] };
}

/** Does `name` stand for `metric` as a whole token: itself, a histogram series, or one of its `<metric>:…` rules? */
function namesMetric(name: string, metric: string, exposed: readonly string[]): boolean {
  return exposed.includes(name) || name === metric || name.startsWith(`${metric}:`);
}

/** Recording-rule names that stand for an inline quantile hint (`<m>:p95_5m`, `…_by_<l>`). */
function quantileRuleNames(hint: PanelHint): string[] | undefined {
  const uses = findHistogramQuantiles(parsePromql(hint.promql));
  if (uses.length === 0) return undefined;
  const names: string[] = [];
  for (const u of uses) {
    const token = QUANTILES.find((q) => q.q === u.quantile)?.token ?? (u.quantile !== undefined ? `p${String(u.quantile).replace(/^0\./, '')}` : undefined);
    if (!u.metric || !token || u.windows.length !== 1 || u.grouping?.mode !== 'by') return undefined;
    const by = u.grouping.labels.filter((l) => l !== 'le');
    if (by.length > 1) return undefined;
    names.push(ruleNames.quantile(u.metric, token, u.windows[0]!, by[0]));
  }
  return names;
}

/**
 * Check every spec panel hint (comment-only hints are skipped) against the scanned dashboards.
 * Each gap is a `coverage/uncovered-hint` error located at the hint's spec pointer.
 */
export function validateCoverage(model: Model, scans: readonly NamedScan[], options: CoverageOptions): CoverageResult {
  const index = indexPanels(scans);
  const missing: MissingHint[] = [];
  let total = 0;
  for (const metric of model.metrics) {
    const exposed = exposedSeriesNames(metric);
    for (const hint of metric.panels) {
      if (hint.promql === '' || hint.promql.startsWith('/*')) continue;
      total++;
      const norm = normalizePromql(hint.promql);
      let covered = index.normalized.has(norm);
      if (!covered && !options.strict) {
        const ruleNamesForHint = quantileRuleNames(hint);
        const wanted = selectedMetricNames(parsePromql(hint.promql));
        const names = wanted.length ? wanted : [metric.name];
        covered = index.panelNames.some(
          (panel) =>
            names.every((n) => [...panel].some((p) => p === n || (n === metric.name && namesMetric(p, metric.name, exposed)))) ||
            (ruleNamesForHint !== undefined && ruleNamesForHint.every((r) => panel.has(r))),
        );
      }
      if (!covered) {
        missing.push({
          family: metric.family,
          metric: metric.name,
          kind: hint.kind,
          title: hint.title ?? `${metric.name} ${hint.kind}`,
          promql: hint.promql,
          pointer: hint.pointer,
        });
      }
    }
  }
  const findings: Finding[] = missing.map((m) => ({
    ruleId: 'coverage/uncovered-hint',
    severity: 'error',
    message: `panel hint "${m.title}" of ${m.metric} has no ${options.strict ? 'equivalent expression' : 'panel selecting its series'} in the dashboards checked`,
    fix: 'regenerate the dashboards (g6 gen-dashboards) or add the metric to a dashboard plan',
    location: { file: model.path, pointer: `${m.pointer}/promql` },
    context: { metric: m.metric, kind: m.kind, promql: m.promql },
  }));
  return { total, covered: total - missing.length, missing, findings };
}
