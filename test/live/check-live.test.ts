/**
 * `g6 infer` and `g6 check-live` against real processes, each started here on 127.0.0.1 with a
 * free port and stopped here: `g6 run`, Prometheus' own /metrics, and Debian's node exporter.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { REPO_ROOT, runG6 } from '../support/cli';
import { freePort } from '../support/servers';
import { startG6Run } from '../runtime/run-process';

jest.setTimeout(120_000);

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

/** Spawn `bin` with `args(port)` and resolve with its metrics URL once `path` answers 200 (deadline 20 s); stopped by pid in afterAll. */
async function startServer(bin: string, args: (port: number) => string[], path: string): Promise<string> {
  const port = await freePort();
  const child = spawn(bin, args(port), { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => (log += String(d)));
  let exited = false;
  const done = new Promise<void>((r) => child.on('close', () => ((exited = true), r())));
  cleanups.push(async () => {
    if (!exited && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    await Promise.race([done, sleep(5000)]);
    if (!exited && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  });
  const url = `http://127.0.0.1:${port}${path}`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${bin} exited:\n${log}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return url;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${bin} not ready after 20 s:\n${log}`);
}

const dir = mkdtempSync(join(tmpdir(), 'g6-live-'));
cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

type Spec = { families: Record<string, { metrics: Array<{ name: string; labels: string[]; cardinality_budget: number }> }> };
const readSpec = (file: string): Spec => load(readFileSync(file, 'utf8')) as Spec;
const writeSpec = (file: string, spec: Spec): void => writeFileSync(file, dump(spec, { lineWidth: -1 }));
const findingsOf = (stdout: string): Array<{ ruleId: string; message: string; context?: { metric?: string } }> => JSON.parse(stdout).findings;
const errorsOf = (stdout: string): Array<{ ruleId: string; metric?: string }> =>
  (JSON.parse(stdout).findings as Array<{ ruleId: string; severity: string; context?: { metric?: string } }>).filter((f) => f.severity === 'error').map((f) => ({ ruleId: f.ruleId, metric: f.context?.metric }));

describe("Debian's prometheus-node-exporter", () => {
  let url: string;
  const spec = join(dir, 'node.yml');
  beforeAll(async () => {
    url = await startServer('/usr/bin/prometheus-node-exporter', (port) => [`--web.listen-address=127.0.0.1:${port}`], '/metrics');
  });

  it('infer drafts a spec that validates, and check-live passes on it', () => {
    const inferred = runG6(['infer', '--metrics-url', url, '--output', spec]);
    expect({ code: inferred.code, stderr: inferred.stderr }).toMatchObject({ code: 0 });
    expect(runG6(['validate-spec', '--spec', spec]).code).toBe(0);
    const live = runG6(['check-live', '--spec', spec, '--metrics-url', url, '--format', 'json']);
    expect({ code: live.code, errors: errorsOf(live.stdout) }).toEqual({ code: 0, errors: [] });
  });

  it('a metric removed from the inferred spec is live/undeclared-metric (exit 14)', () => {
    const edited = join(dir, 'node-removed.yml');
    const doc = readSpec(spec);
    const removed = doc.families.node!.metrics.shift()!;
    writeSpec(edited, doc);
    const live = runG6(['check-live', '--spec', edited, '--metrics-url', url, '--format', 'json']);
    expect({ code: live.code, errors: errorsOf(live.stdout) }).toEqual({ code: 14, errors: [{ ruleId: 'live/undeclared-metric', metric: removed.name }] });
  });

  it('a budget tightened below the observed series is live/cardinality-budget (exit 14)', () => {
    const edited = join(dir, 'node-budget.yml');
    const doc = readSpec(spec);
    const metric = doc.families.node!.metrics.find((m) => m.cardinality_budget > 2)!;
    metric.cardinality_budget = 1;
    writeSpec(edited, doc);
    const live = runG6(['check-live', '--spec', edited, '--metrics-url', url, '--format', 'json']);
    expect({ code: live.code, errors: errorsOf(live.stdout) }).toEqual({ code: 14, errors: [{ ruleId: 'live/cardinality-budget', metric: metric.name }] });
  });
});

describe("Prometheus' own /metrics", () => {
  it('infer then check-live exits 0', async () => {
    const config = join(dir, 'prometheus.yml');
    writeFileSync(config, 'global: {scrape_interval: 15s}\n');
    const url = await startServer('/usr/bin/prometheus', (port) => [`--config.file=${config}`, `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, '--log.level=warn'], '/metrics');
    const spec = join(dir, 'prom.yml');
    expect(runG6(['infer', '--metrics-url', url, '--output', spec]).code).toBe(0);
    const live = runG6(['check-live', '--spec', spec, '--metrics-url', url, '--format', 'json']);
    expect({ code: live.code, errors: errorsOf(live.stdout) }).toEqual({ code: 0, errors: [] });
  });
});

