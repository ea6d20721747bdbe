/**
 * Adoption on an existing platform: a spec in the earlier tools' format (test/fixtures/legacy)
 * goes through the real bin/g6 `generate` and `verify`, and promtool accepts everything written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runG6, tempWorkspace } from '../support/cli';
import { promtool, requirePromtool } from '../support/promtool';

const LEGACY = join(REPO_ROOT, 'test/fixtures/legacy');

/** The three gauges the earlier spec names *_total, renamed as the linter asks. */
const RENAMES: Array<[string, string]> = [
  ['g6_cardinality_series_total', 'g6_cardinality_series'],
  ['g6_cardinality_guard_offenders_total', 'g6_cardinality_guard_offenders'],
  ['g6_cardinality_guard_new_groups_total', 'g6_cardinality_guard_new_groups'],
];

const ARTIFACTS = [
  'generated/metrics.ts',
  'generated/METRICS_CATALOG.md',
  'grafana/dashboards/generated/.g6/manifest.json',
  'rules/recording_rules.yml',
  'rules/alerts.yml',
  'rules/alert_suggestions.yml',
  'rules/tests/alerts.test.yml',
  'rules/tests/alert_suggestions.test.yml',
  'docs/RULES_CATALOG.md',
];

/** A workspace holding the legacy spec (edited by `edit`) and plan at the default paths, plus `extra` files. */
function legacyWorkspace(edit: (spec: string) => string, extra: Record<string, string> = {}): ReturnType<typeof tempWorkspace> {
  const ws = tempWorkspace();
  mkdirSync(join(ws.dir, 'spec'));
  writeFileSync(join(ws.dir, 'spec/metrics.yml'), edit(readFileSync(join(LEGACY, 'metrics.yml'), 'utf8')));
  writeFileSync(join(ws.dir, 'spec/dashboards.yml'), readFileSync(join(LEGACY, 'dashboards.yml'), 'utf8'));
  for (const [path, text] of Object.entries(extra)) writeFileSync(join(ws.dir, path), text);
  return ws;
}

const ruleFiles = (dir: string): string[] => readdirSync(join(dir, 'rules')).filter((f) => f.endsWith('.yml')).map((f) => `rules/${f}`);
const testFiles = (dir: string): string[] => readdirSync(join(dir, 'rules/tests')).map((f) => `rules/tests/${f}`);

/** The spec with `# g6 disable spec/non-counter-total` directly above each of the three gauges' entries. */
const waived = (spec: string): string =>
  RENAMES.reduce((t, [name]) => t.replace(new RegExp(`^( *)- name: ${name}$`, 'm'), (_m, indent: string) => `${indent}# g6 disable spec/non-counter-total\n${indent}- name: ${name}`), spec);

describe.each([
  ['unchanged, with .g6.yml setting spec/non-counter-total to warning', (s: string) => s, { '.g6.yml': 'lint:\n  rules:\n    spec/non-counter-total: warning\n' }],
  ['with an inline # g6 disable on each of the three gauges and no config', waived, {}],
  ['with its three *_total gauges renamed', (s: string) => RENAMES.reduce((t, [from, to]) => t.split(from).join(to), s), {}],
])('the legacy spec %s', (_name, edit, extra) => {
  let ws: ReturnType<typeof tempWorkspace>;
  let generate: ReturnType<typeof runG6>;
  beforeAll(() => {
    requirePromtool();
    ws = legacyWorkspace(edit, extra);
    generate = runG6(['generate'], { cwd: ws.dir });
  });
  afterAll(() => ws.cleanup());

  test('validate-spec exits 0', () => {
    const r = runG6(['validate-spec'], { cwd: ws.dir });
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
  });

  test('generate writes every artifact, the underivable alerts reported as alerts/no-unit-test warnings', () => {
    expect({ code: generate.code, stderr: generate.stderr }).toMatchObject({ code: 0 });
    for (const f of ARTIFACTS) expect({ f, exists: existsSync(join(ws.dir, f)) }).toEqual({ f, exists: true });
    expect(readdirSync(join(ws.dir, 'grafana/dashboards/generated')).filter((f) => f.endsWith('.json'))).toHaveLength(15); // one per plan; the manifest is in .g6/
    const alerts = runG6(['gen-alerts', '--format', 'json'], { cwd: ws.dir });
    const report = JSON.parse(alerts.stdout) as { findings: Array<{ ruleId: string; severity: string; context: { alert: string } }> };
    const untested = report.findings.filter((f) => f.ruleId === 'alerts/no-unit-test');
    expect(untested.map((f) => [f.context.alert, f.severity])).toEqual([
      ['G6ApiLatencyP95High', 'warning'],
      ['G6ApiLatencyP95Critical', 'warning'],
    ]);
    const tests = readFileSync(join(ws.dir, 'rules/tests/alerts.test.yml'), 'utf8');
    for (const name of ['G6ApiErrorRateHigh', 'G6ApiErrorRateCritical', 'G6ApiCallsStalled', 'G6CardinalityBudgetNear', 'G6ProviderQuoteAgeAbsent']) {
      expect(tests).toContain(`name: ${name} fires`);
    }
  });

  test('verify then exits 0', () => {
    const r = runG6(['verify'], { cwd: ws.dir });
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
  });

  test('promtool check rules and test rules pass on everything written', () => {
    const check = promtool(['check', 'rules', ...ruleFiles(ws.dir)], ws.dir);
    expect(check).toMatchObject({ code: 0 });
    const test = promtool(['test', 'rules', ...testFiles(ws.dir)], ws.dir);
    expect(test.output).not.toMatch(/FAILED/);
    expect(test).toMatchObject({ code: 0 });
  });
});
