/** Renamed and deprecated metrics: compatibility rules evaluate to the old values under promtool, and queries using old names are flagged. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../../../src/spec/load-model';
import { migrationFinding, migrationsOf, renamedSeries } from '../../../src/model/migrations';
import { REPO_ROOT, runG6, tempWorkspace } from '../../support/cli';
import { promtool, requirePromtool } from '../../support/promtool';

const SPEC = 'test/fixtures/spec/renamed.yml';
const model = loadModel(join(REPO_ROOT, SPEC), { displayPath: SPEC });
const migrations = migrationsOf(model);

test.each([
  ['a gauge maps its old name to the new one scaled', 'g6_pipeline_memory_rss_mb', 'g6_pipeline_memory_rss_bytes * 9.5367431640625e-7', true],
  ['a counter keeps its labels and is scaled', 'g6_pipeline_phase_duration_ms_total', 'g6_pipeline_phase_duration_seconds_total * 1000', true],
  ["a histogram's _sum is scaled", 'g6_pipeline_cycle_ms_sum', 'g6_pipeline_cycle_seconds_sum * 1000', true],
  ["a histogram's _count is not", 'g6_pipeline_cycle_ms_count', 'g6_pipeline_cycle_seconds_count', true],
  ["a histogram's _bucket has no compatibility rule (its le bounds are in the old unit)", 'g6_pipeline_cycle_ms_bucket', 'g6_pipeline_cycle_seconds_bucket', false],
])('%s', (_name, old, replacement, compatible) => {
  expect(renamedSeries(model).find((r) => r.old === old)).toMatchObject({ replacement, compatible });
});

test.each([
  ['an old name is migrate/deprecated-name with the replacement', 'g6_pipeline_memory_rss_mb', 'migrate/deprecated-name', /select g6_pipeline_memory_rss_bytes \* 9\.5367431640625e-7 instead/],
  ['a deprecated metric is migrate/deprecated-metric with its note', 'g6_pipeline_trends_cycles', 'migrate/deprecated-metric', /stop using g6_pipeline_trends_cycles/],
])('%s', (_name, series, ruleId, fix) => {
  expect(migrationFinding(series, 'panel "p"', migrations)).toMatchObject({ ruleId, severity: 'warning', fix: expect.stringMatching(fix) });
});

test('a current name gets no migration finding', () => {
  expect(migrationFinding('g6_pipeline_memory_rss_bytes', 'panel "p"', migrations)).toBeUndefined();
});

describe('a workspace with renamed metrics', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeAll(() => {
    requirePromtool();
    ws = tempWorkspace();
    mkdirSync(join(ws.dir, 'spec'));
    writeFileSync(join(ws.dir, 'spec/metrics.yml'), readFileSync(join(REPO_ROOT, SPEC), 'utf8'));
    writeFileSync(join(ws.dir, 'spec/dashboards.yml'), 'dashboards:\n  - slug: pipeline\n    title: Pipeline\n    families: [pipeline]\n    description: Pipeline\n');
    expect(runG6(['generate'], { cwd: ws.dir }).code).toBe(0);
  });
  afterAll(() => ws.cleanup());

  test('validate-spec warns where the spec itself uses an old name or another metric uses a deprecated one', () => {
    const r = runG6(['validate-spec', '--format', 'json'], { cwd: ws.dir });
    expect(r.code).toBe(0);
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; location: { pointer: string }; context: { replacement?: string } }> }).findings;
    expect(findings.filter((f) => f.ruleId.startsWith('migrate/')).map((f) => [f.ruleId, f.location.pointer])).toEqual([
      ['migrate/deprecated-name', '/families/pipeline/metrics/0/panels/1/promql'],
      ['migrate/deprecated-metric', '/families/pipeline/metrics/0/panels/2/promql'],
    ]);
    expect(findings.find((f) => f.ruleId === 'migrate/deprecated-name')!.context.replacement).toBe('g6_pipeline_memory_rss_bytes * 9.5367431640625e-7');
  });

  test('promtool check rules accepts the compatibility rules, and each evaluates to the old value', () => {
    expect(promtool(['check', 'rules', 'rules/compat_rules.yml'], ws.dir)).toMatchObject({ code: 0 });
    const test = [
      'rule_files: [../compat_rules.yml]',
      'evaluation_interval: 1m',
      'tests:',
      '  - interval: 1m',
      '    input_series:',
      '      - series: g6_pipeline_memory_rss_bytes',
      '        values: "104857600x10"',
      '      - series: g6_pipeline_phase_duration_seconds_total{phase="fetch"}',
      '        values: "0+2x10"',
      '      - series: g6_pipeline_cycle_seconds_sum',
      '        values: "0+0.5x10"',
      '      - series: g6_pipeline_cycle_seconds_count',
      '        values: "0+1x10"',
      '    promql_expr_test:',
      '      - expr: g6_pipeline_memory_rss_mb',
      '        eval_time: 5m',
      '        exp_samples: [{labels: "g6_pipeline_memory_rss_mb", value: 100}]',
      '      - expr: g6_pipeline_phase_duration_ms_total',
      '        eval_time: 5m',
      '        exp_samples: [{labels: "g6_pipeline_phase_duration_ms_total{phase=\\"fetch\\"}", value: 10000}]',
      '      - expr: g6_pipeline_cycle_ms_sum / g6_pipeline_cycle_ms_count',
      '        eval_time: 5m',
      '        exp_samples: [{labels: "{}", value: 500}]',
      '',
    ].join('\n');
    mkdirSync(join(ws.dir, 'rules/tests'), { recursive: true });
    writeFileSync(join(ws.dir, 'rules/tests/compat.test.yml'), test);
    const r = promtool(['test', 'rules', 'rules/tests/compat.test.yml'], ws.dir);
    expect(r.output).toMatch(/SUCCESS/);
    expect(r).toMatchObject({ code: 0 });
  });

  test('the catalog has a migration table', () => {
    const catalog = readFileSync(join(ws.dir, 'generated/METRICS_CATALOG.md'), 'utf8');
    expect(catalog).toContain('| `g6_pipeline_memory_rss_mb` | `g6_pipeline_memory_rss_bytes` | `g6_pipeline_memory_rss_bytes * 9.5367431640625e-7` | yes |');
    expect(catalog).toMatch(/\| `g6_pipeline_trends_cycles` \| 0\.2 \| the trend file is replaced by the cycle histogram \|/);
  });

  test('a dashboard and a hand-written rule file using an old name get migrate/deprecated-name; g6 output is not re-checked', () => {
    const dashboard = { title: 'Team board', panels: [{ title: 'RSS MB', type: 'timeseries', targets: [{ refId: 'A', expr: 'max(g6_pipeline_memory_rss_mb) > 512' }] }] };
    writeFileSync(join(ws.dir, 'grafana/dashboards/team.json'), JSON.stringify(dashboard));
    writeFileSync(join(ws.dir, 'rules/team.yml'), 'groups:\n  - name: team\n    rules:\n      - alert: TeamSlowPhases\n        expr: sum(rate(g6_pipeline_phase_duration_ms_total[5m])) > 500\n');
    const r = runG6(['gen-compat-rules', '--check', '--format', 'json'], { cwd: ws.dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string; location: { file: string; pointer: string } }>; stats: Record<string, number> };
    expect(report.findings.map((f) => [f.ruleId, f.location.file, f.location.pointer])).toEqual([
      ['migrate/deprecated-name', 'grafana/dashboards/team.json', '/panels/0/targets/0/expr'],
      ['migrate/deprecated-name', 'rules/team.yml', '/groups/0/rules/0/expr'],
    ]);
    expect(report.findings[0]!.message).toBe('panel "RSS MB" uses g6_pipeline_memory_rss_mb, the earlier name of g6_pipeline_memory_rss_bytes');
    expect(report.stats).toMatchObject({ records: 4, dashboards: 1, rule_files: 1 });
  });
});
