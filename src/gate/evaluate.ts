/**
 * The deployment gate: observations of parity and fatal ratio (from an exposition or from the
 * Prometheus API) checked against thresholds. Pure: returns a report with every reason; src/cli
 * maps its status onto exit codes.
 */
import { GATE_SERIES } from '../model/conventions';
import { parseExposition, seriesKey, type Exposition, type Sample } from './exposition';

/** Version of the JSON report `g6 ci-gate --format json` prints. */
export const GATE_REPORT_VERSION = 1;

export type GateSourceKind = 'metrics-url' | 'metrics-file' | 'prometheus-url';
/** `invalid`: data that is there but cannot be right (a parity above 1); unlike `missing`, --allow-missing never passes it. */
export type ReasonKind = 'breach' | 'missing' | 'invalid' | 'note';

/** One reason in the report: a stable code, its kind, and a sentence for people. */
export interface GateReason {
  code: string;
  kind: ReasonKind;
  message: string;
}

export interface ParityObservation {
  /** The value compared (minimum over series); null when missing. */
  value: number | null;
  metric: string;
  series: number;
}

export interface FatalRatioObservation {
  value: number | null;
  /** counters: fatal / (fatal + recoverable) summed over labels; recording_rule: the 15m rule's value. */
  method: 'counters' | 'recording_rule';
  metrics: string[];
  fatal?: number;
  recoverable?: number;
  series: number;
}

/** What one source yielded, before thresholds are applied. */
export interface GateObservation {
  source: { kind: GateSourceKind; location: string };
  parity: ParityObservation;
  fatal_ratio: FatalRatioObservation;
  reasons: GateReason[];
}

export interface GateThresholds {
  min_parity: number;
  max_fatal_ratio: number;
}

export type GateStatus = 'pass' | 'breach' | 'missing';

/** The gate's verdict; `--format json` prints it as is. */
export interface GateReport {
  schema_version: number;
  /** breach when any threshold is crossed; else missing when any value is missing; else pass. */
  status: GateStatus;
  /** True when status is pass, or missing with --allow-missing. */
  passed: boolean;
  allow_missing: boolean;
  source: GateObservation['source'];
  parity: ParityObservation;
  fatal_ratio: FatalRatioObservation;
  thresholds: GateThresholds;
  reasons: GateReason[];
  warnings: string[];
}

/** An observation for a source that could not be read at all: both values missing, one `missing` reason with `code`. */
export function unreachableObservation(
  source: GateObservation['source'],
  message: string,
  method: FatalRatioObservation['method'],
  code = 'source_unreachable',
): GateObservation {
  return {
    source,
    parity: { value: null, metric: GATE_SERIES.parityRollingAvg, series: 0 },
    fatal_ratio: { value: null, method, metrics: fatalMetrics(method), series: 0 },
    reasons: [{ code, kind: 'missing', message }],
  };
}

function fatalMetrics(method: FatalRatioObservation['method']): string[] {
  return method === 'counters' ? [GATE_SERIES.fatalCounter, GATE_SERIES.recoverableCounter] : [GATE_SERIES.fatalRatioRule];
}

/**
 * Read parity and fatal ratio from exposition text. Names match exactly (a metric whose name extends
 * a target is a different metric). Parity is the minimum over its series; the fatal ratio is
 * Σfatal / (Σfatal + Σrecoverable) over all label sets, 0 when both sums are 0. A counter family
 * declared by `# TYPE` without samples counts as 0 (labelled counters appear on first increment).
 * Any malformed line makes both values missing, as a Prometheus scrape of it would fail. So does
 * data no gate can read: a parity outside [0, 1] (±Inf included), or counter sums that overflow.
 */
