/**
 * One table over the step registry, through the real bin/g6: for every step, the repository is
 * current (exit 0); injected drift gives the step's code and a finding; invalid input gives 3;
 * every report validates against the shipped JSON Schema, and github annotations are printed.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { STEP_IDS, loadStep, type StepId } from '../../src/steps/registry';
import { REPO_ROOT, runG6, tempWorkspace } from '../support/cli';

const PROJECT = ['spec', 'generated', 'grafana', 'rules', 'docs/RULES_CATALOG.md'];
const DASHBOARDS = 'grafana/dashboards/generated';

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'src/output/report.schema.json'), 'utf8'));
const validateReport = new Ajv({ allErrors: true }).compile(schema);

type Edit = (dir: string) => void;
const edit = (file: string, change: (text: string) => string): Edit => (dir) => {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the injected edit of ${file} changed nothing`);
  writeFileSync(path, after);
};

/** A recorded histogram: an inline p95 of it on a non-governance dashboard is a violation. */
const RECORDED = /record: (\w+):p95_5m\n/.exec(readFileSync(join(REPO_ROOT, 'rules/recording_rules.yml'), 'utf8'))![1]!;

interface Case {
  /** Flag that selects check mode, if the step has one. */
  check: string[];
  /** Files the step's case needs, written before each test. */
  setup?: Edit;
  /** Arguments of every run (a live step's source). */
  args?: string[];
  /** Extra arguments for the drift case. */
  driftArgs?: string[];
  drift: Edit;
  /** Arguments that make the input invalid (exit 3). */
  invalid: string[];
}

/** A small spec and an exposition that conforms to it, for the live steps. */
const LIVE_SPEC = `version: 1
families:
  app:
    metrics:
      - {name: app_requests_total, type: counter, help: Requests by outcome., labels: [outcome], label_values: {outcome: [error, ok]}, cardinality_budget: 2, no_panel: true}
`;
const LIVE_EXPOSITION = '# HELP app_requests_total Requests by outcome.\n# TYPE app_requests_total counter\napp_requests_total{outcome="ok"} 3\napp_requests_total{outcome="error"} 1\n';
const writeLive: Edit = (dir) => {
  writeFileSync(join(dir, 'live.yml'), LIVE_SPEC);
  writeFileSync(join(dir, 'live.prom'), LIVE_EXPOSITION);
  writeFileSync(join(dir, 'bad.prom'), 'app_requests_total{outcome="ok" 3\n');
};
const addLiveSeries = edit('live.prom', (t) => `${t}app_requests_total{outcome="timeout"} 1\n`);

const CASES: Record<StepId, Case> = {
  'validate-spec': { check: [], drift: edit('spec/metrics.yml', (t) => t.replace(/type: counter/, 'type: countr')), invalid: ['--spec', 'absent.yml'] },
  'gen-metrics': { check: ['--check'], drift: edit('generated/METRICS_CATALOG.md', (t) => `${t}hand edit\n`), invalid: ['--spec', 'absent.yml'] },
  'gen-dashboards': {
    check: ['--verify'],
    drift: edit(`${DASHBOARDS}/governance.json`, (t) => t.replace(/"title": "([^"]+)"/, '"title": "$1 (edited)"')),
    invalid: ['--plan', 'absent.yml'],
  },
  'gen-recording-rules': { check: ['--check'], drift: edit('rules/recording_rules.yml', (t) => t.replace(/\[5m\]/, '[6m]')), invalid: ['--spec', 'absent.yml'] },
  'gen-compat-rules': {
    check: ['--check'],
    drift: edit('spec/metrics.yml', (t) => t.replace(/(\n {8}cardinality_budget: \d+\n)/, '$1        renamed_from: [{name: g6_earlier_name_total}]\n')),
    invalid: ['--dashboards', 'absent.json'],
  },
  'gen-alerts': { check: ['--check'], drift: edit('rules/alerts.yml', (t) => t.replace(/for: 10m/, 'for: 11m')), invalid: ['--spec', 'absent.yml'] },
  'gen-alert-suggestions': { check: ['--check'], drift: edit('rules/alert_suggestions.yml', (t) => t.replace(/for: 10m/, 'for: 12m')), invalid: ['--spec', 'absent.yml'] },
  'gen-rules-catalog': { check: ['--check'], drift: edit('docs/RULES_CATALOG.md', (t) => `${t}\nhand edit\n`), invalid: ['--rules', 'absent.yml'] },
  'audit-quantiles': {
    check: [],
    driftArgs: ['--dashboards', 'extra'],
    drift: (dir) => {
      mkdirSync(join(dir, 'extra'));
      const expr = `histogram_quantile(0.95, sum by (le) (rate(${RECORDED}_bucket[5m])))`;
      writeFileSync(join(dir, 'extra/board.json'), JSON.stringify({ title: 'Board', panels: [{ id: 1, type: 'timeseries', title: 'p95', targets: [{ expr }] }] }));
    },
    invalid: ['--rules', 'absent.yml'],
  },
  'validate-coverage': {
    check: [],
    drift: edit(`${DASHBOARDS}/.g6/manifest.json`, (t) => {
      const m = JSON.parse(t) as { dashboards: unknown[] };
      return JSON.stringify({ ...m, dashboards: m.dashboards.slice(0, 1) });
    }),
    invalid: ['--spec', 'absent.yml'],
  },
  // a report, not a gate: a metric the spec lacks is a warning and the exit code stays 0
  analyze: {
    check: [],
    driftArgs: ['--dashboards', 'extra', '--spec', 'spec/metrics.yml'],
    drift: (dir) => {
      mkdirSync(join(dir, 'extra'));
      writeFileSync(join(dir, 'extra/board.json'), JSON.stringify({ title: 'Board', panels: [{ id: 1, type: 'timeseries', title: 'other', targets: [{ expr: 'rate(not_in_the_spec_total[5m])' }] }] }));
    },
    invalid: ['--rules', 'absent.yml'],
  },
  'check-live': { check: [], setup: writeLive, args: ['--spec', 'live.yml', '--metrics-file', 'live.prom'], drift: addLiveSeries, invalid: ['--spec', 'absent.yml'] },
  infer: {
    check: ['--check'],
    setup: (dir) => {
      writeLive(dir);
      expect(runG6(['infer', '--metrics-file', 'live.prom', '--output', 'draft.yml'], { cwd: dir }).code).toBe(0);
    },
    args: ['--metrics-file', 'live.prom', '--output', 'draft.yml'],
    drift: addLiveSeries,
    invalid: ['--metrics-file', 'bad.prom'],
  },
};

