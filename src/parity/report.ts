/** The `g6 parity-snapshot` document: score, rolling average and the alert-category diff. Pure. */
import type { ParityResult } from './score';
import type { RollingSummary } from './rolling';
import type { SnapshotSummary } from './snapshot';

/** Per alert category: counts on both sides and candidate − baseline. */
export interface AlertCategoryDiff {
  baseline: number;
  candidate: number;
  delta: number;
}

export interface AlertsDiff {
  /** Every category listed on either side (zero counts included), sorted. */
  categories: Record<string, AlertCategoryDiff>;
  /** Categories whose counts differ. */
  changed: string[];
  /** Categories with a non-zero count on at least one side (what the alerts component compares). */
  compared_count: number;
  /** weighted_diff_norm of the alerts component (0 best, 1 worst); null when alerts is missing. */
  weighted_diff_norm: number | null;
}

export interface ParitySnapshotReport {
  generated_at: string;
  parity: ParityResult;
  rolling: RollingSummary;
  alerts: AlertsDiff;
}

export interface ParityVersionReport {
  generated_at: string;
  schema_version: number;
  score: number;
}

/**
 * Alert-category diff between the two snapshots: counts from the inputs, `compared_count` and
 * `weighted_diff_norm` from the alerts component details (`parity` must score these two snapshots).
 */
export function diffAlerts(baseline: SnapshotSummary, candidate: SnapshotSummary, parity: ParityResult): AlertsDiff {
  // every listed category, zero counts included: the component's details keep only the compared ones
  const names = [...new Set([...Object.keys(baseline.alerts.categories), ...Object.keys(candidate.alerts.categories)])].sort();
  const categories: Record<string, AlertCategoryDiff> = {};
  const changed: string[] = [];
  for (const c of names) {
    const b = baseline.alerts.categories[c] ?? 0;
    const k = candidate.alerts.categories[c] ?? 0;
    categories[c] = { baseline: b, candidate: k, delta: k - b };
    if (b !== k) changed.push(c);
  }
  const compared = parity.details.alerts?.compared_categories;
  const norm = parity.details.alerts?.weighted_diff_norm;
  return { categories, changed, compared_count: typeof compared === 'number' ? compared : 0, weighted_diff_norm: typeof norm === 'number' ? norm : null };
}

/** Assemble the full report; `generatedAt` is the one timestamp (ISO 8601, UTC). */
export function buildParitySnapshotReport(
  generatedAt: string,
  baseline: SnapshotSummary,
  candidate: SnapshotSummary,
  parity: ParityResult,
  rolling: RollingSummary,
): ParitySnapshotReport {
  return { generated_at: generatedAt, parity, rolling, alerts: diffAlerts(baseline, candidate, parity) };
}

/** The `--version-only` form. */
export function buildParityVersionReport(generatedAt: string, parity: ParityResult): ParityVersionReport {
  return { generated_at: generatedAt, schema_version: parity.schema_version, score: parity.score };
}
