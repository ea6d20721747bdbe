/** Alert unit tests derived by search: every derived test passes the real promtool; what cannot be derived is a warning with the test block to add. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadModel } from '../../../src/spec/load-model';
import { generateRecordingRules, renderRecordingRules } from '../../../src/generators/rules/recording-rules';
import { generateRuleOutputs } from '../../../src/generators/rules/rule-outputs';
import { evalRulesOf, searchTestInputs } from '../../../src/generators/rules/rule-tests';
import type { AlertSpec, Model } from '../../../src/model/types';
import { REPO_ROOT, runG6, tempWorkspace } from '../../support/cli';
import { promtool, requirePromtool } from '../../support/promtool';

const SPEC = 'test/fixtures/spec/rules.yml';
const model = loadModel(join(REPO_ROOT, SPEC), { displayPath: SPEC });

/** The model with its alerts replaced by one alert per expression (no test blocks), on the backlog gauge. */
function withAlerts(exprs: readonly string[]): Model {
  const host = model.metricsByName.get('g6_store_backlog_rows')!;
  const alerts: AlertSpec[] = exprs.map((expr, i) => ({ alert: `G6Derived${i}`, expr, for: '5m', severity: 'warning', labels: {}, metric: host.name, family: host.family, pointer: `${host.pointer}/alerts/${i}` }));
  const metrics = model.metrics.map((m) => ({ ...m, alerts: m === host ? alerts : [] }));
  const families = model.families.map((f) => ({ ...f, metrics: metrics.filter((m) => m.family === f.name) }));
  return { ...model, metrics, families, metricsByName: new Map(metrics.map((m) => [m.name, m])) };
}

const DERIVABLE: Array<[string, string]> = [
  ['a ratio of counters with a label matcher over a clamped total', 'sum(rate(g6_store_failed_rows_total{table="options"}[5m])) / clamp_min(sum(rate(g6_store_rows_total[5m])),1) > 0.05'],
  ['scalar arithmetic on an aggregated gauge', 'max(g6_store_backlog_rows) / 200 > 0.8'],
  ['clamp_max reaching its ceiling', 'clamp_max(sum(rate(g6_store_failed_rows_total[5m])), 10) >= 10'],
  ['a stalled counter and on() a gauge condition', '(sum(rate(g6_store_rows_total[5m])) == 0) and on() (max(g6_store_backlog_rows) > 100)'],
  ['absent() of a labelled series', 'absent(g6_store_rows_total{table="overview"})'],
  ['a recording rule compared with a threshold', 'g6_store_rows_total:total_rate_5m < 0.5'],
  ['a per-table ratio that keeps the table label', 'sum by (table) (rate(g6_store_failed_rows_total[5m])) / sum by (table) (rate(g6_store_rows_total[5m])) > 0.1'],
];

const rules = evalRulesOf([generateRecordingRules(model).file]);

test.each(DERIVABLE)('inputs are derived for %s', (_name, expr) => {
  const found = searchTestInputs(expr, '5m', model, rules);
  expect(found).toHaveProperty('inputs');
});

test.each([
  ['a histogram quantile (buckets are not modelled)', 'g6_store_write_seconds:p95_5m > 1', /g6_store_write_seconds_bucket/],
  ['a series the spec does not define', 'max(up) > 1', /reads up, which is not a counter or gauge/],
  ['label rewriting', 'label_replace(max(g6_store_backlog_rows), "a", "b", "", "") > 1', /label_replace\(\) is not modelled/],
])('no inputs are derived for %s, and the reason says why', (_name, expr, reason) => {
  const found = searchTestInputs(expr, '5m', model, rules);
  expect(found).not.toHaveProperty('inputs');
  expect((found as { reason: string }).reason).toMatch(reason);
});

describe('the derived tests under promtool', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeAll(() => {
    requirePromtool();
    ws = tempWorkspace();
  });
  afterAll(() => ws.cleanup());

  test('every derived test passes promtool test rules, and each alert both fires and stays silent', () => {
    const derived = withAlerts(DERIVABLE.map(([, expr]) => expr));
    const out = generateRuleOutputs(derived, 'alerts', { output: 'rules/alerts.yml', testsDir: 'rules/tests', recordingRules: 'rules/recording_rules.yml', resolve: (p) => join(ws.dir, p) });
    expect(out.untested).toEqual([]);
    const recording = renderRecordingRules(derived, generateRecordingRules(derived), 'rules/recording_rules.yml');
    for (const a of [...out.artifacts, recording]) {
      mkdirSync(dirname(join(ws.dir, a.path)), { recursive: true });
      writeFileSync(join(ws.dir, a.path), a.content);
    }
    expect(out.tests).toBe(2 * DERIVABLE.length);
    const r = promtool(['test', 'rules', 'rules/tests/alerts.test.yml'], ws.dir);
    expect(r.output).toMatch(/SUCCESS/);
    expect(r).toMatchObject({ code: 0 });
  });
});

describe('an alert whose inputs cannot be derived', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeAll(() => {
    ws = tempWorkspace([SPEC]);
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const path = join(ws.dir, SPEC);
    const text = readFileSync(path, 'utf8').replace('expr: max(g6_store_backlog_rows) > 100000', 'expr: g6_store_write_seconds:p95_5m > 1');
    writeFileSync(path, text);
  });
  afterAll(() => ws.cleanup());

  test('is written anyway, with a warning naming it and the test block to add', () => {
    const r = runG6(['gen-alerts', '--spec', SPEC, '--format', 'json'], { cwd: ws.dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; severity: string; message: string; fix: string; location: { file: string; line: number; pointer: string } }> };
    const finding = report.findings.find((f) => f.ruleId === 'alerts/no-unit-test')!;
    expect(finding).toMatchObject({ severity: 'warning', location: { file: SPEC, pointer: '/families/store/metrics/2/alerts/0' } });
    expect(finding.location.line).toBeGreaterThan(0);
    expect(finding.message).toContain('alert G6StoreBacklogHigh is written without a unit test');
    expect(finding.fix).toMatch(/test:\n {2}eval_time: \d+m\n {2}firing:/);
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    expect(readFileSync(join(ws.dir, 'rules/alerts.yml'), 'utf8')).toContain('alert: G6StoreBacklogHigh');
  });

  test('is an error with --require-tests: the spec lacks what the tests need, exit 3 as for any invalid input', () => {
    const r = runG6(['gen-alerts', '--spec', SPEC, '--require-tests'], { cwd: ws.dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/error alert G6StoreBacklogHigh is written without a unit test.*\[alerts\/no-unit-test\]/);
  });
});
