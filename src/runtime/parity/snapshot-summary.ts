/** Maps a pipeline CycleResult to the snapshot summary document (src/parity/snapshot.schema.json). Pure. */
import { round6 } from '../../parity/components';
import { SNAPSHOT_SCHEMA_VERSION, type ExpirySummary, type IndexSummary, type SnapshotSummary } from '../../parity/snapshot';
import { EXPIRY_RULES } from '../market/calendar';
import type { CycleResult, ExpiryResult, IndexResult } from '../pipeline/types';

/** Rule recorded for an expiry that no rule resolved (never produced by the built-in calendar). */
const UNKNOWN_RULE = 'unknown';

function ruleOf(e: ExpiryResult): string {
  // an expiry may answer several rules (this_week|this_month); the summary names the nearest-term one
  const ordered = EXPIRY_RULES.filter((r) => e.rules.includes(r));
  return ordered[0] ?? e.rules[0] ?? UNKNOWN_RULE;
}

function strikeCounts(perStrike: Readonly<Record<string, number>>): Record<string, number> {
  const keys = Object.keys(perStrike).sort((a, b) => Number(a) - Number(b));
  const out: Record<string, number> = {};
  for (const k of keys) out[String(Number(k))] = perStrike[k] ?? 0;
  return out;
}

function expirySummary(e: ExpiryResult): ExpirySummary {
  return {
    expiry: e.expiry,
    rule: ruleOf(e),
    option_count: e.options,
    strike_coverage: round6(e.strikeCoverage),
    field_coverage: round6(e.fieldCoverage),
    strike_counts: strikeCounts(e.perStrike),
  };
}

function indexSummary(ix: IndexResult): IndexSummary {
  return {
    index: ix.index,
    status: ix.status,
    option_count: ix.options,
    expiries: ix.expiries.map(expirySummary),
    strike_coverage_avg: round6(ix.strikeCoverageAvg),
    field_coverage_avg: round6(ix.fieldCoverageAvg),
  };
}

/**
 * Summarise one cycle for parity: indices in pipeline order, expiries in resolution order,
 * strike counts keyed by strike (ascending), coverages rounded to 6 decimals, and only the alert
 * categories that fired. `generated_at` is the cycle's clock time (not the wall clock), so a
 * `simulatedStart` replay reproduces the same bytes. Pure; the result conforms to
 * snapshot.schema.json whenever index names are `[A-Z0-9_]+` (the runtime checks before writing).
 */
export function buildSnapshotSummary(result: CycleResult): SnapshotSummary {
  const categories: Record<string, number> = {};
  const severity: SnapshotSummary['alerts']['severity'] = {};
  for (const c of Object.keys(result.alerts.categories).sort() as (keyof typeof result.alerts.categories)[]) {
    const n = result.alerts.categories[c] ?? 0;
    categories[c] = n;
    const sev = result.alerts.severity[c];
    if (sev) severity[c] = sev;
  }
  return {
    schema_version: SNAPSHOT_SCHEMA_VERSION,
    cycle: result.cycle,
    generated_at: result.startedAt,
    source: result.source,
    indices: result.indices.map(indexSummary),
    options_total: result.totals.options,
    alerts: { total: result.alerts.total, categories, severity },
  };
}

/**
 * File name of a cycle's snapshot: `<cycle time as YYYYMMDDTHHMMSS.mmmZ>-<cycle, 6 digits>.json`,
 * e.g. `20251103T040000.000Z-000001.json`. Names sort chronologically; a restarted run (cycle
 * numbers start at 1 again) never overwrites an earlier cycle unless it replays the same clock.
 */
export function snapshotFileName(summary: Pick<SnapshotSummary, 'cycle' | 'generated_at'>): string {
  const at = summary.generated_at ?? '1970-01-01T00:00:00.000Z';
  const iso = new Date(Date.parse(at)).toISOString();
  const stamp = iso.replace(/[-:]/g, '');
  return `${stamp}-${String(summary.cycle).padStart(6, '0')}.json`;
}

/** Pattern of the names {@link snapshotFileName} produces (what retention prunes). */
export const SNAPSHOT_FILE_PATTERN = /^\d{8}T\d{6}\.\d{3}Z-\d{6,}\.json$/;