function jsonReport(stdout: string): { exitCode: number; ok: boolean; findings: Array<{ ruleId: string; severity: string }> } {
  const report: unknown = JSON.parse(stdout);
  if (!validateReport(report)) throw new Error(`report does not match report.schema.json: ${JSON.stringify(validateReport.errors)}`);
  return report as { exitCode: number; ok: boolean; findings: Array<{ ruleId: string; severity: string }> };
}

describe('every registered step', () => {
  let ws: { dir: string; cleanup(): void };
  beforeEach(() => {
    ws = tempWorkspace(PROJECT);
  });
  afterEach(() => ws.cleanup());

  it('has a case in this table', () => {
    expect(Object.keys(CASES).sort()).toEqual([...STEP_IDS].sort());
  });

  describe.each(STEP_IDS.map((id) => [id]))('%s', (id) => {
    const step = loadStep(id);
    const c = CASES[id];
    beforeEach(() => c.setup?.(ws.dir));

    it('exits 0 on the current repository, with a schema-valid JSON report', () => {
      const r = runG6([id, ...c.check, ...(c.args ?? []), '--format', 'json'], { cwd: ws.dir });
      expect(r.code).toBe(0);
      expect(jsonReport(r.stdout)).toMatchObject({ ok: true, exitCode: 0 });
    });

    // a step whose exit code is 0 only reports: what it finds is a warning
    const gate = step.exitCode !== 0;
    const severity = gate ? 'error' : 'warning';

    it(`exits with the step's code and ${gate ? 'an error' : 'a warning'} finding on injected drift, in every format`, () => {
      c.drift(ws.dir);
      const args = [id, ...c.check, ...(c.args ?? []), ...(c.driftArgs ?? [])];
      const json = runG6([...args, '--format', 'json'], { cwd: ws.dir });
      expect(json.code).toBe(step.exitCode);
      const report = jsonReport(json.stdout);
      expect(report).toMatchObject({ ok: !gate, exitCode: step.exitCode });
      expect(report.findings.filter((f) => f.severity === severity).length).toBeGreaterThan(0);

      const github = runG6([...args, '--format', 'github'], { cwd: ws.dir });
      expect(github.code).toBe(step.exitCode);
      expect(github.stdout).toMatch(new RegExp(`^::${severity} (file=[^,]+,)?.*title=[a-z-]+/[A-Za-z0-9-]+::`, 'm'));

      const markdown = runG6([...args, '--format', 'markdown'], { cwd: ws.dir });
      expect(markdown.code).toBe(step.exitCode);
      if (gate) expect(markdown.stdout).toContain(`failed (exit ${step.exitCode})`);
      expect(markdown.stdout).toContain('| severity | rule | location | message |');

      const text = runG6(args, { cwd: ws.dir });
      expect(text.code).toBe(step.exitCode);
      expect(text.stderr).toMatch(new RegExp(`${severity} .*\\[[a-z-]+/[A-Za-z0-9-]+\\]`));
    });

    it('exits 3 on invalid input, reported as findings', () => {
      const r = runG6([id, ...c.check, ...(c.args ?? []), ...c.invalid, '--format', 'json'], { cwd: ws.dir });
      expect(r.code).toBe(3);
      const report = jsonReport(r.stdout);
      expect(report.exitCode).toBe(3);
      expect(report.findings.some((f) => f.severity === 'error' && /^(input|spec)\//.test(f.ruleId))).toBe(true);
    });
  });
});
