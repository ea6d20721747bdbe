/**
 * End to end through a real Prometheus: two `g6 run` instances (healthy, and with injected fatal
 * faults) are each scraped every second by their own Prometheus server, which loads the generated
 * recording rules and alerts. Checks every generated dashboard expression, rule health, the fatal
 * spike alert and `g6 ci-gate --prometheus-url` on both runs.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifestDashboards } from '../../src/auditors/read-dashboards';
import { GATE_SERIES } from '../../src/model/conventions';
import { substituteGrafanaVariables } from '../../src/promql/parse';
import { REPO_ROOT, runG6 } from '../support/cli';
import { WAITING_TEST_TIMEOUT_MS, waitUntil } from '../support/wait';
import { PROMETHEUS, queryPrometheus, startPrometheus, writeTestRules, type Prom, type QueryResult } from '../support/prometheus';
import { startG6Run, type RunningG6 } from '../runtime/run-process';

jest.setTimeout(WAITING_TEST_TIMEOUT_MS);

const DASHBOARD_DIR = join(REPO_ROOT, 'grafana', 'dashboards', 'generated');

/**
 * Panel expressions allowed to return nothing in a run of a few seconds, with the reason. Keep it
 * short: a series the runtime never emits is a bug to fix, not an entry here.
 */
const NO_DATA_ALLOWED: ReadonlyArray<{ pattern: RegExp; reason: string }> = [
  { pattern: /^ALERTS\{/, reason: 'ALERTS has series only while a listed alert is pending or firing; these do not fire in either run' },
];
const allowed = (expr: string): boolean => NO_DATA_ALLOWED.some((a) => a.pattern.test(expr));

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) {
    try {
      await c();
    } catch {
      // keep cleaning up the rest
    }
  }
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

/** Bound on one HTTP request: a guard against a hung server, not an expectation of speed (a wait retries a failed probe). */
const REQUEST_GUARD_MS = 60_000;

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_GUARD_MS) });
  return (await res.json()) as T;
}

const hasData = (r: QueryResult): boolean =>
  r.status === 'success' && (r.data?.resultType === 'scalar' || r.data?.resultType === 'string' || (Array.isArray(r.data?.result) && (r.data!.result as unknown[]).length > 0));

/** Every dashboard target as `dashboard › panel: expr`, Grafana variables substituted (`$__rate_interval` → 5m: data after two scrapes). */
function dashboardExpressions(): Array<{ where: string; expr: string }> {
  const scans = readManifestDashboards({ abs: DASHBOARD_DIR, display: 'grafana/dashboards/generated' });
  const out: Array<{ where: string; expr: string }> = [];
  for (const s of scans) for (const t of s.targets) out.push({ where: `${s.slug} › ${t.panelTitle}`, expr: substituteGrafanaVariables(t.expr) });
  return out;
}

/** Every dashboard panel with targets: dashboard slug, panel title and its expressions, in dashboard and panel order. */
function dashboardPanels(): Array<{ dashboard: string; panel: string; exprs: string[] }> {
  const scans = readManifestDashboards({ abs: DASHBOARD_DIR, display: 'grafana/dashboards/generated' });
  const out: Array<{ dashboard: string; panel: string; pointer: string; exprs: string[] }> = [];
  for (const s of scans) {
    for (const t of s.targets) {
      const last = out[out.length - 1];
      if (last && last.dashboard === s.slug && last.pointer === t.panelPointer) last.exprs.push(t.expr);
      else out.push({ dashboard: s.slug, panel: t.panelTitle, pointer: t.panelPointer, exprs: [t.expr] });
    }
  }
  return out;
}

