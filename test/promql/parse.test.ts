/** parse: the official grammar after Grafana-variable substitution, long sums included, and the metrics an expression selects. */
import { MAX_TREE_DEPTH, parsePromql, selectedMetricNames, substituteGrafanaVariables } from '../../src/promql/parse';

const QUANTILE = 'histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))';
const sumOf = (terms: number): string => Array(terms).fill(QUANTILE).join(' + ');

test.each([
  ['rate(x[$__rate_interval])', 'rate(x[5m])'],
  ['sum by (a) (x{a="$a"}) / $scale', 'sum by (a) (x{a="$a"}) / __grafana_var_scale'],
  ['x[[[interval]]]', 'x[5m]'],
  ['x * ${factor:raw}', 'x * __grafana_var_factor'],
])('substituteGrafanaVariables(%s) is %s', (expr, out) => {
  expect(substituteGrafanaVariables(expr)).toBe(out);
});

test.each([
  ['sum(rate(a[5m])) / b{__name__="c"}', ['a', 'b', 'c']],
  ['{__name__="x"} + x + $y', ['x']],
])('%s selects %j', (expr, names) => {
  expect(selectedMetricNames(parsePromql(expr))).toEqual(names);
});

test.each([
  ['sum(', /unexpected end of expression/],
  ['', /empty expression/],
  ['x +* y', /unexpected input at offset/],
])('%j does not parse: %s', (expr, message) => {
  expect(parsePromql(expr).errors[0]?.message).toMatch(message);
});

// lezer cuts left-associative chains after 300 long reductions (about 200 of these terms)
test.each([150, 200, 250, 1000])('a sum of %i quantile terms parses whole', (terms) => {
  const parsed = parsePromql(sumOf(terms));
  expect(parsed.errors).toEqual([]);
  let calls = 0;
  parsed.tree.iterate({
    enter(ref) {
      if (ref.name === 'FunctionCall') calls++;
    },
  });
  expect(calls).toBe(2 * terms);
});

test('a tree deeper than the grammar builds faithfully is an error, not a silently flattened parse', () => {
  const parsed = parsePromql(sumOf(MAX_TREE_DEPTH + 100));
  expect(parsed.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^expression nests deeper than 2500 levels at offset \d+; split it into recording rules$/)]);
});
