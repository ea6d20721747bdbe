/** The normalised, validated metric spec every generator, auditor and the runtime reads. */

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface PanelHint {
  kind: string;
  /** Hint title; generators fall back to `<metric> <kind>` when absent. */
  title?: string;
  /** Trimmed PromQL (block-scalar trailing newlines removed). */
  promql: string;
  unit?: string;
  panelType: string;
  /** JSON pointer of the hint in the spec document. */
  pointer: string;
}

export interface AlertTestSeries {
  series: string;
  values: string;
}

export interface AlertSpec {
  alert: string;
  /** Trimmed PromQL. */
  expr: string;
  for?: string;
  severity: string;
  summary?: string;
  description?: string;
  labels: Record<string, string>;
  test?: { firing: AlertTestSeries[]; silent: AlertTestSeries[]; evalTime?: string };
  /** The metric the alert is declared under. */
  metric: string;
  family: string;
  pointer: string;
}

/** A name the earlier platform exported a metric under: old value = new value × scale. */
export interface RenamedFrom {
  name: string;
  scale: number;
  pointer: string;
}

export interface MetricSpec {
  name: string;
  type: MetricType;
  help: string;
  labels: string[];
  cardinalityBudget: number;
  /** Histogram buckets, ascending; empty for counters and gauges. */
  buckets: number[];
  unit?: string;
  labelValues: Record<string, string[]>;
  quantileLabels: string[];
  /** `minRate`: observations per second below which the p95 regression suggestions stay silent. */
  p95Regression?: { warning?: number; critical?: number; minRate?: number };
  panels: PanelHint[];
  alerts: AlertSpec[];
  noPanel: boolean;
  renamedFrom: RenamedFrom[];
  deprecated?: { since: string; note: string };
  family: string;
  pointer: string;
}

export interface FamilySpec {
  name: string;
  owner: string;
  description?: string;
  metrics: MetricSpec[];
}

export interface DerivedRule {
  record: string;
  /** Trimmed PromQL. */
  expr: string;
  labels: Record<string, string>;
  description?: string;
  pointer: string;
}

export interface SuccessRatioSuggestion {
  name: string;
  success: string;
  failure: string;
  warning?: number;
  critical?: number;
  warningFor?: string;
  criticalFor?: string;
}

export interface BacklogSuggestion {
  name: string;
  backlog: string;
  drain: string;
  etaWarningMinutes?: number;
  etaCriticalMinutes?: number;
  stallMinBacklog?: number;
  stallMaxBurnWarning?: number;
  stallMaxBurnCritical?: number;
  warningFor?: string;
  criticalFor?: string;
}

export interface AlertSuggestionsSpec {
  p95Regression: { warning?: number; critical?: number; warningFor?: string; criticalFor?: string; minRate?: number };
  successRatios: SuccessRatioSuggestion[];
  backlogs: BacklogSuggestion[];
}

export interface Model {
  /** Spec path as the user gave it. */
  path: string;
  /** 16-hex SHA-256 over the canonical parsed spec (see src/spec/spec-hash.ts). */
  specHash: string;
  version: number;
  families: FamilySpec[];
  /** All metrics in spec order (family order, then metric order). */
  metrics: MetricSpec[];
  metricsByName: ReadonlyMap<string, MetricSpec>;
  recordingRules: DerivedRule[];
  alertSuggestions: AlertSuggestionsSpec;
}