describe('g6 run → Prometheus → rules, dashboards, ci-gate', () => {
  let healthy: { run: RunningG6; prom: Prom };
  let faulty: { run: RunningG6; prom: Prom };
  let ruleFiles: string[];

  beforeAll(async () => {
    if (!existsSync(PROMETHEUS)) throw new Error('prometheus not found: apt-get install -y prometheus');
    const root = mkdtempSync(join(tmpdir(), 'g6-e2e-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    ruleFiles = writeTestRules(root);
    const start = async (name: string, env: Record<string, string>): Promise<{ run: RunningG6; prom: Prom }> => {
      const dir = join(root, name);
      mkdirSync(dir);
      const run = await startG6Run(['--listen', '127.0.0.1:0', '--interval', '1', '--data-dir', join(dir, 'data'), '--parity-baseline', 'sim', '--bench-interval', '3'], {
        G6_BENCH_WARMUP: '0',
        G6_BENCH_CYCLES: '2',
        ...env,
      });
      cleanups.push(async () => void (await run.stop()));
      const prom = await startPrometheus(dir, [run.address], ruleFiles);
      cleanups.push(prom.stop);
      return { run, prom };
    };
    [healthy, faulty] = await Promise.all([start('healthy', {}), start('faulty', { G6_FAULT_FATAL_RATE: '0.6', G6_MAX_CONSECUTIVE_FAILURES: '0' })]);
  });

  it('every generated dashboard expression returns data (or is allowlisted with a reason)', async () => {
    const exprs = dashboardExpressions();
    expect(exprs.length).toBeGreaterThan(50);
    // expressions that have not returned data yet (label → last problem), re-queried until none is left;
    // a series only a faulty run emits counts when the faulty run has it
    const pending = new Map(exprs.filter((e) => !allowed(e.expr)).map((e) => [`${e.where}: ${e.expr}`, { expr: e.expr, problem: 'no data' }]));
    const stillMissing = async (): Promise<string[]> => {
      for (const [label, entry] of pending) {
        const r = await queryPrometheus(healthy.prom, entry.expr);
        if (r.status !== 'success') entry.problem = `query error ${r.error}`;
        else if (hasData(r) || hasData(await queryPrometheus(faulty.prom, entry.expr))) pending.delete(label);
      }
      return [...pending].map(([label, entry]) => `${label}: ${entry.problem}`);
    };
    await waitUntil('every dashboard expression to return data', stillMissing, (missing) => missing.length === 0, {
      intervalMs: 2000,
      describe: (missing) => `${missing.length} without data:\n${missing.join('\n')}`,
    });
    // no stale allowlist entry
    for (const a of NO_DATA_ALLOWED) expect([a.pattern, exprs.some((e) => a.pattern.test(e.expr))]).toEqual([a.pattern, true]);
  });

  it('every rule group is healthy in /api/v1/rules', async () => {
    type Rules = { data: { groups: Array<{ name: string; file: string; rules: Array<{ name: string; health: string; lastError?: string }> }> } };
    const health = async (): Promise<{ groups: number; bad: string[] }> => {
      const { data } = await getJson<Rules>(`${healthy.prom.url}/api/v1/rules`);
      return { groups: data.groups.length, bad: data.groups.flatMap((g) => g.rules.filter((r) => r.health !== 'ok').map((r) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ''}`)) };
    };
    const { groups } = await waitUntil('every rule to be evaluated with health ok', health, (h) => h.bad.length === 0, { intervalMs: 1000 });
    expect(groups).toBeGreaterThan(5);
  });

  it('injected fatal faults make G6PipelineFatalSpike pending or firing', async () => {
    type Alerts = { data: { alerts: Array<{ labels: { alertname: string }; state: string }> } };
    const spikeState = async (): Promise<string> =>
      (await getJson<Alerts>(`${faulty.prom.url}/api/v1/alerts`)).data.alerts.find((a) => a.labels.alertname === 'G6PipelineFatalSpike')?.state ?? 'inactive';
    const state = await waitUntil('G6PipelineFatalSpike to leave inactive on the faulty run', spikeState, (st) => st !== 'inactive', { intervalMs: 1000 });
    expect(['pending', 'firing']).toContain(state);
    const healthyAlerts = (await getJson<Alerts>(`${healthy.prom.url}/api/v1/alerts`)).data.alerts.map((a) => a.labels.alertname);
    expect(healthyAlerts).not.toContain('G6PipelineFatalSpike');
  });

  it('g6 check-live --prometheus-url lists as no-data exactly the panels whose series cannot exist yet', async () => {
    type Stats = { panels: { total: number; with_data: number; share_with_data: number; no_data: Array<{ dashboard: string; panel: string }> }; rules: { not_loaded: number; unhealthy: number } };
    // the only panels without data: ALERTS tables, because no alert is pending or firing in the healthy run
    const expected = dashboardPanels().filter((p) => p.exprs.every((e) => allowed(e))).map(({ dashboard, panel }) => ({ dashboard, panel }));
    expect(expected.length).toBeGreaterThan(0);
    const checkLive = (): { code: number; stats: Stats } => {
      const r = runG6(['check-live', '--prometheus-url', healthy.prom.url, '--rules', ...ruleFiles, '--format', 'json']);
      return { code: r.code, stats: JSON.parse(r.stdout).stats.prometheus as Stats };
    };
    const { code, stats } = await waitUntil('check-live to see data on every panel but the expected ones', async () => checkLive(), (r) => JSON.stringify(r.stats.panels.no_data) === JSON.stringify(expected), {
      intervalMs: 2000,
      describe: (r) => `no-data panels: ${JSON.stringify(r.stats.panels.no_data)}`,
    });
    expect(stats.panels.no_data).toEqual(expected);
    expect(stats.panels).toMatchObject({ with_data: stats.panels.total - expected.length });
    expect(stats.panels.share_with_data).toBeGreaterThan(0);
    expect(stats.rules).toMatchObject({ not_loaded: 0, unhealthy: 0 });
    expect(code).toBe(0);
  });

  it('g6 ci-gate --prometheus-url passes on the healthy run and exits 12 on the faulty one', async () => {
    // the gate reads these two series: wait until both runs' Prometheus has a finite value of each
    const gateValues = async (prom: Prom): Promise<Record<string, string>> => {
      const out: Record<string, string> = {};
      for (const series of [GATE_SERIES.parityRollingAvg, GATE_SERIES.fatalRatioRule]) {
        const r = await queryPrometheus(prom, series);
        out[series] = hasData(r) ? String((r.data!.result as Array<{ value: [number, string] }>)[0]!.value[1]) : 'no series';
      }
      return out;
    };
    const finite = (values: Record<string, string>): boolean => Object.values(values).every((v) => Number.isFinite(Number(v)));
    for (const [name, run] of [['healthy', healthy], ['faulty', faulty]] as const) {
      await waitUntil(`finite gate series on the ${name} run's Prometheus`, () => gateValues(run.prom), finite, { intervalMs: 1000 });
    }
    const gate = (prom: Prom): { code: number; stdout: string; stderr: string } =>
      runG6(['ci-gate', '--prometheus-url', prom.url, '--format', 'json', '--timeout', String(REQUEST_GUARD_MS / 1000)]);

    const ok = gate(healthy.prom);
    expect(`exit ${ok.code}\n${ok.stderr}`).toMatch(/^exit 0\n/);
    expect(JSON.parse(ok.stdout).stats).toMatchObject({ status: 'pass', parity: { value: 1 }, fatal_ratio: { value: 0 } });

    const bad = gate(faulty.prom);
    expect(`exit ${bad.code}\n${bad.stderr}`).toMatch(/^exit 12\n/);
    const codes = JSON.parse(bad.stdout).stats.reasons.map((r: { code: string }) => r.code);
    expect(codes).toContain('fatal_ratio_above_threshold');
  });
});
