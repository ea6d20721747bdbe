/**
 * fastParse against the official grammar: for every input it returns null or the grammar's own
 * tree, node for node (type, from, to) — on every expression g6 ships and reads in its fixtures,
 * on hand-picked corners of the grammar, and on seeded random expressions. It must also take the
 * common forms, or it would be a fast path nothing uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import fg from 'fast-glob';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { AGGREGATIONS, fastParse, FUNCTIONS } from '../../src/promql/fast-parse';
import { grammarNodeSet } from '../../src/promql/grammar-nodes';
import { parsePromql, selectedMetricNames, substituteGrafanaVariables } from '../../src/promql/parse';
import { REPO_ROOT } from '../support/cli';
import { cases, FUZZ_SEED } from '../fuzz/inputs';

/** Every node as type:from-to, in document order, and the tree's length. */
function nodes(tree: Tree): string {
  const out: string[] = [];
  tree.iterate({ enter: (n) => void out.push(`${n.name}:${n.from}-${n.to}`) });
  return `${out.join(' ')} |${tree.length}`;
}

/** Every node of a tree, in document order. */
function subtrees(tree: Tree): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  tree.iterate({ enter: (n) => void out.push(n.node) });
  return out;
}

/**
 * The fast tree of `source` (null when it declines), after checking it equals the grammar's and
 * that the names it lists are those a walk of the grammar's tree finds.
 */
function checked(source: string): Tree | null {
  const fast = fastParse(source);
  if (fast) {
    const grammar = parser.parse(source);
    expect(nodes(fast.tree)).toBe(nodes(grammar));
    const walked = { source, tree: grammar, errors: [], facts: { selections: undefined, names: undefined, normalized: undefined } };
    const parsed = parsePromql(source);
    expect(selectedMetricNames(parsed)).toEqual(selectedMetricNames(walked, grammar.topNode));
    // and under every node, as the audits ask: the fast tree's node beside the grammar's
    const grammarNodes = subtrees(grammar);
    subtrees(parsed.tree).forEach((node, i) => expect(selectedMetricNames(parsed, node)).toEqual(selectedMetricNames(walked, grammarNodes[i])));
  }
  return fast?.tree ?? null;
}

/** expr/promql strings anywhere in the repo's specs, rules, dashboards and fixtures. */
function shippedExpressions(): string[] {
  const files = fg.sync(['spec/*.yml', 'rules/*.yml', 'grafana/**/*.json', 'test/fixtures/**/*.{yml,yaml,json}'], { cwd: REPO_ROOT });
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'expr' || k === 'promql') && typeof x === 'string') found.add(substituteGrafanaVariables(x));
        else walk(x);
      }
    }
  };
  for (const f of files) {
    const text = readFileSync(join(REPO_ROOT, f), 'utf8');
    try {
      walk(f.endsWith('.json') ? JSON.parse(text) : yaml.loadAll(text));
    } catch {
      // fixtures of broken files: nothing to take from them
    }
  }
  return [...found];
}

test("the fast path's node types are the installed grammar's: ids, names and flags", () => {
  const flags = (t: { id: number; name: string; isTop: boolean; isError: boolean; isSkipped: boolean }): string =>
    `${t.id} ${t.name} ${t.isTop} ${t.isError} ${t.isSkipped}`;
  expect(grammarNodeSet().types.map(flags)).toEqual(parser.nodeSet.types.map(flags));
});

test('every shipped and fixture expression gets the grammar tree, and the fast path takes nearly all', () => {
  const exprs = shippedExpressions();
  expect(exprs.length).toBeGreaterThan(300);
  const taken = exprs.filter((e) => checked(e) !== null).length;
  expect(taken / exprs.length).toBeGreaterThan(0.95);
});

test.each([
  'sum by (index, operation) (rate(g6_requests_total{job="a",le!~"b"}[5m]))',
  'sum(rate(x[5m])) by (a) / ignoring(b) group_left(c) sum(y) without (d)',
  'histogram_quantile(0.95, sum by (le) (rate(x_bucket[1h30m])))',
  'a:b:c > bool 0.5 and on() absent(y) or vector(0)',
  'x * on(a) group_right y unless z',
  'a ^ b ^ c * d - e % f atan2 g',
  'a == b != c <= d < e >= f > g',
  '-sum(deriv(x[5m])) ^ 2 * +y',
  'clamp_min(-sum(deriv(x[5m])), 0)',
  'x offset 5m > 1',
  'x[5m:1m] offset 1h',
  'sum(x)[5m:]',
  'topk(5, x) + count_values("v", y) + quantile(0.9, z)',
  'label_replace(x, "a", "$1", "b", "(.*)")',
  "x{a='b\\'c', d=`e`,}",
  '{__name__=~"a|b"}',
  'x{__name__="y"} + {__name__=\'a\\\'b\'} + x + __grafana_var_z',
  'sum by () (x) + sum without (a,) (y)',
  'Inf + NaN - .5e-3 * 1e3',
  '  (x)\n\t+\r\n  y  ',
  'time()',
])('the fast path takes %j and builds the grammar tree', (source) => {
  expect(checked(source)).not.toBeNull();
});

