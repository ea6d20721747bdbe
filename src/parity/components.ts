/**
 * The parity components: each compares a baseline and a candidate snapshot summary and returns a
 * similarity in [0, 1] (1 = identical), or `undefined` when the inputs cannot support it. Pure.
 */
import type { IndexSummary, SnapshotSummary } from './snapshot';
import type { WeightMap } from './weights';

/** Every component, in the order results and weight strings list them. */
export const COMPONENT_NAMES = [
  'index_count',
  'option_count',
  'alerts',
  'strike_coverage',
  'strike_shape',
  'strike_cov_variance',
] as const;

export type ComponentName = (typeof COMPONENT_NAMES)[number];

/** A component's value (absent when missing), why it is missing, and what it looked at. */
export interface ComponentResult {
  value?: number;
  missingReason?: string;
  details: Record<string, unknown>;
}

export interface ComponentOptions {
  /** Weight per alert category (default 1 for unlisted categories). */
  alertWeights?: WeightMap;
}

/** 1 − |a−b| / max(a, b, 1): symmetric, 1 when equal, 0 when one side is 0 and the other is not. */
function countSimilarity(a: number, b: number): number {
  return clamp01(1 - Math.abs(a - b) / Math.max(a, b, 1));
}

/** Index sets: |A ∩ B| / max(|A|, |B|) (1 when both are empty). Equals the count ratio when one set contains the other. */
export function indexCountComponent(a: SnapshotSummary, b: SnapshotSummary): ComponentResult {
  const na = new Set(a.indices.map((i) => i.index));
  const nb = new Set(b.indices.map((i) => i.index));
  const common = [...na].filter((n) => nb.has(n)).length;
  const value = na.size === 0 && nb.size === 0 ? 1 : common / Math.max(na.size, nb.size);
  return {
    value,
    details: {
      baseline: na.size,
      candidate: nb.size,
      common,
      only_baseline: [...na].filter((n) => !nb.has(n)).sort(),
      only_candidate: [...nb].filter((n) => !na.has(n)).sort(),
    },
  };
}

/** `options_total` of both sides through {@link countSimilarity}. */
export function optionCountComponent(a: SnapshotSummary, b: SnapshotSummary): ComponentResult {
  return { value: countSimilarity(a.options_total, b.options_total), details: { baseline: a.options_total, candidate: b.options_total } };
}

/**
 * Alert categories: over categories with a non-zero count on at least one side,
 * diff_c = |a−b| / max(a, b, 1), weighted mean with the category weights, value = 1 − mean.
 * No category on either side → 1 (both sides agree there is nothing to alert on).
 * Categories present but all weighted 0 → missing.
 */
export function alertsComponent(a: SnapshotSummary, b: SnapshotSummary, opts: ComponentOptions = {}): ComponentResult {
  const names = [...new Set([...Object.keys(a.alerts.categories), ...Object.keys(b.alerts.categories)])].sort();
  const categories: Record<string, { baseline: number; candidate: number; weight: number; diff_norm: number }> = {};
  let weighted = 0;
  let totalWeight = 0;
  for (const c of names) {
    const x = a.alerts.categories[c] ?? 0;
    const y = b.alerts.categories[c] ?? 0;
    if (x === 0 && y === 0) continue;
    const weight = opts.alertWeights?.[c] ?? 1;
    const diff = Math.abs(x - y) / Math.max(x, y, 1);
    categories[c] = { baseline: x, candidate: y, weight, diff_norm: round6(diff) };
    weighted += weight * diff;
    totalWeight += weight;
  }
  const compared = Object.keys(categories).length;
  if (compared > 0 && totalWeight === 0) {
    return { missingReason: 'every compared alert category has weight 0', details: { categories, compared_categories: compared } };
  }
  const norm = compared === 0 ? 0 : weighted / totalWeight;
  return {
    value: clamp01(1 - norm),
    details: { categories, compared_categories: compared, weighted_diff_norm: round6(norm) },
  };
}

/** Mean `strike_coverage_avg` per side; value = 1 − |a−b| (coverages are ratios already). Missing when a side has no index. */
export function strikeCoverageComponent(a: SnapshotSummary, b: SnapshotSummary): ComponentResult {
  const ma = mean(a.indices.map((i) => i.strike_coverage_avg));
  const mb = mean(b.indices.map((i) => i.strike_coverage_avg));
  if (ma === undefined || mb === undefined) return { missingReason: 'a snapshot has no indices', details: {} };
  return { value: clamp01(1 - Math.abs(ma - mb)), details: { baseline: round6(ma), candidate: round6(mb) } };
}

