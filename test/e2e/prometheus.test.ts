/**
 * End to end through a real Prometheus: two `g6 run` instances (healthy, and with injected fatal
 * faults) are each scraped every second by their own Prometheus server, which loads the generated
 * recording rules and alerts. Checks every generated dashboard expression, rule health, the fatal
 * spike alert and `g6 ci-gate --prometheus-url` on both runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { readManifestDashboards } from '../../src/auditors/read-dashboards';
import { substituteGrafanaVariables } from '../../src/promql/parse';
import { REPO_ROOT, runG6 } from '../support/cli';
import { startG6Run, type RunningG6 } from '../runtime/run-process';

jest.setTimeout(120_000);

const PROMETHEUS = '/usr/bin/prometheus';
const RULE_FILES = ['recording_rules.yml', 'alerts.yml', 'alert_suggestions.yml'];
const DASHBOARD_DIR = join(REPO_ROOT, 'grafana', 'dashboards', 'generated');

/**
 * Panel expressions allowed to return nothing in a run of a few seconds, with the reason. Keep it
 * short: a series the runtime never emits is a bug to fix, not an entry here.
 */
const NO_DATA_ALLOWED: ReadonlyArray<{ pattern: RegExp; reason: string }> = [
  { pattern: /^ALERTS\{/, reason: 'ALERTS has series only while a listed alert is pending or firing; these do not fire in either run' },
];
const allowed = (expr: string): boolean => NO_DATA_ALLOWED.some((a) => a.pattern.test(expr));

interface Prom {
  url: string;
  child: ChildProcess;
}

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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return (await res.json()) as T;
}

/**
 * Copy the generated rule files into `dir`, rewritten for a short test: every group is evaluated
 * every second and every alert `for` is 1s (instead of 5m–15m), so pending/firing shows up in
 * seconds. The expressions are untouched.
 */
function writeTestRules(dir: string): string[] {
  const out: string[] = [];
  for (const name of RULE_FILES) {
    const src = join(REPO_ROOT, 'rules', name);
    if (!existsSync(src)) throw new Error(`${src} missing: run g6 gen-recording-rules / gen-alerts / gen-alert-suggestions first`);
    const doc = load(readFileSync(src, 'utf8')) as { groups: Array<{ interval?: string; rules: Array<Record<string, unknown>> }> };
    for (const g of doc.groups) {
      g.interval = '1s';
      for (const r of g.rules) if (r.for !== undefined) r.for = '1s';
    }
    const file = join(dir, name);
    writeFileSync(file, dump(doc, { lineWidth: -1 }));
    out.push(file);
  }
  return out;
}

