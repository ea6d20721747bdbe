/** label-values: the label sets an expression yields for given input series (expected alerts of promtool tests). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CannotEvaluate, evaluateLabelSets, indexRules, parseSeries, type Labels } from '../../src/promql/label-values';
import { tempWorkspace } from '../support/cli';
import { promtool, requirePromtool } from '../support/promtool';

const SERIES = ['a{job="x",index="NIFTY"}', 'a{job="y",index="BANK"}', 'b{job="y"}', 'c{job="x",team="t"}', 'open'];
const series = SERIES.map(parseSeries);
const rules = indexRules([
  { record: 'r:sum', expr: 'sum by (job) (a)', labels: { team: 'g6' } },
  { record: 'r:via', expr: 'r:sum > 0' },
  { record: 'r:loop', expr: 'r:loop' },
]);
const sets = (expr: string): Labels[] => evaluateLabelSets(expr, series, rules);

test.each<[string, Labels[]]>([
  ['a', [{ index: 'BANK', job: 'y' }, { index: 'NIFTY', job: 'x' }]],
  ['a{job="x"} > 1', [{ index: 'NIFTY', job: 'x' }]],
  ['rate(a{job=~"x|z"}[5m])', [{ index: 'NIFTY', job: 'x' }]],
  ['max by (index) (a)', [{ index: 'BANK' }, { index: 'NIFTY' }]],
  ['sum without (index) (a)', [{ job: 'x' }, { job: 'y' }]],
  ['topk(1, a)', [{ index: 'BANK', job: 'y' }, { index: 'NIFTY', job: 'x' }]],
  ['a and on("job") b', [{ index: 'BANK', job: 'y' }]],
  ['a{job="x"} and on("job") b', []],
  ['a{job="x"} and on(job) b', []],
  ['a unless on(job) b', [{ index: 'NIFTY', job: 'x' }]],
  ['b or on(job) a', [{ index: 'NIFTY', job: 'x' }, { job: 'y' }]],
  ['a * on("job") group_left("team") c', [{ index: 'NIFTY', job: 'x', team: 't' }]],
  ['a / ignoring("index") b', [{ job: 'y' }]],
  ['(max by (index) (a) > on() group_left() 3) and on() (max(open) == 1)', [{ index: 'BANK' }, { index: 'NIFTY' }]],
  ['histogram_quantile(0.9, a)', [{ index: 'BANK', job: 'y' }, { index: 'NIFTY', job: 'x' }]],
  ['vector(1)', [{}]],
  ['r:sum', [{ job: 'x', team: 'g6' }, { job: 'y', team: 'g6' }]],
  ['r:via{job="y"}', [{ job: 'y', team: 'g6' }]],
  ['missing', []],
])('%s yields %j', (expr, want) => {
  expect(sets(expr)).toEqual(want);
});

test.each([
  ['label_replace(a, "x", "$1", "job", "(.*)")', 'the labels of label_replace() depend on values'],
  ['count_values("v", a)', 'count_values labels depend on sample values'],
  ['a / on() group_right b', 'group_right is not supported in derived test expectations'],
  ['r:loop', 'recording rules reference each other too deeply'],
  ['sum(', '"sum(" does not parse'],
])('%s cannot be evaluated: %s', (expr, message) => {
  expect(() => sets(expr)).toThrow(new CannotEvaluate(message));
});

test.each([
  ['a{job="x"}', { name: 'a', labels: { job: 'x' } }],
  ['{__name__="a", "quoted"="1"}', { name: 'a', labels: { quoted: '1' } }],
])('parseSeries(%s)', (text, want) => {
  expect(parseSeries(text)).toEqual(want);
});

test.each([
  ['a plain selector with several labels', 'a_bucket{job="x",le="+Inf"}', { name: 'a_bucket', labels: { job: 'x', le: '+Inf' } }],
  ['a value holding braces, commas and equals signs', 'a{x="{b=1,c}"}', { name: 'a', labels: { x: '{b=1,c}' } }],
  ['a repeated label, the last of which wins', 'a{x="1",x="2"}', { name: 'a', labels: { x: '2' } }],
  ['empty braces and a trailing comma', 'a{}', { name: 'a', labels: {} }],
  ['a trailing comma', 'a:b{x="1",}', { name: 'a:b', labels: { x: '1' } }],
  ['a __name__ matcher, which is not a label', 'a{__name__="a",x="1"}', { name: 'a', labels: { x: '1' } }],
  ['an escaped value, read by the grammar', 'a{x="q\\"r"}', { name: 'a', labels: { x: 'q"r' } }],
  ['a function name, which is a selector here', 'rate{x="1"}', { name: 'rate', labels: { x: '1' } }],
])('parseSeries reads %s', (_what, text, want) => {
  expect(parseSeries(text)).toEqual(want);
});

test.each([
  ['a{job=~"x"}', 'series "a{job=~"x"}" may only use = matchers'],
  ['{job="x"}', 'series "{job="x"}" has no metric name'],
  ['sum(a)', '"sum(a)" is not a series selector such as name{label="value"}'],
  ['offset{x="1"}', '"offset{x="1"}" is not a series selector such as name{label="value"}'],
  ['inf{x="1"}', '"inf{x="1"}" is not a series selector such as name{label="value"}'],
  ['bool', '"bool" is not a series selector such as name{label="value"}'],
])('parseSeries(%s) is refused', (text, message) => {
  expect(() => parseSeries(text)).toThrow(new CannotEvaluate(message));
});

// promtool 2.x rejects quoted label names in on(…); it checks the unquoted spelling of the same expectation.
test('on("job") is read as on(job), and promtool agrees with the derived labels (an empty answer included)', () => {
  requirePromtool();
  const cases: Array<[string, string, string]> = [
    ['OnJob', 'a and on("job") b', 'a and on(job) b'],
    ['OnJobNone', 'a{job="x"} and on("job") b', 'a{job="x"} and on(job) b'],
    ['GroupLeftTeam', 'a * on("job") group_left("team") c', 'a * on(job) group_left(team) c'],
  ];
  for (const [, quoted, plain] of cases) expect(sets(quoted)).toEqual(sets(plain));
  const ws = tempWorkspace();
  try {
    const rulesYaml = cases.map(([n, , plain]) => `      - alert: ${n}\n        expr: '${plain}'\n`).join('');
    writeFileSync(join(ws.dir, 'rules.yml'), `groups:\n  - name: g\n    rules:\n${rulesYaml}`);
    const inputs = SERIES.map((s) => `      - series: '${s}'\n        values: '1x10'\n`).join('');
    const expected = cases
      .map(([n, quoted]) => `      - eval_time: 5m\n        alertname: ${n}\n        exp_alerts: ${JSON.stringify(sets(quoted).map((l) => ({ exp_labels: l })))}\n`)
      .join('');
    writeFileSync(join(ws.dir, 'rules.test.yml'), `rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n${inputs}    alert_rule_test:\n${expected}`);
    const r = promtool(['test', 'rules', 'rules.test.yml'], ws.dir);
    expect(r.output).toContain('SUCCESS');
    expect(r.code).toBe(0);
  } finally {
    ws.cleanup();
  }
});
