/** label-names: result labels known statically, and vector matches that can never match. */
import { findMatchingProblems, resultLabels, type LabelSet } from '../../src/promql/label-names';
import { parsePromql } from '../../src/promql/parse';

const known: Record<string, LabelSet> = {
  'x:eta': { kind: 'exact', labels: [] },
  'x:burn': { kind: 'exact', labels: ['job'] },
  'x:by_table': { kind: 'exact', labels: ['table'] },
  raw: { kind: 'atLeast', labels: ['table'] },
};
const resolve = (n: string): LabelSet | undefined => known[n];
const labels = (e: string): LabelSet => resultLabels(parsePromql(e), resolve);
const problems = (e: string): string[] => findMatchingProblems(parsePromql(e), resolve).map((p) => p.op);

test.each<[string, LabelSet]>([
  ['sum(raw)', { kind: 'exact', labels: [] }],
  ['sum by (table) (rate(raw[5m]))', { kind: 'exact', labels: ['table'] }],
  ['sum by ("table") (raw)', { kind: 'exact', labels: ['table'] }],
  ['sum without (table) (x:burn)', { kind: 'exact', labels: ['job'] }],
  ['sum without (table) (raw)', { kind: 'unknown' }],
  ['rate(raw[5m]) > 3', { kind: 'atLeast', labels: ['table'] }],
  ['raw{job="a", env=~".+", x=~".*", y!="1"}', { kind: 'atLeast', labels: ['env', 'job', 'table'] }],
  ['histogram_quantile(0.9, sum by (le, table) (rate(raw[5m])))', { kind: 'exact', labels: ['table'] }],
  ['topk(3, x:by_table)', { kind: 'exact', labels: ['table'] }],
  ['count_values("v", x:by_table)', { kind: 'exact', labels: ['v'] }],
  ['count_values without () ("v", x:by_table)', { kind: 'exact', labels: ['table', 'v'] }],
  ['label_replace(raw, "a", "b", "c", "d")', { kind: 'unknown' }],
  ['vector(1)', { kind: 'exact', labels: [] }],
  ['time()', { kind: 'scalar' }],
  ['x:by_table or x:by_table', { kind: 'exact', labels: ['table'] }],
  ['x:by_table or x:burn', { kind: 'unknown' }],
  ['x:eta * on() group_right x:burn', { kind: 'exact', labels: ['job'] }],
  ['unknown_metric', { kind: 'unknown' }],
  ['$var', { kind: 'unknown' }],
])('%s has labels %j', (expr, set) => {
  expect(labels(expr)).toEqual(set);
});

test('the earlier stall alert (job label on one side only) can never match', () => {
  expect(problems('(x:eta > 10) and (x:burn < 100) and (sum(raw) > 50000)')).toEqual(['and']);
});

test.each([
  '(x:eta > 10) and on() (x:burn < 100) and on() (sum(raw) > 5)',
  'x:eta > 10 and sum(raw) > 5',
  'x:by_table and on(table) raw',
  'x:by_table and on("table") raw',
  'x:by_table / ignoring(table) x:eta',
  'x:by_table / ignoring("table") x:eta',
])('%s can match', (expr) => {
  expect(problems(expr)).toEqual([]);
});

test.each(['x:eta and on(table) x:by_table', 'x:eta and on("table") x:by_table', 'x:by_table / x:eta'])('%s is reported', (expr) => {
  expect(problems(expr)).toHaveLength(1);
});

test('a problem names both sides and says what to do', () => {
  expect(findMatchingProblems(parsePromql('x:by_table / x:eta'), resolve)).toEqual([
    {
      op: '/',
      text: 'x:by_table / x:eta',
      left: { kind: 'exact', labels: ['table'] },
      right: { kind: 'exact', labels: [] },
      message: 'label sets {table} and {} can never be equal; add on(…) or aggregate both sides to the same labels',
    },
  ]);
});
