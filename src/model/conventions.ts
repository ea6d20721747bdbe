/**
 * Names that more than one tool must agree on: recording-rule names, dashboard uids and
 * default paths. Generators, auditors and the linter import them from here, never re-derive.
 */
import type { MetricSpec, Model } from './types';

/** Current Grafana dashboard schemaVersion (the one @grafana/schema's defaultDashboard carries). */
export const GRAFANA_SCHEMA_VERSION = 42;

export const GENERATOR_VERSION = 'g6-1';

export const DEFAULT_PATHS = {
  spec: 'spec/metrics.yml',
  plan: 'spec/dashboards.yml',
  generatedDir: 'generated',
  dashboardsDir: 'grafana/dashboards/generated',
  recordingRules: 'rules/recording_rules.yml',
  alerts: 'rules/alerts.yml',
  alertSuggestions: 'rules/alert_suggestions.yml',
  compatRules: 'rules/compat_rules.yml',
  ruleTestsDir: 'rules/tests',
  rulesCatalog: 'docs/RULES_CATALOG.md',
} as const;

/**
 * The manifest g6 gen-dashboards writes with the dashboards, and the audits read: relative to the
 * dashboards folder, in a hidden folder, which Grafana's file provider never walks into, so it
 * provisions only the dashboards.
 */
export const MANIFEST_FILE = '.g6/manifest.json';

/**
 * Series the deployment gate and the parity loop agree on: `g6 run` exports them, the spec's
 * rules read them, `g6 ci-gate` checks them. Exact names; never matched by prefix.
 */
export const GATE_SERIES = {
  parityRollingAvg: 'g6_pipeline_parity_rolling_avg',
  fatalCounter: 'g6_pipeline_index_fatal_total',
  recoverableCounter: 'g6_pipeline_index_recoverable_total',
  fatalRatioRule: 'g6:pipeline_fatal_ratio_15m',
} as const;

/** Suffixes a histogram exposes besides its own name. */
export const HISTOGRAM_SERIES_SUFFIXES = ['_bucket', '_sum', '_count'] as const;

/** Series Prometheus itself provides (alert state, scrape health); expressions may select them. */
export const PROMETHEUS_BUILTIN_SERIES = ['ALERTS', 'ALERTS_FOR_STATE', 'up', 'scrape_duration_seconds', 'scrape_samples_scraped'] as const;

export const QUANTILES = [
  { q: 0.95, token: 'p95' },
  { q: 0.99, token: 'p99' },
] as const;

export function dashboardUid(slug: string): string {
  return `g6-${slug}`;
}

export const ruleNames = {
  totalRate5m: (m: string) => `${m}:total_rate_5m`,
  rate5m: (m: string) => `${m}:rate_5m`,
  quantile: (m: string, token: string, window: string, byLabel?: string) =>
    `${m}:${token}_${window}${byLabel ? `_by_${byLabel}` : ''}`,
  p95Ratio: (m: string, byLabel?: string) => `${m}:p95_ratio_5m_30m${byLabel ? `_by_${byLabel}` : ''}`,
  top5: (m: string) => `${m}:top5`,
  /** Declared in the spec's recording_rules for each alert_suggestions backlog; suggestions reference it. */
  backlogEtaMinutes: (backlog: string) => `${backlog}:eta_minutes`,
  backlogBurnPerSecond: (backlog: string) => `${backlog}:burn_rows_per_s`,
};

/** Evaluation interval of every generated rule group. */
export const RULE_GROUP_INTERVAL = '30s';

/** Names of the generated rule groups (one per family, derived rules and suggestions apart). */
export const ruleGroupNames = {
  recording: (family: string) => `g6_${family}.rules`,
  derived: 'g6_derived.rules',
  alerts: (family: string) => `g6_${family}.alerts`,
  suggestions: 'g6_suggested.alerts',
  compat: 'g6_compat.rules',
};

/** `g6_bus_publish_latency_seconds` → `G6BusPublishLatencySeconds`. */
export function pascalCase(name: string): string {
  let out = '';
  let wordStart = true;
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === '_' || c === ':') wordStart = true;
    else {
      out += wordStart ? c.toUpperCase() : c;
      wordStart = false;
    }
  }
  return out;
}

