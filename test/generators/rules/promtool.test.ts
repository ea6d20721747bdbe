/** Every generated rule file passes the real `promtool check rules`; the generated unit tests pass `promtool test rules`. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runG6, tempWorkspace, REPO_ROOT } from '../../support/cli';
import { PROMTOOL_MISSING, promtool, requirePromtool } from '../../support/promtool';

const RULE_FILES = ['rules/recording_rules.yml', 'rules/alerts.yml', 'rules/alert_suggestions.yml'];
const TEST_FILES = ['rules/tests/alerts.test.yml', 'rules/tests/alert_suggestions.test.yml'];

function generate(dir: string, spec: string): void {
  for (const cmd of ['gen-recording-rules', 'gen-alerts', 'gen-alert-suggestions']) {
    const r = runG6([cmd, '--spec', spec], { cwd: dir });
    expect({ cmd, code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
  }
}

test('a missing promtool fails with the install command instead of skipping', () => {
  expect(() => requirePromtool({ ...process.env, PROMTOOL: '/nonexistent/promtool' })).toThrow(PROMTOOL_MISSING);
});

describe.each([
  ['small fixture', 'test/fixtures/spec/small.yml'],
  ['rules fixture (backlog, success ratio, derived rules)', 'test/fixtures/spec/rules.yml'],
])('%s', (_name, spec) => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeAll(() => {
    requirePromtool();
    ws = tempWorkspace([spec]);
    generate(ws.dir, spec);
  });
  afterAll(() => ws.cleanup());

  test('promtool check rules accepts every generated rule file', () => {
    const r = promtool(['check', 'rules', ...RULE_FILES], ws.dir);
    expect(r).toMatchObject({ code: 0 });
    expect(r.output).not.toMatch(/FAILED/);
  });

  test('promtool test rules passes the generated unit tests', () => {
    const r = promtool(['test', 'rules', ...TEST_FILES], ws.dir);
    expect(r.output).toMatch(/SUCCESS/);
    expect(r).toMatchObject({ code: 0 });
  });
});

describe('the stall alert can fire', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeAll(() => {
    ws = tempWorkspace(['test/fixtures/spec/rules.yml']);
    generate(ws.dir, 'test/fixtures/spec/rules.yml');
  });
  afterAll(() => ws.cleanup());

  test('the generated test expects both stall alerts to fire on a stuck backlog', () => {
    const text = readFileSync(join(ws.dir, 'rules/tests/alert_suggestions.test.yml'), 'utf8');
    expect(text).toMatch(/alertname: G6StoreBacklogStallWarning\n\s+exp_alerts:\n\s+- exp_labels:/);
    expect(text).toMatch(/alertname: G6StoreBacklogStallCritical\n\s+exp_alerts:\n\s+- exp_labels:/);
    expect(promtool(['test', 'rules', 'rules/tests/alert_suggestions.test.yml'], ws.dir).code).toBe(0);
  });

  test("the earlier stall shape (job label on one side, bare and) fails the same promtool test", () => {
    const rec = join(ws.dir, 'rules/recording_rules.yml');
    writeFileSync(rec, readFileSync(rec, 'utf8').replace(/(- record: g6_store_backlog_rows:eta_minutes\n\s+expr: .*\n)/, '$1        labels:\n          job: g6_platform\n'));
    const sug = join(ws.dir, 'rules/alert_suggestions.yml');
    writeFileSync(sug, readFileSync(sug, 'utf8').replace(/ and on\(\) /g, ' and '));
    expect(promtool(['check', 'rules', 'rules/recording_rules.yml', 'rules/alert_suggestions.yml'], ws.dir).code).toBe(0);
    const r = promtool(['test', 'rules', 'rules/tests/alert_suggestions.test.yml'], ws.dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/G6StoreBacklogStall/);
  });
});

test('the project rule files are current with spec/metrics.yml and pass promtool check and test', () => {
  requirePromtool();
  for (const f of [...RULE_FILES, ...TEST_FILES]) expect(existsSync(join(REPO_ROOT, f))).toBe(true);
  for (const [cmd, code] of [['gen-recording-rules', 0], ['gen-alerts', 0], ['gen-alert-suggestions', 0]] as const) {
    expect(runG6([cmd, '--check']).code).toBe(code);
  }
  expect(promtool(['check', 'rules', ...RULE_FILES], REPO_ROOT).code).toBe(0);
  expect(promtool(['test', 'rules', ...TEST_FILES], REPO_ROOT).code).toBe(0);
});
