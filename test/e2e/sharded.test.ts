/**
 * Sharded collectors: two `g6 run --indices …` processes write into one real ClickHouse and are
 * scraped by one real Prometheus loading the generated recording rules. The totals add up, and
 * every aggregating recording rule sums across the two instances.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { REPO_ROOT } from '../support/cli';
import { queryPrometheus, startPrometheus, writeTestRules, type Prom } from '../support/prometheus';
import { clickHouseServer, waitForValue, type ClickHouse } from '../support/servers';
import { startG6Run, type RunningG6 } from '../runtime/run-process';

jest.setTimeout(180_000);

const SHARDS = [
  ['NIFTY', 'BANKNIFTY'],
  ['FINNIFTY', 'MIDCPNIFTY', 'SENSEX'],
];

type Vector = Array<{ metric: Record<string, string>; value: [number, string] }>;
const vector = async (prom: Prom, expr: string): Promise<Vector> => {
  const r = await queryPrometheus(prom, expr);
  if (r.status !== 'success') throw new Error(`${expr}: ${r.error}`);
  return r.data?.result as Vector;
};
const loggedRows = (stderr: string): number => [...stderr.matchAll(/cycle \d+\/\S+ .* rows=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);

let ch: ClickHouse;
let prom: Prom;
const runs: RunningG6[] = [];

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'g6-shards-'));
  ch = await clickHouseServer();
  await ch.start();
  for (const [i, indices] of SHARDS.entries()) {
    runs.push(
      await startG6Run(['--indices', indices.join(','), '--cycles', '4', '--interval', '1', '--linger', '150', '--listen', '127.0.0.1:0', '--data-dir', join(root, `shard${i}`), '--store', ch.storeUrl('g6')]),
    );
  }
  mkdirSync(join(root, 'prom'));
  prom = await startPrometheus(join(root, 'prom'), runs.map((r) => r.address), writeTestRules(join(root, 'prom'), ['recording_rules.yml']));
  await Promise.all(runs.map((r) => r.waitFor(/\(linger\)/, 60_000)));
});

afterAll(async () => {
  for (const r of runs) await r.stop();
  await prom?.stop();
  await ch?.stop();
});

describe('two collectors split the indices (--indices) into one ClickHouse and one Prometheus', () => {
  it('each collector collects only its indices, and ClickHouse holds the rows of both', async () => {
    for (const [i, run] of runs.entries()) expect(run.stderr()).toMatch(new RegExp(`cycle 4/4 ok=${(SHARDS[i] as string[]).length} `));
    const total = runs.reduce((n, r) => n + loggedRows(r.stderr()), 0);
    expect(Number((await ch.query('SELECT count() FROM g6.options FINAL')).trim())).toBe(total);
    expect((await ch.query('SELECT DISTINCT index FROM g6.options ORDER BY index')).trim().split('\n')).toEqual(['BANKNIFTY', 'FINNIFTY', 'MIDCPNIFTY', 'NIFTY', 'SENSEX']);
  });

  it('Prometheus sums both instances to the totals', async () => {
    const total = runs.reduce((n, r) => n + loggedRows(r.stderr()), 0);
    await waitForValue('both instances scraped after their last cycle', async () => {
      const v = await vector(prom, 'sum(g6_cs_ingest_rows_total{table="options"})');
      return Number(v[0]?.value[1]) === total ? true : undefined;
    });
    expect((await vector(prom, 'count(count by (instance) (g6_pipeline_cycles_total))'))[0]?.value[1]).toBe('2');
    const byIndex = await vector(prom, 'sum by (index) (g6_pipeline_options_processed_total)');
    expect(byIndex.map((s) => s.metric.index).sort()).toEqual(['BANKNIFTY', 'FINNIFTY', 'MIDCPNIFTY', 'NIFTY', 'SENSEX']);
    expect(byIndex.reduce((n, s) => n + Number(s.value[1]), 0)).toBe(total);
  });

  it('every aggregating recording rule (sum…, histogram_quantile…) yields series without an instance label: one across the shards', async () => {
    const doc = load(readFileSync(join(REPO_ROOT, 'rules', 'recording_rules.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ record: string; expr: string }> }> };
    const aggregating = doc.groups.flatMap((g) => g.rules).filter((r) => /^(sum|histogram_quantile|max|min|count)\b/.test(r.expr));
    expect(aggregating.length).toBeGreaterThan(30);
    // rules evaluate every second: wait until most aggregating rules have recorded a sample
    const perInstance = await waitForValue('most aggregating rules to have data', async () => {
      const found: string[] = [];
      let withData = 0;
      for (const rule of aggregating) {
        const series = await vector(prom, rule.record);
        if (series.length > 0) withData++;
        for (const s of series) if ('instance' in s.metric) found.push(`${rule.record}: ${JSON.stringify(s.metric)}`);
      }
      return withData > aggregating.length / 2 ? found : undefined;
    });
    expect(perInstance).toEqual([]);
    // the per-index rule covers the indices of both collectors in one evaluation
    const perIndex = aggregating.find((r) => r.expr === 'sum by (index) (rate(g6_pipeline_options_processed_total[5m]))');
    expect(perIndex).toBeDefined();
    await waitForValue('the per-index rate rule to cover all five indices', async () => {
      const v = await vector(prom, (perIndex as { record: string }).record);
      return v.length === 5 ? true : undefined;
    });
  });
});
