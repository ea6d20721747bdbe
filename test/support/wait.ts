/** The one way tests wait: poll a probe until its state meets a condition, or a child process until it exits, within a generous deadline, failing with what was awaited and the last state seen. */
import { spawnSync, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns } from 'node:child_process';

/** Default deadline of a wait: generous, because a loaded machine can be many times slower than an idle one. */
export const WAIT_DEADLINE_MS = 600_000;

/** Jest timeout for a test that waits with the default deadline: above it, so the wait's message (not Jest's) reports a hang. */
export const WAITING_TEST_TIMEOUT_MS = WAIT_DEADLINE_MS + 120_000;

export interface WaitOptions<T> {
  /** Give up after this many milliseconds (default WAIT_DEADLINE_MS). */
  deadlineMs?: number;
  /** Pause between probes in milliseconds (default 100; 0 only yields to the event loop). */
  intervalMs?: number;
  /** Checked after each probe that did not meet the condition: a reason string stops the wait at once (e.g. the awaited process exited). */
  abort?: () => string | undefined;
  /** Renders the last state for the failure message (default: JSON). */
  describe?: (state: T) => string;
}

/**
 * Call `probe` until `holds(state)` is true and resolve with that state. A probe that throws is
 * retried (the error is the last state seen). Rejects when `abort` gives a reason or the deadline
 * passes, with a message naming `what` was awaited and the last state seen.
 */
export async function waitUntil<T>(what: string, probe: () => T | Promise<T>, holds: (state: T) => boolean, options: WaitOptions<T> = {}): Promise<T> {
  const { deadlineMs = WAIT_DEADLINE_MS, intervalMs = 100, abort, describe = (s: T) => JSON.stringify(s) } = options;
  const deadline = Date.now() + deadlineMs;
  let last = 'no probe completed';
  for (;;) {
    try {
      const state = await probe();
      if (holds(state)) return state;
      last = describe(state);
    } catch (err) {
      last = `probe failed: ${(err as Error).message}`;
    }
    const reason = abort?.();
    if (reason !== undefined) throw new Error(`gave up waiting for ${what}: ${reason}; last state seen: ${last}`);
    if (Date.now() >= deadline) throw new Error(`timed out after ${deadlineMs / 1000} s waiting for ${what}; last state seen: ${last}`);
    await new Promise((r) => (intervalMs > 0 ? setTimeout(r, intervalMs) : setImmediate(r)));
  }
}

/**
 * spawnSync that waits for the child to exit, killing it (SIGKILL) only after a generous deadline
 * (default WAIT_DEADLINE_MS); a child that outlives it throws an error naming the command.
 */
export function spawnSyncUntilExit(command: string, args: readonly string[], options: Omit<SpawnSyncOptionsWithStringEncoding, 'encoding' | 'timeout'> & { deadlineMs?: number } = {}): SpawnSyncReturns<string> {
  const { deadlineMs = WAIT_DEADLINE_MS, ...rest } = options;
  const res = spawnSync(command, [...args], { ...rest, encoding: 'utf8', timeout: deadlineMs, killSignal: 'SIGKILL' });
  if ((res.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') throw new Error(`timed out after ${deadlineMs / 1000} s waiting for \`${[command, ...args].join(' ')}\` to exit; output so far:\n${res.stdout}${res.stderr}`);
  if (res.error) throw res.error;
  return res;
}
