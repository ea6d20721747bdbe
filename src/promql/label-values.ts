/**
 * Which label sets an expression yields for given input series, ignoring sample values (the label
 * engine in the label-value domain): the expected alerts of a generated promtool test.
 * Comparisons are assumed to hold (firing inputs).
 */
import { labelMatchers, selectorName, topExpression, type Matcher } from './ast';
import { sortedKeys } from '../core/hash';
import { labelsOf, type LabelDomain } from './label-engine';
import { parsePromql } from './parse';

export type Labels = Record<string, string>;

export interface InputSeries {
  name: string;
  labels: Labels;
}

/** A rule the evaluation may resolve selectors through (recording rules of the test's rule files). */
export interface EvalRule {
  record: string;
  expr: string;
  labels?: Labels;
}

/** Recording rules by record name; build it once per generation with {@link indexRules}. */
export type RuleIndex = ReadonlyMap<string, EvalRule>;

/** Index rules by record name (a later rule of the same name wins). */
export function indexRules(rules: Iterable<EvalRule>): RuleIndex {
  const index = new Map<string, EvalRule>();
  for (const r of rules) index.set(r.record, r);
  return index;
}

/** Raised when the label sets cannot be worked out statically; the message says why. */
export class CannotEvaluate extends Error {}

/** `name{a="1",b="2"}` with plain label values (no escapes, no control characters), as g6 writes test series. */
const PLAIN_SERIES = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{((?:[A-Za-z_][A-Za-z0-9_]*="[^"\\\x00-\x1f]*",)*[A-Za-z_][A-Za-z0-9_]*="[^"\\\x00-\x1f]*",?)?\})?$/;
const PLAIN_MATCHER = /([A-Za-z_][A-Za-z0-9_]*)="([^"]*)"/g;

/**
 * The series of a plain selector read without the grammar (the generated tests hold tens of
 * thousands): the grammar only decides whether the name is a selector, for example not `offset`
 * or `inf`. Undefined for anything else.
 */
function plainSeries(text: string): InputSeries | undefined {
  const m = PLAIN_SERIES.exec(text);
  if (!m) return undefined;
  const name = m[1]!;
  if (!isSelectorName(name)) return undefined;
  const labels: Labels = {};
  const body = m[2];
  if (body) {
    PLAIN_MATCHER.lastIndex = 0;
    for (let l = PLAIN_MATCHER.exec(body); l; l = PLAIN_MATCHER.exec(body)) if (l[1] !== '__name__') labels[l[1]!] = l[2]!;
  }
  return { name, labels };
}

/** Whether a bare name parses as a selector, by name (a few thousand distinct): the grammar's verdict, looked up in a table far smaller than the parse memo. */
const selectorNames = new Map<string, boolean>();

function isSelectorName(name: string): boolean {
  let selects = selectorNames.get(name);
  if (selects === undefined) {
    const bare = parsePromql(name);
    selects = bare.errors.length === 0 && bare.tree.topNode.firstChild?.name === 'VectorSelector';
    selectorNames.set(name, selects);
  }
  return selects;
}

/** Parse a promtool input-series selector (`m{a="1"}`); throws CannotEvaluate when it is not one. */
export function parseSeries(text: string): InputSeries {
  const plain = plainSeries(text);
  if (plain) return plain;
  const parsed = parsePromql(text);
  const top = parsed.tree.topNode.firstChild;
  if (parsed.errors.length || !top || top.name !== 'VectorSelector') throw new CannotEvaluate(`"${text}" is not a series selector such as name{label="value"}`);
  const name = selectorName(parsed, top);
  if (!name) throw new CannotEvaluate(`series "${text}" has no metric name`);
  const labels: Labels = {};
  for (const m of labelMatchers(parsed, top)) {
    if (m.label === '__name__') continue;
    if (m.op !== '=') throw new CannotEvaluate(`series "${text}" may only use = matchers`);
    labels[m.label] = m.value;
  }
  return { name, labels };
}

/** A canonical key of a label set: its entries sorted by name, as JSON (`[["a","1"],["b","2"]]`), which orders sets too. */
export function key(l: Labels): string {
  const names = sortedKeys(l);
  let out = '[';
  for (let i = 0; i < names.length; i++) out += `${i ? ',' : ''}[${jsonString(names[i]!)},${jsonString(l[names[i]!]!)}]`;
  return `${out}]`;
}

