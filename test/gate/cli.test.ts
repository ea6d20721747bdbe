/** `g6 ci-gate` exit codes through the real bin/g6, with files, a live /metrics endpoint and a fake Prometheus API. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { G6_BIN, runG6, tempWorkspace, type CliResult } from '../support/cli';

let ws: { dir: string; cleanup(): void };
let server: Server;
let base = '';
const routes = new Map<string, { status: number; body: string; type?: string }>();

const HEALTHY = [
  '# HELP g6_pipeline_parity_rolling_avg Rolling parity.',
  '# TYPE g6_pipeline_parity_rolling_avg gauge',
  'g6_pipeline_parity_rolling_avg 0.995',
  '# TYPE g6_pipeline_index_fatal_total counter',
  'g6_pipeline_index_fatal_total{index="NIFTY"} 1',
  '# TYPE g6_pipeline_index_recoverable_total counter',
  'g6_pipeline_index_recoverable_total{index="NIFTY"} 99',
  '',
].join('\n');

/** Async spawn: the in-process HTTP server must keep serving while g6 runs. */
function runAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [G6_BIN, ...args], { cwd: ws.dir, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function vector(values: number[]): string {
  return JSON.stringify({ status: 'success', data: { resultType: 'vector', result: values.map((v, i) => ({ metric: { instance: `i${i}` }, value: [1700000000, String(v)] })) } });
}

beforeAll(async () => {
  ws = tempWorkspace();
  writeFileSync(join(ws.dir, 'healthy.prom'), HEALTHY);
  writeFileSync(join(ws.dir, 'breach.prom'), HEALTHY.replace('0.995', '0.95'));
  writeFileSync(join(ws.dir, 'fatal.prom'), HEALTHY.replace('{index="NIFTY"} 1\n', '{index="NIFTY"} 30\n'));
  writeFileSync(join(ws.dir, 'longer-name.prom'), HEALTHY.replace(/g6_pipeline_parity_rolling_avg/g, 'g6_pipeline_parity_rolling_avg_v2'));
  writeFileSync(join(ws.dir, 'parity-2.prom'), HEALTHY.replace('0.995', '2'));
  writeFileSync(join(ws.dir, 'parity-1e308.prom'), HEALTHY.replace('0.995', '1e308'));
  writeFileSync(join(ws.dir, 'overflow.prom'), HEALTHY.replace('{index="NIFTY"} 1\n', '{index="NIFTY"} 1e308\ng6_pipeline_index_fatal_total{index="SENSEX"} 1e308\n'));
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = url.pathname === '/api/v1/query' ? `query:${url.searchParams.get('query')}` : url.pathname;
    const r = routes.get(key) ?? { status: 404, body: 'not found' };
    res.writeHead(r.status, { 'content-type': r.type ?? 'text/plain' });
    res.end(r.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  routes.set('/metrics', { status: 200, body: HEALTHY });
  routes.set('/broken', { status: 500, body: 'oops' });
});
afterAll(async () => {
  ws.cleanup();
  await new Promise((r) => server.close(r));
});

const gate = (args: string[]) => runG6(['ci-gate', ...args], { cwd: ws.dir });

describe('g6 ci-gate --metrics-file', () => {
  it.each([
    ['healthy.prom', 0],
    ['breach.prom', 12],
    ['fatal.prom', 12],
    ['longer-name.prom', 13],
    ['absent.prom', 13],
  ])('%s exits %i', (file, code) => {
    const r = gate(['--metrics-file', file]);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n').pop()).toMatch(/^ci-gate: (PASS|BREACH|MISSING)/);
  });

  it('a passing gate writes its report without loading node\'s streams (process.stdout and stderr cost ~45M instructions)', () => {
    // a preload that records at exit whether the run loaded node's stream module
    const preload = join(ws.dir, 'streams-loaded.js');
    writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, `streams loaded: ${process.moduleLoadList.includes('NativeModule stream')}\\n`));\n");
    const run = (env: Record<string, string | undefined>) => runG6(['ci-gate', '--metrics-file', 'healthy.prom'], { cwd: ws.dir, env: { NODE_OPTIONS: `--require ${preload}`, ...env } });
    for (const env of [{}, { NO_COLOR: undefined, FORCE_COLOR: undefined }, { NO_COLOR: undefined, FORCE_COLOR: '1' }]) {
      const r = run(env);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^ci-gate: PASS: .*\nstreams loaded: false\n$/);
    }
    // a failing gate has findings to colour, so without NO_COLOR it asks whether stderr is a terminal
    expect(runG6(['ci-gate', '--metrics-file', 'breach.prom'], { cwd: ws.dir, env: { NO_COLOR: undefined, FORCE_COLOR: undefined, NODE_OPTIONS: `--require ${preload}` } }).stderr).toMatch(/streams loaded: true\n$/);
  });

  it('--format json prints the report shape every command shares, the gate report in stats, every reason a finding', () => {
    const r = gate(['--metrics-file', 'fatal.prom', '--format', 'json', '--min-parity', '0.999']);
    expect(r.code).toBe(12);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ tool: 'ci-gate', ok: false, exitCode: 12, counts: { error: 2, warning: 0, info: 0 } });
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(['gate/fatal-ratio-above-threshold', 'gate/parity-below-threshold']);
    const report = json.stats;
    expect(report).toMatchObject({
      status: 'breach',
      passed: false,
      parity: { value: 0.995 },
      fatal_ratio: { value: 30 / 129, fatal: 30, recoverable: 99 },
      thresholds: { min_parity: 0.999, max_fatal_ratio: 0.05 },
    });
    expect(report.reasons.map((x: { code: string }) => x.code)).toEqual(['parity_below_threshold', 'fatal_ratio_above_threshold']);
  });

  it.each([
    ['parity-2.prom', 'parity_out_of_range', /parity is a fraction in \[0, 1\]/],
    ['parity-1e308.prom', 'parity_out_of_range', /is 1e\+308 on \{\}/],
    ['overflow.prom', 'fatal_counter_overflow', /overflows to Infinity/],
  ])('%s is invalid gate data: exit 13 with the reason, even with --allow-missing', (file, code, message) => {
    const r = gate(['--metrics-file', file, '--format', 'json']);
    expect(r.code).toBe(13);
    const json = JSON.parse(r.stdout);
    expect(json.findings).toContainEqual(expect.objectContaining({ ruleId: `gate/${code.replace(/_/g, '-')}`, severity: 'error' }));
    const report = json.stats;
    expect(report).toMatchObject({ status: 'missing', passed: false });
    expect(report.reasons).toContainEqual({ code, kind: 'invalid', message: expect.stringMatching(message) });
    expect(gate(['--metrics-file', file]).stderr).toMatch(/ci-gate: MISSING: /);
    expect(gate(['--metrics-file', file, '--allow-missing']).code).toBe(13);
  });

  it('--allow-missing turns 13 into 0 with a warning, not 12', () => {
    const r = gate(['--metrics-file', 'absent.prom', '--allow-missing', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, exitCode: 0, stats: { status: 'missing', passed: true, warnings: [expect.stringMatching(/allow-missing/)] } });
    expect(JSON.parse(r.stdout).findings.every((f: { severity: string }) => f.severity === 'warning')).toBe(true);
    expect(gate(['--metrics-file', 'breach.prom', '--allow-missing']).code).toBe(12);
  });

  it.each([
    [[]],
    [['--metrics-file', 'healthy.prom', '--metrics-url', 'http://127.0.0.1:1/metrics']],
    [['--metrics-file', 'healthy.prom', '--min-parity', '1.5']],
    [['--metrics-file', 'healthy.prom', '--format', 'yaml']],
  ])('exits 2 on usage %j', (args) => {
    expect(gate(args).code).toBe(2);
  });
});

