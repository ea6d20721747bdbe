/**
 * The weight study: distributions of every parity component over many snapshot pairs, and weights
 * recommended from them, emitted in the `comp:w` format the scorer reads. Pure.
 */
import { COMPONENT_NAMES, mean, round6, variance, type ComponentName } from './components';
import { scoreParity } from './score';
import type { SnapshotSummary } from './snapshot';
import { formatWeights } from './weights';

export const STUDY_METHODS = ['signal', 'inverse-var'] as const;
export type StudyMethod = (typeof STUDY_METHODS)[number];

/** Floor that keeps constant components finite and never silent (δ in the formulas). */
const DELTA = 0.01;

export interface ComponentStats {
  /** Pairs where the component was present. */
  count: number;
  /** Fraction of pairs where it was missing. */
  missing_fraction: number;
  mean: number | null;
  /** Population standard deviation. */
  std: number | null;
  min: number | null;
  max: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

export interface WeightStudy {
  schema_version: number;
  method: StudyMethod;
  source: { mode: string; pairs: number };
  components: Record<ComponentName, ComponentStats>;
  weight_plan: {
    raw: Partial<Record<ComponentName, number>>;
    normalized: Partial<Record<ComponentName, number>>;
    /** Exactly what `g6 parity-snapshot --weights` (and `g6 run`) read. */
    weights: string;
    notes: string[];
  };
}

/**
 * Score every pair with equal weights, describe each component, and recommend weights:
 * `signal` — raw = (1 − mean + δ) / (std + δ): components that consistently register divergence
 * weigh more, noisy ones less, constant ones stay at 1; `inverse-var` — raw = 1 / (std² + δ²).
 * δ = 0.01. A component missing in more than half of the pairs has its raw weight halved; one never
 * present gets no weight. Normalised weights sum to 1 (6 decimals).
 */
export function studyWeights(
  pairs: ReadonlyArray<readonly [SnapshotSummary, SnapshotSummary]>,
  method: StudyMethod,
  mode: string,
): WeightStudy {
  const values = new Map<ComponentName, number[]>(COMPONENT_NAMES.map((c) => [c, []]));
  for (const [a, b] of pairs) {
    const r = scoreParity(a, b);
    for (const c of COMPONENT_NAMES) {
      const v = r.components[c];
      if (v !== undefined) values.get(c)!.push(v);
    }
  }
  const components = {} as Record<ComponentName, ComponentStats>;
  const raw: Partial<Record<ComponentName, number>> = {};
  const notes: string[] = [];
  for (const c of COMPONENT_NAMES) {
    const xs = [...values.get(c)!].sort((x, y) => x - y);
    const stats = describe(xs, pairs.length);
    components[c] = stats;
    if (stats.count === 0 || stats.mean === null || stats.std === null) {
      notes.push(`${c}: never present; no weight`);
      continue;
    }
    let w = method === 'signal' ? (1 - stats.mean + DELTA) / (stats.std + DELTA) : 1 / (stats.std * stats.std + DELTA * DELTA);
    if (stats.missing_fraction > 0.5) {
      w /= 2;
      notes.push(`${c}: missing in ${Math.round(stats.missing_fraction * 100)}% of pairs; raw weight halved`);
    }
    raw[c] = round6(w);
  }
  const normalized = normalise(raw);
  return {
    schema_version: 1,
    method,
    source: { mode, pairs: pairs.length },
    components,
    weight_plan: { raw, normalized, weights: formatWeights(normalized, COMPONENT_NAMES), notes },
  };
}

function normalise(raw: Partial<Record<ComponentName, number>>): Partial<Record<ComponentName, number>> {
  const sum = Object.values(raw).reduce((s, w) => s + (w ?? 0), 0);
  const out: Partial<Record<ComponentName, number>> = {};
  for (const c of COMPONENT_NAMES) {
    const w = raw[c];
    if (w !== undefined) out[c] = sum > 0 ? round6(w / sum) : 0;
  }
  return out;
}

function describe(sorted: readonly number[], total: number): ComponentStats {
  const n = sorted.length;
  const missing_fraction = total === 0 ? 0 : round6((total - n) / total);
  if (n === 0) return { count: 0, missing_fraction, mean: null, std: null, min: null, max: null, p50: null, p90: null, p95: null };
  return {
    count: n,
    missing_fraction,
    mean: round6(mean(sorted)!),
    std: round6(Math.sqrt(variance(sorted))),
    min: sorted[0]!,
    max: sorted[n - 1]!,
    p50: round6(percentile(sorted, 0.5)),
    p90: round6(percentile(sorted, 0.9)),
    p95: round6(percentile(sorted, 0.95)),
  };
}

/** Linear interpolation between closest ranks (numpy's default). `sorted` must be ascending and non-empty. */
export function percentile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
