/** A canonical text of a PromQL expression, so that two spellings of one query compare equal. */
import type { SyntaxNode } from '@lezer/common';
import { binaryParts, callArguments, callName, expressionChildren, groupingOf, labelMatchers, parseNumber, selectorName, topExpression, unparen, type VectorMatching } from './ast';
import { canonicalDuration } from './duration';
import { childNamed, childrenNamed, nodeText, parsePromql, unquote, type ParsedPromql } from './parse';

/**
 * A canonical text of an expression for equality: whitespace, keyword case, redundant
 * parentheses, grouping-label and matcher order, `sum(…) by (x)` vs `sum by (x) (…)`, quote style,
 * number spelling (`1e3`, `1000`) and duration spelling (`300s`, `5m`) do not matter. Grafana
 * variables are substituted first. An expression with syntax errors yields its whitespace-collapsed
 * text prefixed with `!`, so it only equals itself. Pure.
 */
export function normalizePromql(expr: string | ParsedPromql): string {
  const parsed = typeof expr === 'string' ? parsePromql(expr) : expr;
  // kept with the parse: parses are shared per process (see parse.ts), and every step compares the same expressions
  return (parsed.facts.normalized ??= normalizeUncached(parsed));
}

function normalizeUncached(parsed: ParsedPromql): string {
  if (parsed.errors.length > 0) return `!${parsed.source.replace(/\s+/g, ' ').trim()}`;
  const first = topExpression(parsed);
  return first ? canon(parsed, first, 'arg') : '';
}

type Position = 'arg' | 'operand';

/** Nodes that keep their parentheses as an operand (precedence would change without them). */
const LOOSE_OPERANDS = new Set(['BinaryExpr', 'UnaryExpr', 'SubqueryExpr', 'OffsetExpr', 'StepInvariantExpr']);

function canon(parsed: ParsedPromql, node: SyntaxNode, pos: Position): string {
  switch (node.name) {
    case 'ParenExpr': {
      const inner = expressionChildren(node)[0];
      if (!inner) return '()';
      const bare = unparen(inner);
      const needsParens = pos === 'operand' && LOOSE_OPERANDS.has(bare.name);
      const text = canon(parsed, bare, needsParens ? 'arg' : pos);
      return needsParens ? `(${text})` : text;
    }
    case 'BinaryExpr': {
      const { lhs, rhs, op, bool, matching } = binaryParts(parsed, node);
      const l = lhs ? canon(parsed, lhs, 'operand') : '';
      const r = rhs ? canon(parsed, rhs, 'operand') : '';
      return `${l} ${op}${bool ? ' bool' : ''}${matching ? ` ${matchingText(matching)}` : ''} ${r}`;
    }
    case 'UnaryExpr': {
      const op = childNamed(node, 'UnaryOp');
      const inner = expressionChildren(node)[0];
      return `${op ? nodeText(parsed, op) : ''}${inner ? canon(parsed, inner, 'operand') : ''}`;
    }
    case 'AggregateExpr': {
      const args = callArguments(node).map((a) => canon(parsed, a, 'arg'));
      const g = groupingOf(parsed, node);
      const mod = g.mode === 'by' && g.labels.length === 0 ? '' : ` ${g.mode} (${g.labels.join(', ')}) `;
      return `${callName(parsed, node)}${mod}(${args.join(', ')})`;
    }
    case 'FunctionCall':
      return `${callName(parsed, node)}(${callArguments(node)
        .map((a) => canon(parsed, a, 'arg'))
        .join(', ')})`;
    case 'VectorSelector': {
      const name = selectorName(parsed, node);
      const matchers = labelMatchers(parsed, node)
        .filter((m) => !(name !== undefined && !childNamed(node, 'Identifier') && m.label === '__name__' && m.op === '=' && m.value === name))
        .map((m) => `${m.label}${m.op}${JSON.stringify(m.value)}`)
        .sort();
      return `${name ?? ''}${matchers.length ? `{${matchers.join(', ')}}` : ''}`;
    }
    case 'MatrixSelector': {
      const v = childNamed(node, 'VectorSelector');
      const d = childNamed(node, 'DurationExpr');
      return `${v ? canon(parsed, v, 'operand') : ''}[${d ? canonicalDuration(nodeText(parsed, d)) : ''}]`;
    }
    case 'SubqueryExpr': {
      const inner = expressionChildren(node)[0];
      const ds = childrenNamed(node, 'DurationExpr').map((d) => canonicalDuration(nodeText(parsed, d)));
      return `${inner ? canon(parsed, inner, 'operand') : ''}[${ds[0] ?? ''}:${ds[1] ?? ''}]`;
    }
    case 'OffsetExpr': {
      const inner = expressionChildren(node)[0];
      const d = childNamed(node, 'OffsetDurationExpr');
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

/** `on(a, b) group_left(c)`: labels sorted; `group_left` and `group_left()` read the same. */
function matchingText(m: VectorMatching): string {
  const group = m.group ? ` group_${m.group}${m.include.length ? `(${m.include.join(', ')})` : ''}` : '';
  return `${m.mode}(${m.labels.join(', ')})${group}`;
}

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}
