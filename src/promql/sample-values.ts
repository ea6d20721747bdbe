/**
 * Sample values an expression yields at one evaluation time over steady input series: counters
 * growing at a constant rate from 0, gauges constant, or series without samples (the label engine
 * in the sample-value domain). What a derived promtool test needs to know whether its inputs make
 * an alert fire. Pure.
 */
import type { BinaryParts, Grouping } from './ast';
import { labelsOf, type LabelDomain } from './label-engine';
import { CannotEvaluate, drop, key, matches, pick, type Labels, type RuleIndex } from './label-values';
import { parsePromql } from './parse';
import { topExpression } from './ast';

/** One input series in its steady state. */
export interface SteadySeries {
  name: string;
  labels: Labels;
  kind: 'counter' | 'gauge';
  /** Counter: increase per minute (from 0 at time 0); gauge: its constant value; undefined: no samples at all. */
  level: number | undefined;
}

export interface Sample {
  labels: Labels;
  value: number;
  /** Growth per second of a raw series (0 once a function has read it). */
  slope: number;
}

export type SampleValue =
  | { kind: 'scalar'; value: number }
  /** `equalities`: the `=` matchers of a plain selector (absent() labels its result with them); `range`: seconds of a range vector. */
  | { kind: 'vector'; samples: Sample[]; equalities?: Labels; range?: number };

/** Raised when a comparison is too close to call: promtool's floating point could decide either way. */
export class TooClose extends CannotEvaluate {}

/** Recording rules may read each other at most this deep. */
const MAX_RULE_DEPTH = 20;

/**
 * The samples of `expr` at `evalSeconds` over `series`, recording-rule names resolved through
 * `rules` (their labels added). Throws CannotEvaluate for what it does not model (histogram
 * quantiles, label rewriting, group_right, …) and TooClose for a comparison within rounding of
 * its threshold.
 */
export function evaluateSamples(expr: string, series: readonly SteadySeries[], rules: RuleIndex, evalSeconds: number): SampleValue {
  return evaluateText(expr, series, rules, evalSeconds, 0);
}

function evaluateText(text: string, series: readonly SteadySeries[], rules: RuleIndex, at: number, depth: number): SampleValue {
  if (depth > MAX_RULE_DEPTH) throw new CannotEvaluate('recording rules reference each other too deeply');
  const parsed = parsePromql(text);
  const top = topExpression(parsed);
  if (parsed.errors.length || !top) throw new CannotEvaluate(`"${text}" does not parse`);
  return labelsOf(parsed, top, sampleDomain(series, rules, at, depth));
}

const vector = (samples: Sample[]): SampleValue => ({ kind: 'vector', samples });
const samplesOf = (v: SampleValue): Sample[] => (v.kind === 'vector' ? v.samples : []);
const scalarOf = (v: SampleValue | undefined, what: string): number => {
  if (v?.kind !== 'scalar') throw new CannotEvaluate(`${what} needs a number`);
  return v.value;
};
const mapValues = (v: SampleValue, f: (x: number) => number): SampleValue => vector(samplesOf(v).map((s) => ({ labels: s.labels, value: f(s.value), slope: 0 })));

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  '^': (a, b) => a ** b,
  atan2: (a, b) => Math.atan2(a, b),
};

const COMPARISON: Record<string, (a: number, b: number) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b,
};

/** `a op b`, refusing comparisons within rounding unless both sides are the same whole number. */
function compare(op: string, a: number, b: number): boolean {
  const close = Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
  if (close && !(a === b && Number.isInteger(a))) throw new TooClose(`${a} ${op} ${b} is too close to call`);
  return COMPARISON[op]!(a, b);
}

/** The value of `a op b` for a sample, or undefined when a comparison filters it out. */
function operate(op: string, bool: boolean, a: number, b: number, kept: number): number | undefined {
  const arithmetic = ARITHMETIC[op];
  if (arithmetic) return arithmetic(a, b);
  if (!COMPARISON[op]) throw new CannotEvaluate(`operator ${op} is not modelled`);
  const holds = compare(op, a, b);
  if (bool) return holds ? 1 : 0;
  return holds ? kept : undefined;
}

const AGGREGATIONS: Record<string, (values: number[]) => number> = {
  sum: (v) => v.reduce((a, b) => a + b, 0),
  avg: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  min: (v) => Math.min(...v),
  max: (v) => Math.max(...v),
  count: (v) => v.length,
  group: () => 1,
};