describe('g6 ci-gate over HTTP', () => {
  it('scrapes a live /metrics endpoint', async () => {
    expect((await runAsync(['ci-gate', '--metrics-url', `${base}/metrics`])).code).toBe(0);
  });

  it('exits 13 on HTTP errors and unreachable endpoints', async () => {
    const r = await runAsync(['ci-gate', '--metrics-url', `${base}/broken`, '--format', 'json']);
    expect(r.code).toBe(13);
    expect(JSON.parse(r.stdout).stats.reasons[0]).toMatchObject({ code: 'source_unreachable', message: expect.stringMatching(/HTTP 500/) });
    expect((await runAsync(['ci-gate', '--metrics-url', 'http://127.0.0.1:1/metrics', '--timeout', '2'])).code).toBe(13);
  });

  it('queries the recording rule and the parity gauge through the Prometheus API', async () => {
    routes.set('query:g6_pipeline_parity_rolling_avg', { status: 200, body: vector([0.99, 0.996]), type: 'application/json' });
    routes.set('query:g6:pipeline_fatal_ratio_15m', { status: 200, body: vector([0.01]), type: 'application/json' });
    const ok = await runAsync(['ci-gate', '--prometheus-url', base, '--format', 'json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).stats).toMatchObject({ parity: { value: 0.99, series: 2 }, fatal_ratio: { value: 0.01, method: 'recording_rule' } });

    routes.set('query:g6:pipeline_fatal_ratio_15m', { status: 200, body: vector([0.2]), type: 'application/json' });
    expect((await runAsync(['ci-gate', '--prometheus-url', base])).code).toBe(12);

    routes.set('query:g6:pipeline_fatal_ratio_15m', { status: 200, body: vector([]), type: 'application/json' });
    const missing = await runAsync(['ci-gate', '--prometheus-url', `${base}/`, '--format', 'json']);
    expect(missing.code).toBe(13);
    expect(JSON.parse(missing.stdout).stats.reasons.map((x: { code: string }) => x.code)).toContain('fatal_ratio_rule_missing');

    routes.set('query:g6:pipeline_fatal_ratio_15m', { status: 400, body: JSON.stringify({ status: 'error', error: 'parse error' }), type: 'application/json' });
    expect((await runAsync(['ci-gate', '--prometheus-url', base])).code).toBe(13);
  });
});