async function startPrometheus(dir: string, target: string, ruleFiles: string[]): Promise<Prom> {
  const port = await freePort();
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: ruleFiles,
    scrape_configs: [{ job_name: 'g6', static_configs: [{ targets: [target] }] }],
  };
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, dump(config));
  mkdirSync(join(dir, 'tsdb'), { recursive: true });
  const child = spawn(PROMETHEUS, [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => (log += String(d)));
  let exited = false;
  const done = new Promise<void>((r) => child.on('close', () => ((exited = true), r())));
  cleanups.push(async () => {
    if (!exited && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    await Promise.race([done, sleep(5000)]);
    if (!exited && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (exited) throw new Error(`prometheus exited:\n${log}`);
    try {
      if ((await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`prometheus not ready after 10 s:\n${log}`);
}

interface QueryResult {
  status: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

async function query(prom: Prom, expr: string): Promise<QueryResult> {
  return getJson<QueryResult>(`${prom.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
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
      return { run, prom: await startPrometheus(dir, run.address, ruleFiles) };
    };
    [healthy, faulty] = await Promise.all([start('healthy', {}), start('faulty', { G6_FAULT_FATAL_RATE: '0.6', G6_MAX_CONSECUTIVE_FAILURES: '0' })]);
  });

  it('every generated dashboard expression returns data (or is allowlisted with a reason)', async () => {
    const exprs = dashboardExpressions();
    expect(exprs.length).toBeGreaterThan(50);
    let missing: string[] = [];
    const deadline = Date.now() + 45_000;
    do {
      await sleep(2000);
      missing = [];
      for (const { where, expr } of exprs) {
        if (allowed(expr)) continue;
        const r = await query(healthy.prom, expr);
        if (r.status !== 'success') {
          missing.push(`${where}: ${expr}: query error ${r.error}`);
          continue;
        }
        // a series only a faulty run emits counts when the faulty run has it
        if (!hasData(r) && !hasData(await query(faulty.prom, expr))) missing.push(`${where}: ${expr}`);
      }
    } while (missing.length > 0 && Date.now() < deadline);
    expect(missing).toEqual([]);
    // no stale allowlist entry
    for (const a of NO_DATA_ALLOWED) expect([a.pattern, exprs.some((e) => a.pattern.test(e.expr))]).toEqual([a.pattern, true]);
  });

  it('every rule group is healthy in /api/v1/rules', async () => {
    type Rules = { data: { groups: Array<{ name: string; file: string; rules: Array<{ name: string; health: string; lastError?: string }> }> } };
    let bad: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { data } = await getJson<Rules>(`${healthy.prom.url}/api/v1/rules`);
      expect(data.groups.length).toBeGreaterThan(5);
      bad = data.groups.flatMap((g) => g.rules.filter((r) => r.health !== 'ok').map((r) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ''}`));
      if (bad.length === 0) break;
      await sleep(1000);
    }
    expect(bad).toEqual([]);
  });

  it('injected fatal faults make G6PipelineFatalSpike pending or firing', async () => {
    type Alerts = { data: { alerts: Array<{ labels: { alertname: string }; state: string }> } };
    let state = 'inactive';
    for (let i = 0; i < 30 && state === 'inactive'; i++) {
      const { data } = await getJson<Alerts>(`${faulty.prom.url}/api/v1/alerts`);
      state = data.alerts.find((a) => a.labels.alertname === 'G6PipelineFatalSpike')?.state ?? 'inactive';
      if (state === 'inactive') await sleep(1000);
    }
    expect(['pending', 'firing']).toContain(state);
    const healthyAlerts = (await getJson<Alerts>(`${healthy.prom.url}/api/v1/alerts`)).data.alerts.map((a) => a.labels.alertname);
    expect(healthyAlerts).not.toContain('G6PipelineFatalSpike');
  });

  it('g6 check-live --prometheus-url lists as no-data exactly the panels whose series cannot exist yet', async () => {
    type Stats = { panels: { total: number; with_data: number; share_with_data: number; no_data: Array<{ dashboard: string; panel: string }> }; rules: { not_loaded: number; unhealthy: number } };
    // the only panels without data: ALERTS tables, because no alert is pending or firing in the healthy run
    const expected = dashboardPanels().filter((p) => p.exprs.every((e) => allowed(e))).map(({ dashboard, panel }) => ({ dashboard, panel }));
    expect(expected.length).toBeGreaterThan(0);
    let stats: Stats | undefined;
    let code = -1;
    const deadline = Date.now() + 45_000;
    do {
      await sleep(2000);
      const r = runG6(['check-live', '--prometheus-url', healthy.prom.url, '--rules', ...ruleFiles, '--format', 'json']);
      code = r.code;
      stats = JSON.parse(r.stdout).stats.prometheus as Stats;
    } while (JSON.stringify(stats.panels.no_data) !== JSON.stringify(expected) && Date.now() < deadline);
    expect(stats!.panels.no_data).toEqual(expected);
    expect(stats!.panels).toMatchObject({ with_data: stats!.panels.total - expected.length });
    expect(stats!.panels.share_with_data).toBeGreaterThan(0);
    expect(stats!.rules).toMatchObject({ not_loaded: 0, unhealthy: 0 });
    expect(code).toBe(0);
  });

  it('g6 ci-gate --prometheus-url passes on the healthy run and exits 12 on the faulty one', () => {
    const ok = runG6(['ci-gate', '--prometheus-url', healthy.prom.url, '--format', 'json']);
    expect({ code: ok.code, stderr: ok.stderr }).toMatchObject({ code: 0 });
    const okReport = JSON.parse(ok.stdout).stats;
    expect(okReport).toMatchObject({ status: 'pass', parity: { value: 1 }, fatal_ratio: { value: 0 } });

    const bad = runG6(['ci-gate', '--prometheus-url', faulty.prom.url, '--format', 'json']);
    expect({ code: bad.code, stderr: bad.stderr }).toMatchObject({ code: 12 });
    const codes = JSON.parse(bad.stdout).stats.reasons.map((r: { code: string }) => r.code);
    expect(codes).toContain('fatal_ratio_above_threshold');
  });
});