/** Per-second functions of a range vector: what they return for a series growing at `slope` per second over `range` seconds. */
const RANGE_FUNCTIONS: Record<string, (s: Sample, range: number) => number> = {
  rate: (s) => s.slope,
  irate: (s) => s.slope,
  deriv: (s) => s.slope,
  increase: (s, range) => s.slope * range,
  delta: (s, range) => s.slope * range,
};

/** Functions of a range vector that return its (constant) value; only a series that does not grow has one. */
const OVER_TIME = new Set(['avg_over_time', 'min_over_time', 'max_over_time', 'last_over_time', 'quantile_over_time']);

const ELEMENTWISE: Record<string, (x: number) => number> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  sqrt: Math.sqrt,
  exp: Math.exp,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
};

function sampleDomain(series: readonly SteadySeries[], rules: RuleIndex, at: number, depth: number): LabelDomain<SampleValue> {
  const unknown = (why: string): never => {
    throw new CannotEvaluate(why);
  };
  const call = (name: string, args: SampleValue[]): SampleValue => {
    const [first, second, third] = args;
    const perSecond = RANGE_FUNCTIONS[name];
    if (perSecond || OVER_TIME.has(name) || name === 'absent_over_time') {
      const range = args.find((a) => a.kind === 'vector' && a.range !== undefined);
      if (range?.kind !== 'vector' || range.range === undefined) return unknown(`${name}() needs a range vector`);
      if (name === 'absent_over_time') return range.samples.length ? vector([]) : vector([{ labels: range.equalities ?? {}, value: 1, slope: 0 }]);
      if (perSecond) return vector(range.samples.map((s) => ({ labels: s.labels, value: perSecond(s, range.range!), slope: 0 })));
      if (range.samples.some((s) => s.slope !== 0)) return unknown(`${name}() of a growing series is not modelled`);
      return vector(range.samples.map((s) => ({ ...s })));
    }
    const elementwise = ELEMENTWISE[name];
    if (elementwise && first) return first.kind === 'scalar' ? { kind: 'scalar', value: elementwise(first.value) } : mapValues(first, elementwise);
    switch (name) {
      case 'clamp_min':
        return mapValues(first!, (x) => Math.max(x, scalarOf(second, 'clamp_min')));
      case 'clamp_max':
        return mapValues(first!, (x) => Math.min(x, scalarOf(second, 'clamp_max')));
      case 'clamp':
        return mapValues(first!, (x) => Math.min(Math.max(x, scalarOf(second, 'clamp')), scalarOf(third, 'clamp')));
      case 'absent':
        return first?.kind === 'vector' && first.samples.length === 0 ? vector([{ labels: first.equalities ?? {}, value: 1, slope: 0 }]) : vector([]);
      case 'vector':
        return vector([{ labels: {}, value: scalarOf(first, 'vector'), slope: 0 }]);
      case 'scalar': {
        const s = samplesOf(first!);
        return { kind: 'scalar', value: s.length === 1 ? s[0]!.value : NaN };
      }
      case 'time':
        return { kind: 'scalar', value: at };
      default:
        return unknown(`${name}() is not modelled`);
    }
  };
  return {
    scalar: { kind: 'scalar', value: NaN },
    isScalar: (v) => v.kind === 'scalar',
    noLabels: vector([{ labels: {}, value: NaN, slope: 0 }]),
    unknown,
    selector(name, matchers) {
      const own = matchers.filter((m) => m.label !== '__name__');
      const equalities = Object.fromEntries(own.filter((m) => m.op === '=').map((m) => [m.label, m.value]));
      const rule = rules.get(name);
      const samples = rule
        ? samplesOf(evaluateText(rule.expr, series, rules, at, depth + 1)).map((s) => ({ ...s, labels: { ...s.labels, ...(rule.labels ?? {}) } }))
        : series
            .filter((s) => s.name === name && s.level !== undefined)
            .map((s) => {
              const level = s.level!;
              return s.kind === 'counter' ? { labels: s.labels, value: (level * at) / 60, slope: level / 60 } : { labels: s.labels, value: level, slope: 0 };
            });
      return { kind: 'vector', samples: samples.filter((s) => matches(s.labels, own)), equalities };
    },
    drop: (v, labels) => vector(samplesOf(v).map((s) => ({ ...s, labels: drop(s.labels, labels) }))),
    aggregate: () => unknown('aggregation without its operator'),
    countValues: () => unknown('count_values labels depend on sample values'),
    binary: (parts, left, right) => binaryVectors(parts, samplesOf(left), samplesOf(right)),
    values: {
      number: (value) => ({ kind: 'scalar', value }),
      negate: (v) => (v.kind === 'scalar' ? { kind: 'scalar', value: -v.value } : mapValues(v, (x) => -x)),
      range: (v, seconds) => (v.kind === 'vector' ? { ...v, range: seconds } : unknown('a range of a scalar')),
      call,
      aggregate: (name, grouping, params, inner) => aggregate(name, grouping, params, samplesOf(inner)),
      withScalar({ op, bool }, left, right) {
        if (left.kind === 'scalar' && right.kind === 'scalar') {
          const value = operate(op, true, left.value, right.value, left.value);
          return { kind: 'scalar', value: value! };
        }
        const swap = left.kind === 'scalar';
        const number = swap ? (left as { value: number }).value : (right as { value: number }).value;
        const out: Sample[] = [];
        for (const s of samplesOf(swap ? right : left)) {
          const value = swap ? operate(op, bool, number, s.value, s.value) : operate(op, bool, s.value, number, s.value);
          if (value !== undefined) out.push({ labels: s.labels, value, slope: 0 });
        }
        return vector(out);
      },
    },
  };
}

