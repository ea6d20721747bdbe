/** Pipeline: determinism of the simulated market, retries, fatal isolation, coverage and status. */
import { nextTurn, runCycle } from '../../../src/runtime/pipeline/cycle';
import { simulatedMarketFor } from '../../../src/runtime/providers/sim';
import { adaptPlugin } from '../../../src/runtime/providers/load';
import type { OptionRow } from '../../../src/runtime/pipeline/types';
import { metricSum, pipelineDeps, T0, testConfig } from '../helpers';

async function rowsOf(seed: number, cycles: number): Promise<OptionRow[]> {
  const { deps } = pipelineDeps(testConfig((c) => (c.seed = seed)));
  const out: OptionRow[] = [];
  for (let n = 1; n <= cycles; n++) {
    const { rows } = await runCycle(deps, n, T0 + (n - 1) * 30_000);
    for (const rs of rows.values()) out.push(...rs);
  }
  return out;
}

describe('simulated market through the pipeline', () => {
  it('yields identical rows for the same seed and clock', async () => {
    const a = await rowsOf(7, 3);
    const b = await rowsOf(7, 3);
    expect(a.length).toBeGreaterThan(0);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('yields different prices for a different seed', async () => {
    const a = await rowsOf(7, 3);
    const c = await rowsOf(8, 3);
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('marks every row as simulated and collects 5 indices x 4 expiries x 11 strikes x CE/PE', async () => {
    const rows = await rowsOf(1, 1);
    expect(rows.every((r) => r.source === 'sim')).toBe(true);
    expect(rows).toHaveLength(5 * 4 * 11 * 2);
    expect(new Set(rows.map((r) => r.index))).toEqual(new Set(['NIFTY', 'BANKNIFTY', 'FINNIFTY', 'MIDCPNIFTY', 'SENSEX']));
    const withIv = rows.filter((r) => r.iv !== null);
    expect(withIv.length / rows.length).toBeGreaterThan(0.9);
    // put-call parity sanity: ATM call delta in (0,1), put delta in (-1,0)
    for (const r of withIv) {
      if (r.type === 'CE') expect(r.delta).toBeGreaterThan(0);
      else expect(r.delta).toBeLessThan(0);
    }
  });
});

describe('a cycle and the event loop', () => {
  it.each([
    ['with yieldTurn, takes a turn before each index, expiry and persist and before aggregating, so an immediate runs mid-cycle', true, 5 + 5 * 4 + 5 + 1],
    ['without yieldTurn, runs to its end before an immediate', false, 0],
  ])('%s', async (_name, yielding, expectedTurns) => {
    const { deps } = pipelineDeps(testConfig());
    let turns = 0;
    const yieldTurn = async (): Promise<void> => {
      turns++;
      await nextTurn();
    };
    let ended = false;
    let ranMidCycle: boolean | undefined;
    setImmediate(() => (ranMidCycle = !ended));
    await runCycle(yielding ? { ...deps, yieldTurn } : deps, 1, T0);
    ended = true;
    await nextTurn();
    expect({ turns, ranMidCycle }).toEqual({ turns: expectedTurns, ranMidCycle: yielding });
  });
});

describe('simulated market fault stream', () => {
  it('does not depend on when a call abandoned by the phase timeout resumes', async () => {
    const strikes = [24700, 24750, 24800, 24850, 24900];
    const expiry = '2025-11-04';
    let hangs = 0;
    const market = (seed: number) => {
      const cfg = testConfig((c) => {
        c.seed = seed;
        c.faults = { ...c.faults, timeout: 0.5, stale: 0.5, timeoutDelayMs: 20 };
      });
      const p = simulatedMarketFor(cfg, { stepSeconds: 30, onFault: (k) => void (k === 'timeout' && hangs++) });
      void p.beginCycle?.(T0);
      return p;
    };
    for (let seed = 1; seed <= 12; seed++) {
      // A: the first (hanging) call resumes before the next calls; B: the next calls run while it hangs
      const a = market(seed);
      const a1 = await a.fetchOptionChain('NIFTY', expiry, strikes);
      const a2 = await a.fetchOptionChain('NIFTY', expiry, strikes);
      const a3 = await a.fetchOptionChain('NIFTY', expiry, strikes);
      const b = market(seed);
      const pending = b.fetchOptionChain('NIFTY', expiry, strikes);
      const b2 = await b.fetchOptionChain('NIFTY', expiry, strikes);
      const b3 = await b.fetchOptionChain('NIFTY', expiry, strikes);
      const b1 = await pending;
      expect(JSON.stringify([b1, b2, b3])).toBe(JSON.stringify([a1, a2, a3]));
    }
    expect(hangs).toBeGreaterThan(0);
  });
});

describe('error taxonomy in a cycle', () => {
  it('retries recoverable errors and counts the retries and their backoff', async () => {
    const cfg = testConfig((c) => {
      c.faults.error = 0.3;
      c.seed = 3;
    });
    const { deps, factory } = pipelineDeps(cfg);
    const { result } = await runCycle(deps, 1, T0);
    expect(result.indices).toHaveLength(5);
    const retries = await metricSum(factory, 'g6_pipeline_phase_retries_total');
    const recoverable = await metricSum(factory, 'g6_pipeline_phase_error_records_total', { classification: 'recoverable' });
    expect(retries).toBeGreaterThan(0);
    expect(recoverable).toBe(retries);
    expect(await metricSum(factory, 'g6_pipeline_phase_retry_backoff_seconds_count')).toBe(retries);
    expect(result.errors.filter((e) => e.classification === 'recoverable')).toHaveLength(retries);
  });

  it('counts a phase timeout as recoverable and retries it', async () => {
    const cfg = testConfig((c) => {
      c.faults.timeout = 0.2;
      c.phaseTimeoutMs = 30;
      c.faults.timeoutDelayMs = 200;
      c.seed = 5;
    });
    const { deps } = pipelineDeps(cfg);
    const { result } = await runCycle(deps, 1, T0);
    const timeouts = result.errors.filter((e) => e.reason === 'timeout');
    expect(timeouts.length).toBeGreaterThan(0);
    expect(timeouts.every((e) => e.classification === 'recoverable' || e.classification === 'recoverable_exhausted')).toBe(true);
  });

  it('stops only the index hit by a fatal error; the cycle completes', async () => {
    const cfg = testConfig((c) => {
      c.faults.fatal = 0.5;
      c.seed = 11;
    });
    const { deps, factory } = pipelineDeps(cfg);
    const { result } = await runCycle(deps, 1, T0);
    const fatal = result.indices.filter((i) => i.fatal);
    const healthy = result.indices.filter((i) => !i.fatal);
    expect(fatal.length).toBeGreaterThan(0);
    expect(healthy.length).toBeGreaterThan(0);
    for (const ix of fatal) {
      expect(ix.status).toBe('EMPTY');
      expect(ix.fatal?.reason).toBe('empty_instrument_universe');
      expect(await metricSum(factory, 'g6_pipeline_index_fatal_total', { index: ix.index })).toBe(1);
    }
    for (const ix of healthy) expect(ix.options).toBeGreaterThan(0);
    expect(result.alerts.categories.index_empty).toBe(fatal.length);
    expect(result.failed).toBe(false);
  });

  it('marks an expiry EMPTY when retries run out and keeps the rest of the index', async () => {
    const cfg = testConfig((c) => {
      c.faults.empty = 1;
      c.retry.maxAttempts = 2;
    });
    const { deps, factory } = pipelineDeps(cfg);
    const { result } = await runCycle(deps, 1, T0);
    expect(result.failed).toBe(true);
    for (const ix of result.indices) {
      expect(ix.expiries).toHaveLength(4);
      expect(ix.expiries.every((e) => e.status === 'EMPTY' && e.error?.classification === 'recoverable_exhausted')).toBe(true);
    }
    expect(await metricSum(factory, 'g6_pipeline_index_recoverable_total')).toBe(20);
    expect(await metricSum(factory, 'g6_pipeline_phase_last_attempts', { phase: 'quotes' })).toBe(2);
  });

  it('drops stale quotes in validation and raises stale_quote', async () => {
    const { deps } = pipelineDeps(testConfig((c) => (c.faults.stale = 1)));
    const { result } = await runCycle(deps, 1, T0);
    expect(result.totals.options).toBe(0);
    expect(result.alerts.categories.stale_quote).toBe(20);
    expect(result.indices[0]?.expiries[0]?.dropped.stale).toBe(22);
  });
});

describe('a snapshot plugin whose per-cycle fetch fails', () => {
  const plugin = (snapshot: () => Promise<unknown>) => {
    const cfg = testConfig((c) => {
      c.phaseTimeoutMs = 30;
      c.retry.baseMs = 1;
      c.retry.jitterMs = 0;
    });
    const { deps } = pipelineDeps(cfg);
    deps.provider = adaptPlugin({ getOptionChainSnapshot: snapshot }, 'test:plugin', { indices: cfg.indices, holidays: cfg.holidays });
    return deps;
  };

  it.each([
    ['throws', () => Promise.reject(new Error('upstream down'))],
    ['hangs', () => new Promise(() => undefined)],
  ])('%s: the fetch is retried and recorded, every index comes out empty, the cycle completes', async (_name, snapshot) => {
    const deps = plugin(snapshot);
    const { result } = await runCycle(deps, 1, T0);
    const fetchErrors = result.errors.filter((e) => e.phase === 'instruments' && e.index === '*');
    expect(fetchErrors.length).toBe(deps.config.retry.maxAttempts);
    expect(result.indices.every((i) => i.status === 'EMPTY')).toBe(true);
  });
});
