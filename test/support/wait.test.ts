/** waitUntil and spawnSyncUntilExit: resolve on the condition, retry failing probes, and fail naming what was awaited and the last state. */
import { spawnSyncUntilExit, waitUntil } from './wait';

/** A probe that returns the next value of `states` on each call (the last one forever after). */
function sequence<T>(states: T[]): () => T {
  let i = 0;
  return () => states[Math.min(i++, states.length - 1)] as T;
}

describe('waitUntil', () => {
  it('resolves with the first state that meets the condition', async () => {
    await expect(waitUntil('three', sequence([1, 2, 3, 4]), (n) => n >= 3, { intervalMs: 0 })).resolves.toBe(3);
  });

  it('retries a probe that throws and resolves once it succeeds', async () => {
    let calls = 0;
    const probe = (): string => {
      if (++calls < 3) throw new Error('not yet');
      return 'up';
    };
    await expect(waitUntil('the server', probe, (s) => s === 'up', { intervalMs: 0 })).resolves.toBe('up');
    expect(calls).toBe(3);
  });

  it('fails after the deadline naming what was awaited and the last state seen', async () => {
    await expect(waitUntil('the queue to drain', sequence([{ queued: 2 }]), (s) => s.queued === 0, { deadlineMs: 0, intervalMs: 0 })).rejects.toThrow(
      'timed out after 0 s waiting for the queue to drain; last state seen: {"queued":2}',
    );
  });

  it('reports the last probe error when the probe never succeeded', async () => {
    const probe = (): number => {
      throw new Error('ECONNREFUSED');
    };
    await expect(waitUntil('the port', probe, () => true, { deadlineMs: 0 })).rejects.toThrow('last state seen: probe failed: ECONNREFUSED');
  });

  it('stops at once when abort gives a reason, after a last probe', async () => {
    let probes = 0;
    const probe = (): string => `probe ${++probes}`;
    await expect(waitUntil('a line', probe, () => false, { abort: () => 'the process exited (1)', describe: (s) => s })).rejects.toThrow(
      'gave up waiting for a line: the process exited (1); last state seen: probe 1',
    );
  });

  it('prefers a state that holds over an abort reason', async () => {
    await expect(waitUntil('done', () => 'done', (s) => s === 'done', { abort: () => 'exited' })).resolves.toBe('done');
  });
});

describe('spawnSyncUntilExit', () => {
  it('returns the output and exit status of a child that exits', () => {
    const res = spawnSyncUntilExit(process.execPath, ['-e', 'process.stdout.write("out"); process.exit(3)']);
    expect({ status: res.status, stdout: res.stdout }).toEqual({ status: 3, stdout: 'out' });
  });

  it('kills a child that never exits once the deadline passes, and fails naming the command', () => {
    const args = ['-e', 'setInterval(() => undefined, 1000)'];
    expect(() => spawnSyncUntilExit(process.execPath, args, { deadlineMs: 500 })).toThrow(/^timed out after 0\.5 s waiting for `.* -e setInterval\(.*\)` to exit; output so far:\n/);
  });
});