test.each([
  '-1', '- 1', 'x > -1', 'a ^ -1',
  'a + b[5m]', 'a + b offset 5m', '-x[5m]', 'x @ 100', 'x @ start()',
  'x # comment', 'Sum(x)', 'SUM by (a) (x)', 'rate (x[5m])', 'Rate(x[5m])', 'x BY (a)',
  'sum', 'rate', 'on', 'offset', 'by', 'x + sum', 'x[5M]', 'x[1.5m]', 'x[5m+1m]', 'x[step()]', 'x offset -5m',
  '1_000', '0x1f', '5m', 'x{"quoted"="a"}', '{"name"}', 'x{a="b\nc"}', 'x{a="b}', 'x </ y', 'x >/ y',
  'a * on(x) group_left (sum(y)) b', 'x fill(0) y', 'x + fill_left(1) y', 'x smoothed', 'x anchored',
  'x\u00a0+ y', 'x\u000b+ y', '', '   ', 'sum(', 'x +* y', '(x', 'x)', 'sum by (a (x)',
])('the fast path leaves %j to the grammar', (source) => {
  expect(fastParse(source)).toBeNull();
});

test('every aggregation and function the fast path names is the grammar node of that name', () => {
  for (const name of AGGREGATIONS.keys()) expect(checked(`${name}(x)`)).not.toBeNull();
  for (const name of FUNCTIONS.keys()) expect(checked(`${name}(x)`)).not.toBeNull();
});

/** Random expressions over the fast path's forms and the grammar's corners around them. */
const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => {
  const space = fc.constantFrom('', ' ', '  ', '\n', '\t');
  const name = fc.constantFrom('x', 'up', 'g6_a_total', 'a:b:c', ':c', 'sum', 'by', 'on', 'bool', 'inf', 'NaN', 'rate', 'time', 'Offset', 'fillx', 'start');
  const label = fc.constantFrom('a', 'le', 'on', 'by', 'sum', 'bool', '__name__', 'a:b', '_x1');
  const str = fc.constantFrom('"v"', "'v'", '`v`', '"a\\"b"', '"', '""');
  const num = fc.constantFrom('1', '0.5', '.5', '1e3', '1e', '5m', '-1', '+2', '1_0', 'Inf');
  const duration = fc.constantFrom('5m', '1h30m', '300', '5ms', '1m5ms', '5M', '1.5m', '1h1h', '');
  const op = fc.constantFrom('+', '-', '*', '/', '%', '^', '==', '!=', '<', '<=', '>', '>=', 'and', 'or', 'unless', 'atan2', 'AND', '=', '</');
  const modifier = fc.constantFrom('', 'bool ', 'on(a) ', 'ignoring(a, b) ', 'on() group_left ', 'on(a) group_right(b) ', 'bool on(a) ', 'group_left ', 'fill(0) ');
  const labels = fc.array(label, { maxLength: 3 }).map((ls) => ls.join(', '));
  const matchers = fc
    .array(fc.tuple(label, fc.constantFrom('=', '!=', '=~', '!~', '=='), str), { maxLength: 3 })
    .map((ms) => `{${ms.map(([l, o, v]) => `${l}${o}${v}`).join(',')}}`);
  const selector = fc.oneof(
    name,
    fc.tuple(name, space, matchers).map(([n, s, m]) => `${n}${s}${m}`),
    matchers,
  );
  const call = fc.tuple(fc.constantFrom('rate', 'abs', 'histogram_quantile', 'vector', 'clamp_min', 'Rate', 'rate '), fc.array(tie('expr'), { maxLength: 2 }))
    .map(([f, args]) => `${f}(${args.join(', ')})`);
  const aggregation = fc.tuple(fc.constantFrom('sum', 'topk', 'count_values', 'Sum', 'max'), fc.constantFrom('by', 'without', 'BY', ''), labels, tie('expr'), fc.boolean())
    .map(([agg, kind, ls, e, before]) => {
      const modifier = kind ? `${kind} (${ls})` : '';
      return before ? `${agg} ${modifier} (${e})` : `${agg}(${e}) ${modifier}`;
    });
  const postfix = fc.tuple(tie('expr'), fc.constantFrom('[', ' offset ', '[:'), duration, duration)
    .map(([e, p, d1, d2]) => (p === ' offset ' ? `${e}${p}${d1}` : p === '[' ? `${e}[${d1}]` : `${e}[${d1}:${d2}]`));
  return {
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      selector,
      num,
      str,
      fc.tuple(tie('expr'), space, op, space, modifier, tie('expr')).map(([a, s1, o, s2, m, b]) => `${a}${s1}${o}${s2}${m}${b}`),
      tie('expr').map((e) => `(${e})`),
      fc.tuple(fc.constantFrom('-', '+'), space, tie('expr')).map(([sign, s, e]) => `${sign}${s}${e}`),
      call,
      aggregation,
      postfix,
    ),
  };
}).expr;

test('seeded random expressions: the fast path declines or builds the grammar tree, and takes a fair share', () => {
  const samples = fc.sample(expression, { seed: FUZZ_SEED, numRuns: cases(3000) });
  let taken = 0;
  for (const source of samples) if (checked(source)) taken++;
  expect(taken).toBeGreaterThan(samples.length * 0.2);
});