export function observeExposition(text: string, source: GateObservation['source'], openMetrics = false): GateObservation {
  const expo = parseExposition(text, { keep: EXPOSITION_SERIES, openMetrics });
  if (expo.issues.length > 0) {
    const shown = expo.issues.slice(0, 5).map((i) => `line ${i.line}: ${i.message}`).join('; ');
    const more = expo.issues.length > 5 ? `; and ${expo.issues.length - 5} more` : '';
    return unreachableObservation(source, `${source.location} is not valid exposition text (${shown}${more})`, 'counters', 'exposition_invalid');
  }
  const reasons: GateReason[] = [];
  return { source, parity: observeParity(expo, reasons), fatal_ratio: observeFatalCounters(expo, reasons), reasons };
}

/** The series the gate reads from an exposition; other samples are validated but not kept. */
const EXPOSITION_SERIES: ReadonlySet<string> = new Set([GATE_SERIES.parityRollingAvg, GATE_SERIES.fatalCounter, GATE_SERIES.recoverableCounter]);

function samplesOf(expo: Exposition, name: string): Sample[] {
  return expo.samples.filter((s) => s.name === name);
}

function declaredType(expo: Exposition, name: string): string | undefined {
  return expo.types.get(name) ?? (name.endsWith('_total') ? expo.types.get(name.slice(0, -'_total'.length)) : undefined);
}

function typeMismatch(expo: Exposition, name: string, expected: string): string | undefined {
  const t = declaredType(expo, name);
  if (t === undefined || t === expected || t === 'untyped' || t === 'unknown') return undefined;
  return t;
}

function observeParity(expo: Exposition, reasons: GateReason[]): ParityObservation {
  const metric = GATE_SERIES.parityRollingAvg;
  const samples = samplesOf(expo, metric);
  const obs: ParityObservation = { value: null, metric, series: samples.length };
  const wrong = typeMismatch(expo, metric, 'gauge');
  if (wrong) {
    reasons.push({ code: 'parity_metric_wrong_type', kind: 'missing', message: `${metric} is declared as ${wrong}, expected gauge` });
    return obs;
  }
  if (samples.length === 0) {
    const declared = declaredType(expo, metric) !== undefined;
    reasons.push({
      code: 'parity_metric_missing',
      kind: 'missing',
      message: declared
        ? `${metric} is declared but has no samples (no parity computed yet: is g6 run started with --parity-baseline?)`
        : `${metric} is not exposed by the source`,
    });
    return obs;
  }
  return pickParity(samples, obs, reasons);
}

/**
 * The minimum over the series with a value (NaN means none yet). A value outside [0, 1], ±Inf
 * included, is not a parity: the data is invalid and the value missing.
 */
function pickParity(series: ReadonlyArray<{ labels: Record<string, string>; value: number }>, obs: ParityObservation, reasons: GateReason[]): ParityObservation {
  const valued = series.filter((s) => !Number.isNaN(s.value));
  if (valued.length === 0) {
    reasons.push({ code: 'parity_metric_nan', kind: 'missing', message: `${obs.metric} is NaN (no parity computed yet)` });
    return obs;
  }
  const bad = valued.find((s) => !isFraction(s.value));
  if (bad) {
    reasons.push({
      code: 'parity_out_of_range',
      kind: 'invalid',
      message: `${obs.metric} is ${bad.value} on ${labelsOf(bad)}: parity is a fraction in [0, 1], so the gate data is invalid`,
    });
    return obs;
  }
  let min = valued[0]!;
  for (const s of valued) if (s.value < min.value) min = s;
  if (series.length > 1) {
    reasons.push({
      code: 'parity_multiple_series',
      kind: 'note',
      message: `${obs.metric} has ${series.length} series; the gate uses the minimum ${min.value} from ${labelsOf(min)}`,
    });
  }
  return { ...obs, value: min.value };
}

function isFraction(v: number): boolean {
  return v >= 0 && v <= 1;
}

function labelsOf(s: { labels: Record<string, string> }): string {
  return seriesKey('', s.labels) || '{}';
}

