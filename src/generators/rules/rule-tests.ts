/**
 * promtool unit tests (`promtool test rules`) for alerting rules: per alert one group whose
 * inputs make it fire (expected alerts listed) and one whose inputs keep it silent. Inputs come
 * from the spec's `test:` block, or are derived: from a threshold on one series directly, else by
 * searching steady input levels whose evaluated samples make the alert fire and keep it silent.
 * An alert with neither is reported, not fatal. Pure.
 */
import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../../core/errors';
import { binaryParts, callArguments, callName, labelMatchers, parseNumber, selectorName, topExpression, unparen, walk, type Matcher } from '../../promql/ast';
import { canonicalDuration, durationMs } from '../../promql/duration';
import { CannotEvaluate, evaluateLabelSets, indexRules, key, matches, parseSeries, type InputSeries, type Labels, type RuleIndex } from '../../promql/label-values';
import { evaluateSamples, TooClose, type SampleValue, type SteadySeries } from '../../promql/sample-values';
import { childNamed, nodeText, parsePromql, type ParsedPromql } from '../../promql/parse';
import type { AlertSpec, MetricSpec, Model } from '../../model/types';
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
  /** Label sets of the expected alerts, when the derivation evaluated them (else worked out from the series). */
  expected?: Labels[];
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
  const sets = expectedLabelSets(rule, inputs, rules);
  const silent = silentTestGroup(rule, inputs.silent, inputs.evalTime);
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
    silent,
  ];
}

/** Label sets of the alerts `rule` raises on the firing inputs: `inputs.expected`, else evaluated. Throws CannotEvaluate. */
export function expectedLabelSets(rule: AlertingRule, inputs: AlertTestInputs, rules: RuleIndex): Labels[] {
  const series = parsedSeries(inputs.firing);
  return inputs.expected ?? evaluateLabelSets(rule.expr, series, rules);
}

/**
 * Parsed input series by their array (throws CannotEvaluate when one is not a selector): the
 * alerts of one inputs share them, and with the firing ones the record evaluations of evaluateLabelSets.
 */
const parsedInputs = new WeakMap<readonly TestSeries[], InputSeries[]>();

function parsedSeries(inputs: readonly TestSeries[]): InputSeries[] {
  let series = parsedInputs.get(inputs);
  if (!series) parsedInputs.set(inputs, (series = inputs.map((s) => parseSeries(s.series))));
  return series;
}

