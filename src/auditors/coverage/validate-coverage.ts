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
  /** Series name → the panels (file#pointer) whose targets select it. */
  panelsOf: Map<string, Set<string>>;
  /** Metric name → the panels selecting one of its `<metric>:…` rules (spec metric names hold no colon). */
  rulePanelsOf: Map<string, Set<string>>;
}

const addTo = (index: Map<string, Set<string>>, key: string, panel: string): void => {
  const panels = index.get(key);
  if (panels) panels.add(panel);
  else index.set(key, new Set([panel]));
};

function indexPanels(scans: readonly NamedScan[]): PanelIndex {
  const index: PanelIndex = { normalized: new Set(), panelsOf: new Map(), rulePanelsOf: new Map() };
  for (const scan of scans)
    for (const t of scan.targets) {
      const parsed = parsePromql(t.expr);
      index.normalized.add(normalizePromql(parsed));
      const panel = `${scan.file}#${t.panelPointer}`;
      for (const n of selectedMetricNames(parsed)) {
        addTo(index.panelsOf, n, panel);
        if (n.includes(':')) addTo(index.rulePanelsOf, n.slice(0, n.indexOf(':')), panel);
      }
    }
  return index;
}

/** Whether one panel is in every set. */
function sharePanel(sets: ReadonlyArray<ReadonlySet<string>>): boolean {
  const [smallest, ...rest] = [...sets].sort((a, b) => a.size - b.size);
  return smallest !== undefined && [...smallest].some((panel) => rest.every((s) => s.has(panel)));
}

/**
 * Whether one panel selects every name in `names`, where `metric` itself stands for any of its
 * whole-token series: the name, a histogram series (`exposed`), or one of its `<metric>:…` rules.
 */
function panelSelectsAll(index: PanelIndex, names: readonly string[], metric: string, exposed: readonly string[]): boolean {
  const none = new Set<string>();
  const panelsFor = (n: string): ReadonlySet<string> => {
    if (n !== metric) return index.panelsOf.get(n) ?? none;
    const any = new Set(index.rulePanelsOf.get(metric));
    for (const e of [metric, ...exposed]) for (const p of index.panelsOf.get(e) ?? []) any.add(p);
    return any;
  };
  return sharePanel(names.map(panelsFor));
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
        covered =
          panelSelectsAll(index, names, metric.name, exposed) ||
          (ruleNamesForHint !== undefined && sharePanel(ruleNamesForHint.map((r) => index.panelsOf.get(r) ?? new Set<string>())));
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
