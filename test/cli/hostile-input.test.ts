/**
 * Hostile inputs through the real bin/g6 (issue 16, items 1, 3, 7, 8): alias and merge bombs, deep
 * nesting, a 600 MiB spec, and syntax errors placed at line:column. Each child runs under a heap
 * cap and a deadline; its peak memory is reported, never its duration.
 */
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runG6Bounded, STACK_TRACE, type BoundedResult } from '../support/bounded-run';
import { runG6, tempWorkspace } from '../support/cli';
import { makeSnapshot } from '../parity/fixtures';
import { billionLaughs, mergeBomb } from '../support/hostile';

/** Far above the ~60 MiB a refusal takes; far below the gigabytes a bomb took. */
const RSS_BOUND_MIB = 200;

let ws: ReturnType<typeof tempWorkspace>;
beforeAll(() => {
  ws = tempWorkspace(['spec', 'rules']);
  const put = (name: string, text: string): void => {
    mkdirSync(join(ws.dir, name, '..'), { recursive: true });
    writeFileSync(join(ws.dir, name), text);
  };
  put('laughs.yml', billionLaughs(9, 9)); // 470 bytes, 4e9 nodes once expanded
  put('merge.yml', mergeBomb(11, 8));
  put('deep.json', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`);
  put('deep.yml', `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
  put('broken.json', '{\n  "intervalSeconds": 5,\n  "cycles": \n}\n');
  put('two-docs.yml', 'cycles: 1\n---\ncycles: 2\n');
  put('spec-two-docs.yml', `${readFileSync(join(ws.dir, 'spec/metrics.yml'), 'utf8')}---\nextra: 1\n`);
  put('d/broken.json', '{"panels": [\n  {"targets": [{"expr": "up"}]},\n]}\n');
  put('m/.g6/manifest.json', '{"dashboards": [{"slug": "a"} {"slug": "b"}]}');
  put('base.json', JSON.stringify(makeSnapshot()));
  put('state.json', '{"schema_version": 1, "window": 3, "scores": [0.9,]}');
  writeFileSync(join(ws.dir, 'big.yml'), '');
  truncateSync(join(ws.dir, 'big.yml'), 600 * 1024 * 1024); // sparse: 600 MiB on paper
});
afterAll(() => ws.cleanup());

const g6 = (...args: string[]): BoundedResult => runG6Bounded(args, { cwd: ws.dir });
const RUN = ['run', '--cycles', '1', '--interval', '0', '--listen', '', '--data-dir', 'data'];

/** Refused as invalid input: exit 3, the file named, no stack trace, memory bounded. */
function expectRefused(r: BoundedResult, message: RegExp): void {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 3, stderr: expect.stringMatching(message) });
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.rssMiB).toBeLessThan(RSS_BOUND_MIB);
}

const ALIAS_LIMIT = /laughs\.yml: its aliases and << merge keys expand it by \d+ nodes \(input limit aliases=100000\); raise it with --input-limits aliases=<n>/;

describe('alias and merge-key bombs are refused before anything walks them (item 1)', () => {
  it.each([
    ['validate-spec'],
    ['gen-metrics', '--check'],
    ['gen-dashboards', '--verify'],
    ['gen-recording-rules', '--check'],
    ['gen-alerts', '--check', '--tests-dir', 'rules/tests'],
    ['gen-alert-suggestions', '--check'],
    ['validate-coverage'],
    ['verify'],
  ])('a 470-byte billion-laughs spec: g6 %s exits 3 naming the alias limit', (...args) => {
    expectRefused(g6(...args, '--spec', 'laughs.yml'), ALIAS_LIMIT);
  });

  it('a merge-key bomb spec exits 3', () => {
    expectRefused(g6('validate-spec', '--spec', 'merge.yml'), /merge\.yml: its aliases and << merge keys expand it by/);
  });

  it('a merge-key bomb run config exits 3', () => {
    expectRefused(g6(...RUN, '--config', 'merge.yml'), /merge\.yml: its aliases and << merge keys expand it by/);
  });

  it.each([
    ['gen-alerts', 'rules/tests/alerts.test.yml'],
    ['gen-alert-suggestions', 'rules/tests/alert_suggestions.test.yml'],
    ['gen-alert-suggestions', 'rules/alert_suggestions.yml'],
  ])('g6 %s --check exits 3 when %s on disk is a bomb', (cmd, file) => {
    const original = readFileSync(join(ws.dir, file), 'utf8');
    writeFileSync(join(ws.dir, file), billionLaughs(9, 9));
    try {
      expectRefused(g6(cmd, '--check'), new RegExp(`${file.replace(/\./g, '\\.')}: its aliases and << merge keys expand it by`));
    } finally {
      writeFileSync(join(ws.dir, file), original);
    }
  });

  it('the limit can be raised on the command line or in the environment, and a bad value is a usage error', () => {
    expect(g6('validate-spec', '--spec', 'spec/metrics.yml', '--input-limits', 'bytes=1KiB').stderr).toMatch(/spec\/metrics\.yml: the file is \d+\.\d KiB \(input limit bytes=1KiB\)/);
    expect(runG6(['validate-spec', '--spec', 'spec/metrics.yml'], { cwd: ws.dir, env: { G6_INPUT_LIMITS: 'bytes=1KiB' } }).code).toBe(3);
    expect(runG6(['--input-limits', 'bytes=1MiB', 'validate-spec', '--spec', 'spec/metrics.yml'], { cwd: ws.dir, env: { G6_INPUT_LIMITS: 'bytes=1KiB' } }).code).toBe(0);
    const bad = runG6(['validate-spec', '--input-limits', 'bytes=lots'], { cwd: ws.dir });
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/^g6: --input-limits: "bytes=lots" is not a limit/) });
  });
});

