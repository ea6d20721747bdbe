/**
 * Reading the official grammar's syntax tree: operands, calls, selectors, matchers, grouping and
 * binary-operator modifiers, number literals. Every other promql module reads nodes through these.
 */
import type { SyntaxNode } from '@lezer/common';
import { sortStrings } from '../core/hash';
import { childNamed, childrenNamed, nodeText, unquote, type ParsedPromql } from './parse';

/** Node names of the grammar that carry an expression (as opposed to tokens and modifiers). */
const EXPRESSION_NODES = new Set([
  'AggregateExpr',
  'BinaryExpr',
  'FunctionCall',
  'MatrixSelector',
  'NumberDurationLiteral',
  'OffsetExpr',
  'ParenExpr',
  'StepInvariantExpr',
  'StringLiteral',
  'SubqueryExpr',
  'UnaryExpr',
  'VectorSelector',
]);

/** The expression children of a node, in order. */
export function expressionChildren(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (EXPRESSION_NODES.has(c.name)) out.push(c);
  return out;
}

/** The top expression of a parse; undefined for an empty tree. */
export function topExpression(parsed: ParsedPromql): SyntaxNode | undefined {
  return expressionChildren(parsed.tree.topNode)[0];
}

/** The node with the parentheses around it removed. */
export function unparen(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.name === 'ParenExpr') {
    const inner = expressionChildren(n)[0];
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** Arguments of a FunctionCall or AggregateExpr, in order. */
export function callArguments(node: SyntaxNode): SyntaxNode[] {
  const body = childNamed(node, 'FunctionCallBody');
  return body ? expressionChildren(body) : [];
}

/** Lower-case function or aggregation name of a call node. */
export function callName(parsed: ParsedPromql, node: SyntaxNode): string {
  const id = childNamed(node, 'FunctionIdentifier') ?? childNamed(node, 'AggregateOp');
  return id ? nodeText(parsed, id).toLowerCase() : '';
}

/** Metric name of a VectorSelector (identifier or `__name__="x"` matcher). */
export function selectorName(parsed: ParsedPromql, selector: SyntaxNode): string | undefined {
  const id = childNamed(selector, 'Identifier');
  if (id) return nodeText(parsed, id);
  for (const m of labelMatchers(parsed, selector)) if (m.label === '__name__' && m.op === '=') return m.value;
  return undefined;
}

/** One label matcher of a selector, unquoted: `job=~"a.*"` is `{ label: 'job', op: '=~', value: 'a.*' }`. */
export interface Matcher {
  label: string;
  op: string;
  value: string;
}

/** Label matchers of a VectorSelector, in source order. */
export function labelMatchers(parsed: ParsedPromql, selector: SyntaxNode): Matcher[] {
  const list = childNamed(selector, 'LabelMatchers');
  if (!list) return [];
  const out: Matcher[] = [];
  for (let m = list.firstChild; m; m = m.nextSibling) {
    if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') continue;
    const quoted = childNamed(m, 'QuotedLabelName');
    const nameNode = childNamed(m, 'LabelName') ?? (quoted ? childNamed(quoted, 'StringLiteral') : null);
    const op = childNamed(m, 'MatchOp');
    const values = childrenNamed(m, 'StringLiteral');
    const value = values[values.length - 1];
    if (!nameNode || !op || !value) continue;
    const rawName = nodeText(parsed, nameNode);
    out.push({
      label: nameNode.name === 'StringLiteral' ? unquote(rawName) : rawName,
      op: nodeText(parsed, op),
      value: unquote(nodeText(parsed, value)),
    });
  }
  return out;
}

/** Labels of a `GroupingLabels` list (`(a, "b")`), unquoted, sorted and de-duplicated. */
function groupingLabelNames(parsed: ParsedPromql, list: SyntaxNode | null): string[] {
  const out = new Set<string>();
  for (let c = list?.firstChild; c; c = c.nextSibling) {
    if (c.name === 'LabelName') out.add(nodeText(parsed, c));
    else if (c.name === 'QuotedLabelName') {
      const s = childNamed(c, 'StringLiteral');
      if (s) out.add(unquote(nodeText(parsed, s)));
    }
  }
  return sortStrings([...out]);
}

/** How an aggregation keeps labels: exactly `by` labels, or every label `without` those. */
export interface Grouping {
  mode: 'by' | 'without';
  /** Grouping labels, sorted and de-duplicated (includes `le` when present). */
  labels: string[];
}

/** Grouping of an `AggregateExpr` node; no modifier is `by ()` (the aggregation keeps no label). */
export function groupingOf(parsed: ParsedPromql, aggregate: SyntaxNode): Grouping {
  const mod = childNamed(aggregate, 'AggregateModifier');
  if (!mod) return { mode: 'by', labels: [] };
  return { mode: childNamed(mod, 'Without') ? 'without' : 'by', labels: groupingLabelNames(parsed, childNamed(mod, 'GroupingLabels')) };
}

/** The vector-matching clause of a binary operator: `on(…)`/`ignoring(…)` and `group_left/right(…)`. */
export interface VectorMatching {
  mode: 'on' | 'ignoring';
  /** Matched (`on`) or ignored labels, sorted. */
  labels: string[];
  group?: 'left' | 'right';
  /** Labels copied from the "one" side by `group_left(…)`/`group_right(…)`, sorted. */
  include: string[];
}

/** The parts of a `BinaryExpr` node. */
export interface BinaryParts {
  lhs?: SyntaxNode;
  rhs?: SyntaxNode;
  /** Lower-case operator text: `+`, `>`, `and`, … */
  op: string;
  /** Whether `bool` follows a comparison. */
  bool: boolean;
  matching?: VectorMatching;
}

/** Operands, operator and modifiers of a `BinaryExpr` node. */
export function binaryParts(parsed: ParsedPromql, node: SyntaxNode): BinaryParts {
  const [lhs, rhs] = expressionChildren(node);
  const parts: BinaryParts = { lhs, rhs, op: '', bool: false };
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (EXPRESSION_NODES.has(c.name) || c.type.isError) continue;
    if (c.name === 'BoolModifier') parts.bool = true;
    else if (c.name === 'MatchingModifierClause') parts.matching = vectorMatching(parsed, c);
    else parts.op = nodeText(parsed, c).toLowerCase();
  }
  return parts;
}

