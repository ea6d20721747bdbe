/**
 * Baseline sources for shadow parity: a second provider run through the same pipeline (private
 * metrics, no storage) at the live cycle's clock time, or a directory of recorded snapshot summaries.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../core/errors';
import { loadSnapshotSummary } from '../../parity/load-snapshot';
import type { SnapshotSummary } from '../../parity/snapshot';
import type { RuntimeConfig } from '../config';
import { createRng, hashSeed } from '../market/rng';
import { createG6Metrics } from '../metrics/accessors';
import { GuardedMetricFactory } from '../metrics/registry';
import { nextTurn, runCycle, type CycleDeps } from '../pipeline/cycle';
import { loadProviderPlugin } from '../providers/load';
import { simulatedMarketFor, withoutFaults } from '../providers/sim';
import type { OptionChainProvider } from '../providers/types';
import { createNullSink } from '../storage/sink';
import type { BaselineSpec } from './baseline-spec';
import { SNAPSHOT_FILE_PATTERN, buildSnapshotSummary } from './snapshot-summary';

/** One baseline snapshot per live cycle, or a reason why there is none this cycle. */
export type BaselineAnswer = { summary: SnapshotSummary; label: string } | { summary?: undefined; reason: string };

export interface ParityBaseline {
  /** Human-readable description for the start-up log line. */
  readonly description: string;
  /**
   * The baseline for live cycle `cycle` at clock `cycleTime`; `ordinal` counts the cycles of this
   * process from 1 (what `order` matching uses).
   */
  next(cycle: number, cycleTime: number, ordinal: number): Promise<BaselineAnswer>;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)).unref());

/** A second provider driven through the real pipeline with a null sink and a private metrics registry. */
class ProviderBaseline implements ParityBaseline {
  private readonly deps: CycleDeps;

  constructor(
    readonly description: string,
    private readonly provider: OptionChainProvider,
    config: RuntimeConfig,
  ) {
    this.deps = {
      config,
      provider,
      sink: createNullSink(),
      metrics: createG6Metrics(new GuardedMetricFactory({ warn: () => undefined })),
      rng: createRng(hashSeed(config.seed, 'parity-baseline')),
      sleep,
      yieldTurn: nextTurn,
    };
  }

  async next(cycle: number, cycleTime: number): Promise<BaselineAnswer> {
    const { result } = await runCycle(this.deps, cycle, cycleTime);
    return { summary: buildSnapshotSummary(result), label: this.description };
  }

  async close(): Promise<void> {
    await this.provider.close?.();
  }
}

interface RecordedEntry {
  file: string;
  cycle: number | undefined;
}

/** Recorded snapshot summaries, matched by cycle number or taken in file-name order. */
class RecordedBaseline implements ParityBaseline {
  readonly description: string;
  private byCycle: Map<number, RecordedEntry> | null = null;

  constructor(
    private readonly dir: string,
    private readonly entries: RecordedEntry[],
    private readonly match: 'cycle' | 'order',
  ) {
    this.description = `${entries.length} recorded snapshot(s) in ${dir}, matched by ${match}`;
  }

  /** Cycle number → entry; files not named by g6 run are read once for their `cycle`. Later names win. */
  private index(): Map<number, RecordedEntry> {
    if (this.byCycle) return this.byCycle;
    const map = new Map<number, RecordedEntry>();
    for (const e of this.entries) {
      if (e.cycle === undefined) {
        try {
          e.cycle = loadSnapshotSummary(join(this.dir, e.file), e.file).cycle;
        } catch {
          continue; // an unreadable file cannot be matched by cycle; `order` matching reports it when used
        }
      }
      map.set(e.cycle, e);
    }
    this.byCycle = map;
    return map;
  }

  async next(cycle: number, _cycleTime: number, ordinal: number): Promise<BaselineAnswer> {
    const entry = this.match === 'order' ? this.entries[(ordinal - 1) % this.entries.length] : this.index().get(cycle);
    if (!entry) return { reason: `no recorded snapshot for cycle ${cycle}` };
    const file = join(this.dir, entry.file);
    try {
      return { summary: loadSnapshotSummary(file, file), label: entry.file };
    } catch (err) {
      return { reason: (err as Error).message.split('\n')[0] ?? 'invalid snapshot' };
    }
  }

  async close(): Promise<void> {
    // nothing to release
  }
}

/**
 * Open the baseline `spec` for a run with `config`. A simulated baseline uses the live market's
 * indices, calendar and step, the given seed (default: the live seed) and no fault injection; a
 * plugin baseline loads a second instance of the plugin. A snapshot directory must hold at least
 * one `*.json`. Throws InputError (exit 3) when the baseline cannot be opened.
 */
export async function openParityBaseline(spec: BaselineSpec, config: RuntimeConfig, cwd: string): Promise<ParityBaseline> {
  if (spec.kind === 'snapshots') {
    let names: string[];
    try {
      names = readdirSync(spec.dir)
        .filter((f) => f.toLowerCase().endsWith('.json'))
        .sort();
    } catch (err) {
      throw new InputError(`parity baseline ${spec.dir}: cannot list snapshots: ${(err as Error).message}`);
    }
    if (names.length === 0) throw new InputError(`parity baseline ${spec.dir}: no *.json snapshot summaries; record some with g6 run (they land in <data-dir>/snapshots/)`);
    const entries = names.map((file) => ({ file, cycle: SNAPSHOT_FILE_PATTERN.test(file) ? Number(/-(\d+)\.json$/.exec(file)![1]) : undefined }));
    return new RecordedBaseline(spec.dir, entries, config.parity.baselineMatch);
  }
  if (spec.kind === 'sim') {
    const simConfig = { ...withoutFaults(config), seed: spec.seed ?? config.seed };
    return new ProviderBaseline(`simulated market seed ${simConfig.seed} (no faults)`, simulatedMarketFor(simConfig), simConfig);
  }
  const provider = await loadProviderPlugin(spec.spec, cwd, { indices: config.indices, holidays: config.holidays });
  return new ProviderBaseline(`provider ${spec.spec}`, provider, config);
}
