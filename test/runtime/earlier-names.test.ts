/** The earlier platform's runtime variables: honoured where their meaning carries over, warned about otherwise; the module form of a provider; the severity map in the alert snapshot. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuntimeConfig, unknownVariableWarnings } from '../../src/runtime/config';
import { runtimeSeverities } from '../../src/runtime/pipeline/severity-map';
import { runG6 } from '../support/cli';
import { fetchText, startG6Run } from './run-process';

const dir = mkdtempSync(join(tmpdir(), 'g6-earlier-'));
const config = (env: Record<string, string>) => loadRuntimeConfig({ cwd: dir, env, flags: {} });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.each([
  ['G6_OPTION_CHAIN_AGG_DISABLED=1 turns the option-chain aggregates off', { G6_OPTION_CHAIN_AGG_DISABLED: '1' }, 'optionChain.aggregates', false],
  ['G6_OPTION_CHAIN_AGG_DISABLED=True does too', { G6_OPTION_CHAIN_AGG_DISABLED: 'True' }, 'optionChain.aggregates', false],
  ['G6_OPTION_CHAIN_AGG_DISABLED=yes did not disable them earlier, and does not now', { G6_OPTION_CHAIN_AGG_DISABLED: 'yes' }, 'optionChain.aggregates', true],
  ['the current variable wins over the earlier one', { G6_OPTION_CHAIN_AGGREGATES: 'true', G6_OPTION_CHAIN_AGG_DISABLED: '1' }, 'optionChain.aggregates', true],
  ['G6_BENCH_CYCLE=1 benchmarks every 300 s, the earlier default', { G6_BENCH_CYCLE: '1' }, 'bench.intervalSeconds', 300],
  ['G6_BENCH_CYCLE=1 with G6_BENCH_CYCLE_INTERVAL_SECONDS=60 every 60 s', { G6_BENCH_CYCLE: '1', G6_BENCH_CYCLE_INTERVAL_SECONDS: '60' }, 'bench.intervalSeconds', 60],
  ['an earlier interval <= 0 ("every call") is the shortest interval', { G6_BENCH_CYCLE: 'true', G6_BENCH_CYCLE_INTERVAL_SECONDS: '0' }, 'bench.intervalSeconds', 1],
  ['the earlier interval without its switch leaves benchmarks off', { G6_BENCH_CYCLE_INTERVAL_SECONDS: '60' }, 'bench.intervalSeconds', 0],
  ['G6_PARITY_ALERT_ANOMALY_MIN_TOTAL is the minimum of alert categories', { G6_PARITY_ALERT_ANOMALY_MIN_TOTAL: '3' }, 'parity.anomalyMinCategories', 3],
])('%s', (_name, env, path, expected) => {
  const [section, key] = path.split('.') as [string, string];
  expect((config(env) as unknown as Record<string, Record<string, unknown>>)[section]![key]).toBe(expected);
});

test('a bad earlier value is reported under the earlier name, with the fix', () => {
  expect(() => config({ G6_BENCH_CYCLE: '1', G6_BENCH_CYCLE_INTERVAL_SECONDS: 'often' })).toThrow(
    'config bench.intervalSeconds (from environment G6_BENCH_CYCLE (earlier variable)): expected a number >= 0, got "often"; fix or unset G6_BENCH_CYCLE, or set G6_BENCH_INTERVAL_SECONDS',
  );
});

test.each([
  ['G6_PARITY_STRIKE_SHAPE', /not needed: g6 always scores strike_shape; drop it from the score with G6_PARITY_WEIGHTS=strike_shape:0/],
  ['G6_PARITY_STRIKE_COV_VAR', /G6_PARITY_WEIGHTS=strike_cov_variance:0/],
  ['G6_METRICS_FAIL_ON_DUP', /g6 never fails on a duplicate registration/],
  ['G6_OPTION_CHAIN_AGG_DISABLED', /set G6_OPTION_CHAIN_AGGREGATES=false instead/],
  ['G6_BENCH_CYCLE_INTERVAL_SECONDS', /set G6_BENCH_INTERVAL_SECONDS instead/],
])('setting %s warns with the replacement', (name, replacement) => {
  const [warning] = unknownVariableWarnings({ [name]: '1' });
  expect(warning).toMatch(new RegExp(`^${name} is a variable of the earlier platform: `));
  expect(warning).toMatch(replacement);
});

test.each([
  ['no map keeps the defaults', '', { index_empty: 'critical', liquidity_low: 'info' }],
  ['a category key sets that category', '{"index_empty":"warning"}', { index_empty: 'warning', index_failure: 'critical' }],
  ['a severity key remaps its categories', '{"info":"warning"}', { liquidity_low: 'warning', low_field_coverage: 'warning', index_empty: 'critical' }],
  ['a category key wins over a severity key', '{"critical":"warning","index_failure":"info"}', { index_failure: 'info', index_empty: 'warning' }],
  ['rule-file labels and alert names are not the runtime\'s', '{"critical":"page","G6ProviderErrorRatioHigh":"ticket"}', { index_empty: 'critical' }],
])('runtime severities: %s', (_name, text, expected) => {
  expect(runtimeSeverities(text)).toMatchObject({ severities: expected });
});

test.each([
  ['invalid JSON', '{', /not valid JSON/],
  ['a category mapped outside the vocabulary', '{"index_empty":"page"}', /category index_empty maps to "page"; a runtime severity is info, warning or critical/],
])('a severity map with %s is a configuration problem', (_name, text, why) => {
  expect(() => config({ G6_ALERT_SEVERITY_MAP: text })).toThrow(why);
});

describe('g6 run (real process)', () => {
  const work = mkdtempSync(join(tmpdir(), 'g6-module-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const provider = `module.exports = {
  source: 'legacy-module',
  getAtmStrike: async () => 24800,
  fetchOptionChain: async (index, expiry, strikes) => strikes.flatMap((k) => ['CE', 'PE'].map((type) => ({ strike: k, type, ltp: 100, bid: 99, ask: 101, volume: 10, oi: 100 }))),
};\n`;
  writeFileSync(join(work, 'chain.js'), provider);
  mkdirSync(join(work, 'legacy'));
  writeFileSync(join(work, 'legacy', 'chain.js'), provider);
  writeFileSync(join(work, 'package.json'), '{"name":"w","private":true}\n');

  test.each([
    ['a module path', './chain.js'],
    ['a dotted package.module (the earlier spelling), found as package/module', 'legacy.chain'],
  ])('G6_OPTION_CHAIN_PROVIDER in the module form, %s: the module object is the provider', (_name, spec) => {
    const data = join(work, `d-${spec.replace(/\W/g, '')}`);
    const r = runG6(['run', '--cycles', '1', '--interval', '0', '--listen', '', '--data-dir', data], { cwd: work, env: { G6_OPTION_CHAIN_PROVIDER: spec } });
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    expect(r.stderr).toMatch(/cycle 1\/1 ok=\d+/);
    const nifty = join(data, 'options', 'NIFTY');
    const csv = readFileSync(join(nifty, readdirSync(nifty)[0]!), 'utf8');
    expect(csv.split('\n')[1]).toMatch(/,legacy-module$/);
  });

  test('a module that does not resolve is exit 3 naming it', () => {
    const r = runG6(['run', '--cycles', '1', '--listen', ''], { cwd: work, env: { G6_OPTION_CHAIN_PROVIDER: 'no.such.module' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('cannot find module "no.such.module"');
  });
});

describe('g6 run with the earlier switches (real process)', () => {
  const data = mkdtempSync(join(tmpdir(), 'g6-earlier-run-'));
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  /** /metrics after two cycles with `env`. */
  async function scrape(env: Record<string, string>, sub: string): Promise<string> {
    const r = await startG6Run(['--cycles', '2', '--listen', '127.0.0.1:0', '--interval', '0', '--linger', '60', '--data-dir', join(data, sub)], env);
    try {
      await r.waitFor(/\(linger\)/);
      return (await fetchText(`http://${r.address}/metrics`)).body;
    } finally {
      await r.stop();
    }
  }
  const samples = (metrics: string, name: string): string[] => metrics.split('\n').filter((l) => l.startsWith(`${name}{`));

  test('G6_OPTION_CHAIN_AGG_DISABLED=1 turns off the option-chain aggregate metrics, which are there without it', async () => {
    const on = await scrape({}, 'on');
    const off = await scrape({ G6_OPTION_CHAIN_AGG_DISABLED: '1' }, 'off');
    for (const name of ['g6_option_contracts_active', 'g6_option_open_interest', 'g6_option_iv_mean']) {
      expect(samples(on, name).length).toBeGreaterThan(0);
      expect(samples(off, name)).toEqual([]);
    }
    expect(samples(off, 'g6_provider_requests_total').length).toBeGreaterThan(0);
  });

  test("G6_ALERT_SEVERITY_MAP sets the severities of the run's alert snapshot", () => {
    const dir = join(data, 'alerts');
    const r = runG6(['run', '--cycles', '1', '--interval', '0', '--listen', '', '--data-dir', dir], {
      env: { G6_FAULT_EMPTY_RATE: '1', G6_ALERT_SEVERITY_MAP: '{"expiry_empty":"critical","critical":"page","index_failure":"warning"}' },
    });
    expect(r.stderr).toMatch(/cycle 1\/1 .*alerts=\d+/);
    const snapshots = join(dir, 'snapshots');
    const snapshot = JSON.parse(readFileSync(join(snapshots, readdirSync(snapshots)[0]!), 'utf8')) as { alerts: { severity: Record<string, string> } };
    expect(snapshot.alerts.severity).toEqual({ expiry_empty: 'critical', index_empty: 'critical', index_failure: 'warning' });
  });
});
