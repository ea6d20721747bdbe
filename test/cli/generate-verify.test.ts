/** g6 verify runs every step in one process and exits with the first failing code; g6 generate repairs. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STEP_IDS, isLive, loadStep } from '../../src/steps/registry';
import { runG6, tempWorkspace } from '../support/cli';

const PROJECT = ['spec', 'generated', 'grafana', 'rules', 'docs/RULES_CATALOG.md'];

describe('g6 verify and g6 generate', () => {
  it('the repository is current: every step passes', () => {
    const res = runG6(['verify']);
    // live steps need a running source: verify leaves them out
    expect(res.stderr.split('\n').filter((l) => l.startsWith('ok   '))).toHaveLength(STEP_IDS.filter((id) => !isLive(loadStep(id))).length);
    expect(res.code).toBe(0);
  });

  it('exits with the first failing code in registry order, reports every failure, and generate repairs it', () => {
    const ws = tempWorkspace(PROJECT);
    try {
      const catalog = join(ws.dir, 'generated/METRICS_CATALOG.md');
      writeFileSync(catalog, `${readFileSync(catalog, 'utf8')}hand edit\n`);
      const rules = join(ws.dir, 'rules/alerts.yml');
      writeFileSync(rules, readFileSync(rules, 'utf8').replace(/for: 10m/, 'for: 11m'));

      const failed = runG6(['verify'], { cwd: ws.dir });
      expect(failed.code).toBe(5);
      expect(failed.stderr).toContain('FAIL gen-metrics --check (exit 5)');
      expect(failed.stderr).toContain('FAIL gen-alerts --check (exit 7)');
      expect(failed.stderr).toContain('ok   gen-dashboards --verify');

      const json = JSON.parse(runG6(['verify', '--format', 'json'], { cwd: ws.dir }).stdout);
      expect(json).toMatchObject({ tool: 'verify', ok: false, exitCode: 5 });
      expect(json.steps.map((s: { tool: string; exitCode: number }) => [s.tool, s.exitCode]).filter(([, code]: [string, number]) => code !== 0)).toEqual([
        ['gen-metrics --check', 5],
        ['gen-alerts --check', 7],
        ['gen-rules-catalog --check', 8],
      ]);
      expect(json.counts.error).toBe(json.steps.reduce((n: number, s: { counts: { error: number } }) => n + s.counts.error, 0));

      const gen = runG6(['generate'], { cwd: ws.dir });
      expect(gen.code).toBe(0);
      expect(gen.stderr).toContain('ok   gen-metrics (1 file(s) written)');
      expect(runG6(['verify'], { cwd: ws.dir }).code).toBe(0);
    } finally {
      ws.cleanup();
    }
  });

  it('reports a broken spec once; the steps that need it say they were skipped', () => {
    const ws = tempWorkspace(PROJECT);
    try {
      const spec = join(ws.dir, 'spec/metrics.yml');
      writeFileSync(spec, readFileSync(spec, 'utf8').replace(/type: counter/, 'type: countr'));
      const res = runG6(['verify', '--format', 'json'], { cwd: ws.dir });
      expect(res.code).toBe(3);
      const report = JSON.parse(res.stdout) as { steps: Array<{ tool: string; skipped?: string; findings: Array<{ ruleId: string }> }> };
      const withSpecErrors = report.steps.filter((s) => s.findings.some((f) => f.ruleId.startsWith('spec/')));
      expect(withSpecErrors.map((s) => s.tool)).toEqual(['validate-spec']);
      const skipped = report.steps.filter((s) => s.skipped).map((s) => s.tool);
      expect(skipped).toEqual(['gen-metrics --check', 'gen-dashboards --verify', 'gen-recording-rules --check', 'gen-compat-rules --check', 'gen-alerts --check', 'gen-alert-suggestions --check', 'validate-coverage']);
      expect(report.steps.find((s) => s.skipped)!.skipped).toMatch(/spec\/metrics\.yml is invalid \(see validate-spec\)/);

      const text = runG6(['verify'], { cwd: ws.dir });
      expect(text.stderr).toContain('skip gen-metrics --check: skipped: spec/metrics.yml is invalid');
    } finally {
      ws.cleanup();
    }
  });

  it('generate runs every generator even when one fails, and reports each failure', () => {
    const ws = tempWorkspace(PROJECT);
    try {
      writeFileSync(join(ws.dir, 'spec/dashboards.yml'), 'dashboards: [{slug: x, families: [no_such_family]}]\n');
      const res = runG6(['generate', '--format', 'json'], { cwd: ws.dir });
      expect(res.code).toBe(3);
      const report = JSON.parse(res.stdout) as { steps: Array<{ tool: string; exitCode: number }> };
      expect(report.steps.map((s) => [s.tool, s.exitCode])).toEqual([
        ['gen-metrics', 0],
        ['gen-dashboards', 3],
        ['gen-recording-rules', 0],
        ['gen-compat-rules', 0],
        ['gen-alerts', 0],
        ['gen-alert-suggestions', 0],
        ['gen-rules-catalog', 0],
      ]);
    } finally {
      ws.cleanup();
    }
  });
  it("a spec alert that does not parse fails generate: the rules catalog refuses the alert file at its line", () => {
    const ws = tempWorkspace(PROJECT);
    try {
      const spec = join(ws.dir, 'spec/metrics.yml');
      writeFileSync(spec, readFileSync(spec, 'utf8').replace('expr: sum(increase(g6_cycle_sla_breaches_total[15m])) > 3', 'expr: sum(increase(g6_cycle_sla_breaches_total[15m])) > > 3'));
      const res = runG6(['generate'], { cwd: ws.dir });
      expect(res.code).toBe(3);
      expect(res.stderr).toContain('ok   gen-alerts (2 file(s) written)');
      expect(res.stderr).toMatch(/FAIL gen-rules-catalog \(exit 3\)[\s\S]*rules\/alerts\.yml:\d+:\d+ \/groups\/\d+\/rules\/\d+\/expr: PromQL does not parse/);
    } finally {
      ws.cleanup();
    }
  });
});