/** Alert names of the generated suggestions; `severity` is `Warning` or `Critical`. */
export const suggestionAlertNames = {
  p95Regression: (metric: string, severity: 'Warning' | 'Critical') => `${pascalCase(metric)}P95Regression${severity}`,
  successRatioLow: (name: string, severity: 'Warning' | 'Critical') => `${name}Low${severity}`,
  backlogEtaHigh: (name: string, severity: 'Warning' | 'Critical') => `${name}EtaHigh${severity}`,
  backlogStall: (name: string, severity: 'Warning' | 'Critical') => `${name}Stall${severity}`,
};

/**
 * Every recording-rule name the conventions produce for one metric, in a fixed order.
 * Derived rules declared in the spec are listed by {@link conventionalRuleNames}.
 */
export function ruleNamesForMetric(metric: MetricSpec): string[] {
  const m = metric.name;
  switch (metric.type) {
    case 'counter':
      return metric.labels.length > 0 ? [ruleNames.rate5m(m), ruleNames.totalRate5m(m)] : [ruleNames.totalRate5m(m)];
    case 'histogram': {
      const names: string[] = [];
      for (const by of [undefined, ...metric.quantileLabels]) {
        names.push(
          ruleNames.quantile(m, 'p95', '5m', by),
          ruleNames.quantile(m, 'p99', '5m', by),
          ruleNames.quantile(m, 'p95', '30m', by),
          ruleNames.p95Ratio(m, by),
        );
      }
      return names;
    }
    case 'gauge':
      return metric.labels.length > 0 ? [ruleNames.top5(m)] : [];
  }
}

/** The recording-rule names the conventions produce for `metrics`, worked out once per array (a model's never changes). */
export function metricRuleNames(metrics: readonly MetricSpec[]): ReadonlySet<string> {
  let names = byMetrics.get(metrics);
  if (!names) {
    const all = new Set<string>();
    for (const metric of metrics) for (const n of ruleNamesForMetric(metric)) all.add(n);
    byMetrics.set(metrics, (names = all));
  }
  return names;
}

const byMetrics = new WeakMap<readonly MetricSpec[], ReadonlySet<string>>();

/** All recording-rule names the spec yields: per-metric conventions, then declared derived rules. */
export function conventionalRuleNames(model: Pick<Model, 'metrics' | 'recordingRules'>): Set<string> {
  const names = new Set(metricRuleNames(model.metrics));
  for (const rule of model.recordingRules) names.add(rule.record);
  return names;
}

/**
 * Series names a dashboard or rule may select for this metric: its name, or for a (classic)
 * histogram only its `_bucket`/`_sum`/`_count` series — the bare histogram name is never exposed.
 */
export function exposedSeriesNames(metric: MetricSpec): string[] {
  if (metric.type !== 'histogram') return [metric.name];
  return HISTOGRAM_SERIES_SUFFIXES.map((s) => metric.name + s);
}

/** Every series name an expression may select: spec series, convention and derived rules, Prometheus built-ins. */
export function selectableSeriesNames(model: Model): ReadonlySet<string> {
  let names = selectable.get(model);
  if (!names) {
    const all = conventionalRuleNames(model);
    for (const metric of model.metrics) for (const n of exposedSeriesNames(metric)) all.add(n);
    for (const n of PROMETHEUS_BUILTIN_SERIES) all.add(n);
    names = all;
    selectable.set(model, names);
  }
  return names;
}

/** Per model: the spec lint and every plan check of one run read the same set. */
const selectable = new WeakMap<Model, ReadonlySet<string>>();

/** Name of a metric's generated accessor: `g6_pipeline_cycles_total` → `pipelineCyclesTotal`. */
export function accessorName(metricName: string): string {
  const base = metricName.startsWith('g6_') ? metricName.slice(3) : metricName;
  // a run of underscores before a letter or digit goes, and that character is upper-cased
  let out = '';
  for (let i = 0; i < base.length; ) {
    let end = i;
    while (base.charCodeAt(end) === 0x5f) end++;
    if (end === i) out += base[i++];
    else if (end < base.length && /[a-zA-Z0-9]/.test(base[end]!)) {
      out += base[end]!.toUpperCase();
      i = end + 1;
    } else {
      out += base.slice(i, end);
      i = end;
    }
  }
  return /^[A-Z]/.test(out) ? out[0]!.toLowerCase() + out.slice(1) : out;
}