function vectorMatching(parsed: ParsedPromql, clause: SyntaxNode): VectorMatching {
  const [matched, included] = childrenNamed(clause, 'GroupingLabels');
  const matching: VectorMatching = {
    mode: childNamed(clause, 'On') ? 'on' : 'ignoring',
    labels: groupingLabelNames(parsed, matched ?? null),
    include: groupingLabelNames(parsed, included ?? null),
  };
  if (childNamed(clause, 'GroupLeft')) matching.group = 'left';
  else if (childNamed(clause, 'GroupRight')) matching.group = 'right';
  return matching;
}

/** Visit `node` and its descendants depth-first, in source order (trees are at most 2,500 deep, see parse). */
export function walk(node: SyntaxNode, visit: (n: SyntaxNode) => void): void {
  visit(node);
  for (let c = node.firstChild; c; c = c.nextSibling) walk(c, visit);
}

/** Value of a PromQL number literal (decimal, hex, exponent, Inf, NaN); undefined for durations. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (/^[+-]?inf$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return NaN;
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  return undefined;
}

/** Value of a number literal node, signed by unary minus and unwrapped from parentheses; undefined otherwise. */
export function numberValue(parsed: ParsedPromql, node: SyntaxNode): number | undefined {
  const n = unparen(node);
  if (n.name === 'NumberDurationLiteral') return parseNumber(nodeText(parsed, n));
  if (n.name !== 'UnaryExpr') return undefined;
  const inner = expressionChildren(n)[0];
  const v = inner ? numberValue(parsed, inner) : undefined;
  const op = childNamed(n, 'UnaryOp');
  return v !== undefined && op && nodeText(parsed, op) === '-' ? -v : v;
}
