/**
 * kill -9 of the real `g6 run` at seeded random moments, then restarts on the same data folder:
 * every partition holds whole cycles only, and every cycle the log reported done is present.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../../src/runtime/market/rng';
import { G6_BIN, REPO_ROOT, runG6 } from '../../support/cli';

const TRIALS = 20;
/** Simulated start of trial 0, 09:30 IST; trial i starts 20 minutes later (30 s per cycle), so timestamps never repeat. */
const BASE = Date.parse('2025-11-03T04:00:00Z');
const TRIAL_STEP_MS = 20 * 60_000;
const CYCLE_STEP_MS = 30_000;
const ENV = { NO_COLOR: '1', G6_FAULT_ERROR_RATE: '0.1' };
const DONE = /cycle (\d+)\/\S+ ok=\d+ partial=\d+ empty=\d+ rows=(\d+) alerts=\d+ errors=(\d+) (\d+\.\d+)s/g;

interface DoneCycle {
  timestamp: string;
  rows: number;
  errors: number;
}

function startArgs(dataDir: string, cycles: number): string[] {
  return ['run', '--cycles', String(cycles), '--interval', '0', '--listen', '', '--storage-format', 'ndjson', '--data-dir', dataDir];
}

/**
 * Start `g6 run` at simulated time `start` and SIGKILL it: `delay(firstCycleSeconds)` ms after its
 * first cycle is logged, or `earlyMs` after spawn when given. Resolves with its stderr.
 */
function killedRun(dataDir: string, start: number, delay: (firstCycleSeconds: number) => number, earlyMs?: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [G6_BIN, ...startArgs(dataDir, 0)], { cwd: REPO_ROOT, env: { ...process.env, ...ENV, G6_SIMULATED_START: new Date(start).toISOString() }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    let armed = false;
    const kill = (): void => void child.kill('SIGKILL');
    const guard = setTimeout(kill, 60_000);
    if (earlyMs !== undefined) {
      armed = true;
      setTimeout(kill, earlyMs);
    }
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      err += d;
      const first = /cycle 1\/\S+ .* (\d+\.\d+)s/.exec(err);
      if (!armed && first) {
        armed = true;
        setTimeout(kill, delay(Number(first[1])));
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') reject(new Error(`g6 run ended by itself (${code}) instead of being killed:\n${err}`));
      else resolve(err);
    });
  });
}

function doneCycles(stderr: string, start: number): DoneCycle[] {
  return [...stderr.matchAll(DONE)].map((m) => ({ timestamp: new Date(start + (Number(m[1]) - 1) * CYCLE_STEP_MS).toISOString(), rows: Number(m[2]), errors: Number(m[3]) }));
}

/** Rows of every partition file, by partition; a line that is not a whole JSON row is a problem. */
function readPartitions(dataDir: string, problems: string[]): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  const dirs = [...readdirSync(join(dataDir, 'options')).map((ix) => `options/${ix}`), 'overview', 'errors'];
  for (const dir of dirs)
    for (const f of readdirSync(join(dataDir, dir)).filter((n) => n.endsWith('.ndjson'))) {
      const rel = `${dir}/${f}`;
      const text = readFileSync(join(dataDir, rel), 'utf8');
      if (text !== '' && !text.endsWith('\n')) problems.push(`${rel}: ends mid-line`);
      const rows: Record<string, unknown>[] = [];
      for (const [i, line] of text.split('\n').slice(0, -1).entries()) {
        try {
          rows.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          problems.push(`${rel}:${i + 1}: not a whole row`);
        }
      }
      out.set(rel, rows);
    }
  return out;
}

function countBy(rows: readonly Record<string, unknown>[], key: (r: Record<string, unknown>) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  return m;
}

describe('g6 run under kill -9 (real processes)', () => {
  it(`${TRIALS} seeded kills at random moments leave whole cycles only, and every cycle logged done`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'g6-kill-'));
    const rng = createRng(20251103);
    const done: DoneCycle[] = [];
    let cuts = 0;
    try {
      for (let i = 0; i < TRIALS; i++) {
        const start = BASE + i * TRIAL_STEP_MS;
        // every fifth kill lands anywhere in start-up (recovery included) or the first cycle
        const early = i % 5 === 4 ? Math.floor(rng.next() * 1500) : undefined;
        const fraction = rng.next();
        const stderr = await killedRun(dataDir, start, (s) => Math.floor(fraction * 3 * s * 1000), early);
        done.push(...doneCycles(stderr, start));
        cuts += stderr.split('back to its last committed cycle').length - 1;
      }
      const last = runG6(startArgs(dataDir, 1), { env: { ...ENV, G6_SIMULATED_START: new Date(BASE + TRIALS * TRIAL_STEP_MS).toISOString() } });
      expect(last.code).toBe(0);
      cuts += last.stderr.split('back to its last committed cycle').length - 1;
      done.push(...doneCycles(last.stderr, BASE + TRIALS * TRIAL_STEP_MS));

      const problems: string[] = [];
      const partitions = readPartitions(dataDir, problems);
      const all = (table: string): Record<string, unknown>[] => [...partitions].filter(([rel]) => rel.startsWith(`${table}/`)).flatMap(([, rows]) => rows);
      const overview = all('overview');
      const options = countBy(all('options'), (r) => `${r.timestamp}|${r.index}`);
      const errors = countBy(all('errors'), (r) => String(r.ts));
      const overviewByCycle = countBy(overview, (r) => String(r.timestamp));
      const indices = new Set(overview.map((r) => r.index)).size;
      // whole cycles: each stored cycle has an overview row per index, and each index exactly its rows
      for (const [ts, n] of overviewByCycle) if (n !== indices) problems.push(`${ts}: ${n} overview rows of ${indices}`);
      for (const r of overview) {
        const got = options.get(`${r.timestamp}|${r.index}`) ?? 0;
        if (got !== r.options) problems.push(`${r.timestamp} ${r.index}: ${got} option rows stored, overview says ${r.options}`);
      }
      for (const key of options.keys()) if (!overviewByCycle.has(key.split('|')[0] as string)) problems.push(`${key}: option rows of a cycle without its overview`);
      for (const ts of errors.keys()) if (!overviewByCycle.has(ts)) problems.push(`${ts}: error rows of a cycle without its overview`);
      // every cycle logged done is there, with the rows and errors the log reported
      for (const c of done) {
        const rows = [...options].filter(([k]) => k.startsWith(`${c.timestamp}|`)).reduce((a, [, n]) => a + n, 0);
        if (!overviewByCycle.has(c.timestamp) || rows !== c.rows || (errors.get(c.timestamp) ?? 0) !== c.errors)
          problems.push(`${c.timestamp}: logged done with ${c.rows} rows and ${c.errors} errors; stored ${rows} rows, ${errors.get(c.timestamp) ?? 0} errors`);
      }
      expect(problems).toEqual([]);
      expect(done.length).toBeGreaterThan(TRIALS);
      // the kills did land inside cycles: restarts had interrupted cycles to cut away
      expect(cuts).toBeGreaterThan(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
