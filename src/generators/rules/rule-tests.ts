/**
 * promtool unit tests (`promtool test rules`) for alerting rules: per alert one group whose
 * inputs make it fire (expected alerts listed) and one whose inputs keep it silent. Inputs come
 * from the spec's `test:` block or are derived from simple threshold expressions. Pure.
 */
import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../../core/errors';
import { binaryParts, callArguments, callName, labelMatchers, parseNumber, selectorName, topExpression, unparen } from '../../promql/ast';
import { canonicalDuration, durationMs } from '../../promql/duration';
import { CannotEvaluate, evaluateLabelSets, indexRules, parseSeries, type Labels, type RuleIndex } from '../../promql/label-values';
import { childNamed, nodeText, parsePromql, type ParsedPromql } from '../../promql/parse';
import type { MetricSpec, Model } from '../../model/types';
import { isRecording, type AlertingRule, type RuleFile } from '../../rules/rule-file';

export interface TestSeries {
  series: string;
  values: string;
}

/** Inputs of one alert's tests. */
export interface AlertTestInputs {
  firing: TestSeries[];
  silent: TestSeries[];
  /** Evaluation time, e.g. `30m`. */
  evalTime: string;
}

export interface PromtoolExpectedAlert {
  exp_labels: Labels;
  exp_annotations?: Record<string, string>;
}

export interface PromtoolTestGroup {
  name: string;
  interval: string;
  input_series: TestSeries[];
  alert_rule_test: Array<{ eval_time: string; alertname: string; exp_alerts: PromtoolExpectedAlert[] }>;
}

export interface PromtoolTestFile {
  rule_files: string[];
  evaluation_interval: string;
  tests: PromtoolTestGroup[];
}

/** Sample spacing of generated input series. */
export const TEST_SERIES_INTERVAL = '1m';

/** Rule evaluation step of generated tests: 1m halves promtool's run time against 30s and keeps `for` semantics. */
export const TEST_EVALUATION_INTERVAL = '1m';

/** Index of the recording rules the label evaluation resolves selectors through; build it once per generation. */
export function evalRulesOf(files: readonly RuleFile[]): RuleIndex {
  return indexRules(files.flatMap((f) => f.groups.flatMap((g) => g.rules.filter(isRecording))));
}

/**
 * The two test groups of one alerting rule. Expected alerts carry the series labels the
 * expression keeps plus the rule's labels, and the rule's annotations. Throws CannotEvaluate
 * when the expected label sets cannot be worked out.
 */
export function alertTestGroups(rule: AlertingRule, inputs: AlertTestInputs, rules: RuleIndex): PromtoolTestGroup[] {
  const series = inputs.firing.map((s) => parseSeries(s.series));
  inputs.silent.forEach((s) => parseSeries(s.series));
  const sets = evaluateLabelSets(rule.expr, series, rules);
  if (sets.length === 0) throw new CannotEvaluate('its firing input series select nothing the expression uses');
  const annotations = rule.annotations ?? {};
  for (const [k, v] of Object.entries(annotations)) {
    if (v.includes('{{')) throw new CannotEvaluate(`annotation ${k} is a template; its expected text cannot be derived`);
  }
  const expected = sets.map((labels) => ({
    exp_labels: { ...labels, ...(rule.labels ?? {}) },
    ...(Object.keys(annotations).length ? { exp_annotations: annotations } : {}),
  }));
  return [
    {
      name: `${rule.alert} fires`,
      interval: TEST_SERIES_INTERVAL,
      input_series: inputs.firing,
      alert_rule_test: [{ eval_time: inputs.evalTime, alertname: rule.alert, exp_alerts: expected }],
    },
    {
      name: `${rule.alert} stays silent`,
      interval: TEST_SERIES_INTERVAL,
      input_series: inputs.silent,
      alert_rule_test: [{ eval_time: inputs.evalTime, alertname: rule.alert, exp_alerts: [] }],
    },
  ];
}

const minutes = (d: string | undefined): number => Math.ceil((d ? (durationMs(d) ?? 0) : 0) / 60_000);

/** Default evaluation time: the alert's `for` plus the longest range it reads plus 10 minutes. */
function defaultEvalTime(forDuration: string | undefined, longestRangeMinutes: number): string {
  return canonicalDuration(`${minutes(forDuration) + Math.max(longestRangeMinutes, 5) + 10}m`);
}

const COMPARISONS = new Set(['>', '>=', '<', '<=', '==', '!=']);

/** A value that satisfies (`holds`) or violates `x <op> threshold`. */
function valueFor(op: string, threshold: number, holds: boolean): number {
  const step = Math.max(1, Math.abs(threshold));
  const above = threshold + step;
  const below = threshold - step;
  switch (op) {
    case '>':
    case '>=':
      return holds ? above : below;
    case '<':
    case '<=':
      return holds ? below : above;
    case '==':
      return holds ? threshold : above;
    default:
      return holds ? above : threshold;
  }
}

const fmt = (n: number): string => String(Number(n.toFixed(6)));

/** The label matchers test inputs give a metric: each label at its first declared value, else "test". */
export const testLabels = (metric: MetricSpec): string[] => metric.labels.map((l) => `${l}="${metric.labelValues[l]?.[0] ?? 'test'}"`);

/** A promtool input-series selector: `name`, or `name{…}` with the given matchers. */
export const seriesSelector = (name: string, labels: readonly string[]): string => `${name}${labels.length ? `{${labels.join(',')}}` : ''}`;

/**
 * Derive test inputs from `AGG?(FUNC?(metric[range])) <cmp> <number>`: a gauge compared
 * directly or aggregated, or a counter under rate/irate/increase. Undefined when the shape is
 * anything else (the spec then has to give a `test:` block).
 */
