/**
 * Lists every inline `histogram_quantile` of the dashboards and flags each one a recording rule
 * already computes: the same normalised expression, so the rule can replace it as is. Pure:
 * scans and rules in, findings and counts out.
 */
import type { Finding } from '../../core/findings';
import { dashboardUid } from '../../model/conventions';
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

/** A recording rule whose whole expression is one `histogram_quantile`: what it records, canonically. */
export interface QuantileRule {
  record: string;
  /** Normalised expression: two rules or panels compute the same thing exactly when these are equal. */
  key: string;
  use: HistogramQuantileUse;
}

/**
 * The recording rules that are exactly one `histogram_quantile` (not a ratio of two), in file
 * order. Only these can replace an inline quantile, and only one whose normalised expression is
 * the inline one's: quantile, label matchers, `by`/`without` grouping, range and inner functions
 * all count. A rule's name is never trusted for what it computes.
 */
export function indexQuantileRules(files: readonly RuleFile[]): QuantileRule[] {
  const out: QuantileRule[] = [];
  for (const f of files)
    for (const g of f.groups)
      for (const r of g.rules) {
        // a call is named in the text: a rule without the name needs no parse
        if (!isRecording(r) || !r.expr.includes('histogram_quantile')) continue;
        const parsed = parsePromql(r.expr);
        const uses = findHistogramQuantiles(parsed);
        if (uses.length !== 1) continue;
        const key = normalizePromql(parsed);
        if (normalizePromql(uses[0]!.text) === key) out.push({ record: r.record, key, use: uses[0]! });
      }
  return out;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** What sets a rule of the same histogram and quantile apart from an inline use, in words. */
function differences(use: HistogramQuantileUse, rule: HistogramQuantileUse): string[] {
  const out: string[] = [];
  if (!sameList(use.matchers, rule.matchers)) out.push(`label matchers {${rule.matchers.join(', ')}}`);
  const g = (x: HistogramQuantileUse): string => (x.grouping ? `${x.grouping.mode} (${x.grouping.labels.join(', ')})` : 'no aggregation');
  if (g(use) !== g(rule)) out.push(`grouping ${g(rule)}`);
  if (!sameList(use.windows, rule.windows)) out.push(`range [${rule.windows.join(', ')}]`);
  return out.length ? out : ['inner expression'];
}

/**
 * Audit the dashboards. Every target is parsed (variables substituted) and every inline quantile
 * is listed: a `quantiles/inline-recorded` error when a rule computes exactly the same thing,
 * except up to `allowInline` per metric, quantile and window on allowed dashboards
 * (`quantiles/inline-allowed`, info); otherwise `quantiles/inline` (info), naming the rules of the
 * same histogram and quantile that differ and how. Unparsable targets are warnings. Findings are
 * located by dashboard file and JSON pointer, in scan order.
 */
export function auditQuantiles(scans: readonly NamedScan[], rules: readonly RuleFile[], options: QuantileAuditOptions = DEFAULT_QUANTILE_AUDIT): QuantileAuditResult {
  const recorded = indexQuantileRules(rules);
  const byKey = new Map<string, string>();
  for (const r of recorded) if (!byKey.has(r.key)) byKey.set(r.key, r.record);
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
      const location = { file: scan.file, ...(scan.line ? { line: scan.line } : {}), pointer: t.pointer };
      if (parsed.errors.length) {
        counts.unparsable++;
        findings.push({
          ruleId: 'quantiles/unparsable-target',
          severity: 'warning',
          message: `panel "${t.panelTitle}": expression does not parse (${parsed.errors[0]!.message}), so it was not audited`,
          fix: 'fix the PromQL',
          location,
          context: { dashboard: scan.slug, panel: t.panelTitle, expr: t.expr },
        });
        continue;
      }
      for (const use of findHistogramQuantiles(parsed)) {
        counts.inline_quantiles++;
        const rule = byKey.get(normalizePromql(use.text));
        const where = `dashboard ${scan.slug}, panel "${t.panelTitle}"`;
        const context = { dashboard: scan.slug, panel: t.panelTitle, expr: t.expr, quantile: use.quantile, metric: use.metric, window: use.windows[0], rule };
        if (!rule) {
          const similar = recorded.filter((r) => r.use.metric !== undefined && r.use.metric === use.metric && r.use.quantile === use.quantile);
          const unlike = similar.map((r) => `${r.record} (${differences(use, r.use).join('; ')})`);
          findings.push({
            ruleId: 'quantiles/inline',
            severity: 'info',
            message: `${where}: inline ${use.text}; no recording rule computes it${unlike.length ? `, not even ${unlike.join(', ')}, which differ${unlike.length === 1 ? 's' : ''}` : ''}`,
            location,
            context: { ...context, similar: similar.map((r) => r.record) },
          });
          continue;
        }
        const allowKey = `${use.metric ?? ''}|${use.quantile ?? ''}|${use.windows.join(',')}`;
        const n = used.get(allowKey) ?? 0;
        if (allowance && n < options.allowInline) {
          used.set(allowKey, n + 1);
          counts.allowed++;
          findings.push({
            ruleId: 'quantiles/inline-allowed',
            severity: 'info',
            message: `${where}: inline ${use.text} is recorded by ${rule}, within the allowance of ${options.allowInline} per metric, quantile and window`,
            location,
            context,
          });
          continue;
        }
        counts.violations++;
        findings.push({
          ruleId: 'quantiles/inline-recorded',
          severity: 'error',
          message: `${where}: inline ${use.text} recomputes recording rule ${rule}`,
          fix: `replace it with ${rule}`,
          location,
          context,
        });
      }
    }
  }
  return { findings, counts };
}
