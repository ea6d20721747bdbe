import { parsePromql } from '../../src/promql/parse';
import {
  canonicalDuration,
  findHistogramQuantiles,
  findMatchingProblems,
  normalizePromql,
  resultLabels,
  type LabelSet,
} from '../../src/promql/inspect';

const hq = (expr: string) => findHistogramQuantiles(parsePromql(expr));

describe('findHistogramQuantiles', () => {
  test.each([
    ['histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))', 0.95, 'x', ['5m'], 'by', ['le']],
    ['histogram_quantile(0.99, sum(rate(x_bucket[30m])) by (le))', 0.99, 'x', ['30m'], 'by', ['le']],
    ['histogram_quantile(0.95, sum by (table, le) (rate(x_bucket{job="a"}[5m])))', 0.95, 'x', ['5m'], 'by', ['le', 'table']],
    ['histogram_quantile(0.5, sum without (instance) (rate(x_bucket[1h])))', 0.5, 'x', ['1h'], 'without', ['instance']],
    ['histogram_quantile(0.9, rate(x_bucket[300s]))', 0.9, 'x', ['5m'], 'none', []],
    ['histogram_quantile(0.95, sum by (le) (rate(x_bucket[$__rate_interval])))', 0.95, 'x', ['5m'], 'by', ['le']],
    ['histogram_quantile(0.95, (sum(increase(x_bucket{a=~"b"}[30m])) by (le)))', 0.95, 'x', ['30m'], 'by', ['le']],
  ])('%s', (expr, q, metric, windows, mode, labels) => {
    const [use] = hq(expr);
    expect(use).toMatchObject({ quantile: q, metric, windows, grouping: { mode, labels } });
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
});

describe('normalizePromql', () => {
  test.each([
    ['sum(rate(x[5m])) by (b, a)', 'sum by (a,b) (rate(x[300s]))'],
    ['SUM  BY(a)(x)', 'sum by (a) (x)'],
    ["x{b='1', a=\"2\"}", 'x{a="2",b="1"}'],
    ['(x)', 'x'],
    ['sum((x))', 'sum(x)'],
    ['x > 1e3', 'x > 1000'],
    ['{__name__="x"}', 'x'],
    ['a and on(c, b) group_left b', 'a AND ON(b,c) GROUP_LEFT b'],
    ['sum by () (x)', 'sum(x)'],
    ['rate(x[1h30m])', 'rate(x[90m])'],
  ])('%s equals %s', (a, b) => {
    expect(normalizePromql(a)).toBe(normalizePromql(b));
  });

  test.each([
    ['sum by (a) (x)', 'sum by (b) (x)'],
    ['(a + b) * c', 'a + b * c'],
    ['x[5m]', 'x[10m]'],
    ['a / b', 'b / a'],
    ['sum by (a) (x)', 'sum without (a) (x)'],
    ['x{a="1"}', 'x{a!="1"}'],
  ])('%s differs from %s', (a, b) => {
    expect(normalizePromql(a)).not.toBe(normalizePromql(b));
  });

  test('a syntax error only equals itself', () => {
    expect(normalizePromql('sum(')).toBe('!sum(');
    expect(normalizePromql('sum(')).not.toBe(normalizePromql('sum()'));
  });
});

test('canonicalDuration', () => {
  expect([canonicalDuration('300s'), canonicalDuration('90m'), canonicalDuration('1d'), canonicalDuration('5m')]).toEqual(['5m', '1h30m', '1d', '5m']);
});

describe('resultLabels and findMatchingProblems', () => {
  const known: Record<string, LabelSet> = {
    'x:eta': { kind: 'exact', labels: [] },
    'x:burn': { kind: 'exact', labels: ['job'] },
    'x:by_table': { kind: 'exact', labels: ['table'] },
    raw: { kind: 'atLeast', labels: ['table'] },
  };
  const resolve = (n: string) => known[n];
  const labels = (e: string) => resultLabels(parsePromql(e), resolve);
  const problems = (e: string) => findMatchingProblems(parsePromql(e), resolve).map((p) => p.op);

  test('aggregations, functions and scalars', () => {
    expect(labels('sum(raw)')).toEqual({ kind: 'exact', labels: [] });
    expect(labels('sum by (table) (rate(raw[5m]))')).toEqual({ kind: 'exact', labels: ['table'] });
    expect(labels('rate(raw[5m]) > 3')).toEqual({ kind: 'atLeast', labels: ['table'] });
    expect(labels('histogram_quantile(0.9, sum by (le, table) (rate(raw[5m])))')).toEqual({ kind: 'exact', labels: ['table'] });
    expect(labels('unknown_metric')).toEqual({ kind: 'unknown' });
  });

  test('the earlier stall alert (job label on one side only) can never match', () => {
    expect(problems('(x:eta > 10) and (x:burn < 100) and (sum(raw) > 50000)')).toEqual(['and']);
  });

  test('on() and equal label sets match', () => {
    expect(problems('(x:eta > 10) and on() (x:burn < 100) and on() (sum(raw) > 5)')).toEqual([]);
    expect(problems('x:eta > 10 and sum(raw) > 5')).toEqual([]);
    expect(problems('x:by_table and on(table) raw')).toEqual([]);
    expect(problems('x:by_table / ignoring(table) x:eta')).toEqual([]);
  });

  test('on() naming a label one side lacks is reported', () => {
    expect(problems('x:eta and on(table) x:by_table')).toEqual(['and']);
  });
});