function observeFatalCounters(expo: Exposition, reasons: GateReason[]): FatalRatioObservation {
  const obs: FatalRatioObservation = { value: null, method: 'counters', metrics: fatalMetrics('counters'), series: 0 };
  const sums: number[] = [];
  let ok = true;
  for (const metric of obs.metrics) {
    const samples = samplesOf(expo, metric);
    obs.series += samples.length;
    const wrong = typeMismatch(expo, metric, 'counter');
    if (wrong) {
      reasons.push({ code: 'fatal_counter_wrong_type', kind: 'missing', message: `${metric} is declared as ${wrong}, expected counter` });
      ok = false;
      continue;
    }
    if (samples.length === 0 && declaredType(expo, metric) === undefined) {
      reasons.push({ code: 'fatal_counter_missing', kind: 'missing', message: `${metric} is not exposed by the source (neither # TYPE nor samples)` });
      ok = false;
      continue;
    }
    const bad = samples.find((s) => !Number.isFinite(s.value) || s.value < 0);
    if (bad) {
      reasons.push({ code: 'fatal_counter_invalid', kind: 'missing', message: `${metric} has an invalid counter value ${bad.value} on line ${bad.line}` });
      ok = false;
      continue;
    }
    const sum = samples.reduce((t, s) => t + s.value, 0);
    if (!Number.isFinite(sum)) {
      reasons.push({ code: 'fatal_counter_overflow', kind: 'invalid', message: `the sum of ${metric} over ${samples.length} series overflows to ${sum}, so the gate data is invalid` });
      ok = false;
      continue;
    }
    sums.push(sum);
  }
  if (!ok) return obs;
  const [fatal = 0, recoverable = 0] = sums;
  const denom = fatal + recoverable;
  if (!Number.isFinite(denom)) {
    reasons.push({ code: 'fatal_counter_overflow', kind: 'invalid', message: `fatal ${fatal} + recoverable ${recoverable} overflows to ${denom}, so the gate data is invalid` });
    return obs;
  }
  return { ...obs, fatal, recoverable, value: denom === 0 ? 0 : fatal / denom };
}

/** One instant-vector series from the Prometheus API. */
export interface PromSeries {
  labels: Record<string, string>;
  value: number;
}

/** Outcome of one instant query: its series, or why it failed. */
export type PromQueryOutcome = { ok: true; series: PromSeries[] } | { ok: false; unreachable: boolean; message: string };

/**
 * Build the observation from two Prometheus instant queries: the parity gauge (minimum over series)
 * and the fatal-ratio recording rule (maximum over series, the worst target; NaN, which the rule
 * yields when no index finished in the window, reads as 0).
 */
export function observePrometheus(
  source: GateObservation['source'],
  parityOutcome: PromQueryOutcome,
  ratioOutcome: PromQueryOutcome,
): GateObservation {
  const reasons: GateReason[] = [];
  const parityMetric = GATE_SERIES.parityRollingAvg;
  const rule = GATE_SERIES.fatalRatioRule;
  let parity: ParityObservation = { value: null, metric: parityMetric, series: 0 };
  const fatal: FatalRatioObservation = { value: null, method: 'recording_rule', metrics: [rule], series: 0 };
  for (const [what, outcome] of [
    [parityMetric, parityOutcome],
    [rule, ratioOutcome],
  ] as const) {
    if (!outcome.ok) {
      reasons.push({ code: outcome.unreachable ? 'source_unreachable' : 'prometheus_query_failed', kind: 'missing', message: `query ${what}: ${outcome.message}` });
    }
  }
  if (parityOutcome.ok) {
    parity.series = parityOutcome.series.length;
    if (parityOutcome.series.length === 0) {
      reasons.push({ code: 'parity_metric_missing', kind: 'missing', message: `${parityMetric} returned no series from ${source.location}` });
    } else {
      parity = pickParity(parityOutcome.series, parity, reasons);
    }
  }
  if (ratioOutcome.ok) {
    fatal.series = ratioOutcome.series.length;
    if (ratioOutcome.series.length === 0) {
      reasons.push({ code: 'fatal_ratio_rule_missing', kind: 'missing', message: `${rule} returned no series (is the recording rule loaded and has it been evaluated?)` });
    } else {
      const values = ratioOutcome.series.map((s) => s.value);
      const bad = ratioOutcome.series.find((s) => !Number.isNaN(s.value) && !isFraction(s.value));
      if (bad) {
        reasons.push({
          code: 'fatal_ratio_out_of_range',
          kind: 'invalid',
          message: `${rule} is ${bad.value} on ${labelsOf(bad)}: a ratio is in [0, 1], so the gate data is invalid`,
        });
      } else {
        if (values.some((v) => Number.isNaN(v))) {
          reasons.push({ code: 'fatal_ratio_nan_as_zero', kind: 'note', message: `${rule} is NaN for some series (no index finished in the window); read as 0` });
        }
        fatal.value = Math.max(...values.map((v) => (Number.isNaN(v) ? 0 : v)));
        if (values.length > 1) {
          reasons.push({ code: 'fatal_ratio_multiple_series', kind: 'note', message: `${rule} has ${values.length} series; the gate uses the maximum ${fatal.value}` });
        }
      }
    }
  }
  return { source, parity, fatal_ratio: fatal, reasons };
}

