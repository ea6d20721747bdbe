/**
 * Panel synthesis for one planned dashboard: spec panel hints, automatic panels decided from the
 * parsed hint PromQL, pinned (must-have) panels, caps, cross-metric efficiency and latency-window
 * panels, the alerts overview. Pure; no metric name is known to this code.
 */
import { ruleNames, ruleNamesForMetric } from '../../model/conventions';
import type { MetricSpec, Model } from '../../model/types';
import { aggregationGroupings, groupsByLabel, metricsInsideCalls, type AggregationGrouping } from '../../promql/grouping';
import { normalizePromql } from '../../promql/normalize';
import { parsePromql, selectedMetricNames } from '../../promql/parse';
import type { DashboardPlan, EfficiencyPanelPlan, LatencyWindowPlan } from './plan';

export type PanelSource =
  | 'spec'
  | 'pinned'
  | 'auto_rate'
  | 'auto_hist_quantile'
  | 'auto_topk'
  | 'auto_label_split'
  | 'placeholder'
  | 'cross_metric'
  | 'latency_window'
  | 'alerts_aggregate'
  | 'governance_summary'
  | 'group_header';

/** A panel before layout and ids: what it shows and who it is. */
export interface PanelDraft {
  title: string;
  /** Grafana panel type. */
  type: string;
  /** One target per expression (refId A, B, ...). */
  exprs: string[];
  /** Legend format per target (same length as exprs), when not Grafana's auto legend. */
  legends?: string[];
  unit?: string;
  description?: string;
  source: PanelSource;
  /** `efficiency` panels sit below the efficiency header; `core` is everything else. */
  group: 'core' | 'efficiency';
  /** Identity without the title (panel_uuid input). */
  identity: string;
  metric?: string;
  family?: string;
  /** Metric type of `metric`. */
  kind?: string;
  /** Spec hint kind of a spec panel. */
  hint?: string;
  splitLabel?: string;
  /** Markdown of a text panel. */
  content?: string;
  /** Instant table query (alerts overview). */
  instant?: boolean;
  /** Extra members of the panel's g6_meta. */
  meta?: Record<string, unknown>;
}

export interface SynthesisResult {
  panels: PanelDraft[];
  /** Human notes about applied caps, one sentence each. */
  notes: string[];
}

const GAUGE_UNITS: Record<string, string> = {
  seconds: 's',
  milliseconds: 'ms',
  bytes: 'bytes',
  megabytes: 'decmbytes',
  percent: 'percent',
  ratio: 'percentunit',
};

const RATE_UNITS: Record<string, string> = { bytes: 'Bps', requests: 'reqps' };

/** Grafana unit for values of `metric` (gauges, histogram quantiles). */
export function valueUnit(metric: MetricSpec): string {
  if (metric.unit && GAUGE_UNITS[metric.unit]) return GAUGE_UNITS[metric.unit]!;
  if (metric.name.endsWith('_seconds')) return 's';
  if (metric.name.endsWith('_ms')) return 'ms';
  if (metric.name.endsWith('_bytes')) return 'bytes';
  return 'short';
}

function rateUnit(metric: MetricSpec): string {
  return (metric.unit && RATE_UNITS[metric.unit]) ?? 'cps';
}

interface HintFacts {
  selected: Set<string>;
  rated: Set<string>;
  groupings: AggregationGrouping[];
  /** Names selected outside any aggregation (every label stays visible). */
  unaggregated: Set<string>;
}

function hintFacts(exprs: readonly string[]): HintFacts {
  const facts: HintFacts = { selected: new Set(), rated: new Set(), groupings: [], unaggregated: new Set() };
  for (const expr of exprs) {
    const parsed = parsePromql(expr);
    const selected = selectedMetricNames(parsed);
    const groupings = aggregationGroupings(parsed);
    const aggregated = new Set(groupings.filter((g) => !g.selects).flatMap((g) => g.metrics));
    for (const n of selected) {
      facts.selected.add(n);
      if (!aggregated.has(n)) facts.unaggregated.add(n);
    }
    for (const n of metricsInsideCalls(parsed, ['rate', 'irate'])) facts.rated.add(n);
    facts.groupings.push(...groupings);
  }
  return facts;
}

function metricMeta(metric: MetricSpec): Pick<PanelDraft, 'metric' | 'family' | 'kind'> {
  return { metric: metric.name, family: metric.family, kind: metric.type };
}

function specPanels(metric: MetricSpec): PanelDraft[] {
  return metric.panels.map((hint) => ({
    title: hint.title ?? `${metric.name} ${hint.kind}`,
    type: hint.panelType,
    exprs: [hint.promql.trim()],
    unit: hint.unit ?? 'short',
    source: 'spec',
    group: 'core',
    identity: `spec|${metric.name}|${hint.kind}`,
    hint: hint.kind,
    instant: hint.panelType === 'table' || hint.panelType === 'stat' || hint.panelType === 'bargauge' ? true : undefined,
    ...metricMeta(metric),
  }));
}