describe('g6 run', () => {
  let url: string;
  beforeAll(async () => {
    const run = await startG6Run(['--listen', '127.0.0.1:0', '--interval', '1', '--data-dir', join(dir, 'g6-data')]);
    cleanups.push(async () => void (await run.stop()));
    url = `http://${run.address}/metrics`;
  });

  it('check-live on the project spec exits 0', () => {
    const live = runG6(['check-live', '--metrics-url', url, '--format', 'json']);
    expect({ code: live.code, errors: errorsOf(live.stdout) }).toEqual({ code: 0, errors: [] });
  });

  it('a label added in the spec is live/label-names naming the metric (exit 14)', () => {
    const edited = join(dir, 'g6-label.yml');
    const doc = readSpec(join(REPO_ROOT, 'spec', 'metrics.yml'));
    doc.families.provider!.metrics[0]!.labels.push('region');
    writeSpec(edited, doc);
    const live = runG6(['check-live', '--spec', edited, '--metrics-url', url, '--format', 'json']);
    expect(live.code).toBe(14);
    expect(findingsOf(live.stdout).find((f) => f.ruleId === 'live/label-names')?.message).toMatch(/^g6_provider_requests_total is exposed with labels \[index, operation\]; the spec says \[index, operation, region\]/);
  });

  it('a metric renamed in the spec is missing, and the emitted name undeclared (exit 14)', () => {
    const edited = join(dir, 'g6-renamed.yml');
    const doc = readSpec(join(REPO_ROOT, 'spec', 'metrics.yml'));
    doc.families.provider!.metrics[0]!.name = 'g6_provider_calls_total';
    writeSpec(edited, doc);
    const live = runG6(['check-live', '--spec', edited, '--metrics-url', url, '--format', 'json']);
    expect({ code: live.code, errors: errorsOf(live.stdout) }).toEqual({
      code: 14,
      errors: [
        { ruleId: 'live/missing-metric', metric: 'g6_provider_calls_total' },
        { ruleId: 'live/undeclared-metric', metric: 'g6_provider_requests_total' },
      ],
    });
  });

  it('an unreachable endpoint exits 13', async () => {
    const live = runG6(['check-live', '--metrics-url', `http://127.0.0.1:${await freePort()}/metrics`, '--format', 'json']);
    expect({ code: live.code, rules: findingsOf(live.stdout).map((f) => f.ruleId) }).toEqual({ code: 13, rules: ['live/source-unreachable'] });
  });
});

describe('a metrics file of 40 series per family', () => {
  it('finds label values outside label_values, wrong buckets, a budget exceeded and an undeclared metric (exit 14)', () => {
    const spec = join(dir, 'file-spec.yml');
    writeFileSync(
      spec,
      `version: 1
families:
  app:
    metrics:
      - {name: app_quotes_total, type: counter, help: Quotes., labels: [index, strike], label_values: {index: [NIFTY]}, cardinality_budget: 100, no_panel: true}
      - {name: app_age_seconds, type: gauge, help: Age., unit: seconds, labels: [index, strike], cardinality_budget: 39, no_panel: true}
      - {name: app_latency_seconds, type: histogram, help: Latency., unit: seconds, labels: [index], buckets: [0.1, 1], cardinality_budget: 10, no_panel: true}
`,
    );
    const series = (name: string, value: (k: number) => string): string => Array.from({ length: 40 }, (_, k) => `${name}{index="${k === 33 ? 'SENSEX' : 'NIFTY'}",strike="${20000 + k}"} ${value(k)}\n`).join('');
    const metrics = join(dir, 'file.prom');
    writeFileSync(
      metrics,
      `# HELP app_quotes_total Quotes.\n# TYPE app_quotes_total counter\n${series('app_quotes_total', (k) => String(k))}` +
        `# HELP app_age_seconds Age.\n# TYPE app_age_seconds gauge\n${series('app_age_seconds', (k) => String(k / 10))}` +
        `# HELP app_latency_seconds Latency.\n# TYPE app_latency_seconds histogram\n${['0.1', '0.5', '+Inf'].map((le) => `app_latency_seconds_bucket{index="NIFTY",le="${le}"} 1\n`).join('')}app_latency_seconds_sum{index="NIFTY"} 1\napp_latency_seconds_count{index="NIFTY"} 1\n` +
        `# TYPE app_extra gauge\n${series('app_extra', () => '1')}`,
    );
    const live = runG6(['check-live', '--spec', spec, '--metrics-file', metrics, '--format', 'json']);
    expect({ code: live.code, errors: errorsOf(live.stdout) }).toEqual({
      code: 14,
      errors: [
        { ruleId: 'live/label-value', metric: 'app_quotes_total' },
        { ruleId: 'live/cardinality-budget', metric: 'app_age_seconds' },
        { ruleId: 'live/buckets', metric: 'app_latency_seconds' },
        { ruleId: 'live/undeclared-metric', metric: 'app_extra' },
      ],
    });
    const stats = JSON.parse(live.stdout).stats.exposition;
    expect(stats).toMatchObject({ series: 125, exposed: 4, matched: 3 });
    expect(findingsOf(live.stdout).find((f) => f.ruleId === 'live/label-value')!.message).toContain('"SENSEX"');
  });
});
