/** Rolling parity average over the last N scores, with its state persisted in a small JSON file. */
import { InputError } from '../core/errors';
import { parseJsonInput } from '../core/parse-json';
import { readOptionalInputFile } from '../core/read-input';
import { writeFileAtomic } from '../output/write-file';
import { round6 } from './components';

/** Version of the rolling state file. */
export const ROLLING_STATE_VERSION = 1;

/** What the state file holds: the most recent scores, oldest first. */
export interface RollingState {
  schema_version: typeof ROLLING_STATE_VERSION;
  window: number;
  scores: number[];
}

/** The rolling figure reported next to a score. */
export interface RollingSummary {
  window: number;
  avg: number;
  count: number;
}

/**
 * Append `score` to `state` (undefined = empty) and keep the newest `window` scores (a state saved
 * with a different window is trimmed or grown to the new one). Pure: returns the new state and its
 * average.
 */
export function pushRollingScore(
  state: RollingState | undefined,
  score: number,
  window: number,
): { state: RollingState; summary: RollingSummary } {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`rolling window must be an integer >= 1, got ${window}`);
  const scores = [...(state?.scores ?? []), score].slice(-window);
  return {
    state: { schema_version: ROLLING_STATE_VERSION, window, scores },
    summary: { window, avg: averageLast(scores, window), count: scores.length },
  };
}

/** Mean of the newest `window` (>= 1) scores, rounded to 6 decimals; NaN when there are none. */
export function averageLast(scores: readonly number[], window: number): number {
  const kept = scores.slice(-window);
  return kept.length === 0 ? Number.NaN : round6(kept.reduce((s, x) => s + x, 0) / kept.length);
}

/**
 * Read a rolling state file; undefined when it does not exist. A file that exists but is not a
 * valid state throws {@link InputError} naming the file and the fix (it is never silently reset).
 */
export function loadRollingState(file: string): RollingState | undefined {
  const text = readOptionalInputFile(file, 'rolling state');
  if (text === undefined) return undefined;
  const data = parseJsonInput(text, file, 'delete the file to start a new window');
  const d = data as Partial<RollingState> | null;
  const ok =
    d !== null &&
    typeof d === 'object' &&
    d.schema_version === ROLLING_STATE_VERSION &&
    Number.isInteger(d.window) &&
    Array.isArray(d.scores) &&
    d.scores.every((s) => typeof s === 'number' && s >= 0 && s <= 1);
  if (!ok) {
    throw new InputError(
      `${file}: not a g6 rolling state (expected {"schema_version":1,"window":N,"scores":[0..1,...]}); delete the file to start a new window`,
    );
  }
  return d as RollingState;
}

/** Write the state file atomically (temp file + rename), compact JSON with a trailing newline. */
export function saveRollingState(file: string, state: RollingState): void {
  writeFileAtomic(file, `${JSON.stringify(state)}\n`);
}
