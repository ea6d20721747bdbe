/**
 * PromQL through the official grammar (@prometheus-io/lezer-promql). Grafana variables are
 * substituted first, as grafana's dashboard-linter does, because the grammar rejects them.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { fastParse, unquote, type Selected } from './fast-parse';

export { unquote };

export interface ParsedPromql {
  /** The expression after variable substitution (what was parsed). */
  source: string;
  tree: Tree;
  /** Syntax errors; empty when the expression parses. */
  errors: Array<{ offset: number; message: string }>;
  /** What the promql modules work out of the parse once and keep with it; not for other callers. */
  readonly facts: ParseFacts;
}

/**
 * Facts of one parse, filled on first use: lint, generators and audits of one run ask the same
 * parse for them again and again, and a field read costs less than a lookup in a table of every parse.
 */
export interface ParseFacts {
  /** The names the fast path met, with their selectors' ranges: a root's are those whose selector lies within it, as a walk finds them. */
  readonly selections: readonly Selected[] | undefined;
  /** The names the whole parse selects. */
  names: readonly string[] | undefined;
  /** Its canonical text (normalize.ts). */
  normalized: string | undefined;
}

/** Facts of a new parse: every field present from the start, so that every parse's facts have one shape. */
const newFacts = (selections?: readonly Selected[]): ParseFacts => ({ selections, names: undefined, normalized: undefined });

/** Prefix of the identifiers that stand in for Grafana variables outside range brackets. */
export const VARIABLE_PLACEHOLDER_PREFIX = '__grafana_var_';

const VARIABLE = /\$\{([A-Za-z0-9_]+)(?::[^}]*)?\}|\[\[([A-Za-z0-9_]+)(?::[^\]]*)?\]\]|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Replace Grafana variables so the grammar accepts the expression: a variable `values` gives
 * becomes that value; otherwise inside `[...]` ranges it becomes `5m`, inside string literals it
 * stays, and elsewhere it becomes an identifier `__grafana_var_<name>` that metric extraction ignores.
 */