function autoPanels(metric: MetricSpec, labelSplitLimit: number): PanelDraft[] {
  if (metric.noPanel) return [];
  const m = metric.name;
  const facts = hintFacts(metric.panels.map((h) => h.promql));
  const own = new Set([m, ...ruleNamesForMetric(metric)]);
  const base = { group: 'core' as const, ...metricMeta(metric) };
  const out: PanelDraft[] = [];
  if (metric.type === 'counter') {
    const rated = facts.rated.has(m) || facts.selected.has(ruleNames.rate5m(m)) || facts.selected.has(ruleNames.totalRate5m(m));
    if (!rated) {
      out.push({ ...base, title: `${m} Rate (5m auto)`, type: 'timeseries', exprs: [`sum(rate(${m}[5m]))`], unit: rateUnit(metric), source: 'auto_rate', identity: `auto_rate|${m}` });
    }
  }
  if (metric.type === 'histogram') {
    const windows = (token: string, ws: readonly string[]): string[] =>
      [undefined, ...metric.quantileLabels].flatMap((by) => ws.map((w) => ruleNames.quantile(m, token, w, by)));
    const shown = (names: string[]): boolean => names.some((n) => facts.selected.has(n));
    for (const [token, ws] of [
      ['p95', ['5m', '30m']],
      ['p99', ['5m']],
    ] as const) {
      if (shown(windows(token, ws))) continue;
      out.push({
        ...base,
        title: `${m} ${token} (5m auto)`,
        type: 'timeseries',
        exprs: [ruleNames.quantile(m, token, '5m')],
        unit: valueUnit(metric),
        source: 'auto_hist_quantile',
        identity: `auto_hist_quantile|${m}|${token}`,
      });
    }
    return out;
  }
  if (metric.type === 'gauge' && metric.labels.length > 0 && ![...own].some((n) => facts.selected.has(n))) {
    out.push({ ...base, title: `${m} Top 5 (auto)`, type: 'timeseries', exprs: [`topk(5, ${m})`], unit: valueUnit(metric), source: 'auto_topk', identity: `auto_topk|${m}` });
  }
  const showsAllLabels = [...own].some((n) => facts.unaggregated.has(n));
  for (const label of showsAllLabels ? [] : metric.labels.slice(0, labelSplitLimit)) {
    if ([...own].some((n) => groupsByLabel(facts.groupings, n, label))) continue;
    const counter = metric.type === 'counter';
    out.push({
      ...base,
      title: counter ? `${m} Rate by ${label} (5m auto)` : `${m} by ${label} (auto)`,
      type: 'timeseries',
      exprs: [counter ? `sum by (${label}) (rate(${m}[5m]))` : `sum by (${label}) (${m})`],
      legends: [`{{${label}}}`],
      unit: counter ? rateUnit(metric) : valueUnit(metric),
      source: 'auto_label_split',
      splitLabel: label,
      identity: `auto_label_split|${m}|${label}`,
    });
  }
  return out;
}

function placeholder(metric: MetricSpec): PanelDraft {
  const m = metric.name;
  return {
    title: `${m} (auto)`,
    type: 'timeseries',
    exprs: [metric.type === 'counter' ? `sum(rate(${m}[5m]))` : m],
    unit: metric.type === 'counter' ? rateUnit(metric) : valueUnit(metric),
    source: 'placeholder',
    group: 'core',
    identity: `placeholder|${m}`,
    ...metricMeta(metric),
  };
}

function efficiencyPanel(e: EfficiencyPanelPlan): PanelDraft {
  let exprs: string[];
  let identity: string;
  if (e.ratio) {
    const { numerator: n, denominator: d, window } = e.ratio;
    exprs = [window === 'cumulative' ? `sum(${n}) / (sum(${d}) > 0)` : `sum(rate(${n}[${window}])) / (sum(rate(${d}[${window}])) > 0)`];
    identity = `cross_metric|${e.key ?? `ratio:${n}/${d}/${window}`}`;
  } else {
    exprs = e.exprs ?? [];
    identity = `cross_metric|${e.key ?? `exprs:${exprs.join('\n')}`}`;
  }
  return {
    title: e.title,
    type: 'timeseries',
    exprs,
    unit: e.unit ?? 'short',
    description: e.description,
    source: 'cross_metric',
    group: 'efficiency',
    identity,
  };
}

function latencyPanels(w: LatencyWindowPlan, model: Model): PanelDraft[] {
  const metric = model.metricsByName.get(w.metric);
  if (!metric) return [];
  const m = metric.name;
  const label = w.label ?? m;
  const by = w.by;
  const suffix = by ? ` by ${by}` : '';
  const legend = (window: string): string => (by ? `${window} {{${by}}}` : window);
  const base = { group: 'efficiency' as const, source: 'latency_window' as const, splitLabel: by, ...metricMeta(metric) };
  return [
    {
      ...base,
      title: `${label} p95 5m vs 30m${suffix}`,
      type: 'timeseries',
      exprs: [ruleNames.quantile(m, 'p95', '5m', by), ruleNames.quantile(m, 'p95', '30m', by)],
      legends: [legend('5m'), legend('30m')],
      unit: valueUnit(metric),
      identity: `latency_window|${m}|${by ?? ''}|compare`,
    },
    {
      ...base,
      title: `${label} p95 ratio 5m/30m${suffix}`,
      type: 'timeseries',
      exprs: [ruleNames.p95Ratio(m, by)],
      legends: by ? [`{{${by}}}`] : undefined,
      unit: 'none',
      description: 'Above 1: the last 5 minutes are slower than the last 30.',
      identity: `latency_window|${m}|${by ?? ''}|ratio`,
    },
  ];
}

