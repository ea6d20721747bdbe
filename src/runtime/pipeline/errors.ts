/** The one error taxonomy of the pipeline: abort, recoverable, fatal; and how any thrown value is classified. */

export type ErrorClass = 'abort' | 'recoverable' | 'fatal';

/** Classification recorded per error: recoverable errors whose retries ran out become `recoverable_exhausted`. */
export type ErrorRecordClass = ErrorClass | 'recoverable_exhausted';

/** Base of the taxonomy; `reason` is a short machine token such as `empty_instrument_universe`. */
export class PhaseError extends Error {
  constructor(
    message: string,
    readonly classification: ErrorClass,
    readonly reason: string,
  ) {
    super(message);
    this.name = 'PhaseError';
  }
}

/** Transient or external problem: retried with backoff; when retries run out the unit is skipped, the index continues. */
export class PhaseRecoverableError extends PhaseError {
  constructor(message: string, reason = 'recoverable') {
    super(message, 'recoverable', reason);
    this.name = 'PhaseRecoverableError';
  }
}

/** A phase exceeded its timeout (recoverable). */
export class PhaseTimeoutError extends PhaseRecoverableError {
  constructor(phase: string, ms: number) {
    super(`phase ${phase} timed out after ${ms} ms`, 'timeout');
    this.name = 'PhaseTimeoutError';
  }
}

/** Invariant breach or index-wide precondition failure: never retried; stops the index, never the cycle. */
export class PhaseFatalError extends PhaseError {
  constructor(message: string, reason = 'fatal') {
    super(message, 'fatal', reason);
    this.name = 'PhaseFatalError';
  }
}

/**
 * Classify anything thrown by a phase. Taxonomy errors carry their class; errors from plugins may
 * carry `classification` ('abort'|'recoverable'|'fatal') or a name containing Fatal/Auth (fatal) or
 * Abort (abort). Programming errors (TypeError, RangeError, ReferenceError) are fatal; everything
 * else is an external failure and recoverable.
 */
export function classifyError(err: unknown): ErrorClass {
  if (err instanceof PhaseError) return err.classification;
  if (err !== null && typeof err === 'object') {
    const c = (err as { classification?: unknown }).classification;
    if (c === 'abort' || c === 'recoverable' || c === 'fatal') return c;
  }
  if (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError) return 'fatal';
  const name = err instanceof Error ? err.name : '';
  if (/fatal|auth/i.test(name)) return 'fatal';
  if (/abort/i.test(name)) return 'abort';
  return 'recoverable';
}

/** Short reason token of an error, for records and panels. */
export function errorReason(err: unknown): string {
  if (err instanceof PhaseError) return err.reason;
  if (err instanceof Error) return err.name || 'Error';
  return 'unknown';
}

/** One-line message of anything thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