export function deriveTestInputs(expr: string, forDuration: string | undefined, model: Model): AlertTestInputs | undefined {
  const parsed = parsePromql(expr);
  const top = topExpression(parsed);
  if (parsed.errors.length || !top) return undefined;
  const bin = unparen(top);
  if (bin.name !== 'BinaryExpr') return undefined;
  const { lhs, rhs, op, bool } = binaryParts(parsed, bin);
  if (!lhs || !rhs || !COMPARISONS.has(op) || bool) return undefined;
  const threshold = unparen(rhs).name === 'NumberDurationLiteral' ? parseNumber(nodeText(parsed, unparen(rhs))) : undefined;
  if (threshold === undefined || !Number.isFinite(threshold)) return undefined;
  const shape = readShape(parsed, unparen(lhs));
  if (!shape) return undefined;
  const metric = model.metricsByName.get(shape.metric);
  if (!metric) return undefined;
  const rangeMinutes = shape.range ? minutes(shape.range) : 0;
  const evalTime = defaultEvalTime(forDuration, rangeMinutes);
  const count = minutes(evalTime) + 5;
  const selector = seriesSelector(metric.name, testLabels(metric));
  const make = (holds: boolean): string | undefined => {
    const target = valueFor(op, threshold, holds);
    if (shape.fn === undefined) return metric.type === 'gauge' ? `${fmt(target)}x${count}` : undefined;
    if (metric.type !== 'counter' || target < 0) return undefined;
    // rate/irate: per second; increase: per range
    const perMinute = shape.fn === 'increase' ? target / Math.max(rangeMinutes, 1) : target * 60;
    return perMinute === 0 ? `0x${count}` : `0+${fmt(perMinute)}x${count}`;
  };
  const firing = make(true);
  const silent = make(false);
  if (firing === undefined || silent === undefined) return undefined;
  return { firing: [{ series: selector, values: firing }], silent: [{ series: selector, values: silent }], evalTime };
}

interface Shape {
  metric: string;
  fn?: 'rate' | 'irate' | 'increase';
  range?: string;
}

function readShape(parsed: ParsedPromql, node: SyntaxNode): Shape | undefined {
  if (node.name === 'AggregateExpr') {
    const name = callName(parsed, node);
    if (!['sum', 'max', 'min', 'avg'].includes(name)) return undefined;
    const args = callArguments(node);
    return args.length === 1 ? readShape(parsed, unparen(args[0]!)) : undefined;
  }
  if (node.name === 'FunctionCall') {
    const name = callName(parsed, node);
    if (name !== 'rate' && name !== 'irate' && name !== 'increase') return undefined;
    const [arg] = callArguments(node);
    if (!arg || arg.name !== 'MatrixSelector') return undefined;
    const v = childNamed(arg, 'VectorSelector');
    const d = childNamed(arg, 'DurationExpr');
    if (!v || !d || labelMatchers(parsed, v).some((m) => m.label !== '__name__')) return undefined;
    const metric = selectorName(parsed, v);
    return metric ? { metric, fn: name, range: nodeText(parsed, d) } : undefined;
  }
  if (node.name === 'VectorSelector') {
    if (labelMatchers(parsed, node).some((m) => m.label !== '__name__')) return undefined;
    const metric = selectorName(parsed, node);
    return metric ? { metric } : undefined;
  }
  return undefined;
}

export interface AlertTestsOptions {
  /** `rule_files` entries, relative to the test file's directory. */
  ruleFiles: string[];
  /** Recording rules the alerts may read (for expected labels). */
  recording: RuleFile;
  evaluationInterval: string;
}

/**
 * Tests for every spec alert (spec order). Inputs from the alert's `test:` block, else derived;
 * an alert with neither is an InputError (exit 3) naming the alert and its spec location.
 */
export function generateSpecAlertTests(model: Model, alerts: RuleFile, options: AlertTestsOptions): PromtoolTestFile {
  const rules = evalRulesOf([options.recording]);
  const byName = new Map<string, AlertingRule>();
  for (const g of alerts.groups) for (const r of g.rules) if (!isRecording(r)) byName.set(r.alert, r);
  const tests: PromtoolTestGroup[] = [];
  const problems: string[] = [];
  for (const metric of model.metrics) {
    for (const alert of metric.alerts) {
      const rule = byName.get(alert.alert);
      if (!rule) continue;
      const inputs: AlertTestInputs | undefined = alert.test
        ? { firing: alert.test.firing, silent: alert.test.silent, evalTime: alert.test.evalTime ?? defaultEvalTime(alert.for, 15) }
        : deriveTestInputs(alert.expr, alert.for, model);
      if (!inputs) {
        problems.push(`  ${model.path} ${alert.pointer}: alert ${alert.alert}: test inputs cannot be derived from "${alert.expr}"; add a test: block with firing and silent series (and eval_time)`);
        continue;
      }
      if (alert.test && (alert.test.firing.length === 0 || alert.test.silent.length === 0)) {
        problems.push(`  ${model.path} ${alert.pointer}/test: alert ${alert.alert}: test needs both firing and silent series`);
        continue;
      }
      try {
        tests.push(...alertTestGroups(rule, inputs, rules));
      } catch (err) {
        if (!(err instanceof CannotEvaluate)) throw err;
        problems.push(`  ${model.path} ${alert.pointer}/test: alert ${alert.alert}: expected alerts cannot be derived: ${err.message}`);
      }
    }
  }
  if (problems.length) throw new InputError(`${model.path}: ${problems.length} alert(s) without usable unit-test inputs\n${problems.join('\n')}`);
  return { rule_files: options.ruleFiles, evaluation_interval: options.evaluationInterval, tests };
}