/** The group whose input series must keep `rule` silent at `evalTime`; throws CannotEvaluate when a series is not a selector. */
export function silentTestGroup(rule: AlertingRule, series: TestSeries[], evalTime: string): PromtoolTestGroup {
  parsedSeries(series);
  return { name: `${rule.alert} stays silent`, interval: TEST_SERIES_INTERVAL, input_series: series, alert_rule_test: [{ eval_time: evalTime, alertname: rule.alert, exp_alerts: [] }] };
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

/** A selector the expression reads from input series, recording rules looked through. */
interface InputSelector {
  name: string;
  matchers: Matcher[];
}

/** The raw selectors of `expr` and of the recording rules it reads, and its longest range in minutes. */
function readInputs(expr: string, rules: RuleIndex, seen: Set<string> = new Set()): { selectors: InputSelector[]; rangeMinutes: number } {
  const parsed = parsePromql(expr);
  const selectors: InputSelector[] = [];
  let rangeMinutes = 0;
  walk(parsed.tree.topNode, (n) => {
    if (n.name === 'MatrixSelector' || n.name === 'SubqueryExpr') {
      const d = n.getChild('DurationExpr');
      if (d) rangeMinutes = Math.max(rangeMinutes, minutes(nodeText(parsed, d)));
    }
    if (n.name !== 'VectorSelector') return;
    const name = selectorName(parsed, n);
    if (name === undefined) return;
    const rule = rules.get(name);
    if (!rule) {
      selectors.push({ name, matchers: labelMatchers(parsed, n).filter((m) => m.label !== '__name__') });
      return;
    }
    if (seen.has(name)) return;
    seen.add(name);
    const inner = readInputs(rule.expr, rules, seen);
    selectors.push(...inner.selectors);
    rangeMinutes = Math.max(rangeMinutes, inner.rangeMinutes);
  });
  return { selectors, rangeMinutes };
}

/** What kind of series a selected name is: a spec counter or gauge, or a histogram's `_count`/`_sum`. */
function seriesKind(name: string, model: Model): { metric: MetricSpec; kind: SteadySeries['kind'] } | undefined {
  const direct = model.metricsByName.get(name);
  if (direct) return direct.type === 'histogram' ? undefined : { metric: direct, kind: direct.type };
  const base = /^(.*)_(count|sum)$/.exec(name);
  const histogram = base ? model.metricsByName.get(base[1]!) : undefined;
  return histogram?.type === 'histogram' ? { metric: histogram, kind: 'counter' } : undefined;
}

/** A label value for `label` that does (`want`) or does not satisfy `matcher`, from the declared values first. */
function labelValueFor(metric: MetricSpec, label: string, matcher: Matcher | undefined, want: boolean, current: string | undefined): string | undefined {
  const candidates = [...(current !== undefined ? [current] : []), ...(metric.labelValues[label] ?? []), 'test', 'other', ''];
  if (matcher?.op === '=' && want) return matcher.value;
  return candidates.find((c) => (matcher ? matches({ [label]: c }, [matcher]) === want : true));
}

/**
 * Input series for the selectors: per selector one series satisfying its matchers, and for a
 * selector that filters on a label one that does not (so a ratio's parts can differ). Undefined
 * with the reason when a selected name is not a counter or gauge of the spec.
 */
function inputSeries(selectors: readonly InputSelector[], model: Model): { series: Omit<SteadySeries, 'level'>[] } | { reason: string } {
  const out = new Map<string, Omit<SteadySeries, 'level'>>();
  const add = (name: string, kind: SteadySeries['kind'], labels: Labels): void => {
    out.set(`${name}${key(labels)}`, { name, kind, labels });
  };
  for (const sel of selectors) {
    const known = seriesKind(sel.name, model);
    if (!known) return { reason: `it reads ${sel.name}, which is not a counter or gauge of the spec (histogram buckets and unknown series are not modelled)` };
    const labels: Labels = {};
    for (const l of known.metric.labels) labels[l] = known.metric.labelValues[l]?.[0] ?? 'test';
    for (const m of sel.matchers) {
      const v = labelValueFor(known.metric, m.label, m, true, labels[m.label]);
      if (v === undefined) return { reason: `no label value satisfies ${m.label}${m.op}"${m.value}"` };
      if (v === '') delete labels[m.label];
      else labels[m.label] = v;
    }
    add(sel.name, known.kind, labels);
    const filter = sel.matchers[0];
    const other = filter ? labelValueFor(known.metric, filter.label, filter, false, undefined) : undefined;
    if (filter && other) add(sel.name, known.kind, { ...labels, [filter.label]: other });
  }
  return { series: [...out.values()] };
}

/** Levels tried per series: round numbers, then the expression's own numbers doubled and halved, then zero and no samples. */
function levelLadder(expr: string): Array<number | undefined> {
  const parsed = parsePromql(expr);
  const literals: number[] = [];
  walk(parsed.tree.topNode, (n) => {
    const v = n.name === 'NumberDurationLiteral' ? parseNumber(nodeText(parsed, n)) : undefined;
    if (v !== undefined && Number.isFinite(v) && v > 0) literals.push(v * 2, v / 2);
  });
  const levels: Array<number | undefined> = [...new Set([1, 10, 100, 1000, 0.1, 0.01, 2, 5, 20, 50, 200, 500, 1e4, 1e5, 1e6, ...literals, 0])];
  return [...levels, undefined];
}

/** Level assignments in the order tried: every series alike, then one series differing from the rest. */
function* assignments(n: number, ladder: ReadonlyArray<number | undefined>): Generator<Array<number | undefined>> {
  for (const v of ladder) yield Array<number | undefined>(n).fill(v);
  for (let i = 0; i < n; i++) for (const base of ladder) for (const v of ladder) if (v !== base) yield Array<number | undefined>(n).fill(base).map((b, j) => (j === i ? v : b));
}

/** Most series a level search works on; beyond this the assignments tried cover too little. */
const MAX_SEARCH_SERIES = 8;

const sampleLabels = (v: SampleValue): Labels[] | undefined => (v.kind === 'vector' ? v.samples.map((s) => s.labels) : undefined);

/** A promtool `values` string for a steady level over `count` samples. */
function valuesFor(kind: SteadySeries['kind'], level: number | undefined, count: number): string {
  if (level === undefined) return `_x${count}`;
  if (kind === 'gauge') return `${fmt(level)}x${count}`;
  return level === 0 ? `0x${count}` : `0+${fmt(level)}x${count}`;
}

/** Either derived inputs or the reason they cannot be derived and the input series a test block would need. */
export type SearchResult = { inputs: AlertTestInputs } | { reason: string; series: string[] };

/**
 * Derive test inputs by search: input series for every selector the alert reads (recording rules
 * looked through), each held at a steady level; the first assignment of levels whose evaluated
 * samples are non-empty at the evaluation time and at the start of the `for` window fires, and
 * the nearest assignment that yields nothing stays silent. Expected labels are the firing samples'.
 */
export function searchTestInputs(expr: string, forDuration: string | undefined, model: Model, rules: RuleIndex): SearchResult {
  const { selectors, rangeMinutes } = readInputs(expr, rules);
  const built = inputSeries(selectors, model);
  if ('reason' in built) return { reason: built.reason, series: selectors.map((s) => s.name) };
  const shown = built.series.map((s) => seriesSelector(s.name, Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`)));
  if (built.series.length === 0 || built.series.length > MAX_SEARCH_SERIES) return { reason: `it reads ${built.series.length} input series; a search covers 1 to ${MAX_SEARCH_SERIES}`, series: shown };
  const evalTime = defaultEvalTime(forDuration, rangeMinutes);
  const at = minutes(evalTime) * 60;
  const windowStart = at - (minutes(forDuration) + 2) * 60;
  const evaluate = (levels: ReadonlyArray<number | undefined>, time: number): Labels[] | 'too-close' => {
    const series = built.series.map((s, i) => ({ ...s, level: levels[i] }));
    try {
      return sampleLabels(evaluateSamples(expr, series, rules, time)) ?? [];
    } catch (err) {
      if (err instanceof TooClose) return 'too-close';
      throw err;
    }
  };
  let firing: { levels: Array<number | undefined>; labels: Labels[] } | undefined;
  let silent: Array<number | undefined> | undefined;
  try {
    const ladder = levelLadder(expr);
    for (const levels of assignments(built.series.length, ladder)) {
      const now = evaluate(levels, at);
      const before = now !== 'too-close' && now.length ? evaluate(levels, windowStart) : undefined;
      if (now !== 'too-close' && before !== undefined && before !== 'too-close' && before.length === now.length) {
        firing = { levels, labels: now };
        break;
      }
    }
    if (firing) {
      const near = built.series.flatMap((_, i) => ladder.map((v) => firing!.levels.map((b, j) => (j === i ? v : b))));
      for (const levels of [...near, ...assignments(built.series.length, ladder)]) {
        const now = evaluate(levels, at);
        if (now !== 'too-close' && now.length === 0) {
          silent = levels;
          break;
        }
      }
    }
  } catch (err) {
    if (!(err instanceof CannotEvaluate)) throw err;
    return { reason: err.message, series: shown };
  }
  if (!firing || !silent) return { reason: `no steady input levels make it ${firing ? 'stay silent' : 'fire'}`, series: shown };
  const count = minutes(evalTime) + 5;
  const inputs = (levels: ReadonlyArray<number | undefined>): TestSeries[] => built.series.map((s, i) => ({ series: shown[i]!, values: valuesFor(s.kind, levels[i], count) }));
  const expected = [...new Map(firing.labels.map((l) => [key(l), l])).values()].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return { inputs: { firing: inputs(firing.levels), silent: inputs(silent), evalTime, expected } };
}

/** The `test:` block a spec author adds to an alert whose inputs cannot be derived, as YAML text. */
export function testBlockTemplate(alert: AlertSpec, series: readonly string[]): string {
  const evalTime = defaultEvalTime(alert.for, 15);
  const lines = (values: string): string[] =>
    (series.length ? series : ['<series the expression reads>']).flatMap((s) => [`    - series: '${s}'`, `      values: '${values}'`]);
  return [`test:`, `  eval_time: ${evalTime}`, `  firing:   # series that make ${alert.alert} fire`, ...lines('<values>'), `  silent:   # series that keep it silent`, ...lines('<values>')].join('\n');
}

export interface AlertTestsOptions {
  /** `rule_files` entries, relative to the test file's directory. */
  ruleFiles: string[];
  /** Recording rules the alerts may read (for expected labels). */
  recording: RuleFile;
  evaluationInterval: string;
}

/** An alert written without a unit test: why, and the `test:` block that would give it one. */
export interface UntestedAlert {
  alert: AlertSpec;
  reason: string;
  /** YAML text of a `test:` block to fill in. */
  testBlock: string;
}

export interface SpecAlertTests {
  file: PromtoolTestFile;
  untested: UntestedAlert[];
}

/**
 * Tests for every spec alert (spec order). Inputs from the alert's `test:` block, else derived;
 * an alert with neither is listed in `untested`. A `test:` block without firing or silent series
 * is an InputError (exit 3) naming the alert and its spec location.
 */
export function generateSpecAlertTests(model: Model, alerts: RuleFile, options: AlertTestsOptions): SpecAlertTests {
  const rules = evalRulesOf([options.recording]);
  const byName = new Map<string, AlertingRule>();
  for (const g of alerts.groups) for (const r of g.rules) if (!isRecording(r)) byName.set(r.alert, r);
  const tests: PromtoolTestGroup[] = [];
  const untested: UntestedAlert[] = [];
  const problems: string[] = [];
  for (const metric of model.metrics) {
    for (const alert of metric.alerts) {
      const rule = byName.get(alert.alert);
      if (!rule) continue;
      if (alert.test && (alert.test.firing.length === 0 || alert.test.silent.length === 0)) {
        problems.push(`  ${model.path} ${alert.pointer}/test: alert ${alert.alert}: test needs both firing and silent series`);
        continue;
      }
      const derived = alert.test ? undefined : deriveTestInputs(alert.expr, alert.for, model);
      const found: SearchResult = alert.test
        ? { inputs: { firing: alert.test.firing, silent: alert.test.silent, evalTime: alert.test.evalTime ?? defaultEvalTime(alert.for, 15) } }
        : derived
          ? { inputs: derived }
          : searchTestInputs(rule.expr, alert.for, model, rules);
      if (!('inputs' in found)) {
        untested.push({ alert, reason: `test inputs cannot be derived from "${alert.expr}": ${found.reason}`, testBlock: testBlockTemplate(alert, found.series) });
        continue;
      }
      try {
        tests.push(...alertTestGroups(rule, found.inputs, rules));
      } catch (err) {
        if (!(err instanceof CannotEvaluate)) throw err;
        untested.push({ alert, reason: `expected alerts cannot be derived: ${err.message}`, testBlock: testBlockTemplate(alert, found.inputs.firing.map((s) => s.series)) });
      }
    }
  }
  if (problems.length) throw new InputError(`${model.path}: ${problems.length} alert(s) with an unusable test block\n${problems.join('\n')}`);
  return { file: { rule_files: options.ruleFiles, evaluation_interval: options.evaluationInterval, tests }, untested };
}
