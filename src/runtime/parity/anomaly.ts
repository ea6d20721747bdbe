/** The alert-parity anomaly event: when it fires (edge-triggered) and its structured payload. Pure. */
import type { AlertsDiff } from '../../parity/report';
import type { ParityResult } from '../../parity/score';

/** Event name of the structured log line. */
export const ALERT_PARITY_ANOMALY_EVENT = 'pipeline.alert_parity.anomaly';

export interface AnomalyOptions {
  /** Diff at or above which the condition holds; negative disables the event. */
  threshold: number;
  /** Categories with a non-zero count on either side needed for the condition to hold. */
  minCategories: number;
}

/**
 * Whether the anomaly condition holds for one comparison: the alert diff (`weighted_diff_norm`,
 * 0 same … 1 disjoint) is at least `threshold` and at least `minCategories` categories were
 * compared. Never holds when the threshold is negative or the alerts component is missing.
 */
export function alertParityAnomalous(diff: AlertsDiff, opts: AnomalyOptions): boolean {
  if (opts.threshold < 0 || diff.weighted_diff_norm === null) return false;
  return diff.weighted_diff_norm >= opts.threshold && diff.compared_count >= opts.minCategories;
}

/**
 * Edge trigger: an event is emitted when the condition starts to hold (it did not hold for the
 * previous compared cycle), so a sustained divergence is one event, not one per cycle. Returns the
 * decision and the state to carry to the next cycle.
 */
export function stepAnomalyTrigger(wasAnomalous: boolean, isAnomalous: boolean): { emit: boolean; anomalous: boolean } {
  return { emit: isAnomalous && !wasAnomalous, anomalous: isAnomalous };
}

/** The structured payload (one JSON line on stderr). */
export interface AlertParityAnomalyEvent {
  event: typeof ALERT_PARITY_ANOMALY_EVENT;
  /** Cycle clock time, ISO-8601 UTC. */
  ts: string;
  cycle: number;
  score: number;
  alert_diff: number;
  threshold: number;
  compared_categories: number;
  min_categories: number;
  parity_schema_version: number;
  components: ParityResult['components'];
  /** Per category: baseline and live counts and live − baseline. */
  categories: AlertsDiff['categories'];
  changed: string[];
  baseline: string;
}

/** Build the event payload. Pure; key order is fixed. */
export function buildAnomalyEvent(args: {
  ts: string;
  cycle: number;
  parity: ParityResult;
  diff: AlertsDiff;
  opts: AnomalyOptions;
  baseline: string;
}): AlertParityAnomalyEvent {
  return {
    event: ALERT_PARITY_ANOMALY_EVENT,
    ts: args.ts,
    cycle: args.cycle,
    score: args.parity.score,
    alert_diff: args.diff.weighted_diff_norm ?? 0,
    threshold: args.opts.threshold,
    compared_categories: args.diff.compared_count,
    min_categories: args.opts.minCategories,
    parity_schema_version: args.parity.schema_version,
    components: args.parity.components,
    categories: args.diff.categories,
    changed: args.diff.changed,
    baseline: args.baseline,
  };
}
