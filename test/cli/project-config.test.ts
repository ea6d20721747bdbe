/** The project config .g6.yml, inline waivers, g6 config and g6 init, through the real bin/g6. */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT, runG6, tempWorkspace } from '../support/cli';

const SMALL = readFileSync(join(REPO_ROOT, 'test/fixtures/spec/small.yml'), 'utf8');
/** small.yml with a gauge named like a counter, which the linter rejects as spec/non-counter-total. */
const GAUGE_TOTAL = `${SMALL.trimEnd()}\n  legacy:\n    owner: x\n    metrics:\n      - name: g6_series_total\n        type: gauge\n        help: Series seen.\n        labels: []\n        cardinality_budget: 1\n        no_panel: true\n`;

let ws: { dir: string; cleanup(): void };
beforeEach(() => {
  ws = tempWorkspace();
});
afterEach(() => ws.cleanup());

/** A plan over every family of GAUGE_TOTAL, so generate has dashboards to write. */
const PLAN = 'dashboards:\n  - slug: all\n    families: [ingest, system, legacy]\n';

const put = (path: string, text: string): void => {
  mkdirSync(join(ws.dir, path, '..'), { recursive: true });
  writeFileSync(join(ws.dir, path), text);
};
const json = (args: string[], cwd = ws.dir) => {
  const r = runG6([...args, '--format', 'json'], { cwd });
  return { code: r.code, report: JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; severity: string; location?: { line?: number } }> } };
};