function alertsOverview(metrics: readonly MetricSpec[]): PanelDraft | undefined {
  const alerts = metrics.flatMap((m) => m.alerts);
  if (alerts.length === 0) return undefined;
  const cell = (s: string | undefined): string => (s ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
  const rows = alerts.map((a) => `| ${a.alert} | ${a.metric} | ${a.severity} | ${cell(a.for)} | ${cell(a.summary)} |`);
  return {
    title: 'Spec Alerts Overview',
    type: 'table',
    exprs: [`ALERTS{alertname=~"${alerts.map((a) => a.alert).join('|')}"}`],
    unit: 'short',
    instant: true,
    description: ['Firing and pending instances of the spec alerts on this dashboard:', '', '| alert | metric | severity | for | summary |', '|---|---|---|---|---|', ...rows].join('\n'),
    source: 'alerts_aggregate',
    group: 'core',
    identity: 'alerts_overview',
    meta: { alerts_count: alerts.length },
  };
}

/** Family name → position in the spec, per model: a plan's metrics are found without a scan of every metric. */
const familyOrder = new WeakMap<Model, ReadonlyMap<string, number>>();

/** The metrics of the plan's families, in spec order (family order, then metric order). */
function planMetrics(model: Model, plan: DashboardPlan): MetricSpec[] {
  let order = familyOrder.get(model);
  if (!order) {
    order = new Map(model.families.map((f, i) => [f.name, i]));
    familyOrder.set(model, order);
  }
  const positions = [...new Set(plan.families)].map((f) => order.get(f)).filter((i) => i !== undefined);
  return positions.sort((a, b) => a - b).flatMap((i) => model.families[i]!.metrics);
}

/**
 * Panels of one dashboard in display order before layout: pinned, spec, automatic (caps
 * applied), then efficiency panels; the alerts overview first when the metrics declare alerts.
 * The rule-usage summary and the efficiency header are added by the caller.
 */
export function synthesizePanels(model: Model, plan: DashboardPlan): SynthesisResult {
  const metrics = planMetrics(model, plan);
  const spec = metrics.flatMap(specPanels);
  const auto: PanelDraft[] = [];
  for (const metric of metrics) {
    const own = autoPanels(metric, plan.labelSplitLimit);
    if (own.length === 0 && metric.panels.length === 0 && !metric.noPanel) own.push(placeholder(metric));
    auto.push(...own);
  }
  let core = [...spec, ...auto];
  const pinned: PanelDraft[] = [];
  const normalized = plan.pinned.length > 0 ? core.map((p) => (p.exprs.length === 1 ? normalizePromql(p.exprs[0]!) : '')) : [];
  for (const pin of plan.pinned) {
    const want = normalizePromql(pin.expr);
    const at = normalized.indexOf(want);
    if (at >= 0) {
      pinned.push(core[at]!);
      core.splice(at, 1);
      normalized.splice(at, 1);
      continue;
    }
    pinned.push({
      title: pin.title,
      type: pin.panelType ?? 'timeseries',
      exprs: [pin.expr],
      unit: pin.unit ?? 'short',
      source: 'pinned',
      group: 'core',
      identity: `pinned|${pin.key ?? pin.expr}`,
    });
  }
  const notes: string[] = [];
  const protectedCount = pinned.length + core.filter((p) => p.source === 'spec').length;
  const room = Math.max(0, plan.caps.core - protectedCount);
  const others = core.filter((p) => p.source !== 'spec');
  if (others.length > room) {
    const kept = new Set(others.slice(0, room));
    core = core.filter((p) => p.source === 'spec' || kept.has(p));
    notes.push(`core cap ${plan.caps.core}: kept ${protectedCount + room} of ${protectedCount + others.length} panels (${others.length - room} automatic panel(s) dropped; spec and pinned panels are never cut)`);
  }
  let efficiency = [...plan.efficiency.map(efficiencyPanel), ...plan.latencyWindows.flatMap((w) => latencyPanels(w, model))];
  if (efficiency.length > plan.caps.efficiency) {
    notes.push(`efficiency cap ${plan.caps.efficiency}: kept ${plan.caps.efficiency} of ${efficiency.length} panels`);
    efficiency = efficiency.slice(0, plan.caps.efficiency);
  }
  const alerts = alertsOverview(metrics);
  return { panels: [...(alerts ? [alerts] : []), ...pinned, ...core, ...efficiency], notes };
}
