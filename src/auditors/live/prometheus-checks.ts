/**
 * Dashboards and rules against a running Prometheus: which queries to run (panel targets with
 * Grafana's variables as Grafana would substitute them, recording rules' series, alert
 * selectors), and the findings and stats from the answers. Pure: the caller runs the queries.
 */
import type { Finding } from '../../core/findings';
import { canonicalDuration } from '../../promql/duration';
import { nodeText, parsePromql, substituteGrafanaVariables } from '../../promql/parse';
import { isRecording, ruleName, type RuleFile } from '../../rules/rule-file';
import type { NamedScan } from '../quantiles/audit-quantiles';

/** Grafana's default scrape interval of a Prometheus data source, used when no target reports one. */
export const DEFAULT_SCRAPE_INTERVAL_MS = 15_000;

const formatDuration = (ms: number): string => canonicalDuration(`${ms}ms`);

/**
 * Grafana's built-in variables for a dashboard looked at over a short range: `$__interval` is the
 * scrape interval (its floor, the data source's min interval) and `$__rate_interval` is
 * max($__interval + scrape interval, 4 × scrape interval), as Grafana computes it.
 */
export function grafanaVariables(scrapeIntervalMs: number, rangeMs = 3_600_000): Record<string, string> {
  const interval = scrapeIntervalMs;
  const rate = Math.max(interval + scrapeIntervalMs, 4 * scrapeIntervalMs);
  return {
    __interval: formatDuration(interval),
    __interval_ms: String(interval),
    __rate_interval: formatDuration(rate),
    __range: formatDuration(rangeMs),
    __range_s: String(Math.round(rangeMs / 1000)),
    __range_ms: String(rangeMs),
  };
}

/** One panel and the queries of its targets. */
export interface PanelQueries {
  dashboard: string;
  file: string;
  panel: string;
  pointer: string;
  exprs: string[];
}

/** Every panel with at least one target, in dashboard then panel order, variables substituted. */
export function panelQueries(scans: readonly NamedScan[], variables: Readonly<Record<string, string>>): PanelQueries[] {
  const out: PanelQueries[] = [];
  for (const scan of scans) {
    const byPanel = new Map<string, PanelQueries>();
    for (const t of scan.targets) {
      let p = byPanel.get(t.panelPointer);
      if (!p) {
        p = { dashboard: scan.slug, file: scan.file, panel: t.panelTitle, pointer: t.panelPointer, exprs: [] };
        byPanel.set(t.panelPointer, p);
        out.push(p);
      }
      p.exprs.push(substituteGrafanaVariables(t.expr, variables));
    }
  }
  return out;
}

/** One rule of a rule file the project ships. */
export interface ShippedRule {
  file: string;
  group: string;
  name: string;
  recording: boolean;
  /** Recording: the record name (its series); alerting: each vector selector of the expression. */
  queries: string[];
}

/** The rules of `files`, in file, group and rule order. */
export function shippedRules(files: ReadonlyArray<{ display: string; rules: RuleFile }>): ShippedRule[] {
  const out: ShippedRule[] = [];
  for (const f of files) {
    for (const g of f.rules.groups) {
      for (const r of g.rules) {
        const queries = isRecording(r) ? [r.record] : selectorsOf(r.expr);
        out.push({ file: f.display, group: g.name, name: ruleName(r), recording: isRecording(r), queries });
      }
    }
  }
  return out;
}

/** The vector selectors of an expression as written (`x{a="b"}`), each once. */
function selectorsOf(expr: string): string[] {
  const parsed = parsePromql(expr);
  const out = new Set<string>();
  parsed.tree.iterate({
    enter(ref) {
      if (ref.name !== 'VectorSelector') return;
      out.add(nodeText(parsed, ref.node));
      return false;
    },
  });
  return [...out];
}

/** What a query gave: data or not, or the error. */
export type QueryAnswer = { ok: true; hasData: boolean } | { ok: false; message: string };

/** A rule as Prometheus' /api/v1/rules reports it. */
export interface LoadedRule {
  name: string;
  group: string;
  health: string;
  lastError?: string;
}

/** A scrape target as /api/v1/targets reports it. */
export interface ScrapeTarget {
  job: string;
  url: string;
  health: string;
  lastError?: string;
  scrapeIntervalMs?: number;
}

export interface PrometheusAnswers {
  prometheus: string;
  scrapeIntervalMs: number;
  targets: ScrapeTarget[];
  panels: Array<{ panel: PanelQueries; answers: QueryAnswer[] }>;
  rules: Array<{ rule: ShippedRule; loaded?: LoadedRule; answers: QueryAnswer[] }>;
}

/** The scrape interval dashboards are computed with: the longest an active target reports, else Grafana's default. */
export function scrapeIntervalOf(targets: readonly ScrapeTarget[]): number {
  const known = targets.map((t) => t.scrapeIntervalMs).filter((ms): ms is number => ms !== undefined);
  return known.length > 0 ? Math.max(...known) : DEFAULT_SCRAPE_INTERVAL_MS;
}

