/** quantiles: every histogram_quantile call with its quantile, histogram, windows and grouping. */
import { parsePromql } from '../../src/promql/parse';
import { findHistogramQuantiles } from '../../src/promql/quantiles';

const hq = (expr: string) => findHistogramQuantiles(parsePromql(expr));

test.each([
  ['histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))', 0.95, 'x', ['5m'], { mode: 'by', labels: ['le'] }],
  ['histogram_quantile(0.99, sum(rate(x_bucket[30m])) by (le))', 0.99, 'x', ['30m'], { mode: 'by', labels: ['le'] }],
  ['histogram_quantile(0.95, sum by (table, le) (rate(x_bucket{job="a"}[5m])))', 0.95, 'x', ['5m'], { mode: 'by', labels: ['le', 'table'] }],
  ['histogram_quantile(0.5, sum without (instance) (rate(x_bucket[1h])))', 0.5, 'x', ['1h'], { mode: 'without', labels: ['instance'] }],
  ['histogram_quantile(0.95, sum by (le) (rate(x_bucket[$__rate_interval])))', 0.95, 'x', ['5m'], { mode: 'by', labels: ['le'] }],
  ['histogram_quantile(0.95, (sum(increase(x_bucket{a=~"b"}[30m])) by (le)))', 0.95, 'x', ['30m'], { mode: 'by', labels: ['le'] }],
  ['histogram_quantile((0.9), sum(rate(x_bucket[5m] offset 1h) or rate(x_bucket[1h])))', 0.9, 'x', ['5m', '1h'], { mode: 'by', labels: [] }],
])('%s', (expr, q, metric, windows, grouping) => {
  const [use] = hq(expr);
  expect(use).toMatchObject({ quantile: q, metric, windows, grouping });
});

test('a quantile over a bare rate has no grouping (it keeps every label)', () => {
  const [use] = hq('histogram_quantile(0.9, rate(x_bucket[300s]))');
  expect(use).toMatchObject({ quantile: 0.9, metric: 'x', windows: ['5m'] });
  expect(use!.grouping).toBeUndefined();
});

test('a variable quantile is undefined and several calls are all found', () => {
  const uses = hq('histogram_quantile($q, sum by (le) (rate(a_bucket[5m]))) / histogram_quantile(0.99, sum by (le) (rate(b_bucket[5m])))');
  expect(uses.map((u) => [u.quantile, u.metric])).toEqual([
    [undefined, 'a'],
    [0.99, 'b'],
  ]);
});

test('an expression without histogram_quantile yields nothing', () => {
  expect(hq('sum(rate(x_bucket[5m]))')).toEqual([]);
});

test('each call carries its own text and offsets', () => {
  const expr = 'histogram_quantile(0.5, sum by (le) (rate(a_bucket[5m]))) + 1';
  const [use] = hq(expr);
  expect(expr.slice(use!.from, use!.to)).toBe(use!.text);
  expect(use!.text).toBe('histogram_quantile(0.5, sum by (le) (rate(a_bucket[5m])))');
});
