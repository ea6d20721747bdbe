/**
 * Questions asked of parsed PromQL: which histogram quantiles it computes, a canonical form for
 * equality, durations, and which labels its result carries (for vector-matching checks).
 */
import type { SyntaxNode } from '@lezer/common';
import { nodeText, parsePromql, unquote, VARIABLE_PLACEHOLDER_PREFIX, type ParsedPromql } from './parse';

/** How an aggregation keeps labels: `by (…)`, `without (…)`, or no aggregation at all. */
export interface Grouping {
  mode: 'by' | 'without' | 'none';
  /** Grouping labels, sorted and de-duplicated (includes `le` when present). */
  labels: string[];
}

/** One `histogram_quantile(q, <inner>)` call. */
export interface HistogramQuantileUse {
  /** The quantile when it is a number literal (0.95); undefined for variables or expressions. */
  quantile?: number;
  /** Base histogram name: `<m>` of the first `<m>_bucket` selector inside; undefined when none. */
  metric?: string;
  /** Every `*_bucket` series selected inside, in first-seen order. */
  bucketSeries: string[];
  /** Canonical range windows inside (`5m`, `30m`), sorted; a Grafana range variable reads as `5m`. */
  windows: string[];
  /** Grouping of the outermost aggregation of the inner expression. */
  grouping: Grouping;
  /** Source text of the call (after variable substitution) and its offsets in `parsed.source`. */
  text: string;
  from: number;
  to: number;
}

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

/** Whether a node carries an expression (an operand), not a token or modifier. */
export function isExpressionNode(node: SyntaxNode): boolean {
  return EXPRESSION_NODES.has(node.name);
}

/** The expression children of a node, in order. */
export function expressionChildren(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (EXPRESSION_NODES.has(c.name)) out.push(c);
  return out;
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
  const body = node.getChild('FunctionCallBody');
  return body ? expressionChildren(body) : [];
}

/** Lower-case function or aggregation name of a call node. */
export function callName(parsed: ParsedPromql, node: SyntaxNode): string {
  const id = node.getChild('FunctionIdentifier') ?? node.getChild('AggregateOp');
  return id ? nodeText(parsed, id).toLowerCase() : '';
}

/** Metric name of a VectorSelector (identifier or `__name__="x"` matcher). */
export function selectorName(parsed: ParsedPromql, selector: SyntaxNode): string | undefined {
  const id = selector.getChild('Identifier');
  if (id) return nodeText(parsed, id);
  for (const m of labelMatchers(parsed, selector)) if (m.label === '__name__' && m.op === '=') return m.value;
  return undefined;
}

interface Matcher {
  label: string;
  op: string;
  value: string;
}