export interface PrometheusAudit {
  findings: Finding[];
  stats: {
    prometheus: string;
    scrape_interval: string;
    rate_interval: string;
    targets: { total: number; down: number };
    panels: { total: number; with_data: number; share_with_data: number; no_data: Array<{ dashboard: string; panel: string }> };
    rules: { total: number; not_loaded: number; unhealthy: number; without_series: number };
  };
}

/** Findings and stats from the answers: targets down, query errors, panels without data, rules not loaded, unhealthy or without series. */
export function auditPrometheus(a: PrometheusAnswers): PrometheusAudit {
  const findings: Finding[] = [];
  const down = a.targets.filter((t) => t.health !== 'up' && t.health !== 'unknown');
  for (const t of down) {
    findings.push({ ruleId: 'live/target-down', severity: 'error', message: `target ${t.url} (job ${t.job}) is ${t.health}${t.lastError ? `: ${t.lastError}` : ''}`, fix: 'make the target reachable by Prometheus; its series are stale until then', location: { file: a.prometheus }, context: { job: t.job, url: t.url } });
  }
  const noData: Array<{ dashboard: string; panel: string }> = [];
  for (const { panel, answers } of a.panels) {
    const at = { file: panel.file, pointer: panel.pointer };
    answers.forEach((ans, i) => {
      if (!ans.ok) findings.push({ ruleId: 'live/query-error', severity: 'error', message: `${panel.dashboard} › ${panel.panel}: ${panel.exprs[i]} fails: ${ans.message}`, fix: 'fix the panel query (or the spec panel hint it comes from) and regenerate', location: at, context: { dashboard: panel.dashboard, panel: panel.panel, expr: panel.exprs[i] } });
    });
    if (answers.some((ans) => ans.ok && ans.hasData)) continue;
    noData.push({ dashboard: panel.dashboard, panel: panel.panel });
    findings.push({
      ruleId: 'live/panel-no-data',
      severity: 'warning',
      message: `${panel.dashboard} › ${panel.panel}: no query returns data (${panel.exprs.join('; ')})`,
      fix: 'check that the series it selects are scraped and the rules it reads are loaded; a series that appears only on events (alerts firing, errors) may be empty for now',
      location: at,
      context: { dashboard: panel.dashboard, panel: panel.panel, exprs: panel.exprs },
    });
  }
  let notLoaded = 0;
  let unhealthy = 0;
  let withoutSeries = 0;
  for (const { rule, loaded, answers } of a.rules) {
    const at = { file: rule.file };
    const context = { group: rule.group, rule: rule.name };
    if (!loaded) {
      notLoaded++;
      findings.push({ ruleId: 'live/rule-not-loaded', severity: 'error', message: `${rule.recording ? 'recording rule' : 'alert'} ${rule.name} (group ${rule.group}) is not loaded in ${a.prometheus}`, fix: `add ${rule.file} to the server's rule_files and reload it`, location: at, context });
      continue;
    }
    if (loaded.health !== 'ok' && loaded.health !== 'unknown') {
      unhealthy++;
      findings.push({ ruleId: 'live/rule-unhealthy', severity: 'error', message: `${rule.name} (group ${rule.group}) is ${loaded.health}${loaded.lastError ? `: ${loaded.lastError}` : ''}`, fix: 'fix the rule expression and regenerate the rules', location: at, context });
    }
    const absent = rule.queries.filter((_, i) => answers[i]?.ok === true && !(answers[i] as { hasData: boolean }).hasData);
    const failed = answers.flatMap((ans, i) => (ans.ok ? [] : [`${rule.queries[i]}: ${ans.message}`]));
    for (const f of failed) findings.push({ ruleId: 'live/query-error', severity: 'error', message: `${rule.name}: ${f}`, fix: 'fix the rule expression and regenerate the rules', location: at, context });
    if (absent.length === 0) continue;
    withoutSeries++;
    findings.push(
      rule.recording
        ? { ruleId: 'live/rule-no-series', severity: 'warning', message: `recording rule ${rule.name} has no series`, fix: 'check that the series its expression reads are scraped', location: at, context }
        : { ruleId: 'live/alert-series-absent', severity: 'warning', message: `alert ${rule.name} selects series that do not exist: ${absent.join(', ')}`, fix: 'an alert over absent series never fires: check the names and labels it selects', location: at, context: { ...context, selectors: absent } },
    );
  }
  const total = a.panels.length;
  const variables = grafanaVariables(a.scrapeIntervalMs);
  return {
    findings,
    stats: {
      prometheus: a.prometheus,
      scrape_interval: variables.__interval!,
      rate_interval: variables.__rate_interval!,
      targets: { total: a.targets.length, down: down.length },
      panels: { total, with_data: total - noData.length, share_with_data: total === 0 ? 1 : Math.round(((total - noData.length) / total) * 1000) / 1000, no_data: noData },
      rules: { total: a.rules.length, not_loaded: notLoaded, unhealthy, without_series: withoutSeries },
    },
  };
}
