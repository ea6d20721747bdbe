/** The parity score: components combined with weights renormalised over the components present. Pure. */
import { COMPONENT_NAMES, computeComponents, round6, type ComponentName } from './components';
import type { SnapshotSummary } from './snapshot';
import type { WeightMap } from './weights';

/** Version of the parity result document (its shape and component formulas). */
export const PARITY_SCHEMA_VERSION = 1;

export interface ParityOptions {
  /** Component weights; unlisted components weigh 1. Renormalised over present components. */
  weights?: WeightMap;
  /** Alert category weights for the `alerts` component; unlisted categories weigh 1. */
  alertWeights?: WeightMap;
}

/** Result of comparing a baseline snapshot with a candidate. */
export interface ParityResult {
  schema_version: number;
  /** Σ component·weight over present components, in [0, 1], rounded to 6 decimals. */
  score: number;
  /** Present components only, each in [0, 1]. */
  components: Partial<Record<ComponentName, number>>;
  /** Weights actually applied: present components only, summing to 1 (or all 0 when no present component has weight). */
  weights: Partial<Record<ComponentName, number>>;
  /** Components that could not be computed, in canonical order. */
  missing: ComponentName[];
  /** Per component: what it compared, and the reason when missing. */
  details: Partial<Record<ComponentName, Record<string, unknown>>>;
}

/**
 * Score `candidate` against `baseline`. Weights: each present component takes its configured weight
 * (default 1); weights are divided by their sum over present components, so the score stays in
 * [0, 1] whatever the input. When every present component has weight 0 the score is 0 and
 * `details` says so. Identical snapshots score 1. Pure; never throws on schema-valid input.
 */
export function scoreParity(baseline: SnapshotSummary, candidate: SnapshotSummary, opts: ParityOptions = {}): ParityResult {
  const computed = computeComponents(baseline, candidate, { alertWeights: opts.alertWeights });
  const components: Partial<Record<ComponentName, number>> = {};
  const details: Partial<Record<ComponentName, Record<string, unknown>>> = {};
  const missing: ComponentName[] = [];
  const raw: Partial<Record<ComponentName, number>> = {};
  let weightSum = 0;
  for (const name of COMPONENT_NAMES) {
    const c = computed[name];
    if (c.value === undefined) {
      missing.push(name);
      details[name] = { ...c.details, missing_reason: c.missingReason ?? 'not computable' };
      continue;
    }
    components[name] = round6(c.value);
    details[name] = c.details;
    const w = opts.weights?.[name] ?? 1;
    raw[name] = w;
    weightSum += w;
  }
  const weights: Partial<Record<ComponentName, number>> = {};
  let score = 0;
  for (const name of COMPONENT_NAMES) {
    const w = raw[name];
    if (w === undefined) continue;
    const norm = weightSum > 0 ? w / weightSum : 0;
    weights[name] = round6(norm);
    score += norm * computed[name].value!;
  }
  if (weightSum === 0 && Object.keys(raw).length > 0) {
    (details as Record<string, unknown>).weighting = { note: 'every present component has weight 0; score is 0' };
  }
  return {
    schema_version: PARITY_SCHEMA_VERSION,
    score: round6(Math.min(1, Math.max(0, score))),
    components,
    weights,
    missing,
    details,
  };
}
