/**
 * The benchmark cycle: times warm-up and measured pipeline cycles against a private simulated
 * market (null storage, private metrics registry) and compares p50/p95 with a baseline file.
 */
import { parseJsonInput } from '../../core/parse-json';
import { readBoundedText } from '../../core/read-input';
import { writeFileAtomic } from '../../output/write-file';
import type { RuntimeConfig } from '../config';
import { createRng, hashSeed } from '../market/rng';
import { createG6Metrics } from '../metrics/accessors';
import { GuardedMetricFactory } from '../metrics/registry';
import { nextTurn, runCycle } from '../pipeline/cycle';
import { simulatedMarketFor, withoutFaults } from '../providers/sim';
import { percentile } from '../percentile';
import { createNullSink } from '../storage/sink';

export interface BenchSummary {
  ran_at: string;
  warmup: number;
  cycles: number;
  p50_s: number;
  p95_s: number;
  baseline_p50_s: number;
  baseline_p95_s: number;
  delta_p50_pct: number;
  delta_p95_pct: number;
}

interface Baseline {
  p50_s: number;
  p95_s: number;
}

/** Percent change of `value` against `base` (0 when there is no baseline), rounded to 2 decimals. */
export function deltaPct(value: number, base: number): number {
  return base > 0 ? Math.round(((value - base) / base) * 10_000) / 100 : 0;
}

/**
 * A benchmark run that advances one cycle per `step()` call, so the runtime can interleave it
 * with idle time and never delay a live cycle. `done` once warm-up + measured cycles ran.
 */
export class BenchRun {
  private readonly durations: number[] = [];
  private n = 0;
  private readonly total: number;
  private readonly deps: Parameters<typeof runCycle>[0];
  private readonly t0: number;

  constructor(
    private readonly config: RuntimeConfig,
    startTime: number,
  ) {
    this.total = config.bench.warmup + config.bench.cycles;
    this.t0 = startTime;
    const metrics = createG6Metrics(new GuardedMetricFactory({ warn: () => undefined }));
    const faultFree = withoutFaults(config);
    this.deps = {
      config: faultFree,
      provider: simulatedMarketFor(faultFree, { stepSeconds: 30 }),
      sink: createNullSink(),
      metrics,
      rng: createRng(hashSeed(config.seed, 'bench')),
      sleep: async () => undefined,
      yieldTurn: nextTurn,
    };
  }

  get done(): boolean {
    return this.n >= this.total;
  }

  /** Run the next cycle; returns its duration in ms. */
  async step(): Promise<number> {
    const t = performance.now();
    await runCycle(this.deps, this.n + 1, this.t0 + this.n * 30_000);
    const ms = performance.now() - t;
    if (this.n >= this.config.bench.warmup) this.durations.push(ms / 1000);
    this.n++;
    return ms;
  }

  /** Summary against the baseline at `baselineFile` (created from this run when absent). */
  finish(baselineFile: string, ranAt: string): BenchSummary {
    const p50 = percentile(this.durations, 0.5);
    const p95 = percentile(this.durations, 0.95);
    let base: Baseline | undefined;
    try {
      const parsed = parseJsonInput(readBoundedText(baselineFile, baselineFile), baselineFile) as Partial<Baseline>;
      if (typeof parsed.p50_s === 'number' && typeof parsed.p95_s === 'number') base = { p50_s: parsed.p50_s, p95_s: parsed.p95_s };
    } catch {
      base = undefined; // no (readable) baseline yet: this run becomes it
    }
    if (!base) {
      base = { p50_s: p50, p95_s: p95 };
      writeFileAtomic(baselineFile, `${JSON.stringify({ ...base, recorded_at: ranAt, cycles: this.config.bench.cycles }, null, 2)}\n`);
    }
    return {
      ran_at: ranAt,
      warmup: this.config.bench.warmup,
      cycles: this.durations.length,
      p50_s: p50,
      p95_s: p95,
      baseline_p50_s: base.p50_s,
      baseline_p95_s: base.p95_s,
      delta_p50_pct: deltaPct(p50, base.p50_s),
      delta_p95_pct: deltaPct(p95, base.p95_s),
    };
  }
}