/**
 * Strike shape: per index (union of both sides), sum `strike_counts` over its expiries into a vector
 * keyed by strike (numeric keys normalised, so "24800" and "24800.0" match), normalise each side to
 * a distribution and take the total variation distance ½·Σ|p−q| over the union of strikes. An index
 * with counts on one side only has distance 1; an index without counts on both sides is skipped.
 * value = 1 − mean distance over the compared indices (each index weighs the same). Missing when no
 * index has strike counts.
 */
export function strikeShapeComponent(a: SnapshotSummary, b: SnapshotSummary): ComponentResult {
  const va = strikeVectors(a.indices);
  const vb = strikeVectors(b.indices);
  const names = [...new Set([...va.keys(), ...vb.keys()])].sort();
  const perIndex: Record<string, { distance: number; strikes: number }> = {};
  let sum = 0;
  let n = 0;
  for (const name of names) {
    const x = va.get(name) ?? new Map<string, number>();
    const y = vb.get(name) ?? new Map<string, number>();
    const tx = total(x);
    const ty = total(y);
    if (tx === 0 && ty === 0) continue;
    const strikes = new Set([...x.keys(), ...y.keys()]);
    let distance = 1;
    if (tx > 0 && ty > 0) {
      let l1 = 0;
      for (const s of strikes) l1 += Math.abs((x.get(s) ?? 0) / tx - (y.get(s) ?? 0) / ty);
      distance = Math.min(1, l1 / 2);
    }
    perIndex[name] = { distance: round6(distance), strikes: strikes.size };
    sum += distance;
    n += 1;
  }
  if (n === 0) return { missingReason: 'no index has strike counts', details: {} };
  return { value: clamp01(1 - sum / n), details: { distance: round6(sum / n), indices: perIndex } };
}

/**
 * Spread of strike coverage across indices: population standard deviation σ of `strike_coverage_avg`
 * per side (needs >= 2 indices per side); value = 1 − |σa − σb| / 0.5 (0.5 is the largest σ of
 * values in [0, 1]).
 */
export function strikeCovVarianceComponent(a: SnapshotSummary, b: SnapshotSummary): ComponentResult {
  const ca = a.indices.map((i) => i.strike_coverage_avg);
  const cb = b.indices.map((i) => i.strike_coverage_avg);
  if (ca.length < 2 || cb.length < 2) {
    return { missingReason: 'needs at least 2 indices on each side', details: { count_a: ca.length, count_b: cb.length } };
  }
  const sa = Math.sqrt(variance(ca));
  const sb = Math.sqrt(variance(cb));
  return {
    value: clamp01(1 - Math.abs(sa - sb) / 0.5),
    details: { std_a: round6(sa), std_b: round6(sb), variance_a: round6(sa * sa), variance_b: round6(sb * sb) },
  };
}

/** Compute every component. Pure. */
export function computeComponents(
  a: SnapshotSummary,
  b: SnapshotSummary,
  opts: ComponentOptions = {},
): Record<ComponentName, ComponentResult> {
  return {
    index_count: indexCountComponent(a, b),
    option_count: optionCountComponent(a, b),
    alerts: alertsComponent(a, b, opts),
    strike_coverage: strikeCoverageComponent(a, b),
    strike_shape: strikeShapeComponent(a, b),
    strike_cov_variance: strikeCovVarianceComponent(a, b),
  };
}

function strikeVectors(indices: readonly IndexSummary[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const idx of indices) {
    const vec = out.get(idx.index) ?? new Map<string, number>();
    for (const e of idx.expiries) {
      for (const [strike, count] of Object.entries(e.strike_counts)) {
        const key = String(Number(strike));
        vec.set(key, (vec.get(key) ?? 0) + count);
      }
    }
    out.set(idx.index, vec);
  }
  return out;
}

function total(m: Map<string, number>): number {
  let t = 0;
  for (const v of m.values()) t += v;
  return t;
}

/** Arithmetic mean; undefined for an empty list. */
export function mean(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Population variance (divides by n); NaN for an empty list. */
export function variance(xs: readonly number[]): number {
  const m = mean(xs) ?? 0;
  return xs.reduce((s, x) => s + (x - m) * (x - m), 0) / xs.length;
}

/** Clamp into [0, 1]; NaN becomes 0. */
function clamp01(x: number): number {
  if (!(x > 0)) return 0;
  return x > 1 ? 1 : x;
}

/** Round to 6 decimals (the precision every parity number is reported with). */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
