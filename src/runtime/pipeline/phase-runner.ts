/** Runs one pipeline phase with attempts, exponential backoff with jitter and a cap, a timeout, and its metrics. */
import type { Rng } from '../market/rng';
import type { G6Metrics } from '../metrics/accessors';
import { classifyError, errorMessage, errorReason, PhaseTimeoutError, type ErrorRecordClass } from './errors';
import type { ErrorRecord, Phase } from './types';

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  jitterMs: number;
  capMs: number;
}

/** The pipeline metrics a phase run feeds. */
export type PhaseMetrics = Pick<
  G6Metrics,
  | 'pipelinePhaseAttemptsTotal'
  | 'pipelinePhaseRetriesTotal'
  | 'pipelinePhaseRetryBackoffSeconds'
  | 'pipelinePhaseLastAttempts'
  | 'pipelinePhaseErrorRecordsTotal'
  | 'pipelinePhaseDurationSeconds'
>;

export interface PhaseRunContext {
  retry: RetryPolicy;
  timeoutMs: number;
  metrics: PhaseMetrics;
  /** Jitter source (seeded, so a replay backs off identically). */
  rng: Rng;
  sleep(ms: number): Promise<void>;
  cycle: number;
  now(): number;
  /** Receives every error record (recoverable attempts that were retried included). */
  record(rec: ErrorRecord): void;
}

/** A phase ended without a result; `classification` says how. The record has been emitted already. */
export class PhaseFailure extends Error {
  constructor(
    readonly record: ErrorRecord,
    readonly original: unknown,
  ) {
    super(record.message);
    this.name = 'PhaseFailure';
  }
  get classification(): ErrorRecordClass {
    return this.record.classification;
  }
}

/** Backoff before attempt n+1 (n ≥ 1): base·2^(n−1) + uniform jitter, capped. */
export function backoffMs(policy: RetryPolicy, attempt: number, rng: Rng): number {
  const jitter = policy.jitterMs > 0 ? rng.next() * policy.jitterMs : 0;
  return Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1) + jitter);
}

function withTimeout<T>(work: Promise<T>, ms: number, phase: Phase): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PhaseTimeoutError(phase, ms)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Run `fn` as phase `phase` of `unit`. Recoverable errors are retried up to maxAttempts with
 * backoff; abort and fatal are not. Async phases (`timed`) are raced against the phase timeout.
 * Emits attempts, retries, backoff, last attempts, duration and error records. Resolves with the
 * result or rejects with a {@link PhaseFailure}; never rejects with anything else.
 */
export async function runPhase<T>(
  ctx: PhaseRunContext,
  phase: Phase,
  unit: { index: string; expiry?: string },
  fn: () => T | Promise<T>,
  opts: { timed: boolean; attempts?: { count: number } } = { timed: true },
): Promise<T> {
  const labels = { phase };
  const started = performance.now();
  let attempt = 0;
  for (;;) {
    attempt++;
    if (opts.attempts) opts.attempts.count++;
    ctx.metrics.pipelinePhaseAttemptsTotal.inc(labels);
    if (attempt > 1) ctx.metrics.pipelinePhaseRetriesTotal.inc(labels);
    try {
      const result = opts.timed ? await withTimeout(Promise.resolve().then(fn), ctx.timeoutMs, phase) : await fn();
      finish();
      return result;
    } catch (err) {
      const cls = classifyError(err);
      const retry = cls === 'recoverable' && attempt < ctx.retry.maxAttempts;
      const classification: ErrorRecordClass = cls === 'recoverable' && !retry ? 'recoverable_exhausted' : cls;
      const rec: ErrorRecord = {
        ts: ctx.now(),
        cycle: ctx.cycle,
        index: unit.index,
        ...(unit.expiry !== undefined ? { expiry: unit.expiry } : {}),
        phase,
        classification,
        reason: errorReason(err),
        message: errorMessage(err),
        attempt,
      };
      ctx.metrics.pipelinePhaseErrorRecordsTotal.inc({ phase, classification });
      ctx.record(rec);
      if (!retry) {
        finish();
        throw new PhaseFailure(rec, err);
      }
      const delay = backoffMs(ctx.retry, attempt, ctx.rng);
      ctx.metrics.pipelinePhaseRetryBackoffSeconds.observe(labels, delay / 1000);
      await ctx.sleep(delay);
    }
  }
  function finish(): void {
    ctx.metrics.pipelinePhaseLastAttempts.set(labels, attempt);
    ctx.metrics.pipelinePhaseDurationSeconds.observe(labels, (performance.now() - started) / 1000);
  }
}
