/** `g6 run --parity-baseline` as a real process: parity gauges on /metrics, the anomaly line, the rolling window across a restart, config errors. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateSnapshotSummary } from '../../src/parity/snapshot';
import { runG6 } from '../support/cli';
import { WAITING_TEST_TIMEOUT_MS } from '../support/wait';
import { fetchText, sampleValue, startG6Run, type RunningG6 } from './run-process';

jest.setTimeout(WAITING_TEST_TIMEOUT_MS);

const running: RunningG6[] = [];
afterAll(async () => {
  for (const r of running) await r.stop();
});

/** Run the planned cycles, then keep serving until the test stops it (an hour is "until stopped": the scrape never races the linger). */
async function runAndScrape(args: string[], env: Record<string, string> = {}): Promise<{ metrics: string; stderr: string; code: number | null }> {
  const r = await startG6Run(['--listen', '127.0.0.1:0', '--interval', '0', '--linger', '3600', ...args], env);
  running.push(r);
  await r.waitFor(/\(linger\)/);
  const metrics = (await fetchText(`http://${r.address}/metrics`)).body;
  const code = await r.stop();
  return { metrics, stderr: r.stderr(), code };
}

describe('g6 run --parity-baseline (real process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'g6-parity-run-'));
  const common = ['--data-dir', dataDir, '--parity-window', '10'];
  let faultyScores: number[] = [];

  it('a baseline without the live fault injection scores below 1 and emits one anomaly event (stderr JSON + counter)', async () => {
    const { metrics, stderr, code } = await runAndScrape(['--cycles', '2', '--parity-baseline', 'sim', ...common], { G6_FAULT_EMPTY_RATE: '0.5', G6_RETRY_MAX_ATTEMPTS: '1' });
    expect(code).toBe(0);
    const events = stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: 'pipeline.alert_parity.anomaly', cycle: 1, threshold: 0.5, min_categories: 2 });
    expect(sampleValue(metrics, 'g6_pipeline_parity_anomalies_total')).toBe(1);
    const score = sampleValue(metrics, 'g6_pipeline_parity_score')!;
    expect(score).toBeLessThan(1);
    expect(sampleValue(metrics, 'g6_pipeline_alert_parity_diff')).toBeGreaterThan(0);
    faultyScores = JSON.parse(readFileSync(join(dataDir, 'parity', 'rolling_state.json'), 'utf8')).scores;
    expect(faultyScores).toHaveLength(2);
    expect(faultyScores[1]).toBe(score);
    // one valid snapshot summary per cycle
    const snaps = readdirSync(join(dataDir, 'snapshots'));
    expect(snaps).toHaveLength(2);
    for (const f of snaps) expect(validateSnapshotSummary(JSON.parse(readFileSync(join(dataDir, 'snapshots', f), 'utf8')))).toEqual([]);
  });

  it('after a restart, an identical baseline (same provider and seed) scores 1.0 on /metrics and the rolling average still holds the earlier cycles', async () => {
    const { metrics, stderr, code } = await runAndScrape(['--cycles', '1', '--seed', '1', '--parity-baseline', 'sim:1', ...common]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/cycle 1\/1 .* parity=1\.000/);
    expect(sampleValue(metrics, 'g6_pipeline_parity_score')).toBe(1);
    expect(sampleValue(metrics, 'g6_pipeline_alert_parity_diff')).toBe(0);
    expect(sampleValue(metrics, 'g6_pipeline_parity_anomalies_total')).toBe(0);
    const expected = Math.round(((faultyScores[0]! + faultyScores[1]! + 1) / 3) * 1e6) / 1e6;
    expect(sampleValue(metrics, 'g6_pipeline_parity_rolling_avg')).toBe(expected);
    expect(JSON.parse(readFileSync(join(dataDir, 'parity', 'rolling_state.json'), 'utf8')).scores).toEqual([...faultyScores, 1]);
  });

  it('without a baseline the parity gauges are NaN, so parity alerts stay silent', async () => {
    const { metrics } = await runAndScrape(['--cycles', '1', '--data-dir', mkdtempSync(join(tmpdir(), 'g6-parity-none-'))]);
    expect(sampleValue(metrics, 'g6_pipeline_parity_score')).toBeNaN();
    expect(sampleValue(metrics, 'g6_pipeline_parity_rolling_avg')).toBeNaN();
  });

  it.each([
    [['--parity-weights', 'alerts:x'], /config parity\.weights \(from flag --parity-weights\): weight "x" of "alerts" is not a non-negative number/],
    [['--parity-weights', 'nope:1'], /config parity\.weights \(from flag --parity-weights\): unknown component "nope"/],
    [['--parity-baseline', 'sim:abc'], /config parity\.baseline \(from flag --parity-baseline\): expected sim, sim:<seed>/],
    [['--parity-window', '0'], /config parity\.rollingWindow \(from flag --parity-window\): expected an integer >= 1, got "0"; fix the value of --parity-window/],
  ])('bad parity config %j exits 3 naming the key and its source', (args, message) => {
    const r = runG6(['run', '--print-config', ...args]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
  });

  it('G6_PARITY_BASELINE_MATCH outside cycle/order exits 3', () => {
    const r = runG6(['run', '--print-config'], { env: { G6_PARITY_BASELINE_MATCH: 'name' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('config parity.baselineMatch (from environment G6_PARITY_BASELINE_MATCH): expected "cycle" or "order"');
  });
});
