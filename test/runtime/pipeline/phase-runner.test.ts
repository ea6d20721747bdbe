/** runPhase and backoffMs: which errors are retried, what each attempt records and counts, how long it backs off. */
import type { Rng } from '../../../src/runtime/market/rng';
import { createG6Metrics } from '../../../src/runtime/metrics/accessors';
import { GuardedMetricFactory } from '../../../src/runtime/metrics/registry';
import { PhaseFatalError, PhaseRecoverableError } from '../../../src/runtime/pipeline/errors';
import { backoffMs, PhaseFailure, runPhase, type PhaseRunContext, type RetryPolicy } from '../../../src/runtime/pipeline/phase-runner';
import type { ErrorRecord } from '../../../src/runtime/pipeline/types';
import { metricSum } from '../helpers';

/** An Rng whose next() is always `u`. */
const fixedRng = (u: number): Rng => ({ next: () => u, normal: () => 0, int: (lo) => lo });

describe('backoffMs', () => {
  const policy: RetryPolicy = { maxAttempts: 5, baseMs: 10, jitterMs: 0, capMs: 1000 };
  it.each([
    ['is the base before the second attempt', policy, 1, 0, 10],
    ['doubles per attempt', policy, 3, 0, 40],
    ['is capped', { ...policy, capMs: 50 }, 4, 0, 50],
    ['adds jitter scaled by the rng draw', { ...policy, jitterMs: 8 }, 1, 0.5, 14],
    ['caps the jitter too', { ...policy, jitterMs: 8, capMs: 12 }, 1, 0.5, 12],
  ])('%s', (_name, p, attempt, u, expected) => {
    expect(backoffMs(p, attempt, fixedRng(u))).toBe(expected);
  });

  it('draws no random number when the policy has no jitter', () => {
    const rng = fixedRng(0);
    const next = jest.spyOn(rng, 'next');
    backoffMs(policy, 2, rng);
    expect(next).not.toHaveBeenCalled();
  });
});

/** A context with fresh metrics, a sleep that only records its delays, and the records collected. */
function context(retry: Partial<RetryPolicy> = {}, timeoutMs = 600_000): { ctx: PhaseRunContext; factory: GuardedMetricFactory; records: ErrorRecord[]; sleeps: number[] } {
  const factory = new GuardedMetricFactory({ warn: () => undefined });
  const records: ErrorRecord[] = [];
  const sleeps: number[] = [];
  const ctx: PhaseRunContext = {
    retry: { maxAttempts: 3, baseMs: 10, jitterMs: 0, capMs: 1000, ...retry },
    timeoutMs,
    metrics: createG6Metrics(factory),
    rng: fixedRng(0),
    sleep: async (ms) => void sleeps.push(ms),
    cycle: 7,
    now: () => 1234,
    record: (rec) => void records.push(rec),
  };
  return { ctx, factory, records, sleeps };
}

/** A phase body that throws the given errors in turn, then returns 'ok'. */
function failing(...errors: unknown[]): () => string {
  let call = 0;
  return () => {
    if (call < errors.length) throw errors[call++];
    return 'ok';
  };
}

async function failureOf(p: Promise<unknown>): Promise<PhaseFailure> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PhaseFailure) return err;
    throw new Error(`expected a PhaseFailure, got ${String(err)}`);
  }
  throw new Error('expected the phase to fail');
}

