/**
 * Alert suggestions driven by the spec: p95 regression per histogram ratio rule, success-ratio
 * alerts per declared success/failure pair, drain-ETA and stall alerts per declared backlog.
 * Every referenced recording rule must exist and every vector match must be able to match. Pure.
 */
import { InputError } from '../../core/errors';
import type { Artifact } from '../../core/artifacts';
import { generatedHeader } from '../../output/serialize';
import { DEFAULT_PATHS, RULE_GROUP_INTERVAL, ruleGroupNames, ruleNames, suggestionAlertNames } from '../../model/conventions';
import type { MetricSpec, Model } from '../../model/types';
import { findMatchingProblems, resultLabels, type LabelSet } from '../../promql/label-names';
import { CannotEvaluate } from '../../promql/label-values';
import { parsePromql, selectedMetricNames } from '../../promql/parse';
import { isRecording, ruleFileArtifact, type AlertingRule, type RecordingRule, type RuleFile } from '../../rules/rule-file';
import { alertTestGroups, evalRulesOf, expectedLabelSets, seriesSelector, silentTestGroup, testLabels, type PromtoolTestFile, type PromtoolTestGroup, type TestSeries } from './rule-tests';

/** Thresholds used when the spec gives none (the values of the earlier G6 suggestions). */
export const SUGGESTION_DEFAULTS = {
  // minRate: observations/s; below it a 5m p95 rests on too few samples to call a regression
  p95Regression: { warning: 1.25, critical: 1.5, warningFor: '10m', criticalFor: '5m', minRate: 0.1 },
  successRatio: { warning: 0.995, critical: 0.99, warningFor: '10m', criticalFor: '5m' },
  backlog: {
    etaWarningMinutes: 10,
    etaCriticalMinutes: 30,
    stallMinBacklog: 50000,
    stallMaxBurnWarning: 100,
    stallMaxBurnCritical: 20,
    warningFor: '10m',
    criticalFor: '5m',
  },
} as const;

/** Where a suggestion came from, for its promtool test. */
type Source =
  | { kind: 'p95'; metric: MetricSpec; byLabel?: string; minRate: number; alerts: AlertingRule[] }
  | { kind: 'success'; success: MetricSpec; failure: MetricSpec; alerts: AlertingRule[] }
  | { kind: 'backlog'; backlog: MetricSpec; drain: MetricSpec; minBacklog: number; alerts: AlertingRule[] };

export interface AlertSuggestionsResult {
  file: RuleFile;
  sources: Source[];
}

const pair = (
  make: (severity: 'Warning' | 'Critical') => string,
  exprFor: (threshold: number, severity: 'Warning' | 'Critical') => string,
  thresholds: { warning: number; critical: number; warningFor: string; criticalFor: string },
  summary: (threshold: number) => string,
  description: string,
): AlertingRule[] => [
  {
    alert: make('Warning'),
    expr: exprFor(thresholds.warning, 'Warning'),
    for: thresholds.warningFor,
    labels: { severity: 'warning' },
    annotations: { summary: summary(thresholds.warning), description },
  },
  {
    alert: make('Critical'),
    expr: exprFor(thresholds.critical, 'Critical'),
    for: thresholds.criticalFor,
    labels: { severity: 'critical' },
    annotations: { summary: summary(thresholds.critical), description },
  },
];

/**
 * Build the suggestions from the spec and the generated recording rules (`recording`). Throws
 * InputError (exit 3) when a suggestion references a record `recording` lacks or a metric the
 * spec lacks, or when an and/or/arithmetic match could never match.
 */
