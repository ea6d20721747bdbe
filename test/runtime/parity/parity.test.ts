/** Cycle snapshots and shadow parity inside the runtime: summary mapping, retention, anomaly trigger, baselines, rolling state. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffAlerts } from '../../../src/parity/report';
import { scoreParity } from '../../../src/parity/score';
import { validateSnapshotSummary, type SnapshotSummary } from '../../../src/parity/snapshot';
import { createG6Metrics } from '../../../src/runtime/metrics/accessors';
import { GuardedMetricFactory } from '../../../src/runtime/metrics/registry';
import { runCycle } from '../../../src/runtime/pipeline/cycle';
import type { CycleResult } from '../../../src/runtime/pipeline/types';
import { alertParityAnomalous, buildAnomalyEvent, stepAnomalyTrigger } from '../../../src/runtime/parity/anomaly';
import { parseBaselineSpec } from '../../../src/runtime/parity/baseline-spec';
import { createCycleParity, ROLLING_STATE_FILE } from '../../../src/runtime/parity/cycle-parity';
import { SnapshotStore } from '../../../src/runtime/parity/snapshot-store';
import { buildSnapshotSummary, snapshotFileName, SNAPSHOT_FILE_PATTERN } from '../../../src/runtime/parity/snapshot-summary';
import type { RuntimeConfig } from '../../../src/runtime/config';
import { metricSum, pipelineDeps, T0, testConfig } from '../helpers';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'g6-parity-rt-'));

async function liveCycles(config: RuntimeConfig, n: number): Promise<CycleResult[]> {
  const { deps } = pipelineDeps(config);
  const out: CycleResult[] = [];
  for (let c = 1; c <= n; c++) out.push((await runCycle(deps, c, T0 + (c - 1) * 30_000)).result);
  return out;
}

function gauges(): { factory: GuardedMetricFactory; metrics: ReturnType<typeof createG6Metrics> } {
  const factory = new GuardedMetricFactory({ warn: () => undefined });
  return { factory, metrics: createG6Metrics(factory) };
}

describe('buildSnapshotSummary', () => {
  it('maps a real cycle to a schema-valid summary whose totals match the CycleResult', async () => {
    const [result] = await liveCycles(testConfig(), 1);
    const s = buildSnapshotSummary(result!);
    expect(validateSnapshotSummary(s)).toEqual([]);
    expect(s.cycle).toBe(1);
    expect(s.generated_at).toBe(new Date(T0).toISOString());
    expect(s.options_total).toBe(result!.totals.options);
    expect(s.indices.map((i) => i.index)).toEqual(result!.indices.map((i) => i.index));
    const nifty = s.indices.find((i) => i.index === 'NIFTY')!;
    const src = result!.indices.find((i) => i.index === 'NIFTY')!;
    expect(nifty.expiries.map((e) => e.option_count)).toEqual(src.expiries.map((e) => e.options));
    const counts = nifty.expiries[0]!.strike_counts;
    const strikes = Object.keys(counts).map(Number);
    expect(strikes).toEqual([...strikes].sort((a, b) => a - b));
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(nifty.expiries[0]!.option_count);
    expect(s.alerts.total).toBe(result!.alerts.total);
  });

  it('names an expiry answering several rules by its nearest-term rule', async () => {
    const [result] = await liveCycles(testConfig(), 1);
    const r = structuredClone(result!);
    r.indices[0]!.expiries[0]!.rules = ['this_month', 'this_week'];
    expect(buildSnapshotSummary(r).indices[0]!.expiries[0]!.rule).toBe('this_week');
  });

  it('file names sort chronologically and carry the cycle number', () => {
    const a = snapshotFileName({ cycle: 12, generated_at: '2025-11-03T04:00:00Z' });
    const b = snapshotFileName({ cycle: 1, generated_at: '2025-11-03T04:00:30.250Z' });
    expect(a).toBe('20251103T040000.000Z-000012.json');
    expect(b).toBe('20251103T040030.250Z-000001.json');
    expect([b, a].sort()).toEqual([a, b]);
    expect(SNAPSHOT_FILE_PATTERN.test(a)).toBe(true);
  });
});

describe('SnapshotStore', () => {
  it('keeps the newest N snapshot files and leaves other files alone', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'notes.json'), '{}\n');
    const store = new SnapshotStore({ dir, keep: 3, warn: (m) => { throw new Error(m); } });
    const [result] = await liveCycles(testConfig(), 1);
    const base = buildSnapshotSummary(result!);
    for (let c = 1; c <= 5; c++) await store.write({ ...base, cycle: c, generated_at: new Date(T0 + c * 1000).toISOString() });
    expect(readdirSync(dir).sort()).toEqual(['20251103T040003.000Z-000003.json', '20251103T040004.000Z-000004.json', '20251103T040005.000Z-000005.json', 'notes.json']);
    const written = JSON.parse(readFileSync(join(dir, '20251103T040005.000Z-000005.json'), 'utf8'));
    expect(validateSnapshotSummary(written)).toEqual([]);
    // a restarted store counts the files already there
    await new SnapshotStore({ dir, keep: 2, warn: () => undefined }).write({ ...base, cycle: 6, generated_at: new Date(T0 + 6000).toISOString() });
    expect(readdirSync(dir).filter((f) => SNAPSHOT_FILE_PATTERN.test(f))).toHaveLength(2);
  });

  it('refuses to write a summary that violates the schema and warns instead', async () => {
    const warnings: string[] = [];
    const dir = tmp();
    const store = new SnapshotStore({ dir, keep: 0, warn: (m) => warnings.push(m) });
    const bad = { schema_version: 1, cycle: 1, indices: [{ index: 'bad name' }], options_total: 0, alerts: { total: 0, categories: {}, severity: {} } } as unknown as SnapshotSummary;
    expect(await store.write(bad)).toBeNull();
    expect(warnings[0]).toMatch(/snapshot of cycle 1 not written: \/indices\/0/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('alert-parity anomaly trigger', () => {
  const diff = (norm: number | null, compared: number) => ({ categories: {}, changed: [], compared_count: compared, weighted_diff_norm: norm });
  it.each([
    ['at the threshold with enough categories', 0.5, 2, { threshold: 0.5, minCategories: 2 }, true],
    ['below the threshold', 0.49, 5, { threshold: 0.5, minCategories: 2 }, false],
    ['too few categories', 1, 1, { threshold: 0.5, minCategories: 2 }, false],
    ['disabled by a negative threshold', 1, 9, { threshold: -1, minCategories: 1 }, false],
  ])('%s', (_name, norm, compared, opts, expected) => {
    expect(alertParityAnomalous(diff(norm, compared), opts)).toBe(expected);
  });

  it('never holds when the alerts component is missing', () => {
    expect(alertParityAnomalous(diff(null, 4), { threshold: 0, minCategories: 1 })).toBe(false);
  });

  it('fires once when the condition starts to hold and re-arms when it clears', () => {
    const seq = [false, true, true, false, true].reduce<{ state: boolean; emits: boolean[] }>(
      (acc, now) => {
        const s = stepAnomalyTrigger(acc.state, now);
        return { state: s.anomalous, emits: [...acc.emits, s.emit] };
      },
      { state: false, emits: [] },
    );
    expect(seq.emits).toEqual([false, true, false, false, true]);
  });

  it('builds the event from the parity result and the alert diff', async () => {
    const [a] = await liveCycles(testConfig(), 1);
    const base = buildSnapshotSummary(a!);
    const cand: SnapshotSummary = { ...base, alerts: { total: 3, categories: { expiry_empty: 2, index_failure: 1 }, severity: {} } };
    const parity = scoreParity(base, cand);
    const d = diffAlerts(base, cand, parity);
    const ev = buildAnomalyEvent({ ts: 'T', cycle: 4, parity, diff: d, opts: { threshold: 0.5, minCategories: 2 }, baseline: 'b' });
    expect(ev).toMatchObject({ event: 'pipeline.alert_parity.anomaly', cycle: 4, score: parity.score, compared_categories: d.compared_count, alert_diff: d.weighted_diff_norm });
    expect(ev.categories.expiry_empty).toEqual({ baseline: 0, candidate: 2, delta: 2 });
  });
});

describe('parseBaselineSpec', () => {
  const dir = tmp();
  it.each([
    ['sim', { kind: 'sim' }],
    ['sim:42', { kind: 'sim', seed: 42 }],
    ['./provider.js:create', { kind: 'plugin', spec: './provider.js:create' }],
    [dir, { kind: 'snapshots', dir }],
  ])('%s', (value, expected) => {
    expect(parseBaselineSpec(value, '/')).toEqual(expected);
  });
  it('rejects anything else', () => {
    expect(parseBaselineSpec('/no/such/dir', '/')).toBeUndefined();
    expect(parseBaselineSpec('sim:x', '/')).toBeUndefined();
  });
});

describe('createCycleParity', () => {
  it('without a baseline writes snapshots and leaves the parity gauges NaN', async () => {
    const dataDir = tmp();
    const { factory, metrics } = gauges();
    const config = testConfig((c) => (c.dataDir = dataDir));
    const cp = await createCycleParity({ config, cwd: dataDir, metrics, log: () => undefined, warn: () => undefined });
    const [r] = await liveCycles(config, 1);
    const out = await cp.observe(r!, T0);
    expect(out.parity).toBeUndefined();
    expect(readdirSync(join(dataDir, 'snapshots'))).toHaveLength(1);
    expect(await metricSum(factory, 'g6_pipeline_parity_score')).toBeNaN();
    expect(await metricSum(factory, 'g6_pipeline_parity_rolling_avg')).toBeNaN();
  });

  it('an identical simulated baseline scores 1; live faults score below 1; the rolling window survives a restart', async () => {
    const dataDir = tmp();
    const clean = testConfig((c) => {
      c.dataDir = dataDir;
      c.parity.baseline = 'sim';
      c.parity.rollingWindow = 4;
    });
    let { factory, metrics } = gauges();
    let cp = await createCycleParity({ config: clean, cwd: dataDir, metrics, log: () => undefined, warn: () => undefined });
    for (const [i, r] of (await liveCycles(clean, 2)).entries()) {
      const o = await cp.observe(r, T0 + i * 30_000);
      expect(o.parity?.score).toBe(1);
    }
    expect(await metricSum(factory, 'g6_pipeline_parity_score')).toBe(1);
    expect(await metricSum(factory, 'g6_pipeline_alert_parity_diff')).toBe(0);
    await cp.close();

    // "restart" with fault injection on the live side
    const faulty = testConfig((c) => {
      c.dataDir = dataDir;
      c.parity.baseline = 'sim';
      c.parity.rollingWindow = 4;
      c.faults.empty = 0.5;
      c.retry.maxAttempts = 1;
    });
    ({ factory, metrics } = gauges());
    const logs: string[] = [];
    cp = await createCycleParity({ config: faulty, cwd: dataDir, metrics, log: (l) => logs.push(l), warn: () => undefined });
    expect(await metricSum(factory, 'g6_pipeline_parity_rolling_avg')).toBe(1); // restored before the first cycle
    const [r] = await liveCycles(faulty, 1);
    const o = await cp.observe(r!, T0);
    expect(o.parity!.score).toBeLessThan(1);
    const state = JSON.parse(readFileSync(join(dataDir, ROLLING_STATE_FILE), 'utf8'));
    expect(state).toEqual({ schema_version: 1, window: 4, scores: [1, 1, o.parity!.score] });
    expect(await metricSum(factory, 'g6_pipeline_parity_rolling_avg')).toBeCloseTo((2 + o.parity!.score) / 3, 6);
    expect(await metricSum(factory, 'g6_pipeline_parity_score')).toBe(o.parity!.score);
    await cp.close();
  });

  it('a recorded snapshot directory is matched by cycle number, or in order', async () => {
    const recorded = tmp();
    const config = testConfig((c) => (c.dataDir = recorded));
    const cycles = await liveCycles(config, 3);
    const rec = await createCycleParity({ config, cwd: recorded, metrics: gauges().metrics, log: () => undefined, warn: () => undefined });
    for (const [i, r] of cycles.entries()) await rec.observe(r, T0 + i * 30_000);

    const dataDir = tmp();
    const byCycle = testConfig((c) => {
      c.dataDir = dataDir;
      c.parity.baseline = join(recorded, 'snapshots');
    });
    const cp = await createCycleParity({ config: byCycle, cwd: dataDir, metrics: gauges().metrics, log: () => undefined, warn: () => undefined });
    expect((await cp.observe(cycles[1]!, 0)).parity!.score).toBe(1);
    const missing = await cp.observe({ ...cycles[0]!, cycle: 9 }, 0);
    expect(missing.skipped).toBe('no recorded snapshot for cycle 9');

    const inOrder = { ...byCycle, dataDir: tmp(), parity: { ...byCycle.parity, baselineMatch: 'order' as const } };
    const cp2 = await createCycleParity({ config: inOrder, cwd: dataDir, metrics: gauges().metrics, log: () => undefined, warn: () => undefined });
    // process cycles 1..4 against recorded 1,2,3,1 (wraps around)
    const scores = [];
    for (const r of [cycles[0]!, cycles[1]!, cycles[2]!, cycles[0]!]) scores.push((await cp2.observe({ ...r, cycle: 100 }, 0)).parity!.score);
    expect(scores).toEqual([1, 1, 1, 1]);
  });

  it('emits one anomaly event (JSON line + counter) when the alert diff crosses the threshold', async () => {
    const dataDir = tmp();
    const config = testConfig((c) => {
      c.dataDir = dataDir;
      c.parity.baseline = 'sim';
      c.parity.anomalyThreshold = 0.5;
      c.parity.anomalyMinCategories = 1;
    });
    const { factory, metrics } = gauges();
    const logs: string[] = [];
    const cp = await createCycleParity({ config, cwd: dataDir, metrics, log: (l) => logs.push(l), warn: () => undefined });
    const [r] = await liveCycles(config, 1);
    expect((await cp.observe(r!, T0)).anomaly).toBe(false);
    // the same cycle with alerts the baseline does not have
    const diverged: CycleResult = { ...r!, cycle: 1, alerts: { ...r!.alerts, total: 4, categories: { index_failure: 2, expiry_empty: 2 } } };
    const o = await cp.observe(diverged, T0 + 30_000);
    expect(o.anomaly).toBe(true);
    expect(await metricSum(factory, 'g6_pipeline_parity_anomalies_total')).toBe(1);
    const ev = JSON.parse(logs[0]!);
    expect(ev).toMatchObject({ event: 'pipeline.alert_parity.anomaly', cycle: 1, threshold: 0.5, min_categories: 1 });
    expect(ev.alert_diff).toBeGreaterThanOrEqual(0.5);
    // still diverged next cycle: no second event
    expect((await cp.observe(diverged, T0 + 60_000)).anomaly).toBe(false);
    expect(await metricSum(factory, 'g6_pipeline_parity_anomalies_total')).toBe(1);
  });
});