export function substituteGrafanaVariables(expr: string, values: Readonly<Record<string, string>> = {}): string {
  if (!expr.includes('$') && !expr.includes('[[')) return expr;
  let out = '';
  let quote: string | null = null;
  let bracketDepth = 0;
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (quote) {
      out += c;
      if (c === '\\' && i + 1 < expr.length) {
        out += expr[i + 1];
        i += 2;
        continue;
      }
      if (c === quote) quote = null;
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
      out += c;
      i++;
      continue;
    }
    if (c === '[' && expr[i + 1] === '[') {
      VARIABLE.lastIndex = i;
      const m = VARIABLE.exec(expr);
      if (m && m.index === i) {
        out += replacement(m, bracketDepth, values);
        i += m[0].length;
        continue;
      }
    }
    if (c === '[') bracketDepth++;
    if (c === ']') bracketDepth = Math.max(0, bracketDepth - 1);
    if (c === '$') {
      VARIABLE.lastIndex = i;
      const m = VARIABLE.exec(expr);
      if (m && m.index === i) {
        out += replacement(m, bracketDepth, values);
        i += m[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

function replacement(match: RegExpExecArray, bracketDepth: number, values: Readonly<Record<string, string>>): string {
  const name = match[1] ?? match[2] ?? match[3] ?? 'var';
  return Object.hasOwn(values, name) ? values[name]! : bracketDepth > 0 ? '5m' : `${VARIABLE_PLACEHOLDER_PREFIX}${name}`;
}

/** Parses already done in this process: trees are immutable, and one run meets the same expression in several steps. */
const parsedCache = new Map<string, ParsedPromql>();

/** Parse an expression (variables substituted). Never throws; syntax errors are listed. Callers must not mutate the result. */
export function parsePromql(expr: string): ParsedPromql {
  let parsed = parsedCache.get(expr);
  if (!parsed) {
    parsed = parseUncached(expr);
    parsedCache.set(expr, parsed);
  }
  return parsed;
}

/** The official grammar, loaded on the first expression the fast path leaves to it. */
type Grammar = typeof import('@prometheus-io/lezer-promql').parser;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const grammar = (): Grammar => (require('@prometheus-io/lezer-promql') as typeof import('@prometheus-io/lezer-promql')).parser;

/** Deepest syntax tree the grammar's runtime builds faithfully; deeper levels are flattened (lezer's CutOff.Depth). */
export const MAX_TREE_DEPTH = 2500;

/**
 * The tree of `source`. lezer breaks a left-associative chain (`a + b + …`) once 300 reductions
 * longer than 2,000 characters share a start, a guard against deep trees that turns a long sum
 * promtool accepts (about 200 quantile terms) into a syntax error. Resetting that counter (the
 * internal `bigReductionCount` of @lezer/lr 1.4; test/promql/parse.test.ts fails if it goes) before
 * each parse step keeps such chains whole; MAX_TREE_DEPTH still bounds the depth.
 */
function parseTree(source: string): Tree {
  const parse = grammar().startParse(source) as ReturnType<Grammar['startParse']> & { bigReductionCount: number };
  for (;;) {
    parse.bigReductionCount = 0;
    const tree = parse.advance();
    if (tree) return tree;
  }
}

function parseUncached(expr: string): ParsedPromql {
  const source = substituteGrafanaVariables(expr);
  // the fast path builds only trees without errors, shallower than MAX_TREE_DEPTH
  const fast = fastParse(source);
  if (fast) {
    return { source, tree: fast.tree, errors: [], facts: newFacts(fast.selected) };
  }
  const tree = parseTree(source);
  const errors: ParsedPromql['errors'] = [];
  if (source.trim() === '') errors.push({ offset: 0, message: 'empty expression' });
  let depth = 0;
  let tooDeep = false;
  tree.iterate({
    leave() {
      depth--;
    },
    enter(node) {
      if (++depth >= MAX_TREE_DEPTH && !tooDeep) {
        tooDeep = true;
        errors.push({ offset: node.from, message: `expression nests deeper than ${MAX_TREE_DEPTH} levels at offset ${node.from}; split it into recording rules` });
      }
      if (node.type.isError) {
        const near = source.slice(node.from, node.from + 12);
        errors.push({
          offset: node.from,
          message: near ? `unexpected input at offset ${node.from} near "${near}"` : `unexpected end of expression at offset ${node.from}`,
        });
      }
    },
  });
  return { source, tree, errors, facts: newFacts() };
}

/** The first child of `node` named `name`: SyntaxNode.getChild without its cursor and array per call (the grammar has no node groups). */
export function childNamed(node: SyntaxNode, name: string): SyntaxNode | null {
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name === name) return c;
  return null;
}

/** The children of `node` named `name`, in order (SyntaxNode.getChildren). */
export function childrenNamed(node: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name === name) out.push(c);
  return out;
}

/** Text of a node. */
export function nodeText(parsed: ParsedPromql, node: SyntaxNode): string {
  return parsed.source.slice(node.from, node.to);
}

/**
 * Metric names an expression selects (under `root`, default the whole expression), in first-seen
 * order: selector identifiers and `{__name__="x"}` equality matchers. Variable placeholders are
 * not metrics.
 */
export function selectedMetricNames(parsed: ParsedPromql, root?: SyntaxNode): readonly string[] {
  if (root !== undefined) return namesUnder(parsed, root);
  return (parsed.facts.names ??= namesUnder(parsed, parsed.tree.topNode));
}

function namesUnder(parsed: ParsedPromql, root: SyntaxNode): string[] {
  const names: string[] = [];
  const add = (n: string): void => {
    if (!n.startsWith(VARIABLE_PLACEHOLDER_PREFIX) && !names.includes(n)) names.push(n);
  };
  const selections = parsed.facts.selections;
  if (selections) {
    for (const s of selections) if (s.from >= root.from && s.to <= root.to) add(s.name);
    return names;
  }
  parsed.tree.iterate({
    from: root.from,
    to: root.to,
    enter(ref) {
      if (ref.from < root.from || ref.to > root.to || ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const id = childNamed(node, 'Identifier');
      if (id) add(nodeText(parsed, id));
      const matchers = childNamed(node, 'LabelMatchers');
      for (const m of matchers ? childrenNamed(matchers, 'UnquotedLabelMatcher') : []) {
        const label = childNamed(m, 'LabelName');
        const op = childNamed(m, 'MatchOp');
        const value = childNamed(m, 'StringLiteral');
        if (label && op && value && nodeText(parsed, label) === '__name__' && childNamed(op, 'EqlSingle')) {
          add(unquote(nodeText(parsed, value)));
        }
      }
    },
  });
  return names;
}