/**
 * Apply thresholds: parity < min_parity and fatal ratio > max_fatal_ratio are breaches. Status is
 * breach over missing or invalid over pass; with `allowMissing` missing data (never invalid data) passes with a warning.
 */
export function evaluateGate(obs: GateObservation, thresholds: GateThresholds, opts: { allowMissing: boolean }): GateReport {
  const reasons = [...obs.reasons];
  if (obs.parity.value !== null && obs.parity.value < thresholds.min_parity) {
    reasons.push({ code: 'parity_below_threshold', kind: 'breach', message: `parity ${obs.parity.value} < min ${thresholds.min_parity}` });
  }
  if (obs.fatal_ratio.value !== null && !(obs.fatal_ratio.value <= thresholds.max_fatal_ratio)) {
    reasons.push({ code: 'fatal_ratio_above_threshold', kind: 'breach', message: `fatal ratio ${obs.fatal_ratio.value} > max ${thresholds.max_fatal_ratio}` });
  }
  const status: GateStatus = reasons.some((r) => r.kind === 'breach') ? 'breach' : reasons.some((r) => r.kind === 'missing' || r.kind === 'invalid') ? 'missing' : 'pass';
  const invalid = reasons.some((r) => r.kind === 'invalid');
  const warnings: string[] = [];
  if (status === 'missing' && opts.allowMissing && !invalid) warnings.push('gate data missing; passing because --allow-missing was given');
  return {
    schema_version: GATE_REPORT_VERSION,
    status,
    passed: status === 'pass' || (status === 'missing' && opts.allowMissing && !invalid),
    allow_missing: opts.allowMissing,
    source: obs.source,
    parity: obs.parity,
    fatal_ratio: obs.fatal_ratio,
    thresholds,
    reasons,
    warnings,
  };
}

/** The report for people: one verdict line, then every reason and warning. */
export function renderGateText(report: GateReport): string {
  const verdict = report.status === 'pass' ? 'PASS' : report.status === 'breach' ? 'BREACH' : report.passed ? 'MISSING (allowed)' : 'MISSING';
  const fmt = (v: number | null): string => (v === null ? 'n/a' : String(v));
  const lines = [
    `ci-gate: ${verdict}: parity ${fmt(report.parity.value)} (min ${report.thresholds.min_parity}), fatal ratio ${fmt(report.fatal_ratio.value)} (max ${report.thresholds.max_fatal_ratio}) from ${report.source.kind} ${report.source.location}`,
    ...report.reasons.map((r) => `  ${r.kind}: ${r.code}: ${r.message}`),
    ...report.warnings.map((w) => `  warning: ${w}`),
  ];
  return `${lines.join('\n')}\n`;
}
