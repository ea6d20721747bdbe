/** Wraps a provider so every call feeds the provider family metrics (requests, errors, durations). */
import type { G6Metrics, IndexLabel } from '../metrics/accessors';
import type { OptionChainProvider } from './types';

type Operation = 'atm' | 'instruments' | 'quotes';

/**
 * The returned provider forwards every call; it counts a request per call, observes its duration
 * when it settles, and counts an empty chain or expiry list as `empty_response` and a thrown error
 * as `internal`. Timeouts are enforced by the phase runner, not here: the runtime counts them as
 * `timeout` from the error records ({@link providerOperationOf}).
 */
export function instrumentProvider(p: OptionChainProvider, m: Pick<G6Metrics, 'providerRequestsTotal' | 'providerErrorsTotal' | 'providerRequestDurationSeconds'>): OptionChainProvider {
  async function call<T>(index: string, operation: Operation, fn: () => Promise<T>, empty: (v: T) => boolean): Promise<T> {
    const ix = index as IndexLabel;
    m.providerRequestsTotal.inc({ index: ix, operation });
    const t0 = performance.now();
    try {
      const v = await fn();
      if (empty(v)) m.providerErrorsTotal.inc({ index: ix, operation, error_type: 'empty_response' });
      return v;
    } catch (err) {
      m.providerErrorsTotal.inc({ index: ix, operation, error_type: 'internal' });
      throw err;
    } finally {
      m.providerRequestDurationSeconds.observe({ operation }, (performance.now() - t0) / 1000);
    }
  }
  const never = (): boolean => false;
  return {
    name: p.name,
    source: p.source,
    beginCycle: p.beginCycle ? (t) => p.beginCycle?.(t) : undefined,
    beginCycleTimeoutMs: p.beginCycleTimeoutMs,
    getIndexQuote: (index) => call(index, 'atm', () => p.getIndexQuote(index), never),
    getAtmStrike: (index) => call(index, 'atm', () => p.getAtmStrike(index), never),
    listExpiries: (index) => call(index, 'instruments', () => p.listExpiries(index), (v) => v.length === 0),
    fetchOptionChain: (index, expiry, strikes) => call(index, 'quotes', () => p.fetchOptionChain(index, expiry, strikes), (v) => v.length === 0),
    close: p.close ? () => p.close?.() : undefined,
  } as OptionChainProvider;
}

/** Phase → provider operation, for timeouts the phase runner detects. */
export function providerOperationOf(phase: string): Operation | undefined {
  return phase === 'atm' ? 'atm' : phase === 'instruments' ? 'instruments' : phase === 'quotes' ? 'quotes' : undefined;
}