export function generateAlertSuggestions(model: Model, recording: RuleFile): AlertSuggestionsResult {
  const s = model.alertSuggestions;
  const sources: Source[] = [];
  const reg = { ...SUGGESTION_DEFAULTS.p95Regression, ...defined(s.p95Regression) };
  for (const metric of model.metrics) {
    if (metric.type !== 'histogram') continue;
    const byLabel = metric.quantileLabels[0];
    const ratio = ruleNames.p95Ratio(metric.name, byLabel);
    const t = { ...reg, ...defined(metric.p95Regression ?? {}) };
    // the traffic guard: only while the histogram observes at least minRate per second (per label when split)
    const traffic = `sum${byLabel ? ` by (${byLabel})` : ''} (rate(${metric.name}_count[5m])) >= ${t.minRate}`;
    const alerts = pair(
      (sev) => suggestionAlertNames.p95Regression(metric.name, sev),
      (x) => `(${ratio} > ${x}) and (${traffic})`,
      t,
      (x) => `${metric.name} p95 over 5m is more than ${x}x its 30m p95${byLabel ? ` for one ${byLabel}` : ''}, at ${t.minRate}/s or more observations.`,
      `The 5m p95 of ${metric.name} regressed against its 30m baseline (${ratio}) while it observes at least ${t.minRate} per second. Check recent deploys, load and the slowest ${byLabel ?? 'series'}.`,
    );
    sources.push({ kind: 'p95', metric, byLabel, minRate: t.minRate, alerts });
  }
  for (const r of s.successRatios) {
    const success = need(model, r.success, `/alert_suggestions/success_ratios (${r.name}) success`);
    const failure = need(model, r.failure, `/alert_suggestions/success_ratios (${r.name}) failure`);
    const ok = ruleNames.totalRate5m(success.name);
    const bad = ruleNames.totalRate5m(failure.name);
    const t = {
      ...SUGGESTION_DEFAULTS.successRatio,
      ...defined({ warning: r.warning, critical: r.critical, warningFor: r.warningFor, criticalFor: r.criticalFor }),
    };
    const alerts = pair(
      (sev) => suggestionAlertNames.successRatioLow(r.name, sev),
      (x) => `(${ok} / ((${ok} + ${bad}) > 0)) < ${x}`,
      t,
      (x) => `Success ratio of ${success.name} vs ${failure.name} is below ${x} over 5m.`,
      `Share of successful units, ${success.name} / (${success.name} + ${failure.name}) on 5m rates, is below target; check the failure reasons.`,
    );
    sources.push({ kind: 'success', success, failure, alerts });
  }
  for (const b of s.backlogs) {
    const backlog = need(model, b.backlog, `/alert_suggestions/backlogs (${b.name}) backlog`);
    const drain = need(model, b.drain, `/alert_suggestions/backlogs (${b.name}) drain`);
    const d = SUGGESTION_DEFAULTS.backlog;
    const eta = ruleNames.backlogEtaMinutes(backlog.name);
    const burn = ruleNames.backlogBurnPerSecond(backlog.name);
    const t = {
      warning: b.etaWarningMinutes ?? d.etaWarningMinutes,
      critical: b.etaCriticalMinutes ?? d.etaCriticalMinutes,
      warningFor: b.warningFor ?? d.warningFor,
      criticalFor: b.criticalFor ?? d.criticalFor,
    };
    const minBacklog = b.stallMinBacklog ?? d.stallMinBacklog;
    const burnLimit = { Warning: b.stallMaxBurnWarning ?? d.stallMaxBurnWarning, Critical: b.stallMaxBurnCritical ?? d.stallMaxBurnCritical };
    const etaAlerts = pair(
      (sev) => suggestionAlertNames.backlogEtaHigh(b.name, sev),
      (x) => `${eta} > ${x}`,
      t,
      (x) => `Draining ${backlog.name} at the current rate would take more than ${x} minutes.`,
      `Backlog drain ETA (${eta}) is high: ${drain.name} drains too slowly for the pending ${backlog.name}.`,
    );
    const stallAlerts = pair(
      (sev) => suggestionAlertNames.backlogStall(b.name, sev),
      (x, sev) => `(${eta} > ${x}) and on() (${burn} < ${burnLimit[sev]}) and on() (sum(${backlog.name}) > ${minBacklog})`,
      t,
      (x) => `${backlog.name} holds more than ${minBacklog} units, is barely shrinking and its drain ETA exceeds ${x} minutes.`,
      `The backlog is stalled: ${burn} is below its limit while ${backlog.name} stays above ${minBacklog}. Check the writer behind ${drain.name}.`,
    );
    sources.push({ kind: 'backlog', backlog, drain, minBacklog, alerts: [...etaAlerts, ...stallAlerts] });
  }
  const rules = sources.flatMap((src) => src.alerts);
  // alerts come in pairs (pair(): warning, critical) whose expressions differ only in thresholds,
  // finite numbers (the schema's), on which neither the names read nor vector matching depend:
  // the warnings stand for their pairs, and every alert is checked only to list the problems
  try {
    validateSuggestions(model, rules.filter((_, i) => i % 2 === 0), recording);
  } catch (err) {
    if (err instanceof InputError) validateSuggestions(model, rules, recording);
    throw err;
  }
  return { file: { groups: rules.length ? [{ name: ruleGroupNames.suggestions, interval: RULE_GROUP_INTERVAL, rules }] : [] }, sources };
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function need(model: Model, name: string, where: string): MetricSpec {
  const m = model.metricsByName.get(name);
  if (!m) throw new InputError(`${model.path} ${where}: metric "${name}" is not in the spec; name a metric defined under families`);
  return m;
}

/**
 * Check suggestion expressions against the recording rules they read: every `name:with:colons`
 * must be a generated record, every other name a spec metric, and no vector match may be
 * impossible. Throws InputError listing every problem.
 */
export function validateSuggestions(model: Model, rules: readonly AlertingRule[], recording: RuleFile): void {
  const records = new Map<string, RecordingRule>();
  for (const g of recording.groups) for (const r of g.rules) if (isRecording(r)) records.set(r.record, r);
  const resolve = recordLabelResolver(model, records);
  const problems: string[] = [];
  for (const rule of rules) {
    const parsed = parsePromql(rule.expr);
    for (const name of selectedMetricNames(parsed)) {
      if (name.includes(':')) {
        if (!records.has(name)) problems.push(`  ${rule.alert}: references recording rule "${name}", which the generated recording rules do not define; declare it under recording_rules in ${model.path}`);
      } else if (!model.metricsByName.has(name) && !histogramOf(model, name)) problems.push(`  ${rule.alert}: references "${name}", which the spec does not define`);
    }
    for (const p of findMatchingProblems(parsed, resolve)) problems.push(`  ${rule.alert}: "${p.text}": ${p.message}`);
  }
  if (problems.length) throw new InputError(`${model.path}: alert suggestions are inconsistent with the recording rules (${problems.length} problem(s))\n${problems.join('\n')}`);
}

/** The histogram whose `_bucket`, `_sum` or `_count` series `name` is. */
function histogramOf(model: Model, name: string): MetricSpec | undefined {
  const m = /^(.+)_(bucket|sum|count)$/.exec(name);
  const metric = m ? model.metricsByName.get(m[1]!) : undefined;
  return metric?.type === 'histogram' ? metric : undefined;
}

/** Result labels of a record (from its expression, plus its static labels) or a spec metric (at least its labels). */
export function recordLabelResolver(model: Model, records: ReadonlyMap<string, RecordingRule>): (name: string) => LabelSet | undefined {
  const resolved = new Map<string, LabelSet | undefined>();
  const resolve = (name: string): LabelSet | undefined => {
    if (resolved.has(name)) return resolved.get(name);
    resolved.set(name, { kind: 'unknown' });
    let out: LabelSet | undefined;
    const rec = records.get(name);
    if (rec) {
      const inner = resultLabels(parsePromql(rec.expr), resolve);
      const extra = Object.keys(rec.labels ?? {});
      out = inner.kind === 'exact' || inner.kind === 'atLeast' ? { kind: inner.kind, labels: [...new Set([...inner.labels, ...extra])].sort() } : inner;
    } else {
      const m = model.metricsByName.get(name) ?? histogramOf(model, name);
      if (m) out = { kind: 'atLeast', labels: [...m.labels, ...(name.endsWith('_bucket') ? ['le'] : [])].sort() };
    }
    resolved.set(name, out);
    return out;
  };
  return resolve;
}

/** The rendered suggestions file as an artifact at `path` (default rules/alert_suggestions.yml). */
export function renderAlertSuggestions(model: Model, result: AlertSuggestionsResult, path: string = DEFAULT_PATHS.alertSuggestions): Artifact {
  return ruleFileArtifact(path, result.file, generatedHeader('gen-alert-suggestions', model.specHash));
}

/** Inputs of a source's tests: series that fire every alert, series that keep them silent, and for p95 a regression under the traffic floor. */
function testInputs(src: Source): { firing: TestSeries[]; silent: TestSeries[]; quiet?: TestSeries[]; evalTime: string } {
  switch (src.kind) {
    case 'p95': {
      const m = src.metric;
      const buckets = m.buckets;
      if (buckets.length < 2) throw new CannotEvaluate(`${m.name} needs at least two buckets for a p95 regression test`);
      const fast = String(buckets[0]);
      const slow = String(buckets[buckets.length - 1]);
      const labels = testLabels(m);
      const bucket = (le: string): string => seriesSelector(`${m.name}_bucket`, [...labels, `le="${le}"`]);
      const count = seriesSelector(`${m.name}_count`, labels);
      // 30m of heavy fast traffic in the first bucket, then 20m of slow traffic (per minute) in the
      // last finite bucket, so little that the 30m p95 stays in the first bucket while the 5m p95 jumps
      const regression = (slowPerMin: number): TestSeries[] => {
        const heavy = slowPerMin * 200;
        const after = `0+${heavy}x30 ${30 * heavy + slowPerMin}+${slowPerMin}x19`;
        return [
          { series: bucket(fast), values: `0+${heavy}x30 ${30 * heavy}+0x20` },
          ...[bucket(slow), bucket('+Inf'), count].map((series) => ({ series, values: after })),
        ];
      };
      const perMinute = src.minRate * 60;
      return {
        // twice the traffic floor fires; half of it is the same regression with too little traffic behind it
        firing: regression(perMinute * 2),
        silent: [...[fast, slow, '+Inf'].map(bucket), count].map((series) => ({ series, values: '0+100x50' })),
        quiet: regression(perMinute / 2),
        evalTime: '50m',
      };
    }
    case 'success': {
      const ok = seriesSelector(src.success.name, testLabels(src.success));
      const bad = seriesSelector(src.failure.name, testLabels(src.failure));
      return {
        firing: [
          { series: ok, values: '0+100x40' },
          { series: bad, values: '0+10x40' },
        ],
        silent: [
          { series: ok, values: '0+100x40' },
          { series: bad, values: '0x40' },
        ],
        evalTime: '30m',
      };
    }
    case 'backlog': {
      const backlog = seriesSelector(src.backlog.name, testLabels(src.backlog));
      const drain = seriesSelector(src.drain.name, testLabels(src.drain));
      const stuck = Math.max(src.minBacklog * 20, 1_000_000);
      // firing: a large backlog that does not shrink while the drain writes 1 unit/s (ETA, stall);
      // silent: a tiny backlog drained at 100 units/s
      return {
        firing: [
          { series: backlog, values: `${stuck}x40` },
          { series: drain, values: '0+60x40' },
        ],
        silent: [
          { series: backlog, values: '10x40' },
          { series: drain, values: '0+6000x40' },
        ],
        evalTime: '30m',
      };
    }
  }
}

/**
 * promtool tests for the suggestions: per source one group with inputs that fire every alert
 * of the source (stall included) and one that keeps them silent; for a p95 regression also the
 * same regression with traffic under the floor, which must stay silent too. `ruleFiles` are relative to
 * the test file. Throws InputError when expected alerts cannot be derived.
 */
export function generateSuggestionTests(result: AlertSuggestionsResult, recording: RuleFile, ruleFiles: string[], evaluationInterval: string): PromtoolTestFile {
  const evalRules = evalRulesOf([recording]);
  const tests: PromtoolTestGroup[] = [];
  for (const src of result.sources) {
    try {
      const inputs = testInputs(src);
      // a pair's critical differs from its warning only in thresholds, on which label sets do not depend
      const groups: PromtoolTestGroup[][] = [];
      for (let i = 0; i < src.alerts.length; i += 2) {
        const pairInputs = { ...inputs, expected: expectedLabelSets(src.alerts[i]!, inputs, evalRules) };
        groups.push(alertTestGroups(src.alerts[i]!, pairInputs, evalRules), alertTestGroups(src.alerts[i + 1]!, pairInputs, evalRules));
      }
      const label = src.kind === 'p95' ? src.metric.name : src.alerts[0]!.alert.replace(/(Low|EtaHigh)Warning$/, '');
      tests.push(
        { ...groups[0]![0]!, name: `${label} suggestions fire`, alert_rule_test: groups.flatMap((g) => g[0]!.alert_rule_test) },
        { ...groups[0]![1]!, name: `${label} suggestions stay silent`, alert_rule_test: groups.flatMap((g) => g[1]!.alert_rule_test) },
      );
      const quiet = inputs.quiet;
      if (quiet) {
        const silent = src.alerts.map((a) => silentTestGroup(a, quiet, inputs.evalTime));
        tests.push({ ...silent[0]!, name: `${label} suggestions stay silent without traffic`, alert_rule_test: silent.flatMap((g) => g.alert_rule_test) });
      }
    } catch (err) {
      if (err instanceof CannotEvaluate) throw new InputError(`cannot derive the unit test of ${src.alerts[0]?.alert ?? 'a suggestion'}: ${err.message}`);
      throw err;
    }
  }
  return { rule_files: ruleFiles, evaluation_interval: evaluationInterval, tests };
}