function aggregate(name: string, { mode, labels }: Grouping, params: SampleValue[], samples: Sample[]): SampleValue {
  const groupOf = (l: Labels): Labels => (mode === 'without' ? drop(l, labels) : pick(l, labels));
  const groups = new Map<string, { labels: Labels; members: Sample[] }>();
  for (const s of samples) {
    const g = groupOf(s.labels);
    const k = key(g);
    if (!groups.has(k)) groups.set(k, { labels: g, members: [] });
    groups.get(k)!.members.push(s);
  }
  if (name === 'topk' || name === 'bottomk') {
    const k = scalarOf(params[0], name);
    const order = name === 'topk' ? -1 : 1;
    return vector([...groups.values()].flatMap((g) => [...g.members].sort((a, b) => order * (a.value - b.value)).slice(0, k)));
  }
  const fold = AGGREGATIONS[name];
  if (!fold) throw new CannotEvaluate(`${name}() is not modelled`);
  // sums and averages of growing series keep growing; a later rate() reads that growth
  const slope = name === 'sum' ? (m: Sample[]) => m.reduce((a, s) => a + s.slope, 0) : name === 'avg' ? (m: Sample[]) => m.reduce((a, s) => a + s.slope, 0) / m.length : () => 0;
  return vector([...groups.values()].map((g) => ({ labels: g.labels, value: fold(g.members.map((s) => s.value)), slope: slope(g.members) })));
}

function binaryVectors({ op, bool, matching }: BinaryParts, left: Sample[], right: Sample[]): SampleValue {
  const on = matching?.mode === 'on';
  const matched = matching?.labels ?? [];
  const sig = (l: Labels): string => key(on ? pick(l, matched) : drop(l, matched));
  if (op === 'and' || op === 'unless' || op === 'or') {
    const rightSigs = new Set(right.map((s) => sig(s.labels)));
    const leftSigs = new Set(left.map((s) => sig(s.labels)));
    if (op === 'and') return vector(left.filter((s) => rightSigs.has(sig(s.labels))));
    if (op === 'unless') return vector(left.filter((s) => !rightSigs.has(sig(s.labels))));
    return vector([...left, ...right.filter((s) => !leftSigs.has(sig(s.labels)))]);
  }
  if (matching?.group === 'right') throw new CannotEvaluate('group_right is not modelled');
  const bySig = new Map<string, Sample>();
  for (const s of right) {
    if (bySig.has(sig(s.labels))) throw new CannotEvaluate(`several right-hand series match one signature of ${op}`);
    bySig.set(sig(s.labels), s);
  }
  const out: Sample[] = [];
  for (const l of left) {
    const r = bySig.get(sig(l.labels));
    if (!r) continue;
    const value = operate(op, bool, l.value, r.value, l.value);
    if (value === undefined) continue;
    const labels = matching?.group === 'left' ? { ...l.labels, ...pick(r.labels, matching.include) } : on ? pick(l.labels, matched) : drop(l.labels, matched);
    out.push({ labels, value, slope: 0 });
  }
  return vector(out);
}
