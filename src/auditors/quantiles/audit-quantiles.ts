/**
 * Flags inline `histogram_quantile` in dashboards where a recording rule already computes the
 * same metric, quantile, window and grouping — found by the naming convention or because the
 * rule's expression is equivalent. Pure: scans and rules in, findings and counts out.
 */
import type { Finding } from '../../core/findings';
import { dashboardUid, QUANTILES, ruleNames } from '../../model/conventions';
import { canonicalDuration } from '../../promql/duration';
import { normalizePromql } from '../../promql/normalize';
import { findHistogramQuantiles, type HistogramQuantileUse } from '../../promql/quantiles';
import { parsePromql } from '../../promql/parse';
import { isRecording, type RuleFile } from '../../rules/rule-file';
import type { DashboardScan } from '../dashboard-targets';

export interface QuantileAuditOptions {
  /** Inline quantiles tolerated per (metric, quantile, window) on an allowed dashboard. */
  allowInline: number;
  /** Dashboards (file slug or uid) that get the allowance; g6's governance dashboard by default. */
  allowDashboards: readonly string[];
}

export const DEFAULT_QUANTILE_AUDIT: QuantileAuditOptions = { allowInline: 1, allowDashboards: ['governance'] };

export interface QuantileAuditCounts {
  dashboards: number;
  panels: number;
  targets: number;
  inline_quantiles: number;
  violations: number;
  allowed: number;
  unparsable: number;
}

export interface QuantileAuditResult {
  findings: Finding[];
  counts: QuantileAuditCounts;
}

/** A scan together with the slug the file name gives it (`governance.json` → `governance`). */
export interface NamedScan extends DashboardScan {
  slug: string;
}

const keyOf = (metric: string, q: number, window: string, labels: readonly string[]): string =>
  `${metric}|${q}|${canonicalDuration(window)}|${[...labels].filter((l) => l !== 'le').sort().join(',')}`;

/** Quantile key of a `by`-aggregated use with one window; undefined for shapes no rule records. */
function useKey(use: HistogramQuantileUse): string | undefined {
  if (use.metric === undefined || use.quantile === undefined || use.windows.length !== 1 || use.grouping?.mode !== 'by') return undefined;
  return keyOf(use.metric, use.quantile, use.windows[0]!, use.grouping.labels);
}

const RULE_NAME = /^(.+):p(\d+)_(\d+[smhdwy])(?:_by_([A-Za-z_][A-Za-z0-9_]*))?$/;

/**
 * Index of quantile keys → record name: by the naming convention (`<m>:p95_5m[_by_<l>]`,
 * checked against {@link ruleNames.quantile}) and by each rule's own histogram_quantile.
 */
export function indexQuantileRules(files: readonly RuleFile[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const f of files)
    for (const g of f.groups)
      for (const r of g.rules) {
        if (!isRecording(r)) continue;
        const m = RULE_NAME.exec(r.record);
        if (m) {
          const [, metric, digits, window, by] = m;
          const q = QUANTILES.find((x) => x.token === `p${digits}`)?.q ?? Number(`0.${digits}`);
          if (ruleNames.quantile(metric!, `p${digits}`, window!, by) === r.record) {
            const k = keyOf(metric!, q, window!, by ? [by] : []);
            if (!index.has(k)) index.set(k, r.record);
          }
        }
        const uses = findHistogramQuantiles(parsePromql(r.expr));
        // only a rule that *is* one quantile (not a ratio of two) can replace an inline one
        if (uses.length === 1 && normalizePromql(uses[0]!.text) === normalizePromql(r.expr)) {
          const k = useKey(uses[0]!);
          if (k && !index.has(k)) index.set(k, r.record);
        }
      }
  return index;
}

/**
 * Audit the dashboards. Every target is parsed (variables substituted); each inline quantile
 * whose key has a rule is a `quantiles/inline-recorded` error, except up to `allowInline` per
 * (metric, quantile, window) on allowed dashboards (reported as info). Unparsable targets are
 * warnings. Findings are located by dashboard file and JSON pointer.
 */
export function auditQuantiles(scans: readonly NamedScan[], rules: readonly RuleFile[], options: QuantileAuditOptions = DEFAULT_QUANTILE_AUDIT): QuantileAuditResult {
  const index = indexQuantileRules(rules);
  const counts: QuantileAuditCounts = { dashboards: scans.length, panels: 0, targets: 0, inline_quantiles: 0, violations: 0, allowed: 0, unparsable: 0 };
  const findings: Finding[] = [];
  const allowedSlugs = new Set(options.allowDashboards);
  const allowedUids = new Set(options.allowDashboards.map(dashboardUid));
  for (const scan of scans) {
    counts.panels += scan.panels;
    const allowance = allowedSlugs.has(scan.slug) || (scan.uid !== undefined && (allowedSlugs.has(scan.uid) || allowedUids.has(scan.uid)));
    const used = new Map<string, number>();
    for (const t of scan.targets) {
      counts.targets++;
      const parsed = parsePromql(t.expr);
      if (parsed.errors.length) {
        counts.unparsable++;
        findings.push({
          ruleId: 'quantiles/unparsable-target',
          severity: 'warning',
          message: `panel "${t.panelTitle}": expression does not parse (${parsed.errors[0]!.message}), so it was not audited`,
          fix: 'fix the PromQL',
          location: { file: scan.file, pointer: t.pointer },
          context: { dashboard: scan.slug, panel: t.panelTitle, expr: t.expr },
        });
        continue;
      }
      for (const use of findHistogramQuantiles(parsed)) {
        counts.inline_quantiles++;
        const key = useKey(use);
        const rule = key ? index.get(key) : undefined;
        if (!rule || !key) continue;
        const allowKey = key.split('|').slice(0, 3).join('|');
        const n = used.get(allowKey) ?? 0;
        const context = { dashboard: scan.slug, panel: t.panelTitle, expr: t.expr, quantile: use.quantile, metric: use.metric, window: use.windows[0], rule };
        if (allowance && n < options.allowInline) {
          used.set(allowKey, n + 1);
          counts.allowed++;
          findings.push({
            ruleId: 'quantiles/inline-allowed',
            severity: 'info',
            message: `panel "${t.panelTitle}": inline ${use.text} is within the allowance of ${options.allowInline} per metric, quantile and window`,
            location: { file: scan.file, pointer: t.pointer },
            context,
          });
          continue;
        }
        counts.violations++;
        findings.push({
          ruleId: 'quantiles/inline-recorded',
          severity: 'error',
          message: `dashboard ${scan.slug}, panel "${t.panelTitle}": inline ${use.text} recomputes recording rule ${rule}`,
          fix: `replace it with ${rule}`,
          location: { file: scan.file, pointer: t.pointer },
          context,
        });
      }
    }
  }
  return { findings, counts };
}
