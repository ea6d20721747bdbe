/** g6 verify runs every check in one process and exits with the first failing code; g6 generate repairs. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERIFY_STEPS } from '../../src/cli/commands/pipeline-steps';
import { runG6, tempWorkspace } from '../support/cli';

const PROJECT = ['spec', 'generated', 'grafana', 'rules', 'docs/RULES_CATALOG.md'];

describe('g6 verify and g6 generate', () => {
  it('the repository is current: every check passes', () => {
    const res = runG6(['verify']);
    expect(res.stderr.split('\n').filter((l) => l.startsWith('ok   '))).toHaveLength(VERIFY_STEPS.length);
    expect(res.code).toBe(0);
  });

  it('exits with the first failing code in the documented order, reports every failure, and generate repairs it', () => {
    const ws = tempWorkspace(PROJECT);
    try {
      const env = { G6_NO_CACHE: '1' };
      const catalog = join(ws.dir, 'generated/METRICS_CATALOG.md');
      writeFileSync(catalog, `${readFileSync(catalog, 'utf8')}hand edit\n`);
      const rules = join(ws.dir, 'rules/alerts.yml');
      writeFileSync(rules, readFileSync(rules, 'utf8').replace(/for: 10m/, 'for: 11m'));

      const failed = runG6(['verify'], { cwd: ws.dir, env });
      expect(failed.code).toBe(5);
      expect(failed.stderr).toContain('FAIL gen-metrics --check (exit 5)');
      expect(failed.stderr).toContain('FAIL gen-alerts --check (exit 7)');
      expect(failed.stderr).toContain('ok   gen-dashboards --verify');

      const gen = runG6(['generate'], { cwd: ws.dir, env });
      expect(gen.code).toBe(0);
      expect(runG6(['verify'], { cwd: ws.dir, env }).code).toBe(0);
    } finally {
      ws.cleanup();
    }
  });
});
