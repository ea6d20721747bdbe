/** grouping: aggregations with their grouping and the metrics they read; the metrics functions read. */
import { aggregationGroupings, groupsByLabel, metricsInsideCalls } from '../../src/promql/grouping';
import { parsePromql } from '../../src/promql/parse';

const groupsBy = (expr: string, metric: string, label: string): boolean => groupsByLabel(aggregationGroupings(parsePromql(expr)), metric, label);

test.each([
  ['sum by (a, b) (rate(m[5m]))', 'b', true],
  ['sum by(a) (m)', 'a', true],
  ['sum(rate(m[5m])) by (a)', 'a', true],
  ['sum by ("a") (m)', 'a', true],
  ['sum without (a) (m)', 'b', true],
  ['sum without (a) (m)', 'a', false],
  ['sum(m)', 'a', false],
  ['topk(5, m)', 'a', false],
  ['sum by (a) (other)', 'a', false],
  ['sum by (a) ({__name__="m"})', 'a', true],
])('%s keeps %s: %s', (expr, label, keeps) => {
  expect(groupsBy(expr, 'm', label)).toBe(keeps);
});

test('aggregations are listed outermost first; no modifier reads as by (); topk-like ones select', () => {
  expect(aggregationGroupings(parsePromql('MAX by (a) (topk(3, sum(m)))'))).toEqual([
    { op: 'max', selects: false, mode: 'by', labels: ['a'], metrics: ['m'] },
    { op: 'topk', selects: true, mode: 'by', labels: [], metrics: ['m'] },
    { op: 'sum', selects: false, mode: 'by', labels: [], metrics: ['m'] },
  ]);
});

test('metricsInsideCalls lists the metrics under the named functions, once each', () => {
  expect(metricsInsideCalls(parsePromql('sum(rate(a_total[5m])) / sum(b_total)'), ['rate', 'irate'])).toEqual(['a_total']);
  expect(metricsInsideCalls(parsePromql('rate({__name__="c_total"}[5m]) + rate(d_total[$__rate_interval]) + irate(c_total[1m])'), ['rate', 'irate'])).toEqual(['c_total', 'd_total']);
});
