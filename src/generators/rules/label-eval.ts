/**
 * Which label sets an expression yields for given input series, ignoring sample values: the
 * expected alerts of a generated promtool test. Comparisons are assumed to hold (firing inputs).
 */
import type { SyntaxNode } from '@lezer/common';
import { callArguments, callName, expressionChildren, groupingOf, labelMatchers, selectorName } from '../../promql/inspect';
import { nodeText, parsePromql, type ParsedPromql } from '../../promql/parse';

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

/** Raised when the label sets cannot be worked out statically; the message says why. */
export class CannotEvaluate extends Error {}

/** Parse a promtool input-series selector (`m{a="1"}`); throws CannotEvaluate when it is not one. */
export function parseSeries(text: string): InputSeries {
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

const key = (l: Labels): string => JSON.stringify(Object.entries(l).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const dedupe = (sets: Labels[]): Labels[] => {
  const seen = new Map<string, Labels>();
  for (const s of sets) if (!seen.has(key(s))) seen.set(key(s), s);
  return [...seen.values()];
};
const pick = (l: Labels, keep: readonly string[]): Labels => Object.fromEntries(Object.entries(l).filter(([k]) => keep.includes(k)));
const drop = (l: Labels, remove: readonly string[]): Labels => Object.fromEntries(Object.entries(l).filter(([k]) => !remove.includes(k)));

type Value = { kind: 'scalar' } | { kind: 'vector'; sets: Labels[] };

/**
 * Label sets (without `__name__`) of `expr`'s result over `series`, resolving recording-rule
 * names through `rules`. Sorted for determinism. Throws CannotEvaluate for constructs whose labels
 * depend on values (label_replace, count_values, absent …).
 */
export function evaluateLabelSets(expr: string, series: readonly InputSeries[], rules: readonly EvalRule[]): Labels[] {
  const byRecord = new Map(rules.map((r) => [r.record, r]));
  const evalExpr = (text: string, depth: number): Value => {
    if (depth > 20) throw new CannotEvaluate('recording rules reference each other too deeply');
    const parsed = parsePromql(text);
    if (parsed.errors.length) throw new CannotEvaluate(`"${text}" does not parse`);
    const top = parsed.tree.topNode.firstChild;
    if (!top) throw new CannotEvaluate('empty expression');
    return evalNode(parsed, top, depth);
  };
  const evalNode = (parsed: ParsedPromql, node: SyntaxNode, depth: number): Value => {
    const kids = (): SyntaxNode[] => expressionChildren(node);
    switch (node.name) {
      case 'NumberDurationLiteral':
      case 'StringLiteral':
        return { kind: 'scalar' };
      case 'ParenExpr':
      case 'OffsetExpr':
      case 'StepInvariantExpr':
      case 'SubqueryExpr':
      case 'UnaryExpr': {
        const inner = kids()[0];
        if (!inner) throw new CannotEvaluate(`cannot read ${nodeText(parsed, node)}`);
        return evalNode(parsed, inner, depth);
      }
      case 'MatrixSelector': {
        const v = node.getChild('VectorSelector');
        if (!v) throw new CannotEvaluate(`cannot read ${nodeText(parsed, node)}`);
        return evalNode(parsed, v, depth);
      }
      case 'VectorSelector': {
        const name = selectorName(parsed, node);
        if (!name) throw new CannotEvaluate(`selector ${nodeText(parsed, node)} has no metric name`);
        const matchers = labelMatchers(parsed, node).filter((m) => m.label !== '__name__');
        let sets: Labels[];
        const rule = byRecord.get(name);
        if (rule) {
          const v = evalExpr(rule.expr, depth + 1);
          sets = v.kind === 'vector' ? v.sets.map((s) => ({ ...s, ...(rule.labels ?? {}) })) : [{ ...(rule.labels ?? {}) }];
        } else sets = series.filter((s) => s.name === name).map((s) => s.labels);
        const matches = (l: Labels): boolean =>
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
        return { kind: 'vector', sets: dedupe(sets.filter(matches)) };
      }
      case 'AggregateExpr': {
        const args = callArguments(node);
        const vec = args[args.length - 1];
        const name = callName(parsed, node);
        if (!vec) throw new CannotEvaluate(`${name} without arguments`);
        if (name === 'count_values') throw new CannotEvaluate('count_values labels depend on sample values');
        const inner = evalNode(parsed, vec, depth);
        if (inner.kind !== 'vector') throw new CannotEvaluate(`${name} over a scalar`);
        if (['topk', 'bottomk', 'limitk', 'limit_ratio'].includes(name)) return inner;
        if (inner.sets.length === 0) return inner;
        const { mode, labels } = groupingOf(parsed, node);
        return { kind: 'vector', sets: dedupe(inner.sets.map((s) => (mode === 'without' ? drop(s, labels) : pick(s, labels)))) };
      }
      case 'FunctionCall': {
        const name = callName(parsed, node);
        const args = callArguments(node).map((a) => evalNode(parsed, a, depth));
        if (name === 'vector') return { kind: 'vector', sets: [{}] };
        if (name === 'time' || name === 'scalar' || name === 'pi') return { kind: 'scalar' };
        if (['label_replace', 'label_join', 'absent', 'absent_over_time', 'info'].includes(name)) {
          throw new CannotEvaluate(`the labels of ${name}() depend on values`);
        }
        const vec = args.find((a): a is Extract<Value, { kind: 'vector' }> => a.kind === 'vector');
        if (!vec) return { kind: 'scalar' };
        if (name === 'histogram_quantile') return { kind: 'vector', sets: dedupe(vec.sets.map((s) => drop(s, ['le']))) };
        return vec;
      }
      case 'BinaryExpr': {
        const [lhs, rhs] = kids();
        if (!lhs || !rhs) throw new CannotEvaluate(`cannot read ${nodeText(parsed, node)}`);
        const l = evalNode(parsed, lhs, depth);
        const r = evalNode(parsed, rhs, depth);
        if (l.kind === 'scalar') return r;
        if (r.kind === 'scalar') return l;
        let op = '';
        let clause: SyntaxNode | null = null;
        for (let c = node.firstChild; c; c = c.nextSibling) {
          if ((c.from === lhs.from && c.to === lhs.to) || (c.from === rhs.from && c.to === rhs.to) || c.name === 'BoolModifier') continue;
          if (c.name === 'MatchingModifierClause') clause = c;
          else op = nodeText(parsed, c).toLowerCase();
        }
        const clauseLabels: string[] = [];
        const include: string[] = [];
        if (clause) {
          let target = clauseLabels;
          for (let c = clause.firstChild; c; c = c.nextSibling) {
            if (c.name === 'GroupLeft' || c.name === 'GroupRight') target = include;
            if (c.name === 'GroupingLabels')
              for (let x = c.firstChild; x; x = x.nextSibling) if (x.name === 'LabelName') target.push(nodeText(parsed, x));
          }
        }
        const on = Boolean(clause?.getChild('On'));
        const sig = (s: Labels): string => key(on ? pick(s, clauseLabels) : drop(s, clauseLabels));
        const rightSigs = new Map<string, Labels>();
        for (const s of r.sets) rightSigs.set(sig(s), s);
        if (op === 'or') {
          const leftSigs = new Set(l.sets.map(sig));
          return { kind: 'vector', sets: dedupe([...l.sets, ...r.sets.filter((s) => !leftSigs.has(sig(s)))]) };
        }
        if (op === 'and') return { kind: 'vector', sets: l.sets.filter((s) => rightSigs.has(sig(s))) };
        if (op === 'unless') return { kind: 'vector', sets: l.sets.filter((s) => !rightSigs.has(sig(s))) };
        if (clause?.getChild('GroupRight')) throw new CannotEvaluate('group_right is not supported in derived test expectations');
        if (clause?.getChild('GroupLeft')) {
          return {
            kind: 'vector',
            sets: dedupe(
              l.sets.flatMap((s) => {
                const match = rightSigs.get(sig(s));
                return match ? [{ ...s, ...pick(match, include) }] : [];
              }),
            ),
          };
        }
        return {
          kind: 'vector',
          sets: dedupe(l.sets.filter((s) => rightSigs.has(sig(s))).map((s) => (on ? pick(s, clauseLabels) : drop(s, clauseLabels)))),
        };
      }
      default:
        throw new CannotEvaluate(`unsupported construct ${node.name}`);
    }
  };
  const v = evalExpr(expr, 0);
  const sets = v.kind === 'vector' ? v.sets : [{}];
  return [...sets].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
