/** validate-coverage: manifest-listed dashboards only, whole-token matching, strict AST equality, quantile hints via rules. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runG6, tempWorkspace } from '../../support/cli';

const SPEC = 'test/fixtures/spec/rules.yml';
// the spec's two hints
const ROWS_HINT = 'sum by (table) (rate(g6_store_rows_total[$__rate_interval]))';
const P95_HINT = 'histogram_quantile(0.95, sum by (le) (rate(g6_store_write_seconds_bucket[5m])))';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  ws = tempWorkspace([SPEC]);
  mkdirSync(join(ws.dir, 'dash'));
});
afterEach(() => ws.cleanup());

function dashboard(file: string, ...exprs: string[]): void {
  const panels = exprs.map((expr, i) => ({ type: 'timeseries', title: `p${i}`, targets: [{ refId: 'A', expr }] }));
  writeFileSync(join(ws.dir, 'dash', file), JSON.stringify({ title: file, panels }));
}

function manifest(...slugs: string[]): void {
  mkdirSync(join(ws.dir, 'dash/.g6'), { recursive: true });
  writeFileSync(join(ws.dir, 'dash/.g6/manifest.json'), JSON.stringify({ dashboards: slugs.map((slug) => ({ slug, uid: `g6-${slug}`, title: slug, sha256: 'x' })) }));
}

const coverage = (...args: string[]) => runG6(['validate-coverage', '--spec', SPEC, '--dashboards', 'dash', ...args], { cwd: ws.dir });

test('hints present on a listed dashboard are covered in both modes', () => {
  dashboard('main.json', ROWS_HINT, P95_HINT);
  manifest('main');
  const r = coverage();
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('validate-coverage (default): 2/2 spec panel hints covered by 1 manifest dashboards');
  expect(coverage('--strict').code).toBe(0);
});

test('a stale file in the folder that the manifest does not list does not count', () => {
  dashboard('main.json', 'up');
  dashboard('stale.json', ROWS_HINT, P95_HINT);
  manifest('main');
  const r = coverage('--list-missing');
  expect(r.code).toBe(11);
  expect(r.stdout).toBe(
    `- store.g6_store_rows_total (rows_rate) "Rows per second": ${ROWS_HINT}\n- store.g6_store_write_seconds (p95) "Write p95": ${P95_HINT}\n`,
  );
});

test('a metric name is matched as a whole token, never as a substring', () => {
  dashboard('main.json', 'sum(rate(g6_store_rows_total_dropped[5m]))', 'g6_store_write_seconds:p95_5m');
  manifest('main');
  const r = coverage('--format', 'json');
  expect(r.code).toBe(11);
  const report = JSON.parse(r.stdout) as { stats: { missing: Array<{ metric: string }> }; findings: Array<{ location: { pointer: string } }> };
  expect(report.stats.missing.map((m) => m.metric)).toEqual(['g6_store_rows_total']);
  expect(report.findings[0]!.location.pointer).toBe('/families/store/metrics/0/panels/0/promql');
});

test('default mode accepts a panel on the series and the recording-rule panel of a quantile hint; strict does not', () => {
  dashboard('main.json', 'sum(rate(g6_store_rows_total[5m]))', 'g6_store_write_seconds:p95_5m');
  manifest('main');
  expect(coverage().code).toBe(0);
  const strict = coverage('--strict');
  expect(strict.code).toBe(11);
  expect(strict.stderr).toContain('validate-coverage (strict): 0/2 spec panel hints covered');
});

test('strict mode compares normalised ASTs: grouping position, label order and spacing do not matter', () => {
  dashboard('main.json', 'sum(rate(g6_store_rows_total[$__rate_interval]))   by (table)', 'histogram_quantile(0.95, sum(rate(g6_store_write_seconds_bucket[300s])) by (le))');
  manifest('main');
  expect(coverage('--strict').code).toBe(0);
});

test('without a manifest every dashboard found counts; a listed file that is missing exits 3', () => {
  dashboard('main.json', ROWS_HINT);
  dashboard('other.json', 'up');
  const r = coverage('--format', 'json');
  expect(r.code).toBe(11);
  const report = JSON.parse(r.stdout) as { summary: string; stats: { scope: string; dashboards: number; missing: Array<{ metric: string }> } };
  expect(report.stats).toMatchObject({ scope: 'found', dashboards: 2, missing: [{ metric: 'g6_store_write_seconds' }] });
  expect(report.summary).toBe('validate-coverage (default): 1/2 spec panel hints covered by 2 dashboards found; 1 missing');
  manifest('main', 'gone');
  const gone = coverage();
  expect(gone.code).toBe(3);
  expect(gone.stderr).toContain('dash/gone.json: cannot read dashboard listed in dash/.g6/manifest.json: file not found');
});
