/** label-engine: which domain operation the walk applies to each construct, seen through a domain that spells them out. */
import { topExpression } from '../../src/promql/ast';
import { labelsOf, type LabelDomain } from '../../src/promql/label-engine';
import { parsePromql } from '../../src/promql/parse';

/** A domain whose values are the operations applied, as text; scalars are `S`. */
const spelled: LabelDomain<string> = {
  scalar: 'S',
  isScalar: (v) => v === 'S',
  noLabels: '{}',
  unknown: (why) => `?(${why})`,
  selector: (name, matchers) => `${name}${matchers.length ? `{${matchers.map((m) => `${m.label}${m.op}${m.value}`).join(',')}}` : ''}`,
  drop: (v, labels) => `drop(${v}; ${labels.join(',')})`,
  aggregate: (g, inner) => `${g.mode}[${g.labels.join(',')}](${inner})`,
  countValues: (g, label, inner) => `count_values[${g.mode} ${g.labels.join(',')} + ${label ?? '?'}](${inner})`,
  binary: (p, l, r) => `(${l} ${p.op}${p.matching ? ` ${p.matching.mode}[${p.matching.labels.join(',')}]${p.matching.group ? ` group_${p.matching.group}[${p.matching.include.join(',')}]` : ''}` : ''} ${r})`,
};

const walk = (expr: string): string => {
  const parsed = parsePromql(expr);
  return labelsOf(parsed, topExpression(parsed)!, spelled);
};

test.each([
  ['1', 'S'],
  ['"s"', 'S'],
  ['x{a="1"}', 'x{a=1}'],
  ['(rate(x[5m] offset 1h))', 'x'],
  ['-x @ 100', 'x'],
  ['max_over_time(x[1h:5m])', 'x'],
  ['sum(x)', 'by[](x)'],
  ['sum without ("a") (x)', 'without[a](x)'],
  ['topk(3, x)', 'x'],
  ['count_values("v", x)', 'count_values[by  + v](x)'],
  ['count_values($v, x)', 'count_values[by  + ?](x)'],
  ['clamp_min(x, 0)', 'x'],
  ['histogram_quantile(0.9, x)', 'drop(x; le)'],
  ['time()', 'S'],
  ['vector(1)', '{}'],
  ['abs(1)', 'S'],
  ['label_join(x, "a", ",", "b")', '?(the labels of label_join() depend on values)'],
  ['x > 1', 'x'],
  ['2 * x', 'x'],
  ['x and on("job") y', '(x and on[job] y)'],
  ['x / ignoring(a) group_left(b) y', '(x / ignoring[a] group_left[b] y)'],
  ['$var', '?(selector __grafana_var_var has no metric name)'],
  ['{a="1"}', '?(selector {a="1"} has no metric name)'],
  ['sum(1)', '?(sum over a scalar)'],
])('%s walks as %s', (expr, spelledOut) => {
  expect(walk(expr)).toBe(spelledOut);
});
