/** Each invalid-spec fixture carries one defect: validate-spec must exit 3 and locate it. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkSpecFile } from '../../src/spec/load-model';
import { runG6, REPO_ROOT } from '../support/cli';

const DIR = 'test/fixtures/invalid-specs';
const expectations = JSON.parse(readFileSync(join(REPO_ROOT, DIR, 'expectations.json'), 'utf8')) as Record<string, { ruleId: string; line: number }>;

describe('invalid spec fixtures', () => {
  const names = Object.keys(expectations).sort();

  it('has at least 20 distinct defects, one file each', () => {
    const files = readdirSync(join(REPO_ROOT, DIR)).filter((f) => f.endsWith('.yml') && f !== 'valid.yml');
    expect(files.map((f) => f.replace(/\.yml$/, '')).sort()).toEqual(names);
    expect(names.length).toBeGreaterThanOrEqual(20);
  });

  it('the unmutated base spec is valid', () => {
    const res = runG6(['validate-spec', '--spec', `${DIR}/valid.yml`, '--strict']);
    expect(res.stderr).toContain('0 error(s), 0 warning(s)');
    expect(res.code).toBe(0);
  });

  it.each(names)('%s: exit 3 with the defect located at file:line:col', (name) => {
    const { ruleId, line } = expectations[name]!;
    const file = `${DIR}/${name}.yml`;
    const res = runG6(['validate-spec', '--spec', file, '--format', 'json']);
    expect(res.code).toBe(3);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const report = JSON.parse(res.stdout) as { ok: boolean; findings: Array<{ ruleId: string; location: { file: string; line: number; column: number } }> };
    expect(report.ok).toBe(false);
    const hit = report.findings.find((f) => f.ruleId === ruleId);
    expect(hit).toBeDefined();
    expect(hit!.location).toMatchObject({ file, line });
    expect(hit!.location.column).toBeGreaterThan(0);
  });

  it('text output names file:line:col, the JSON pointer and the fix', () => {
    const res = runG6(['validate-spec', '--spec', `${DIR}/buckets-unsorted.yml`]);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/buckets-unsorted\.yml:26:\d+ \/families\/core\/metrics\/1\/buckets: error buckets must ascend strictly/);
    expect(res.stderr).toContain('fix: sort and de-duplicate them: [0.1,0.5,1]');
  });

  it('reports every problem of a spec with many defects, not just the first', () => {
    const check = checkSpecFile(join(REPO_ROOT, DIR, 'metric-duplicate.yml'), { promql: true });
    const rules = new Set(check.findings.map((f) => f.ruleId));
    expect(rules).toEqual(new Set(['spec/duplicate-metric', 'spec/non-counter-total', 'spec/unknown-metric']));
  });
});
