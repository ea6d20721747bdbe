/**
 * Label names of an expression's result as far as static analysis knows them, and the vector
 * matches that can never match (the label engine in the label-name domain).
 */
import { sortStrings } from '../core/hash';
import { topExpression, type BinaryParts, type Grouping, type Matcher } from './ast';
import { labelsOf, type LabelDomain } from './label-engine';
import type { ParsedPromql } from './parse';

/**
 * Labels of an expression's result, as far as static analysis knows them. `exact` sets are
 * the complete label set (after aggregation `by`); `atLeast` sets are lower bounds (raw selectors
 * carry target labels too); `scalar` has no labels and matches anything; `unknown` cannot be said.
 */
export type LabelSet =
  | { kind: 'exact'; labels: string[] }
  | { kind: 'atLeast'; labels: string[] }
  | { kind: 'scalar' }
  | { kind: 'unknown' };

/** Result labels of a selected series name (a metric or a recording rule); undefined = unknown. */
export type SeriesLabelResolver = (name: string) => LabelSet | undefined;

/** A problem with the vector matching of a binary operator. */
export interface MatchingProblem {
  /** Operator text (`and`, `or`, `/`, …). */
  op: string;
  /** Source text of the binary expression. */
  text: string;
  left: LabelSet;
  right: LabelSet;
  /** One sentence: why the two sides can never match. */
  message: string;
}

/**
 * Result labels of a parsed expression. Aggregations with `by` give exact sets, `without`
 * removes labels, functions keep their argument's labels (minus `le` for histogram_quantile),
 * binary operators keep the left side's (`group_right` and `or` excepted). Pure.
 */
export function resultLabels(parsed: ParsedPromql, resolve: SeriesLabelResolver): LabelSet {
  const top = topExpression(parsed);
  return top ? labelsOf(parsed, top, labelNameDomain(resolve, [])) : UNKNOWN;
}

/**
 * Vector-matching problems of every binary operator between two vectors, in evaluation order:
 * sides whose label sets can never be equal on the matched labels (the stall-alert bug:
 * `x{job="a"} and sum(y)`). Pure.
 */
export function findMatchingProblems(parsed: ParsedPromql, resolve: SeriesLabelResolver): MatchingProblem[] {
  const problems: MatchingProblem[] = [];
  const top = topExpression(parsed);
  if (top) labelsOf(parsed, top, labelNameDomain(resolve, problems));
  return problems;
}

const UNKNOWN: LabelSet = { kind: 'unknown' };
const sorted = (xs: Iterable<string>): string[] => sortStrings([...new Set(xs)]);
const sameLabels = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Whether a matcher proves its label is present on every selected series (`a="x"`, `a=~"x+"`). */
const provesLabel = (m: Matcher): boolean => m.label !== '__name__' && (m.op === '=' ? m.value !== '' : m.op === '=~' && !new RegExp(`^(?:${m.value})$`).test(''));

/** The label-name domain; matching problems are appended to `problems`. */
function labelNameDomain(resolve: SeriesLabelResolver, problems: MatchingProblem[]): LabelDomain<LabelSet> {
  const aggregate = (g: Grouping, inner: LabelSet): LabelSet => {
    if (g.mode === 'by') return { kind: 'exact', labels: g.labels };
    if (inner.kind === 'exact') return { kind: 'exact', labels: inner.labels.filter((l) => !g.labels.includes(l)) };
    return inner.kind === 'atLeast' ? UNKNOWN : inner;
  };
  return {
    scalar: { kind: 'scalar' },
    isScalar: (v) => v.kind === 'scalar',
    noLabels: { kind: 'exact', labels: [] },
    unknown: () => UNKNOWN,
    selector(name, matchers) {
      const known = resolve(name);
      if (!known) return UNKNOWN;
      if (known.kind !== 'atLeast') return known;
      return { kind: 'atLeast', labels: sorted([...known.labels, ...matchers.filter(provesLabel).map((m) => m.label)]) };
    },
    drop: (v, labels) => (v.kind === 'exact' || v.kind === 'atLeast' ? { kind: v.kind, labels: v.labels.filter((l) => !labels.includes(l)) } : v),
    aggregate,
    countValues(g, label, inner) {
      const base = aggregate(g, inner);
      if (base.kind !== 'exact') return base;
      return label ? { kind: 'exact', labels: sorted([...base.labels, label]) } : UNKNOWN;
    },
    binary({ op, matching }, left, right, text) {
      const message = matchingProblem(left, right, matching?.mode === 'on' ? matching.labels : undefined, matching?.mode === 'ignoring' ? matching.labels : []);
      if (message) problems.push({ op, text, left, right, message });
      if (op === 'or') return left.kind === 'exact' && right.kind === 'exact' && sameLabels(left.labels, right.labels) ? left : UNKNOWN;
      return matching?.group === 'right' ? right : left;
    },
  };
}

function matchingProblem(left: LabelSet, right: LabelSet, on: string[] | undefined, ignoring: string[]): string | undefined {
  const show = (s: LabelSet): string => (s.kind === 'exact' ? `{${s.labels.join(', ')}}` : s.kind === 'atLeast' ? `at least {${s.labels.join(', ')}}` : s.kind);
  const sides: Array<[string, LabelSet]> = [
    ['left', left],
    ['right', right],
  ];
  if (on) {
    for (const [side, set] of sides) {
      if (set.kind !== 'exact') continue;
      const missing = on.filter((l) => !set.labels.includes(l));
      if (missing.length) return `the ${side} side ${show(set)} lacks on() label(s) ${missing.join(', ')}, so no element can match`;
    }
    return undefined;
  }
  const strip = (s: LabelSet): LabelSet =>
    s.kind === 'exact' || s.kind === 'atLeast' ? { kind: s.kind, labels: s.labels.filter((l) => !ignoring.includes(l)) } : s;
  const l = strip(left);
  const r = strip(right);
  const mismatch = (): string =>
    `label sets ${show(left)} and ${show(right)} can never be equal${ignoring.length ? ` ignoring (${ignoring.join(', ')})` : ''}; add on(…) or aggregate both sides to the same labels`;
  if (l.kind === 'exact' && r.kind === 'exact') return sameLabels(l.labels, r.labels) ? undefined : mismatch();
  if (l.kind === 'exact' && r.kind === 'atLeast') return r.labels.every((x) => l.labels.includes(x)) ? undefined : mismatch();
  if (l.kind === 'atLeast' && r.kind === 'exact') return l.labels.every((x) => r.labels.includes(x)) ? undefined : mismatch();
  return undefined;
}