describe('deep nesting is a limit, not a stack overflow (item 3)', () => {
  it.each([['deep.json'], ['deep.yml']])('a run config %s nested 5,000 levels exits 3 naming the depth limit', (file) => {
    expectRefused(g6(...RUN, '--config', file), new RegExp(`${file.replace('.', '\\.')}:1:\\d+: nesting goes deeper than 100 levels here \\(input limit depth=100\\); raise it with --input-limits depth=<n>`));
  });
});

describe('syntax errors carry line and column (item 7)', () => {
  it.each([
    ['a dashboard', ['audit-quantiles', '--dashboards', 'd/broken.json'], /d\/broken\.json:3:1: invalid JSON: unexpected "\]"; expected a value; fix or regenerate the file/],
    ['a manifest', ['validate-coverage', '--dashboards', 'm'], /m\/\.g6\/manifest\.json:1:31: invalid JSON: unexpected "\{"; expected ',' or '\]'; regenerate it with g6 gen-dashboards/],
    ['a snapshot', ['parity-snapshot', '--baseline', 'base.json', '--candidate', 'state.json'], /state\.json:1:51: invalid JSON: unexpected "\]"; expected a value/],
    ['the rolling state', ['parity-snapshot', '--baseline', 'base.json', '--candidate', 'base.json', '--rolling-window', '3', '--state', 'state.json'], /state\.json:1:51: invalid JSON: unexpected "\]"; expected a value; delete the file to start a new window/],
    ['a JSON run config', [...RUN, '--config', 'broken.json'], /config file broken\.json: not valid JSON: unexpected "\}"; expected a value \(4:1\)/],
    ['a YAML run config of two documents', [...RUN, '--config', 'two-docs.yml'], /config file two-docs\.yml: not valid YAML: a second document starts here, .* \(2:1\)/],
  ])('%s', (_, args, message) => {
    expectRefused(g6(...args), message);
  });

  it('a spec of two documents is a located finding', () => {
    const lines = readFileSync(join(ws.dir, 'spec/metrics.yml'), 'utf8').split('\n').length;
    const r = g6('validate-spec', '--spec', 'spec-two-docs.yml', '--format', 'json');
    expect(r.code).toBe(3);
    const finding = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string; location: unknown }> }).findings[0]!;
    expect(finding).toMatchObject({ ruleId: 'spec/yaml-syntax', message: expect.stringMatching(/a second document starts here/), location: { file: 'spec-two-docs.yml', line: lines, column: 1 } });
  });

  it('a dashboard on disk that is not JSON is drift located at line and column', () => {
    const gen = join(ws.dir, 'g');
    expect(runG6(['gen-dashboards', '--output', gen], { cwd: ws.dir }).code).toBe(0);
    const file = join(gen, readFileSync(join(gen, '.g6', 'manifest.json'), 'utf8').match(/"file": "([^"]+)"/)![1]!);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"panels": \[/, '"panels": [,'));
    const r = g6('gen-dashboards', '--output', gen, '--verify');
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/cannot be read: invalid JSON at \d+:\d+ \(unexpected ","; expected a value\)/);
  });
});

describe('input size is capped before the file is read (item 8)', () => {
  it('a 600 MiB spec exits 3 naming its size and the limit, in bounded memory', () => {
    expectRefused(g6('validate-spec', '--spec', 'big.yml'), /big\.yml: the file is 600\.0 MiB \(input limit bytes=16MiB\); raise it with --input-limits bytes=<n>/);
  });
});
