/** normalize: one canonical text per query, so that spellings of the same query compare equal. */
import { normalizePromql } from '../../src/promql/normalize';

test.each([
  ['sum(rate(x[5m])) by (b, a)', 'sum by (a,b) (rate(x[300s]))'],
  ['SUM  BY(a)(x)', 'sum by (a) (x)'],
  ["x{b='1', a=\"2\"}", 'x{a="2",b="1"}'],
  ['(x)', 'x'],
  ['sum((x))', 'sum(x)'],
  ['x > 1e3', 'x > 1000'],
  ['{__name__="x"}', 'x'],
  ['a and on(c, b) group_left b', 'a AND ON(b,c) GROUP_LEFT b'],
  ['a and on("job") b', 'a and on(job) b'],
  ['a * on(x) group_left() b', 'a * on(x) group_left b'],
  ['a > bool on(x) b', 'a > BOOL on (x) b'],
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
  ['a and on(x) b', 'a and ignoring(x) b'],
  ['a * on(x) group_left(y) b', 'a * on(x) group_left b'],
  ['a > bool b', 'a > b'],
])('%s differs from %s', (a, b) => {
  expect(normalizePromql(a)).not.toBe(normalizePromql(b));
});

test('a syntax error only equals itself', () => {
  expect(normalizePromql('sum(')).toBe('!sum(');
  expect(normalizePromql('sum(')).not.toBe(normalizePromql('sum()'));
});
