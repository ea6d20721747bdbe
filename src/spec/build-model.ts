/**
 * Maps a parsed spec document onto the normalised Model. Defensive: entries of the wrong shape
 * are skipped (the schema check reports them), so the linter can run on a partly invalid spec.
 */
import type {
  AlertSpec,
  AlertSuggestionsSpec,
  DerivedRule,
  FamilySpec,
  MetricSpec,
  MetricType,
  Model,
  PanelHint,
} from '../model/types';
import { pointerSegment } from './parse-yaml';
import { specHash } from './spec-hash';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const strMap = (v: unknown): Record<string, string> =>
  isObj(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Build the model of `doc` read from `path`. Pure; never throws on shape problems. */
export function buildModel(doc: unknown, path: string): Model {
  const root = isObj(doc) ? doc : {};
  const families: FamilySpec[] = [];
  const metrics: MetricSpec[] = [];
  const famObj = isObj(root.families) ? root.families : {};
  for (const [familyName, rawFamily] of Object.entries(famObj)) {
    if (!isObj(rawFamily)) continue;
    const family: FamilySpec = {
      name: familyName,
      owner: str(rawFamily.owner) ?? 'unknown',
      description: str(rawFamily.description),
      metrics: [],
    };
    list(rawFamily.metrics).forEach((raw, index) => {
      const pointer = `/families/${pointerSegment(familyName)}/metrics/${index}`;
      const metric = buildMetric(raw, familyName, pointer);
      if (metric) {
        family.metrics.push(metric);
        metrics.push(metric);
      }
    });
    families.push(family);
  }
  const metricsByName = new Map<string, MetricSpec>();
  for (const m of metrics) if (!metricsByName.has(m.name)) metricsByName.set(m.name, m);
  let hash: string | undefined;
  return {
    path,
    // hashed on first read: checks that print no spec_hash never hash the spec (nor load node:crypto)
    get specHash(): string {
      return (hash ??= specHash(doc));
    },
    version: num(root.version) ?? 1,
    families,
    metrics,
    metricsByName,
    recordingRules: buildDerivedRules(root.recording_rules),
    alertSuggestions: buildSuggestions(root.alert_suggestions),
  };
}

function buildMetric(raw: unknown, family: string, pointer: string): MetricSpec | undefined {
  if (!isObj(raw)) return undefined;
  const name = str(raw.name);
  const type = str(raw.type);
  if (!name || (type !== 'counter' && type !== 'gauge' && type !== 'histogram')) return undefined;
  const labelValues: Record<string, string[]> = {};
  if (isObj(raw.label_values)) for (const [k, v] of Object.entries(raw.label_values)) labelValues[k] = strList(v);
  const regression = isObj(raw.p95_regression) ? raw.p95_regression : undefined;
  const metric: MetricSpec = {
    name,
    type: type as MetricType,
    help: str(raw.help) ?? '',
    labels: strList(raw.labels),
    cardinalityBudget: typeof raw.cardinality_budget === 'number' ? raw.cardinality_budget : 1,
    buckets: Array.isArray(raw.buckets) ? raw.buckets.filter((b): b is number => typeof b === 'number') : [],
    unit: str(raw.unit),
    labelValues,
    quantileLabels: strList(raw.quantile_labels),
    p95Regression: regression ? { warning: num(regression.warning), critical: num(regression.critical), minRate: num(regression.min_rate) } : undefined,
    panels: [],
    alerts: [],
    noPanel: raw.no_panel === true,
    renamedFrom: list(raw.renamed_from).flatMap((r, i) =>
      isObj(r) && str(r.name) ? [{ name: str(r.name)!, scale: num(r.scale) ?? 1, pointer: `${pointer}/renamed_from/${i}` }] : [],
    ),
    deprecated: isObj(raw.deprecated) && str(raw.deprecated.since) && str(raw.deprecated.note) ? { since: str(raw.deprecated.since)!, note: str(raw.deprecated.note)! } : undefined,
    family,
    pointer,
  };
  list(raw.panels).forEach((p, i) => {
    if (!isObj(p)) return;
    const hint: PanelHint = {
      kind: str(p.kind) ?? 'panel',
      title: str(p.title)?.trim() || undefined,
      promql: (str(p.promql) ?? '').trim(),
      unit: str(p.unit),
      panelType: str(p.panel_type) ?? 'timeseries',
      pointer: `${pointer}/panels/${i}`,
    };
    metric.panels.push(hint);
  });
  list(raw.alerts).forEach((a, i) => {
    if (!isObj(a)) return;
    const alert = str(a.alert);
    const expr = str(a.expr);
    if (!alert || expr === undefined) return;
    const test = isObj(a.test) ? a.test : undefined;
    const series = (v: unknown) =>
      list(v).flatMap((s) => (isObj(s) && str(s.series) !== undefined && str(s.values) !== undefined ? [{ series: str(s.series)!, values: str(s.values)! }] : []));
    const spec: AlertSpec = {
      alert,
      expr: expr.trim(),
      for: str(a.for),
      severity: str(a.severity) ?? 'warning',
      summary: str(a.summary),
      description: str(a.description),
      labels: strMap(a.labels),
      test: test ? { firing: series(test.firing), silent: series(test.silent), evalTime: str(test.eval_time) } : undefined,
      metric: name,
      family,
      pointer: `${pointer}/alerts/${i}`,
    };
    metric.alerts.push(spec);
  });
  return metric;
}

function buildDerivedRules(raw: unknown): DerivedRule[] {
  const rules: DerivedRule[] = [];
  list(raw).forEach((r, i) => {
    if (!isObj(r) || !str(r.record) || str(r.expr) === undefined) return;
    rules.push({
      record: str(r.record)!,
      expr: str(r.expr)!.trim(),
      labels: strMap(r.labels),
      description: str(r.description),
      pointer: `/recording_rules/${i}`,
    });
  });
  return rules;
}

function buildSuggestions(raw: unknown): AlertSuggestionsSpec {
  const s = isObj(raw) ? raw : {};
  const reg = isObj(s.p95_regression) ? s.p95_regression : {};
  return {
    p95Regression: {
      warning: num(reg.warning),
      critical: num(reg.critical),
      warningFor: str(reg.warning_for),
      criticalFor: str(reg.critical_for),
      minRate: num(reg.min_rate),
    },
    successRatios: list(s.success_ratios).flatMap((r) =>
      isObj(r) && str(r.name) && str(r.success) && str(r.failure)
        ? [
            {
              name: str(r.name)!,
              success: str(r.success)!,
              failure: str(r.failure)!,
              warning: num(r.warning),
              critical: num(r.critical),
              warningFor: str(r.warning_for),
              criticalFor: str(r.critical_for),
            },
          ]
        : [],
    ),
    backlogs: list(s.backlogs).flatMap((b) =>
      isObj(b) && str(b.name) && str(b.backlog) && str(b.drain)
        ? [
            {
              name: str(b.name)!,
              backlog: str(b.backlog)!,
              drain: str(b.drain)!,
              etaWarningMinutes: num(b.eta_warning_minutes),
              etaCriticalMinutes: num(b.eta_critical_minutes),
              stallMinBacklog: num(b.stall_min_backlog),
              stallMaxBurnWarning: num(b.stall_max_burn_warning),
              stallMaxBurnCritical: num(b.stall_max_burn_critical),
              warningFor: str(b.warning_for),
              criticalFor: str(b.critical_for),
            },
          ]
        : [],
    ),
  };
}
