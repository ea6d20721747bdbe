/** `g6 run` as a real process: scrapes answered while cycles run back to back, panel files rewritten only when they change. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExposition } from '../../src/gate/exposition';
import { defaultRuntimeConfig } from '../../src/runtime/config';
import { WAITING_TEST_TIMEOUT_MS, waitUntil } from '../support/wait';
import { fetchText, startG6Run, type RunningG6 } from './run-process';

const INDICES = defaultRuntimeConfig().indices.length;

/** Every sample of `name` in `text`, keyed by the value of its label `label`. */
function byLabel(text: string, name: string, label: string): Map<string, number> {
  return new Map(parseExposition(text, { keep: new Set([name]) }).samples.map((s) => [s.labels[label] ?? '', s.value]));
}

let dataDir: string;
let run: RunningG6 | undefined;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'g6-loop-'));
});
afterEach(async () => {
  await run?.stop();
  run = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('g6 run --interval 0 (real process)', () => {
  it(
    'answers a scrape in the middle of a cycle: between two indices, not only between cycles',
    async () => {
      run = await startG6Run(['--cycles', '0', '--interval', '0', '--listen', '127.0.0.1:0', '--data-dir', dataDir]);
      await run.waitFor(/ cycle 2\//);
      const failed: string[] = [];
      // every index runs the atm phase once per cycle, the cycle aggregates once: off a multiple only mid-cycle
      const seen = await waitUntil(
        'a scrape that sees a cycle part-way through its indices',
        async () => {
          const r = await fetchText(`http://${run!.address}/metrics`);
          if (r.status !== 200) failed.push(`${r.status}: ${r.body.slice(0, 200)}`);
          const attempts = byLabel(r.body, 'g6_pipeline_phase_attempts_total', 'phase');
          return { atm: attempts.get('atm') ?? 0, aggregate: attempts.get('aggregate') ?? 0 };
        },
        (s) => s.aggregate > 0 && s.atm !== INDICES * s.aggregate,
        { intervalMs: 5 },
      );
      expect(failed).toEqual([]);
      expect(seen.atm).toBeGreaterThan(INDICES * seen.aggregate);
      expect(seen.atm).toBeLessThan(INDICES * (seen.aggregate + 1));
      expect(await run.stop()).toBe(0);
    },
    WAITING_TEST_TIMEOUT_MS,
  );

  it(
    'rewrites a panel file only when its data changes: the errors panel of a fault-free run once, the system panel every cycle',
    async () => {
      const cycles = 6;
      run = await startG6Run(['--cycles', String(cycles), '--interval', '0', '--listen', '127.0.0.1:0', '--linger', '600', '--data-dir', dataDir]);
      await run.waitFor(/cycles done; serving/);
      const r = await fetchText(`http://${run.address}/metrics`);
      expect(r.status).toBe(200);
      const written = byLabel(r.body, 'g6_panel_full_bytes_total', 'panel');
      const size = (panel: string): number => statSync(join(dataDir, 'panels', `${panel}_enveloped.json`)).size;
      expect(written.get('errors')).toBe(size('errors'));
      // once per cycle and once more when the run stopped (its phase changed): far more than one file's worth
      expect(written.get('system')).toBeGreaterThan(cycles * size('system') * 0.9);
      expect(await run.stop()).toBe(0);
    },
    WAITING_TEST_TIMEOUT_MS,
  );
});
