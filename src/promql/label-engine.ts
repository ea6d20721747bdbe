/**
 * The one label engine: a walk of the parse tree that carries labels from selectors through
 * functions, aggregations and binary operators. A domain says what "labels" are: the label names
 * known statically (label-names.ts) or the label sets of given input series (label-values.ts).
 */
import type { SyntaxNode } from '@lezer/common';
import { binaryParts, callArguments, callName, expressionChildren, groupingOf, labelMatchers, parseNumber, selectorName, type BinaryParts, type Grouping, type Matcher } from './ast';
import { durationMs } from './duration';
import { aggregationLabels, functionLabels } from './functions';
import { childNamed, nodeText, unquote, VARIABLE_PLACEHOLDER_PREFIX, type ParsedPromql } from './parse';

/** What labels are in one domain, and how each construct changes them. Scalars never reach the operations. */
export interface LabelDomain<V> {
  /** A number or string: no labels, matches anything. */
  readonly scalar: V;
  isScalar(v: V): boolean;
  /** vector(s): one series without labels. */
  readonly noLabels: V;
  /** A construct whose labels the domain cannot follow; `why` is one phrase. */
  unknown(why: string): V;
  /** A selector of a named series. */
  selector(name: string, matchers: readonly Matcher[]): V;
  /** `v` without `labels` (histogram_quantile drops `le`). */
  drop(v: V, labels: readonly string[]): V;
  /** A grouping aggregation (sum, avg, …) of `inner`. */
  aggregate(grouping: Grouping, inner: V): V;
  /** count_values of `inner`: the grouping plus `label` (undefined when not a string literal). */
  countValues(grouping: Grouping, label: string | undefined, inner: V): V;
  /** A binary operator between two vectors; `text` is its source. */
  binary(parts: BinaryParts, left: V, right: V, text: string): V;
  /** Present in a domain that follows sample values too (sample-values.ts); label-only domains leave it out. */
  readonly values?: ValueHooks<V>;
}

/** What a value-following domain decides itself instead of the label tables. */
export interface ValueHooks<V> {
  /** A number literal. */
  number(value: number): V;
  /** Unary minus. */
  negate(v: V): V;
  /** `v[range]` of a matrix selector, the range in seconds. */
  range(v: V, seconds: number): V;
  /** Any function call, its arguments evaluated in order. */
  call(name: string, args: V[]): V;
  /** Any aggregation: its parameters (topk's k, quantile's φ) and its vector argument. */
  aggregate(name: string, grouping: Grouping, params: V[], inner: V): V;
  /** A binary operator with at least one scalar operand. */
  withScalar(parts: BinaryParts, left: V, right: V): V;
}

/** Labels of the expression at `node` in `domain`. Pure apart from what the domain does. */
export function labelsOf<V>(parsed: ParsedPromql, node: SyntaxNode, domain: LabelDomain<V>): V {
  const of = (n: SyntaxNode): V => labelsOf(parsed, n, domain);
  const values = domain.values;
  switch (node.name) {
    case 'NumberDurationLiteral':
      if (!values) return domain.scalar;
      return values.number(parseNumber(nodeText(parsed, node)) ?? (durationMs(nodeText(parsed, node)) ?? NaN) / 1000);
    case 'StringLiteral':
      return domain.scalar;
    case 'ParenExpr':
    case 'OffsetExpr':
    case 'StepInvariantExpr':
    case 'SubqueryExpr':
    case 'MatrixSelector':
    case 'UnaryExpr': {
      const inner = node.name === 'MatrixSelector' ? childNamed(node, 'VectorSelector') : expressionChildren(node)[0];
      if (!inner) return domain.unknown(`cannot read ${nodeText(parsed, node)}`);
      if (!values) return of(inner);
      const sign = node.getChild('UnaryOp');
      if (sign && nodeText(parsed, sign) === '-') return values.negate(of(inner));
      const range = node.getChild('DurationExpr');
      if (node.name !== 'MatrixSelector' || !range) return of(inner);
      return values.range(of(inner), (durationMs(nodeText(parsed, range)) ?? NaN) / 1000);
    }
    case 'VectorSelector': {
      const name = selectorName(parsed, node);
      if (name === undefined || name.startsWith(VARIABLE_PLACEHOLDER_PREFIX)) return domain.unknown(`selector ${nodeText(parsed, node)} has no metric name`);
      return domain.selector(name, labelMatchers(parsed, node));
    }
    case 'AggregateExpr': {
      const name = callName(parsed, node);
      const args = callArguments(node);
      const vectorArg = args[args.length - 1];
      if (!vectorArg) return domain.unknown(`${name} without arguments`);
      const params = args.slice(0, -1).map(of);
      const inner = of(vectorArg);
      if (domain.isScalar(inner)) return domain.unknown(`${name} over a scalar`);
      if (values) return values.aggregate(name, groupingOf(parsed, node), params, inner);
      const behaviour = aggregationLabels(name);
      if (behaviour === 'select') return inner;
      const grouping = groupingOf(parsed, node);
      if (behaviour === 'group') return domain.aggregate(grouping, inner);
      const param = args[0];
      return domain.countValues(grouping, param?.name === 'StringLiteral' ? unquote(nodeText(parsed, param)) : undefined, inner);
    }
    case 'FunctionCall': {
      const name = callName(parsed, node);
      const args = callArguments(node).map(of);
      if (values) return values.call(name, args);
      const behaviour = functionLabels(name);
      if (behaviour === 'scalar') return domain.scalar;
      if (behaviour === 'no-labels') return domain.noLabels;
      if (behaviour === 'value-dependent') return domain.unknown(`the labels of ${name}() depend on values`);
      const vector = args.find((a) => !domain.isScalar(a));
      if (vector === undefined) return domain.scalar;
      return behaviour === 'drop-le' ? domain.drop(vector, ['le']) : vector;
    }
    case 'BinaryExpr': {
      const parts = binaryParts(parsed, node);
      if (!parts.lhs || !parts.rhs) return domain.unknown(`cannot read ${nodeText(parsed, node)}`);
      const left = of(parts.lhs);
      const right = of(parts.rhs);
      if (values && (domain.isScalar(left) || domain.isScalar(right))) return values.withScalar(parts, left, right);
      if (domain.isScalar(left)) return right;
      if (domain.isScalar(right)) return left;
      return domain.binary(parts, left, right, nodeText(parsed, node));
    }
    default:
      return domain.unknown(`unsupported construct ${node.name}`);
  }
}