/** Characters JSON.stringify writes as they are, surrogates aside (a lone one is escaped). */
const VERBATIM = /^[^"\\\x00-\x1f\ud800-\udfff]*$/;
const jsonString = (s: string): string => (VERBATIM.test(s) ? `"${s}"` : JSON.stringify(s));
const dedupe = (sets: Labels[]): Labels[] => {
  if (sets.length < 2) return sets;
  const seen = new Map<string, Labels>();
  for (const s of sets) {
    const k = key(s);
    if (!seen.has(k)) seen.set(k, s);
  }
  return [...seen.values()];
};
export const pick = (l: Labels, keep: readonly string[]): Labels => Object.fromEntries(Object.entries(l).filter(([k]) => keep.includes(k)));
export const drop = (l: Labels, remove: readonly string[]): Labels => Object.fromEntries(Object.entries(l).filter(([k]) => !remove.includes(k)));

type Value = { kind: 'scalar' } | { kind: 'vector'; sets: Labels[] };

/** The label sets of a value; a scalar is one empty label set. */
const setsOf = (v: Value): Labels[] => (v.kind === 'vector' ? v.sets : [{}]);

/** Recording rules may read each other at most this deep. */
const MAX_RULE_DEPTH = 20;

/**
 * Label sets (without `__name__`) of `expr`'s result over `series`, resolving recording-rule
 * names through `rules`. Sorted for determinism. Throws CannotEvaluate for constructs whose labels
 * depend on values (label_replace, count_values, absent …). Linear in the series per selector.
 */
export function evaluateLabelSets(expr: string, series: readonly InputSeries[], rules: RuleIndex): Labels[] {
  const keyed = setsOf(evaluateText(expr, series, rules, 0)).map((labels) => ({ labels, key: key(labels) }));
  return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((k) => k.labels);
}

function evaluateText(text: string, series: readonly InputSeries[], rules: RuleIndex, depth: number): Value {
  if (depth > MAX_RULE_DEPTH) throw new CannotEvaluate('recording rules reference each other too deeply');
  const parsed = parsePromql(text);
  if (parsed.errors.length) throw new CannotEvaluate(`"${text}" does not parse`);
  const top = topExpression(parsed);
  if (!top) throw new CannotEvaluate('empty expression');
  return labelsOf(parsed, top, labelValueDomain(series, rules, depth));
}

/** Whether a label set satisfies every matcher (a missing label reads as ""). */
export const matches = (l: Labels, matchers: readonly Matcher[]): boolean =>
  matchers.every((m) => {
    const v = l[m.label] ?? '';
    switch (m.op) {
      case '=':
        return v === m.value;
      case '!=':
        return v !== m.value;
      case '=~':
        return new RegExp(`^(?:${m.value})$`).test(v);
      default:
        return !new RegExp(`^(?:${m.value})$`).test(v);
    }
  });

/**
 * Label sets of a record over `series` evaluated at `depth` (its static labels added), keyed by the
 * series and rule index they were worked out from: the alerts of one test inputs (a warning and a
 * critical differing only in the threshold) read the same records. Callers must not mutate them.
 */
const recordMemo = new WeakMap<RuleIndex, WeakMap<readonly InputSeries[], Map<string, Labels[]>>>();

function recordSets(rule: EvalRule, series: readonly InputSeries[], rules: RuleIndex, depth: number): Labels[] {
  let bySeries = recordMemo.get(rules);
  if (!bySeries) recordMemo.set(rules, (bySeries = new WeakMap()));
  let memo = bySeries.get(series);
  if (!memo) bySeries.set(series, (memo = new Map()));
  const k = `${depth} ${rule.record}`;
  let sets = memo.get(k);
  if (!sets) {
    sets = setsOf(evaluateText(rule.expr, series, rules, depth)).map((s) => ({ ...s, ...(rule.labels ?? {}) }));
    memo.set(k, sets);
  }
  return sets;
}

/** The label-value domain over `series`; recording rules are evaluated one level deeper. */
function labelValueDomain(series: readonly InputSeries[], rules: RuleIndex, depth: number): LabelDomain<Value> {
  return {
    scalar: { kind: 'scalar' },
    isScalar: (v) => v.kind === 'scalar',
    noLabels: { kind: 'vector', sets: [{}] },
    unknown(why) {
      throw new CannotEvaluate(why);
    },
    selector(name, matchers) {
      const rule = rules.get(name);
      const sets = rule ? recordSets(rule, series, rules, depth + 1) : series.filter((s) => s.name === name).map((s) => s.labels);
      const own = matchers.filter((m) => m.label !== '__name__');
      return { kind: 'vector', sets: dedupe(sets.filter((s) => matches(s, own))) };
    },
    drop: (v, labels) => ({ kind: 'vector', sets: dedupe(setsOf(v).map((s) => drop(s, labels))) }),
    aggregate: ({ mode, labels }, inner) => ({ kind: 'vector', sets: dedupe(setsOf(inner).map((s) => (mode === 'without' ? drop(s, labels) : pick(s, labels)))) }),
    countValues() {
      throw new CannotEvaluate('count_values labels depend on sample values');
    },
    binary({ op, matching }, left, right) {
      const l = setsOf(left);
      const r = setsOf(right);
      const on = matching?.mode === 'on';
      const matched = matching?.labels ?? [];
      const sig = (s: Labels): string => key(on ? pick(s, matched) : drop(s, matched));
      const rightSigs = new Map<string, Labels>();
      for (const s of r) rightSigs.set(sig(s), s);
      if (op === 'or') {
        const leftSigs = new Set(l.map(sig));
        return { kind: 'vector', sets: dedupe([...l, ...r.filter((s) => !leftSigs.has(sig(s)))]) };
      }
      if (op === 'and') return { kind: 'vector', sets: l.filter((s) => rightSigs.has(sig(s))) };
      if (op === 'unless') return { kind: 'vector', sets: l.filter((s) => !rightSigs.has(sig(s))) };
      if (matching?.group === 'right') throw new CannotEvaluate('group_right is not supported in derived test expectations');
      if (matching?.group === 'left') {
        const include = matching.include;
        return {
          kind: 'vector',
          sets: dedupe(
            l.flatMap((s) => {
              const match = rightSigs.get(sig(s));
              return match ? [{ ...s, ...pick(match, include) }] : [];
            }),
          ),
        };
      }
      return { kind: 'vector', sets: dedupe(l.filter((s) => rightSigs.has(sig(s))).map((s) => (on ? pick(s, matched) : drop(s, matched)))) };
    },
  };
}