/** Label matchers of a VectorSelector, in source order. */
export function labelMatchers(parsed: ParsedPromql, selector: SyntaxNode): Matcher[] {
  const list = selector.getChild('LabelMatchers');
  if (!list) return [];
  const out: Matcher[] = [];
  for (let m = list.firstChild; m; m = m.nextSibling) {
    if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') continue;
    const nameNode = m.getChild('LabelName') ?? m.getChild('QuotedLabelName')?.getChild('StringLiteral');
    const op = m.getChild('MatchOp');
    const values = m.getChildren('StringLiteral');
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

/** Grouping of an `AggregateExpr` node (`by`/`without` labels; no modifier groups by nothing). */
export function groupingOf(parsed: ParsedPromql, aggregate: SyntaxNode): Grouping {
  const mod = aggregate.getChild('AggregateModifier');
  if (!mod) return { mode: 'by', labels: [] };
  const labels = groupingLabels(parsed, mod);
  return { mode: mod.getChild('Without') ? 'without' : 'by', labels };
}

function groupingLabels(parsed: ParsedPromql, modifier: SyntaxNode): string[] {
  const g = modifier.getChild('GroupingLabels');
  if (!g) return [];
  const out = new Set<string>();
  for (let c = g.firstChild; c; c = c.nextSibling) {
    if (c.name === 'LabelName') out.add(nodeText(parsed, c));
    else if (c.name === 'QuotedLabelName') {
      const s = c.getChild('StringLiteral');
      if (s) out.add(unquote(nodeText(parsed, s)));
    }
  }
  return [...out].sort();
}

/**
 * Every `histogram_quantile` call of a parsed expression, in source order. Handles
 * `sum by (le) (…)`, `sum(…) by (le)`, `by (le, x)`, `without (…)`, bare `rate(x_bucket[w])` and
 * nested calls. Pure; never throws (unparsable parts yield fewer or partial entries).
 */
export function findHistogramQuantiles(parsed: ParsedPromql): HistogramQuantileUse[] {
  const out: HistogramQuantileUse[] = [];
  parsed.tree.iterate({
    enter(ref) {
      if (ref.name !== 'FunctionCall') return;
      const node = ref.node;
      if (callName(parsed, node) !== 'histogram_quantile') return;
      const [qNode, inner] = callArguments(node);
      const use: HistogramQuantileUse = {
        bucketSeries: [],
        windows: [],
        grouping: { mode: 'none', labels: [] },
        text: nodeText(parsed, node),
        from: node.from,
        to: node.to,
      };
      if (qNode) use.quantile = numberValue(parsed, unparen(qNode));
      if (inner) {
        const top = unparen(inner);
        if (top.name === 'AggregateExpr') use.grouping = groupingOf(parsed, top);
        const windows = new Set<string>();
        walk(top, (n) => {
          if (n.name === 'VectorSelector') {
            const name = selectorName(parsed, n);
            if (name && name.endsWith('_bucket') && !use.bucketSeries.includes(name)) use.bucketSeries.push(name);
          } else if (n.name === 'MatrixSelector' || n.name === 'SubqueryExpr') {
            const d = n.getChild('DurationExpr');
            if (d) windows.add(canonicalDuration(nodeText(parsed, d)));
          }
        });
        use.windows = [...windows].sort(compareDurations);
        const first = use.bucketSeries[0];
        if (first) use.metric = first.slice(0, -'_bucket'.length);
      }
      out.push(use);
    },
  });
  return out;
}

/** Visit `node` and its descendants depth-first, in source order. */
export function walk(node: SyntaxNode, visit: (n: SyntaxNode) => void): void {
  visit(node);
  for (let c = node.firstChild; c; c = c.nextSibling) walk(c, visit);
}

function numberValue(parsed: ParsedPromql, node: SyntaxNode): number | undefined {
  if (node.name === 'NumberDurationLiteral') {
    const v = parseNumber(nodeText(parsed, node));
    return v;
  }
  if (node.name === 'UnaryExpr') {
    const inner = expressionChildren(node)[0];
    const v = inner ? numberValue(parsed, unparen(inner)) : undefined;
    const neg = node.getChild('UnaryOp') && nodeText(parsed, node.getChild('UnaryOp')!) === '-';
    return v === undefined ? undefined : neg ? -v : v;
  }
  return undefined;
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

const DURATION_UNITS: Array<[string, number]> = [
  ['y', 365 * 24 * 3600_000],
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

/** Milliseconds of a PromQL duration (`5m`, `1h30m`, `300` seconds); undefined when not a duration. */
export function durationMs(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const re = /(\d+)(ms|y|w|d|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    if (m.index !== consumed) return undefined;
    const unit = DURATION_UNITS.find(([u]) => u === m![2]);
    if (!unit) return undefined;
    total += Number(m[1]) * unit[1];
    consumed = re.lastIndex;
  }
  return consumed === t.length && consumed > 0 ? total : undefined;
}

/** Canonical spelling of a duration (`300s` → `5m`, `90m` → `1h30m`); other text is returned trimmed. */
export function canonicalDuration(text: string): string {
  const ms = durationMs(text);
  if (ms === undefined) return text.trim();
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of DURATION_UNITS) {
    if (unit === 'y' || unit === 'w') continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

function compareDurations(a: string, b: string): number {
  return (durationMs(a) ?? 0) - (durationMs(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * A canonical text of an expression for equality: whitespace, keyword case, redundant
 * parentheses, grouping-label and matcher order, `sum(…) by (x)` vs `sum by (x) (…)`, quote style,
 * number spelling (`1e3`, `1000`) and duration spelling (`300s`, `5m`) do not matter. Grafana
 * variables are substituted first. An expression with syntax errors yields its whitespace-collapsed
 * text prefixed with `!`, so it only equals itself. Pure.
 */
export function normalizePromql(expr: string | ParsedPromql): string {
  const parsed = typeof expr === 'string' ? parsePromql(expr) : expr;
  if (parsed.errors.length > 0) return `!${parsed.source.replace(/\s+/g, ' ').trim()}`;
  const root = parsed.tree.topNode;
  const first = expressionChildren(root)[0];
  return first ? canon(parsed, first, 'arg') : '';
}

type Position = 'arg' | 'operand';

function canon(parsed: ParsedPromql, node: SyntaxNode, pos: Position): string {
  switch (node.name) {
    case 'ParenExpr': {
      const inner = expressionChildren(node)[0];
      if (!inner) return '()';
      const bare = unparen(inner);
      const needsParens = pos === 'operand' && (bare.name === 'BinaryExpr' || bare.name === 'UnaryExpr' || bare.name === 'SubqueryExpr' || bare.name === 'OffsetExpr' || bare.name === 'StepInvariantExpr');
      const text = canon(parsed, bare, needsParens ? 'arg' : pos);
      return needsParens ? `(${text})` : text;
    }
    case 'BinaryExpr': {
      const [lhs, rhs] = expressionChildren(node);
      let op = '';
      let modifiers = '';
      for (let c = node.firstChild; c; c = c.nextSibling) {
        if (EXPRESSION_NODES.has(c.name)) continue;
        if (c.name === 'BoolModifier') modifiers += ' bool';
        else if (c.name === 'MatchingModifierClause') modifiers += ` ${matchingClause(parsed, c)}`;
        else op = nodeText(parsed, c).toLowerCase();
      }
      const l = lhs ? canon(parsed, lhs, 'operand') : '';
      const r = rhs ? canon(parsed, rhs, 'operand') : '';
      return `${l} ${op}${modifiers} ${r}`;
    }
    case 'UnaryExpr': {
      const op = node.getChild('UnaryOp');
      const inner = expressionChildren(node)[0];
      return `${op ? nodeText(parsed, op) : ''}${inner ? canon(parsed, inner, 'operand') : ''}`;
    }
    case 'AggregateExpr': {
      const name = callName(parsed, node);
      const args = callArguments(node).map((a) => canon(parsed, a, 'arg'));
      const g = node.getChild('AggregateModifier') ? groupingOf(parsed, node) : undefined;
      const mod = g && !(g.mode === 'by' && g.labels.length === 0) ? ` ${g.mode} (${g.labels.join(', ')}) ` : '';
      return `${name}${mod}(${args.join(', ')})`;
    }
    case 'FunctionCall':
      return `${callName(parsed, node)}(${callArguments(node)
        .map((a) => canon(parsed, a, 'arg'))
        .join(', ')})`;
    case 'VectorSelector': {
      const name = selectorName(parsed, node);
      const matchers = labelMatchers(parsed, node)
        .filter((m) => !(name !== undefined && !node.getChild('Identifier') && m.label === '__name__' && m.op === '=' && m.value === name))
        .map((m) => `${m.label}${m.op}${JSON.stringify(m.value)}`)
        .sort();
      return `${name ?? ''}${matchers.length ? `{${matchers.join(', ')}}` : ''}`;
    }
    case 'MatrixSelector': {
      const v = node.getChild('VectorSelector');
      const d = node.getChild('DurationExpr');
      return `${v ? canon(parsed, v, 'operand') : ''}[${d ? canonicalDuration(nodeText(parsed, d)) : ''}]`;
    }
    case 'SubqueryExpr': {
      const inner = expressionChildren(node)[0];
      const ds = node.getChildren('DurationExpr').map((d) => canonicalDuration(nodeText(parsed, d)));
      return `${inner ? canon(parsed, inner, 'operand') : ''}[${ds[0] ?? ''}:${ds[1] ?? ''}]`;
    }
    case 'OffsetExpr': {
      const inner = expressionChildren(node)[0];
      const d = node.getChild('OffsetDurationExpr');
      return `${inner ? canon(parsed, inner, 'operand') : ''} offset ${d ? canonicalDuration(nodeText(parsed, d).replace(/\s+/g, '')) : ''}`;
    }
    case 'StepInvariantExpr': {
      const [inner, at] = expressionChildren(node);
      const atText = at ? canon(parsed, at, 'operand') : nodeText(parsed, node).replace(/^.*@\s*/s, '');
      return `${inner ? canon(parsed, inner, 'operand') : ''} @ ${atText}`;
    }
    case 'NumberDurationLiteral': {
      const text = nodeText(parsed, node);
      const v = parseNumber(text);
      return v === undefined ? canonicalDuration(text) : formatNumber(v);
    }
    case 'StringLiteral':
      return JSON.stringify(unquote(nodeText(parsed, node)));
    default:
      return nodeText(parsed, node).replace(/\s+/g, ' ').trim();
  }
}

function matchingClause(parsed: ParsedPromql, clause: SyntaxNode): string {
  const parts: string[] = [];
  for (let c = clause.firstChild; c; c = c.nextSibling) {
    if (c.name === 'On' || c.name === 'Ignoring' || c.name === 'GroupLeft' || c.name === 'GroupRight') {
      parts.push(nodeText(parsed, c).toLowerCase());
    } else if (c.name === 'GroupingLabels') {
      const labels = new Set<string>();
      for (let l = c.firstChild; l; l = l.nextSibling) {
        if (l.name === 'LabelName') labels.add(nodeText(parsed, l));
        else if (l.name === 'QuotedLabelName') labels.add(unquote(nodeText(parsed, l.getChild('StringLiteral') ?? l)));
      }
      parts[parts.length - 1] += `(${[...labels].sort().join(', ')})`;
    }
  }
  return parts.join(' ');
}

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

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

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/**
 * Result labels of a parsed expression. Aggregations with `by` give exact sets, `without`
 * removes labels, functions keep their argument's labels (minus `le` for histogram_quantile),
 * binary operators keep the left side's (`on(…) group_*` excepted). Pure.
 */
export function resultLabels(parsed: ParsedPromql, resolve: SeriesLabelResolver): LabelSet {
  const first = expressionChildren(parsed.tree.topNode)[0];
  return first ? labelsOf(parsed, first, resolve, []) : { kind: 'unknown' };
}

/**
 * Vector-matching problems of every binary operator between two vectors: sides whose label
 * sets can never be equal on the matched labels (the stall-alert bug: `x{job="a"} and sum(y)`).
 */
export function findMatchingProblems(parsed: ParsedPromql, resolve: SeriesLabelResolver): MatchingProblem[] {
  const problems: MatchingProblem[] = [];
  const first = expressionChildren(parsed.tree.topNode)[0];
  if (first) labelsOf(parsed, first, resolve, problems);
  return problems;
}

const KEEP_LABEL_FUNCTIONS_EXCEPT = new Set(['vector', 'time', 'scalar', 'pi', 'label_replace', 'label_join', 'absent', 'absent_over_time', 'histogram_quantile', 'sort_by_label', 'sort_by_label_desc', 'info']);

function labelsOf(parsed: ParsedPromql, node: SyntaxNode, resolve: SeriesLabelResolver, problems: MatchingProblem[]): LabelSet {
  switch (node.name) {
    case 'NumberDurationLiteral':
    case 'StringLiteral':
      return { kind: 'scalar' };
    case 'ParenExpr':
    case 'OffsetExpr':
    case 'StepInvariantExpr':
    case 'SubqueryExpr':
    case 'MatrixSelector':
    case 'UnaryExpr': {
      const inner = node.name === 'MatrixSelector' ? node.getChild('VectorSelector') : expressionChildren(node)[0];
      return inner ? labelsOf(parsed, inner, resolve, problems) : { kind: 'unknown' };
    }
    case 'VectorSelector': {
      const name = selectorName(parsed, node);
      if (name === undefined || name.startsWith(VARIABLE_PLACEHOLDER_PREFIX)) return { kind: 'unknown' };
      const known = resolve(name);
      if (!known) return { kind: 'unknown' };
      if (known.kind !== 'exact' && known.kind !== 'atLeast') return known;
      // equality matchers prove a label exists on every selected series
      const extra = labelMatchers(parsed, node)
        .filter((m) => m.label !== '__name__' && (m.op === '=' ? m.value !== '' : m.op === '=~' && !new RegExp(`^(?:${m.value})$`).test('')))
        .map((m) => m.label);
      if (known.kind === 'exact') return known;
      return { kind: 'atLeast', labels: sorted([...known.labels, ...extra]) };
    }
    case 'AggregateExpr': {
      const args = callArguments(node);
      const vectorArg = args[args.length - 1];
      const inner = vectorArg ? labelsOf(parsed, vectorArg, resolve, problems) : ({ kind: 'unknown' } as LabelSet);
      for (const a of args.slice(0, -1)) labelsOf(parsed, a, resolve, problems);
      const name = callName(parsed, node);
      const g = groupingOf(parsed, node);
      if (name === 'topk' || name === 'bottomk' || name === 'limitk' || name === 'limit_ratio') return inner;
      const base: LabelSet =
        g.mode === 'by'
          ? { kind: 'exact', labels: g.labels }
          : inner.kind === 'exact' || inner.kind === 'atLeast'
            ? inner.kind === 'exact'
              ? { kind: 'exact', labels: inner.labels.filter((l) => !g.labels.includes(l)) }
              : { kind: 'unknown' }
            : inner;
      if (name === 'count_values' && base.kind === 'exact') {
        const label = args[0] && args[0].name === 'StringLiteral' ? unquote(nodeText(parsed, args[0])) : undefined;
        return label ? { kind: 'exact', labels: sorted([...base.labels, label]) } : { kind: 'unknown' };
      }
      return base;
    }
    case 'FunctionCall': {
      const name = callName(parsed, node);
      const args = callArguments(node).map((a) => labelsOf(parsed, a, resolve, problems));
      if (name === 'vector' || name === 'time' || name === 'pi' || name === 'scalar') return name === 'vector' ? { kind: 'exact', labels: [] } : { kind: 'scalar' };
      const vectorArg = args.find((a) => a.kind !== 'scalar');
      if (name === 'histogram_quantile') {
        const inner = args[1];
        if (!inner) return { kind: 'unknown' };
        if (inner.kind === 'exact' || inner.kind === 'atLeast') return { kind: inner.kind, labels: inner.labels.filter((l) => l !== 'le') };
        return inner;
      }
      if (KEEP_LABEL_FUNCTIONS_EXCEPT.has(name)) return { kind: 'unknown' };
      return vectorArg ?? { kind: 'scalar' };
    }
    case 'BinaryExpr': {
      const [lhsNode, rhsNode] = expressionChildren(node);
      const left = lhsNode ? labelsOf(parsed, lhsNode, resolve, problems) : ({ kind: 'unknown' } as LabelSet);
      const right = rhsNode ? labelsOf(parsed, rhsNode, resolve, problems) : ({ kind: 'unknown' } as LabelSet);
      let op = '';
      let clause: SyntaxNode | null = null;
      for (let c = node.firstChild; c; c = c.nextSibling) {
        if (EXPRESSION_NODES.has(c.name) || c.name === 'BoolModifier') continue;
        if (c.name === 'MatchingModifierClause') clause = c;
        else op = nodeText(parsed, c).toLowerCase();
      }
      if (left.kind === 'scalar') return right;
      if (right.kind === 'scalar') return left;
      const on = clause?.getChild('On') ? groupingLabels(parsed, clause) : undefined;
      const ignoring = clause?.getChild('Ignoring') ? groupingLabels(parsed, clause) : [];
      const problem = matchingProblem(left, right, on, ignoring);
      if (problem) problems.push({ op, text: nodeText(parsed, node), left, right, message: problem });
      if (op === 'or') return union(left, right);
      if (clause?.getChild('GroupRight')) return right;
      return left;
    }
    default:
      return { kind: 'unknown' };
  }
}

function union(a: LabelSet, b: LabelSet): LabelSet {
  if (a.kind === 'exact' && b.kind === 'exact' && sameLabels(a.labels, b.labels)) return a;
  return { kind: 'unknown' };
}

const sameLabels = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

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
  const mismatch = `label sets ${show(left)} and ${show(right)} can never be equal${ignoring.length ? ` ignoring (${ignoring.join(', ')})` : ''}; add on(…) or aggregate both sides to the same labels`;
  if (l.kind === 'exact' && r.kind === 'exact') return sameLabels(l.labels, r.labels) ? undefined : mismatch;
  if (l.kind === 'exact' && r.kind === 'atLeast') return r.labels.every((x) => l.labels.includes(x)) ? undefined : mismatch;
  if (l.kind === 'atLeast' && r.kind === 'exact') return l.labels.every((x) => r.labels.includes(x)) ? undefined : mismatch;
  return undefined;
}
