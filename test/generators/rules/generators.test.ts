/** Pure rule generators: conventions, suggestions' references and matching, severity maps, test derivation, semantic diff. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleNamesForMetric } from '../../../src/model/conventions';
import { loadModel } from '../../../src/spec/load-model';
import { conventionalRules, generateRecordingRules, ratioDenominatorFloor } from '../../../src/generators/rules/recording-rules';
import { generateAlertSuggestions, validateSuggestions } from '../../../src/generators/rules/alert-suggestions';
import { alertRule, generateAlerts, parseSeverityMap } from '../../../src/generators/rules/alerts';
import { deriveTestInputs } from '../../../src/generators/rules/rule-tests';
import { evaluateLabelSets, indexRules, parseSeries } from '../../../src/promql/label-values';
import { diffRuleFiles, parseRuleFile } from '../../../src/rules/rule-file';
import { UsageError } from '../../../src/core/errors';
import { REPO_ROOT, runG6, tempWorkspace } from '../../support/cli';

const SPEC = 'test/fixtures/spec/rules.yml';
const model = loadModel(join(REPO_ROOT, SPEC), { displayPath: SPEC });

test('conventional rules carry exactly the names the conventions module lists', () => {
  for (const m of model.metrics) expect(conventionalRules(m).map((r) => r.record)).toEqual(ruleNamesForMetric(m));
});

test('histogram quantile rules keep the labels the spec says, and ratios clamp the denominator', () => {
  const rules = conventionalRules(model.metricsByName.get('g6_store_write_seconds')!);
  expect(rules.find((r) => r.record === 'g6_store_write_seconds:p95_5m_by_table')!.expr).toBe(
    'histogram_quantile(0.95, sum by (le, table) (rate(g6_store_write_seconds_bucket[5m])))',
  );
  expect(rules.find((r) => r.record === 'g6_store_write_seconds:p95_ratio_5m_30m')!.expr).toBe(
    'g6_store_write_seconds:p95_5m / clamp_min(g6_store_write_seconds:p95_30m, 0.001)',
  );
});

test('the ratio floor drops below 0.001 only for histograms whose first bucket is finer', () => {
  const hist = model.metricsByName.get('g6_store_write_seconds')!;
  expect(ratioDenominatorFloor(hist)).toBe(0.001);
  const fine = { ...hist, buckets: [0.00002, 0.0001, 0.001] };
  expect(ratioDenominatorFloor(fine)).toBe(0.00002);
  expect(conventionalRules(fine).find((r) => r.record === 'g6_store_write_seconds:p95_ratio_5m_30m')!.expr).toBe(
    'g6_store_write_seconds:p95_5m / clamp_min(g6_store_write_seconds:p95_30m, 0.00002)',
  );
});

test('a derived rule repeating a conventional name is emitted once', () => {
  const dup = { ...model, recordingRules: [...model.recordingRules, { record: 'g6_store_rows_total:rate_5m', expr: 'vector(1)', labels: {}, pointer: '/recording_rules/9' }] };
  const result = generateRecordingRules(dup);
  const names = result.file.groups.flatMap((g) => g.rules.map((r) => ('record' in r ? r.record : '')));
  expect(names.filter((n) => n === 'g6_store_rows_total:rate_5m')).toHaveLength(1);
  expect(result.skipped).toEqual([{ record: 'g6_store_rows_total:rate_5m', reason: 'duplicate' }]);
});

describe('alert suggestions', () => {
  const recording = generateRecordingRules(model).file;
  const names = (file: ReturnType<typeof generateAlertSuggestions>['file']) => file.groups.flatMap((g) => g.rules.map((r) => ('alert' in r ? r.alert : '')));

  test('are driven by the spec, with spec thresholds over defaults', () => {
    const { file } = generateAlertSuggestions(model, recording);
    expect(names(file)).toEqual([
      'G6StoreWriteSecondsP95RegressionWarning',
      'G6StoreWriteSecondsP95RegressionCritical',
      'G6StoreSuccessRatioLowWarning',
      'G6StoreSuccessRatioLowCritical',
      'G6StoreBacklogEtaHighWarning',
      'G6StoreBacklogEtaHighCritical',
      'G6StoreBacklogStallWarning',
      'G6StoreBacklogStallCritical',
    ]);
    const exprs = file.groups[0]!.rules.map((r) => r.expr);
    // the spec's traffic floor of 2 observations/s overrides the default 0.1, per table as the ratio is
    expect(exprs[0]).toBe('(g6_store_write_seconds:p95_ratio_5m_30m_by_table > 1.3) and (sum by (table) (rate(g6_store_write_seconds_count[5m])) >= 2)');
    expect(exprs[3]).toBe('(g6_store_rows_total:total_rate_5m / ((g6_store_rows_total:total_rate_5m + g6_store_failed_rows_total:total_rate_5m) > 0)) < 0.99');
    expect(exprs[7]).toBe('(g6_store_backlog_rows:eta_minutes > 30) and on() (g6_store_backlog_rows:burn_rows_per_s < 20) and on() (sum(g6_store_backlog_rows) > 50000)');
  });

  test('reference only recording rules that are generated, and a problem is listed for the warning and the critical', () => {
    const without = { ...model, recordingRules: model.recordingRules.filter((r) => !r.record.endsWith(':burn_rows_per_s')) };
    const missing = (alert: string) => `  ${alert}: references recording rule "g6_store_backlog_rows:burn_rows_per_s", which the generated recording rules do not define; declare it under recording_rules in ${SPEC}`;
    expect(() => generateAlertSuggestions(without, generateRecordingRules(without).file)).toThrow(
      `(2 problem(s))\n${missing('G6StoreBacklogStallWarning')}\n${missing('G6StoreBacklogStallCritical')}`,
    );
  });

  test('reject and-matches whose label sets can never be equal (the earlier stall alert)', () => {
    const withJob = parseRuleFile(
      'groups:\n  - name: g\n    rules:\n      - record: b:eta_minutes\n        expr: sum(g6_store_backlog_rows) / 60\n        labels:\n          job: g6_platform\n      - record: b:burn\n        expr: sum(g6_store_backlog_rows)\n',
      'r.yml',
    );
    const stall = { alert: 'Stall', expr: '(b:eta_minutes > 10) and (b:burn < 100) and (sum(g6_store_backlog_rows) > 50000)' };
    expect(() => validateSuggestions(model, [stall], withJob)).toThrow(/Stall: .* label sets \{job\} and \{\} can never be equal/);
    expect(() => validateSuggestions(model, [{ ...stall, expr: stall.expr.replace(/ and /g, ' and on() ') }], withJob)).not.toThrow();
  });

  test('a spec whose backlog lacks its ETA rule fails gen-alert-suggestions with exit 3', () => {
    const ws = tempWorkspace([SPEC]);
    try {
      const path = join(ws.dir, SPEC);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/ {2}- record: g6_store_backlog_rows:eta_minutes\n.*\n/, ''));
      const r = runG6(['gen-alert-suggestions', '--spec', SPEC], { cwd: ws.dir });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('references recording rule "g6_store_backlog_rows:eta_minutes"');
    } finally {
      ws.cleanup();
    }
  });
});

describe('spec alerts', () => {
  const alert = model.metricsByName.get('g6_store_backlog_rows')!.alerts[0]!;

  test('severity comes from the spec unless the map overrides it by alert name or severity', () => {
    expect(alertRule(alert).labels).toEqual({ severity: 'critical' });
    expect(alertRule(alert, { critical: 'page' }).labels).toEqual({ severity: 'page' });
    expect(alertRule(alert, { critical: 'page', G6StoreBacklogHigh: 'ticket' }).labels).toEqual({ severity: 'ticket' });
  });

  test('only standard rule-file keys are emitted', () => {
    for (const g of generateAlerts(model).groups) {
      expect(Object.keys(g).sort()).toEqual(['interval', 'name', 'rules']);
      for (const r of g.rules) for (const k of Object.keys(r)) expect(['alert', 'expr', 'for', 'labels', 'annotations']).toContain(k);
    }
  });

  test('a bad severity map is a usage error naming its source', () => {
    expect(() => parseSeverityMap('{', 'G6_ALERT_SEVERITY_MAP')).toThrow(UsageError);
    expect(() => parseSeverityMap('[1]', '--severity-map')).toThrow(/--severity-map: must be a JSON object/);
    const r = runG6(['gen-alerts', '--spec', SPEC, '--check'], { env: { G6_ALERT_SEVERITY_MAP: 'nope' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('G6_ALERT_SEVERITY_MAP: not valid JSON');
  });

  test('a test block without silent series is an input error naming the alert', () => {
    const m = model.metricsByName.get('g6_store_backlog_rows')!;
    const odd = { ...m, alerts: [{ ...alert, test: { firing: [{ series: 'g6_store_backlog_rows', values: '1x30' }], silent: [] } }] };
    const broken = { ...model, metrics: model.metrics.map((x) => (x === m ? odd : x)) };
    const { generateRuleOutputs } = require('../../../src/generators/rules/rule-outputs') as typeof import('../../../src/generators/rules/rule-outputs');
    expect(() => generateRuleOutputs(broken, 'alerts', { output: 'rules/alerts.yml', testsDir: 'rules/tests', recordingRules: 'rules/recording_rules.yml', resolve: (p) => `/w/${p}` })).toThrow(
      /alert G6StoreBacklogHigh: test needs both firing and silent series/,
    );
  });
});

test.each([
  ['max(g6_store_backlog_rows) > 100000', '200000x30', '0x30'],
  ['sum(increase(g6_store_failed_rows_total[10m])) > 5', '0+1x35', '0x35'],
  ['sum(rate(g6_store_rows_total[5m])) == 0', '0x30', '0+60x30'],
  ['sum(rate(g6_store_rows_total[5m])) < 2', '0x30', '0+240x30'],
])('test inputs derived from %s', (expr, firing, silent) => {
  const inputs = deriveTestInputs(expr, '10m', model)!;
  expect([inputs.firing[0]!.values, inputs.silent[0]!.values]).toEqual([firing, silent]);
});

test('expected alert labels follow the expression over the input series', () => {
  const series = ['a{index="NIFTY",x="1"}', 'a{index="BANK",x="2"}', 'open'].map(parseSeries);
  const none = indexRules([]);
  expect(evaluateLabelSets('(max by (index) (a) > on() group_left() 3) and on() (max(open) == 1)', series, none)).toEqual([{ index: 'BANK' }, { index: 'NIFTY' }]);
  expect(evaluateLabelSets('r:x > 1', series, indexRules([{ record: 'r:x', expr: 'sum(a)', labels: { team: 'g6' } }]))).toEqual([{ team: 'g6' }]);
  expect(evaluateLabelSets('a > 1', series, none)).toHaveLength(2);
});

test('the rule diff ignores formatting and reports added, removed and changed rules', () => {
  const a = parseRuleFile('groups:\n  - name: g\n    rules:\n      - record: x:sum\n        expr: sum(rate(x[5m])) by (b, a)\n      - alert: Old\n        expr: up == 0\n', 'a.yml');
  const b = parseRuleFile('groups:\n  - name: g\n    rules:\n      - record: x:sum\n        expr: sum by (a,b) (rate(x[300s]))\n      - alert: New\n        expr: up == 0\n        for: 5m\n', 'b.yml');
  expect(diffRuleFiles(a, b)).toEqual({ added: ['New'], removed: ['Old'], changed: [] });
  const c = parseRuleFile('groups:\n  - name: h\n    rules:\n      - record: x:sum\n        expr: sum by (a) (rate(x[5m]))\n', 'c.yml');
  expect(diffRuleFiles(a, c).changed).toEqual([{ name: 'x:sum', fields: ['group', 'expr'] }]);
});

test('rule files with unknown keys (the old x_g6_provenance) are rejected with their location', () => {
  expect(() => parseRuleFile('x_g6_provenance: {}\ngroups: []\n', 'p.yml')).toThrow(/p\.yml:1:1 \/x_g6_provenance: unknown top-level key/);
});
