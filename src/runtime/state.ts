/** The runtime's mutable view of itself, read by panels, /api/status and /healthz. */
import type { BenchSummary } from './bench/bench-cycle';
import type { CycleResult, ErrorRecord, Status } from './pipeline/types';
import type { StorageStats } from './storage/sink';

/** One row of the indices stream (appended per index per cycle unless gated). */
export interface StreamRow {
  cycle: number;
  ts: string;
  index: string;
  status: Status;
  options: number;
  spot: number | null;
}

export interface RuntimeState {
  version: string;
  specHash: string;
  /** Wall-clock epoch ms the run started. */
  startedAt: number;
  phase: 'starting' | 'running' | 'stopped';
  cycle: number;
  /** 0 = unbounded. */
  cyclesPlanned: number;
  intervalSeconds: number;
  marketOpen: boolean;
  provider: { name: string; source: string; mode: 'sim' | 'plugin' };
  listen: string | null;
  dataDir: string;
  last?: CycleResult;
  /** Wall-clock epoch ms when the last cycle ended. */
  lastCycleEndedAt?: number;
  consecutiveFailures: number;
  /** Cycle clock epoch ms of each index's last successful (non-empty) collection. */
  indexLastSuccess: Map<string, number>;
  recentErrors: ErrorRecord[];
  stream: StreamRow[];
  cycleDurationsMs: number[];
  storage: StorageStats;
  bench: BenchSummary | null;
  /** Peak RSS seen, MB. */
  peakRssMb: number;
}

/** Append `item`, keeping at most `max` newest items; returns the items dropped (oldest first). */
export function pushBounded<T>(list: T[], item: T, max: number): T[] {
  list.push(item);
  return list.length > max ? list.splice(0, list.length - max) : [];
}
