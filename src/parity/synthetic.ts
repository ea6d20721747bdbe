/** Deterministic synthetic snapshot pairs for weight studies: a seeded PRNG, no clock, no I/O. */
import type { IndexSummary, SnapshotSummary } from './snapshot';

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). Same seed → same sequence. */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The indices synthetic baselines draw from, in order: name, ATM strike and strike step. */
export const INDICES: ReadonlyArray<{ name: string; atm: number; step: number }> = [
  { name: 'NIFTY', atm: 24800, step: 50 },
  { name: 'BANKNIFTY', atm: 54000, step: 100 },
  { name: 'FINNIFTY', atm: 25950, step: 50 },
  { name: 'MIDCPNIFTY', atm: 12000, step: 50 },
  { name: 'SENSEX', atm: 81000, step: 100 },
];
const CATEGORIES = ['index_empty', 'expiry_empty', 'low_strike_coverage', 'low_field_coverage', 'stale_quote'] as const;

export interface SyntheticOptions {
  /** Probability scale of candidate perturbations (0 = identical pairs). */
  noise: number;
}

/**
 * `count` baseline/candidate pairs. The baseline is a plausible cycle (2–5 indices, 1–2 expiries,
 * a strike ladder with CE/PE per strike, a few alerts); the candidate copies it and, with
 * probabilities scaled by `noise`, drops strikes, loses an index, changes coverage and alert counts.
 */
export function generateSyntheticPairs(count: number, seed: number, opts: SyntheticOptions): Array<[SnapshotSummary, SnapshotSummary]> {
  const rnd = createPrng(seed);
  const pairs: Array<[SnapshotSummary, SnapshotSummary]> = [];
  for (let k = 0; k < count; k++) {
    const base = syntheticBaseline(rnd, k);
    pairs.push([base, perturb(base, rnd, opts.noise)]);
  }
  return pairs;
}

function syntheticBaseline(rnd: () => number, cycle: number): SnapshotSummary {
  const n = 2 + Math.floor(rnd() * 4);
  const indices: IndexSummary[] = INDICES.slice(0, n).map((def) => {
    const depth = 3 + Math.floor(rnd() * 5);
    const expiries = ['this_week', 'next_week'].slice(0, 1 + Math.floor(rnd() * 2)).map((rule, j) => {
      const strike_counts: Record<string, number> = {};
      let options = 0;
      for (let i = -depth; i <= depth; i++) {
        const c = rnd() < 0.95 ? 2 : 1;
        strike_counts[String(def.atm + i * def.step)] = c;
        options += c;
      }
      const cov = round3(0.85 + rnd() * 0.15);
      return { expiry: `2025-11-0${j * 7 + 1}`, rule, option_count: options, strike_coverage: cov, field_coverage: round3(0.6 + rnd() * 0.4), strike_counts };
    });
    const option_count = expiries.reduce((s, e) => s + e.option_count, 0);
    return {
      index: def.name,
      status: 'OK' as const,
      option_count,
      expiries,
      strike_coverage_avg: round3(expiries.reduce((s, e) => s + e.strike_coverage, 0) / expiries.length),
      field_coverage_avg: round3(expiries.reduce((s, e) => s + e.field_coverage, 0) / expiries.length),
    };
  });
  const categories: Record<string, number> = {};
  for (const c of CATEGORIES) if (rnd() < 0.4) categories[c] = 1 + Math.floor(rnd() * 3);
  return finish(cycle, indices, categories);
}

function perturb(base: SnapshotSummary, rnd: () => number, noise: number): SnapshotSummary {
  let indices = base.indices.map((idx) => ({
    ...idx,
    expiries: idx.expiries.map((e) => {
      const strike_counts: Record<string, number> = {};
      let options = 0;
      for (const [s, c] of Object.entries(e.strike_counts)) {
        const kept = rnd() < noise ? Math.max(0, c - 1) : c;
        if (kept > 0) strike_counts[s] = kept;
        options += kept;
      }
      const strike_coverage = round3(Math.min(1, Math.max(0, e.strike_coverage - rnd() * noise)));
      return { ...e, strike_counts, option_count: options, strike_coverage };
    }),
  }));
  if (indices.length > 2 && rnd() < noise) indices = indices.slice(0, -1);
  indices = indices.map((idx) => {
    const option_count = idx.expiries.reduce((s, e) => s + e.option_count, 0);
    return {
      ...idx,
      option_count,
      status: option_count > 0 ? idx.status : ('EMPTY' as const),
      strike_coverage_avg: round3(idx.expiries.reduce((s, e) => s + e.strike_coverage, 0) / Math.max(1, idx.expiries.length)),
    };
  });
  const categories: Record<string, number> = {};
  for (const c of CATEGORIES) {
    const b = base.alerts.categories[c] ?? 0;
    const v = rnd() < noise * 2 ? Math.max(0, b + (rnd() < 0.5 ? -1 : 1)) : b;
    if (v > 0) categories[c] = v;
  }
  return finish(base.cycle, indices, categories);
}

function finish(cycle: number, indices: IndexSummary[], categories: Record<string, number>): SnapshotSummary {
  const severity: Record<string, 'info' | 'warning' | 'critical'> = {};
  for (const c of Object.keys(categories)) severity[c] = c === 'index_empty' ? 'critical' : c === 'low_field_coverage' ? 'info' : 'warning';
  return {
    schema_version: 1,
    cycle,
    indices,
    options_total: indices.reduce((s, i) => s + i.option_count, 0),
    alerts: { total: Object.values(categories).reduce((s, n) => s + n, 0), categories, severity },
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
