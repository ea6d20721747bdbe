/** audit-quantiles: every PromQL form, rows, allowances, counts, and never a silent pass on bad rules. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditQuantiles } from '../../../src/auditors/quantiles/audit-quantiles';
import { scanDashboard } from '../../../src/auditors/dashboard-targets';
import { parseRuleFile } from '../../../src/rules/rule-file';
import { runG6, tempWorkspace } from '../../support/cli';
import { promtool } from '../../support/promtool';

const DIR = 'test/fixtures/audits/quantiles';
const RULES = `${DIR}/audit-rules.yml`;

interface Report {
  ok: boolean;
  stats: Record<string, number>;
  findings: Array<{ ruleId: string; message: string; fix?: string; location: { file: string; pointer: string }; context: { panel: string; rule: string } }>;
}

const audit = (args: string[]): { code: number; report: Report; stderr: string } => {
  const r = runG6(['audit-quantiles', '--rules', RULES, '--format', 'json', ...args]);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
};

describe('audit-quantiles on a dashboard with every form', () => {
  const { code, report } = audit(['--dashboards', `${DIR}/forms.json`]);
  const violations = report.findings.filter((f) => f.ruleId === 'quantiles/inline-recorded');
  const byPanel = Object.fromEntries(violations.map((v) => [v.context.panel, v.context.rule]));

  test('exits 10 with the rule to use per violating panel', () => {
    expect(code).toBe(10);
    expect(byPanel).toEqual({
      'by le prefix': 'x:p95_5m',
      'by le postfix': 'x:p95_5m',
      'rate interval': 'x:p99_5m',
      nested: 'custom:y_latency_p90',
    });
  });

  test('every other inline quantile is an info finding naming the rules of its histogram that differ, and how', () => {
    const listed = report.findings.filter((f) => f.ruleId === 'quantiles/inline');
    expect(Object.fromEntries(listed.map((f) => [f.context.panel, f.message.replace(/^.*no recording rule computes it/, '')]))).toEqual({
      // the rule sums over every job; this panel only over job="g6": not the same series
      'by le table': ', not even x:p95_5m (label matchers {}; grouping by (le)), x:p95_5m_by_table (label matchers {}), which differ',
      'other window (no rule)': ', not even x:p95_5m (range [5m]), x:p95_5m_by_table (grouping by (le, table); range [5m]), which differ',
      'other grouping (no rule)': ', not even x:p95_5m (grouping by (le)), x:p95_5m_by_table (grouping by (le, table)), which differ',
    });
  });

  test('names dashboard, panel, expression and fix, located by JSON pointer', () => {
    const v = violations.find((f) => f.context.panel === 'nested')!;
    expect(v.location).toEqual({ file: `${DIR}/forms.json`, pointer: '/panels/4/panels/0/targets/0/expr' });
    expect(v.message).toContain('dashboard forms, panel "nested": inline histogram_quantile(0.9, sum by (le) (rate(y_bucket[1h])))');
    expect(v.fix).toBe('replace it with custom:y_latency_p90');
  });

  test('reports counts: dashboards, panels (rows excluded), targets, inline quantiles, violations', () => {
    expect(report.stats).toMatchObject({ dashboards: 1, panels: 9, targets: 8, inline_quantiles: 7, violations: 4 });
  });
});

test('a dashboard with no targets and legacy rows are read', () => {
  const { code, report } = audit(['--dashboards', `${DIR}/empty.json`, `${DIR}/legacy-rows.json`]);
  expect(code).toBe(10);
  expect(report.stats).toMatchObject({ dashboards: 2, panels: 2, targets: 1, inline_quantiles: 1, violations: 1 });
});

test('the governance allowance is per metric, quantile and window and configurable', () => {
  const def = audit(['--dashboards', `${DIR}/governance.json`]);
  expect(def.code).toBe(10);
  expect(def.report.stats).toMatchObject({ inline_quantiles: 3, allowed: 2, violations: 1 });
  expect(def.report.findings.find((f) => f.ruleId === 'quantiles/inline-recorded')!.context.panel).toBe('p95 inline twice');
  expect(audit(['--dashboards', `${DIR}/governance.json`, '--allow-inline', '2']).code).toBe(0);
  expect(audit(['--dashboards', `${DIR}/governance.json`, '--allow-inline', '0']).report.stats.violations).toBe(3);
  expect(audit(['--dashboards', `${DIR}/governance.json`, '--allow-dashboards', 'other']).report.stats.violations).toBe(3);
});

test('a directory is read in name order; the text report ends with the counts', () => {
  const r = runG6(['audit-quantiles', '--rules', RULES, '--dashboards', DIR]);
  expect(r.code).toBe(10);
  expect(r.stderr.trim().split('\n').pop()).toBe('audit-quantiles: 4 dashboards, 14 panels, 12 targets, 11 inline quantiles, 6 violations, 2 allowed');
});

describe('never a silent pass', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => {
    ws = tempWorkspace([DIR]);
  });
  afterEach(() => ws.cleanup());

  test('a missing rules file exits 3', () => {
    const r = runG6(['audit-quantiles', '--dashboards', DIR, '--rules', 'missing.yml'], { cwd: ws.dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('missing.yml: cannot read rule file: file not found');
  });

  test('an invalid rules file exits 3 with its location', () => {
    writeFileSync(join(ws.dir, 'bad.yml'), 'groups:\n  - name: g\n    rules:\n      - record: a\n');
    const r = runG6(['audit-quantiles', '--dashboards', DIR, '--rules', 'bad.yml'], { cwd: ws.dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('bad.yml:4:9 /groups/0/rules/0/expr: a rule needs a string `expr`');
  });

  test('invalid dashboard JSON and a missing dashboard directory exit 3', () => {
    mkdirSync(join(ws.dir, 'd'));
    writeFileSync(join(ws.dir, 'd/broken.json'), '{"panels": [');
    expect(runG6(['audit-quantiles', '--dashboards', 'd', '--rules', RULES], { cwd: ws.dir }).stderr).toContain('d/broken.json:1:13: invalid JSON');
    const r = runG6(['audit-quantiles', '--dashboards', 'nowhere', '--rules', RULES], { cwd: ws.dir });
    expect(r.code).toBe(3);
  });
});

test('an unparsable target is a warning, not a pass in disguise', () => {
  const scan = { ...scanDashboard({ panels: [{ title: 'bad', targets: [{ expr: 'sum(' }] }] }, 'd.json'), slug: 'd' };
  const rules = parseRuleFile('groups: []\n', 'r.yml');
  const result = auditQuantiles([scan], [rules]);
  expect(result.counts.unparsable).toBe(1);
  expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([['quantiles/unparsable-target', 'warning']]);
});

test('a rule recognised only by its equivalent expression is proposed', () => {
  const scan = { ...scanDashboard({ panels: [{ title: 'p', targets: [{ expr: 'histogram_quantile(0.9,sum(rate(y_bucket[60m]))by(le))' }] }] }, 'd.json'), slug: 'd' };
  const rules = parseRuleFile('groups:\n  - name: g\n    rules:\n      - record: team:y:latency90\n        expr: histogram_quantile(0.9, sum by (le) (rate(y_bucket[1h])))\n', 'r.yml');
  expect(auditQuantiles([scan], [rules]).findings[0]?.context?.rule).toBe('team:y:latency90');
});

// lezer's guard against deep left-associative trees used to break this sum, so the audit passed it as unparsable
test.each([200, 300])('one target summing %i inline quantiles (which promtool accepts) is audited, every term found', (terms) => {
  const expr = Array(terms).fill('histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))').join(' + ');
  const ws = tempWorkspace([RULES]);
  try {
    writeFileSync(join(ws.dir, 'long.yml'), `groups:\n  - name: g\n    rules:\n      - record: x:long\n        expr: '${expr}'\n`);
    expect(promtool(['check', 'rules', 'long.yml'], ws.dir)).toMatchObject({ code: 0 });
    writeFileSync(join(ws.dir, 'long.json'), JSON.stringify({ panels: [{ title: 'long sum', targets: [{ expr }] }] }));
    const r = runG6(['audit-quantiles', '--rules', RULES, '--dashboards', 'long.json'], { cwd: ws.dir });
    expect(r.code).toBe(10);
    expect(r.stderr.trim().split('\n').pop()).toBe(`audit-quantiles: 1 dashboards, 1 panels, 1 targets, ${terms} inline quantiles, ${terms} violations`);
  } finally {
    ws.cleanup();
  }
});

describe('a rule is proposed only when it computes the same thing', () => {
  const proposed = (panel: string, rule: string): unknown => {
    const scan = { ...scanDashboard({ panels: [{ title: 'p', targets: [{ expr: panel }] }] }, 'd.json'), slug: 'd' };
    const rules = parseRuleFile(`groups:\n  - name: g\n    rules:\n      - record: r:recorded\n        expr: '${rule}'\n`, 'r.yml');
    return auditQuantiles([scan], [rules]).findings[0]?.context?.rule;
  };
  test.each([
    ['a staging panel is not told to use the rule over prod', 'histogram_quantile(0.99, sum by (le) (rate(x_bucket{env="staging"}[5m])))', 'histogram_quantile(0.99, sum by (le) (rate(x_bucket{env="prod"}[5m])))', undefined],
    ['a pasted without(...) rule is found, grouping written after the call', 'histogram_quantile(0.99, sum(rate(x_bucket{job="api"}[5m])) without (pod, instance))', 'histogram_quantile(0.99, sum without (instance, pod) (rate(x_bucket{job="api"}[5m])))', 'r:recorded'],
    ['matchers in another order are the same', 'histogram_quantile(0.9, sum by (le) (rate(x_bucket{b="2", a="1"}[5m])))', 'histogram_quantile(0.9, sum by (le) (rate(x_bucket{a="1",b="2"}[300s])))', 'r:recorded'],
    ['without is not by', 'histogram_quantile(0.9, sum without (pod) (rate(x_bucket[5m])))', 'histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))', undefined],
    ['irate is not rate', 'histogram_quantile(0.9, sum by (le) (irate(x_bucket[5m])))', 'histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))', undefined],
    ['max is not sum', 'histogram_quantile(0.9, max by (le) (rate(x_bucket[5m])))', 'histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))', undefined],
    ['another quantile is not the same', 'histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))', 'histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))', undefined],
    ['a rule that filters its result is not a quantile rule', 'histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))', 'histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m]))) > 0', undefined],
  ])('%s', (_name, panel, rule, expected) => {
    expect(proposed(panel, rule)).toBe(expected);
  });
});
