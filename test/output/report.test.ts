/** Reporters: one report shape, rendered as text, JSON, GitHub annotations and a Markdown summary. */
import type { Finding } from '../../src/core/findings';
import { buildPipelineReport, buildReport, type Report } from '../../src/output/report';
import { renderReport } from '../../src/output/render-report';
import { githubAnnotation } from '../../src/output/report-github';
import { summarizeDrift } from '../../src/output/report-markdown';

const drift: Finding[] = [
  { ruleId: 'drift/dashboard-added', severity: 'error', message: 'dashboard "a": 2 generated panel(s) are missing', location: { file: 'g/a.json' }, context: { token: 'added:a:2', count: 2 } },
  { ruleId: 'drift/dashboard-renamed', severity: 'error', message: 'dashboard "a": 1 panel(s) were retitled', location: { file: 'g/a.json' }, context: { token: 'renamed:a:1', count: 1 } },
  { ruleId: 'drift/rules', severity: 'error', message: 'rules differ | see', location: { file: 'rules/x.yml' }, context: { rules: { added: ['r:new'], removed: ['r:old'], changed: [{ name: 'r:x', fields: ['expr'] }] }, diff: '--- a\n+++ b\n' } },
  { ruleId: 'drift/missing', severity: 'error', message: 'generated file is missing', location: { file: 'gen/m.ts' } },
  { ruleId: 'drift/orphan', severity: 'error', message: 'orphan', location: { file: 'g/old.json' } },
];

const step = (tool: string, exitCode: number, findings: Finding[]): Report => buildReport({ tool, exitCode, stats: {}, findings, summary: `${tool} done` });

describe('buildReport', () => {
  it('sorts findings, counts them, and is ok exactly when the exit code is 0', () => {
    const r = step('x', 6, [{ ruleId: 'b/b', severity: 'warning', message: 'w', location: { file: 'z' } }, ...drift]);
    expect(r.ok).toBe(false);
    expect(r.counts).toEqual({ error: 5, warning: 1, info: 0 });
    expect(r.findings.map((f) => f.location?.file)).toEqual(['g/a.json', 'g/a.json', 'g/old.json', 'gen/m.ts', 'rules/x.yml', 'z']);
    expect(Object.keys(r).slice(0, 6)).toEqual(['tool', 'ok', 'exitCode', 'counts', 'stats', 'findings']);
  });

  it('a pipeline report sums its steps and carries each one', () => {
    const p = buildPipelineReport('verify', 6, 'verify: 1 of 2 step(s) failed', [step('a', 0, []), step('b', 6, drift)]);
    expect(p).toMatchObject({ ok: false, exitCode: 6, counts: { error: 5 }, stats: { steps: 2, failed: 1, skipped: 0 } });
    expect(p.steps).toHaveLength(2);
  });
});

describe('markdown', () => {
  it('groups drift by category: panels, rules, files', () => {
    expect(summarizeDrift(drift)).toEqual({
      panels: { added: 2, removed: 0, changed: 0, renamed: 1 },
      rules: { added: ['r:new'], removed: ['r:old'], changed: ['r:x'] },
      files: { missing: ['gen/m.ts'], stale: [], orphan: ['g/old.json'] },
    });
  });

  it('renders the verdict, a row per step, the drift and a findings table with pipes escaped', () => {
    const md = renderReport(buildPipelineReport('verify', 6, 's', [step('validate-spec', 0, []), step('gen-dashboards --verify', 6, drift)]), 'markdown', { color: () => false }).stdout;
    expect(md).toContain('### g6 verify: failed (exit 6)');
    expect(md).toContain('| `gen-dashboards --verify` | exit 6 | 5 | 0 |');
    expect(md).toContain('- Dashboard panels: 2 added, 0 removed, 0 changed, 1 renamed');
    expect(md).toContain('- Rules added: `r:new`');
    expect(md).toContain('- Files orphaned: `g/old.json`');
    expect(md).toContain('rules differ \\| see');
  });
});

describe('github', () => {
  it('escapes properties and data as the workflow-command syntax requires', () => {
    const f: Finding = { ruleId: 'spec/x', severity: 'warning', message: 'a%b\nc', fix: 'd', location: { file: 'a,b:c.yml', line: 3, column: 4 } };
    expect(githubAnnotation(f)).toBe('::warning file=a%2Cb%3Ac.yml,line=3,col=4,title=spec/x::a%25b%0Ac; fix: d\n');
    expect(githubAnnotation({ ruleId: 'q/i', severity: 'info', message: 'm' })).toBe('::notice title=q/i::m\n');
  });
});

describe('text', () => {
  it('prints findings and the summary on stderr, and the diffs on stdout only when asked', () => {
    const r = step('gen-alerts --check', 7, drift.slice(2, 3));
    const plain = renderReport(r, 'text', { color: () => false });
    expect(plain.stderr).toBe('rules/x.yml: error rules differ | see [drift/rules]\ngen-alerts --check done\n');
    expect(plain.stdout).toBe('');
    expect(renderReport(r, 'text', { color: () => false, diff: true }).stdout).toBe('--- a\n+++ b\n');
  });

  it('asks whether to colour only when there is something to colour, and once', () => {
    const color = jest.fn(() => true);
    expect(renderReport(step('ci-gate', 0, []), 'text', { color }).stderr).toBe('ci-gate done\n');
    expect(color).not.toHaveBeenCalled();
    expect(renderReport(step('gen-alerts --check', 7, drift.slice(0, 3)), 'text', { color }).stderr).toContain('\u001b[31merror\u001b[39m');
    expect(color).toHaveBeenCalledTimes(1);
  });

  it('a pipeline prints one line per step, with the details of failures and the reason of skips', () => {
    const skipped = { ...step('gen-metrics --check', 0, []), skipped: 'skipped: spec.yml is invalid' };
    const text = renderReport(buildPipelineReport('verify', 3, 'verify: done', [step('validate-spec', 3, drift.slice(3, 4)), skipped]), 'text', { color: () => false }).stderr;
    expect(text.split('\n')).toEqual([
      'FAIL validate-spec (exit 3)',
      '     gen/m.ts: error generated file is missing [drift/missing]',
      '     validate-spec done',
      'skip gen-metrics --check: skipped: spec.yml is invalid',
      'verify: done',
      '',
    ]);
  });
});