describe('runPhase', () => {
  it('returns the result of a first attempt that succeeds, with nothing recorded', async () => {
    const { ctx, factory, records, sleeps } = context();
    await expect(runPhase(ctx, 'quotes', { index: 'NIFTY' }, () => 42)).resolves.toBe(42);
    expect({ records, sleeps }).toEqual({ records: [], sleeps: [] });
    expect(await metricSum(factory, 'g6_pipeline_phase_attempts_total', { phase: 'quotes' })).toBe(1);
    expect(await metricSum(factory, 'g6_pipeline_phase_retries_total', { phase: 'quotes' })).toBe(0);
    expect(await metricSum(factory, 'g6_pipeline_phase_last_attempts', { phase: 'quotes' })).toBe(1);
    expect(await metricSum(factory, 'g6_pipeline_phase_duration_seconds_count', { phase: 'quotes' })).toBe(1);
  });

  it('retries recoverable errors with backoff and returns the result of the attempt that succeeds', async () => {
    const { ctx, factory, records, sleeps } = context();
    const attempts = { count: 0 };
    const fn = failing(new PhaseRecoverableError('flaky', 'flaky_quote'), new Error('socket hang up'));
    await expect(runPhase(ctx, 'quotes', { index: 'NIFTY', expiry: '2025-11-04' }, fn, { timed: true, attempts })).resolves.toBe('ok');
    expect(records).toEqual([
      { ts: 1234, cycle: 7, index: 'NIFTY', expiry: '2025-11-04', phase: 'quotes', classification: 'recoverable', reason: 'flaky_quote', message: 'flaky', attempt: 1 },
      { ts: 1234, cycle: 7, index: 'NIFTY', expiry: '2025-11-04', phase: 'quotes', classification: 'recoverable', reason: 'Error', message: 'socket hang up', attempt: 2 },
    ]);
    expect(sleeps).toEqual([10, 20]);
    expect(attempts.count).toBe(3);
    expect(await metricSum(factory, 'g6_pipeline_phase_attempts_total', { phase: 'quotes' })).toBe(3);
    expect(await metricSum(factory, 'g6_pipeline_phase_retries_total', { phase: 'quotes' })).toBe(2);
    expect(await metricSum(factory, 'g6_pipeline_phase_retry_backoff_seconds_sum', { phase: 'quotes' })).toBeCloseTo(0.03);
    expect(await metricSum(factory, 'g6_pipeline_phase_last_attempts', { phase: 'quotes' })).toBe(3);
    expect(await metricSum(factory, 'g6_pipeline_phase_error_records_total', { phase: 'quotes', classification: 'recoverable' })).toBe(2);
  });

  it('fails as recoverable_exhausted when the last allowed attempt fails recoverably', async () => {
    const { ctx, records, sleeps } = context({ maxAttempts: 2 });
    const err = new PhaseRecoverableError('still down');
    const failure = await failureOf(runPhase(ctx, 'instruments', { index: 'SENSEX' }, failing(err, err, err)));
    expect(failure.classification).toBe('recoverable_exhausted');
    expect(failure.original).toBe(err);
    expect(failure.message).toBe('still down');
    expect(records.map((r) => [r.attempt, r.classification])).toEqual([
      [1, 'recoverable'],
      [2, 'recoverable_exhausted'],
    ]);
    expect(records.every((r) => !('expiry' in r))).toBe(true);
    expect(sleeps).toEqual([10]);
  });

  it.each([
    ['a PhaseFatalError', new PhaseFatalError('broken invariant', 'bad_ladder'), 'fatal', 'bad_ladder'],
    ['a programming error (TypeError)', new TypeError('x is undefined'), 'fatal', 'TypeError'],
    ['a plugin error classified as abort', Object.assign(new Error('user stopped'), { classification: 'abort' }), 'abort', 'Error'],
    ['an error named like an auth failure', Object.assign(new Error('denied'), { name: 'AuthError' }), 'fatal', 'AuthError'],
  ])('does not retry %s: one attempt, one record, then a PhaseFailure', async (_name, err, classification, reason) => {
    const { ctx, records, sleeps } = context();
    const failure = await failureOf(runPhase(ctx, 'expiry_map', { index: 'NIFTY' }, failing(err)));
    expect(failure.classification).toBe(classification);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ attempt: 1, classification, reason });
    expect(sleeps).toEqual([]);
  });

  it('times out a timed phase whose work never settles, as a recoverable timeout', async () => {
    const { ctx, records } = context({ maxAttempts: 1 }, 20);
    const failure = await failureOf(runPhase(ctx, 'quotes', { index: 'NIFTY' }, () => new Promise<never>(() => undefined)));
    expect(failure.classification).toBe('recoverable_exhausted');
    expect(records).toEqual([expect.objectContaining({ reason: 'timeout', message: 'phase quotes timed out after 20 ms', classification: 'recoverable_exhausted' })]);
  });

  it('classifies a synchronous throw of an untimed phase like any other error', async () => {
    const { ctx, records } = context();
    await expect(runPhase(ctx, 'persist', { index: 'NIFTY' }, failing(new Error('disk full')), { timed: false })).resolves.toBe('ok');
    expect(records.map((r) => [r.phase, r.classification, r.message])).toEqual([['persist', 'recoverable', 'disk full']]);
  });

  it('never rejects with anything but a PhaseFailure, even for a thrown non-Error', async () => {
    const { ctx, records } = context({ maxAttempts: 1 });
    const failure = await failureOf(runPhase(ctx, 'enrich', { index: 'NIFTY' }, failing('a string')));
    expect(failure.original).toBe('a string');
    expect(records[0]).toMatchObject({ reason: 'unknown', message: 'a string' });
  });
});