describe('lint levels in .g6.yml', () => {
  it('without a config, a gauge named *_total is an error: exit 3', () => {
    put('spec/metrics.yml', GAUGE_TOTAL);
    const r = json(['validate-spec']);
    expect(r.code).toBe(3);
    expect(r.report.findings).toContainEqual(expect.objectContaining({ ruleId: 'spec/non-counter-total', severity: 'error' }));
  });

  it('level warning lets validate-spec pass and every generator run, found from a subfolder', () => {
    put('spec/metrics.yml', GAUGE_TOTAL);
    put('spec/dashboards.yml', PLAN);
    put('.g6.yml', 'version: 1\nlint:\n  rules:\n    spec/non-counter-total: warning\n');
    mkdirSync(join(ws.dir, 'deep/er'), { recursive: true });
    const r = json(['validate-spec'], join(ws.dir, 'deep/er'));
    expect(r.code).toBe(0);
    expect(r.report.findings).toContainEqual(expect.objectContaining({ ruleId: 'spec/non-counter-total', severity: 'warning' }));
    expect(runG6(['generate', '--spec', 'spec/metrics.yml'], { cwd: ws.dir }).code).toBe(0);
    expect(existsSync(join(ws.dir, 'generated/metrics.ts'))).toBe(true);
    expect(runG6(['verify'], { cwd: join(ws.dir, 'deep/er') }).code).toBe(0);
  });

  it('level off drops the finding; --config names another file', () => {
    put('spec/metrics.yml', GAUGE_TOTAL);
    put('conf/strictless.yml', 'version: 1\npaths: {spec: ../spec/metrics.yml}\nlint: {rules: {spec/non-counter-total: "off"}}\n');
    const r = json(['validate-spec', '--config', 'conf/strictless.yml']);
    expect(r.code).toBe(0);
    expect(r.report.findings.filter((f) => f.ruleId === 'spec/non-counter-total')).toEqual([]);
  });

  it('checks.<step>.<flag> sets an option default; the command line still wins', () => {
    put('spec/metrics.yml', GAUGE_TOTAL);
    put('.g6.yml', 'version: 1\nlint: {rules: {spec/non-counter-total: warning}}\nchecks:\n  validate-spec: {strict: true}\n');
    expect(runG6(['validate-spec'], { cwd: ws.dir }).code).toBe(3);
    put('.g6.yml', 'version: 1\nlint: {rules: {spec/non-counter-total: warning}}\noutput: {format: json}\n');
    expect(JSON.parse(runG6(['validate-spec'], { cwd: ws.dir }).stdout)).toMatchObject({ tool: 'validate-spec', ok: true });
    expect(runG6(['validate-spec', '--format', 'text'], { cwd: ws.dir }).stdout).toBe('');
  });

  it.each([
    ['an unknown key', 'version: 1\npathz: {}\n', /\.g6\.yml:2:\d+ \/pathz: unknown field "pathz"/],
    ['a bad level', 'version: 1\nlint: {rules: {spec/x: loud}}\n', /\/lint\/rules\/spec~1x: value "loud" is not allowed; fix: use one of: off, info, warning, error/],
    ['an unknown step', 'version: 1\nchecks: {audit-quantile: {allow-inline: 2}}\n', /\.g6\.yml:2: checks\.audit-quantile: no step is called audit-quantile/],
    ['an unknown option', 'version: 1\nchecks: {validate-spec: {strit: true}}\n', /checks\.validate-spec\.strit: validate-spec has no option --strit; options: spec, strict/],
    ['invalid YAML', 'version: 1\nlint: [\n', /\.g6\.yml/],
  ])('%s is exit 3 naming the file and line', (_name, text, message) => {
    put('spec/metrics.yml', SMALL);
    put('.g6.yml', text);
    const r = runG6(['validate-spec'], { cwd: ws.dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('inline waivers', () => {
  it('# g6 disable above the entry waives it with no config; a stale waiver is an info finding', () => {
    const waived = GAUGE_TOTAL.replace('      - name: g6_series_total', '      # g6 disable spec/non-counter-total\n      - name: g6_series_total').replace(
      '      - name: g6_ingest_rows_total',
      '      - name: g6_ingest_rows_total  # g6 disable spec/non-counter-total',
    );
    put('spec/metrics.yml', waived);
    put('spec/dashboards.yml', PLAN);
    const r = json(['validate-spec']);
    expect(r.code).toBe(0);
    expect(r.report.findings.filter((f) => f.ruleId === 'spec/non-counter-total')).toEqual([]);
    const lineOfStale = waived.split('\n').findIndex((l) => l.includes('g6_ingest_rows_total  #')) + 1;
    expect(r.report.findings).toContainEqual(expect.objectContaining({ ruleId: 'lint/unused-waiver', severity: 'info', location: expect.objectContaining({ line: lineOfStale }) }));
    expect(runG6(['generate'], { cwd: ws.dir }).code).toBe(0);
    expect(runG6(['verify'], { cwd: ws.dir }).code).toBe(0);
  });

  it('an expired snooze waives nothing and says so', () => {
    put('spec/metrics.yml', GAUGE_TOTAL.replace('      - name: g6_series_total', '      # g6 snooze 2001-02-03 spec/non-counter-total\n      - name: g6_series_total'));
    const r = json(['validate-spec']);
    expect(r.code).toBe(3);
    expect(r.report.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['spec/non-counter-total', 'lint/expired-snooze']));
  });
});

describe('g6 config', () => {
  it('prints every resolved value with its source', () => {
    put('.g6.yml', 'version: 1\npaths:\n  spec: specs/main.yml\nlint:\n  rules: {spec/no-panels: "off"}\n');
    const out = JSON.parse(runG6(['config', '--format', 'json'], { cwd: ws.dir }).stdout) as { file: string; values: Array<{ key: string; value: unknown; source: string }> };
    expect(out.file).toBe('.g6.yml');
    const byKey = Object.fromEntries(out.values.map((v) => [v.key, v]));
    expect(byKey['paths.spec']).toEqual({ key: 'paths.spec', value: 'specs/main.yml', source: '.g6.yml:3' });
    expect(byKey['paths.plan']).toEqual({ key: 'paths.plan', value: 'spec/dashboards.yml', source: 'default' });
    expect(byKey['lint.rules.spec/no-panels']).toEqual({ key: 'lint.rules.spec/no-panels', value: 'off', source: '.g6.yml:5' });
    expect(runG6(['config'], { cwd: ws.dir }).stdout).toMatch(/^paths\.spec +"specs\/main\.yml" +\.g6\.yml:3$/m);
  });
});

describe('g6 init', () => {
  it('scaffolds a project that validates, generates, verifies and passes promtool; it never overwrites', () => {
    const init = runG6(['init'], { cwd: ws.dir });
    expect(init.code).toBe(0);
    for (const f of ['.g6.yml', 'spec/metrics.yml', 'spec/dashboards.yml']) expect(existsSync(join(ws.dir, f))).toBe(true);
    expect(runG6(['validate-spec', '--strict'], { cwd: ws.dir }).code).toBe(0);
    expect(runG6(['generate'], { cwd: ws.dir }).code).toBe(0);
    expect(runG6(['verify'], { cwd: ws.dir }).code).toBe(0);
    const rules = ['rules/recording_rules.yml', 'rules/alerts.yml', 'rules/alert_suggestions.yml'];
    expect(spawnSync('promtool', ['check', 'rules', ...rules], { cwd: ws.dir }).status).toBe(0);
    const tests = spawnSync('promtool', ['test', 'rules', 'rules/tests/alerts.test.yml', 'rules/tests/alert_suggestions.test.yml'], { cwd: ws.dir, encoding: 'utf8' });
    expect(tests.stdout + tests.stderr).toContain('SUCCESS');
    expect(tests.status).toBe(0);
    const again = runG6(['init'], { cwd: ws.dir });
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('never overwrites');
  });
});
