/** Panel data builders: runtime state → the data object of each enveloped panel (pure). */
import { percentile } from '../percentile';
import { PHASES } from '../pipeline/types';
import type { RuntimeState } from '../state';

export const PANEL_NAMES = ['unified_snapshot', 'indices', 'alerts', 'errors', 'memory', 'system', 'performance', 'analytics', 'storage'] as const;
export type PanelName = (typeof PANEL_NAMES)[number];

export interface MemorySample {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Build every panel's data from the state after a cycle. `now` is wall-clock epoch ms. */
export function buildPanels(state: RuntimeState, mem: MemorySample, now: number): Record<PanelName, unknown> {
  const last = state.last;
  const indices = last?.indices ?? [];
  const cycleTime = last ? Date.parse(last.startedAt) : now;
  return {
    unified_snapshot: {
      cycle: state.cycle,
      cycles_planned: state.cyclesPlanned,
      phase: state.phase,
      source: state.provider.source,
      indices_count: indices.length,
      indices_ok: last?.totals.ok ?? 0,
      indices_partial: last?.totals.partial ?? 0,
      indices_empty: last?.totals.empty ?? 0,
      options_total: last?.totals.options ?? 0,
      expiries_total: last?.totals.expiries ?? 0,
      alerts_total: last?.alerts.total ?? 0,
      errors_total: last?.errors.length ?? 0,
      duration_ms: last ? r3(last.durationMs) : 0,
      partial_reason_totals: last?.partialReasonTotals ?? { low_strike: 0, low_field: 0, low_both: 0 },
    },
    indices: {
      count: indices.length,
      items: indices.map((ix) => {
        const ok = state.indexLastSuccess.get(ix.index);
        return {
          index: ix.index,
          status: ix.status,
          spot: ix.spot,
          atm: ix.atm,
          options: ix.options,
          expiries: ix.expiries.map((e) => ({ expiry: e.expiry, rules: e.rules, status: e.status, options: e.options, strike_coverage: r3(e.strikeCoverage), field_coverage: r3(e.fieldCoverage), partial_reason: e.partialReason ?? null })),
          strike_coverage: r3(ix.strikeCoverageAvg),
          field_coverage: r3(ix.fieldCoverageAvg),
          failures: ix.failures,
          age_s: ok === undefined ? null : r3(Math.max(0, (cycleTime - ok) / 1000)),
        };
      }),
      stream: state.stream.slice(-50),
    },
    alerts: {
      total: last?.alerts.total ?? 0,
      categories: last?.alerts.categories ?? {},
      index_triggers: last?.alerts.indexTriggers ?? {},
      severity: last?.alerts.severity ?? {},
    },
    errors: {
      count: state.recentErrors.length,
      events: [...state.recentErrors]
        .reverse()
        .slice(0, 40)
        .map((e) => ({ ts: new Date(e.ts).toISOString(), cycle: e.cycle, index: e.index, expiry: e.expiry ?? null, phase: e.phase, classification: e.classification, reason: e.reason, message: e.message, attempt: e.attempt })),
    },
    memory: {
      rss_mb: r3(mem.rssMb),
      peak_rss_mb: r3(state.peakRssMb),
      heap_used_mb: r3(mem.heapUsedMb),
      heap_total_mb: r3(mem.heapTotalMb),
      external_mb: r3(mem.externalMb),
    },
    system: {
      version: state.version,
      spec_hash: state.specHash,
      phase: state.phase,
      cycle: state.cycle,
      interval_s: state.intervalSeconds,
      uptime_s: r3((now - state.startedAt) / 1000),
      market_open: state.marketOpen,
      provider: state.provider,
      listen: state.listen,
      consecutive_failures: state.consecutiveFailures,
    },
    performance: {
      cycle_ms: {
        last: last ? r3(last.durationMs) : 0,
        p50: r3(percentile(state.cycleDurationsMs, 0.5)),
        p95: r3(percentile(state.cycleDurationsMs, 0.95)),
        window: state.cycleDurationsMs.length,
      },
      index_ms: Object.fromEntries(indices.map((ix) => [ix.index, r3(ix.elapsedMs)])),
      phases: [...PHASES],
      bench: state.bench,
    },
    analytics: {
      indices: indices.map((ix) => ({
        index: ix.index,
        spot: ix.spot,
        atm: ix.atm,
        expiries: ix.expiries.map((e) => ({ expiry: e.expiry, dte_days: e.dteDays, options: e.options, volume: e.volume, mean_spread_pct: r3(e.meanSpreadPct) })),
      })),
    },
    storage: {
      kind: state.storage.kind,
      rows_total: state.storage.rowsTotal,
      bytes_total: state.storage.bytesTotal,
      appends_total: state.storage.appendsTotal,
      failures_total: state.storage.failuresTotal,
      partitions: state.storage.partitions,
      backlog_rows: state.storage.backlogRows,
      repaired_tails: state.storage.repairedTails,
      last_partition: state.storage.lastPartition,
      rows_last_cycle: last?.totals.rows ?? 0,
    },
  };
}
