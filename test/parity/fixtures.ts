/** Small hand-built snapshot summaries for parity tests. */
import type { IndexSummary, SnapshotSummary } from '../../src/parity/snapshot';
import { INDICES } from '../../src/parity/synthetic';

/** ATM and strike step per index name, in the synthetic generator's order. */
const BASES: Record<string, { atm: number; step: number }> = Object.fromEntries(INDICES.map(({ name, atm, step }) => [name, { atm, step }]));

/** An index with one expiry whose ladder is ATM ± `depth` steps, 2 options (CE+PE) per strike. */
export function makeIndex(name: string, opts: { depth?: number; coverage?: number; perStrike?: number } = {}): IndexSummary {
  const base = BASES[name] ?? { atm: 20000, step: 50 };
  const depth = opts.depth ?? 2;
  const per = opts.perStrike ?? 2;
  const strike_counts: Record<string, number> = {};
  for (let i = -depth; i <= depth; i++) strike_counts[String(base.atm + i * base.step)] = per;
  const options = per * (2 * depth + 1);
  const coverage = opts.coverage ?? 1;
  return {
    index: name,
    status: options > 0 ? 'OK' : 'EMPTY',
    option_count: options,
    expiries: [
      { expiry: '2025-10-30', rule: 'this_week', option_count: options, strike_coverage: coverage, field_coverage: 0.9, strike_counts },
    ],
    strike_coverage_avg: coverage,
    field_coverage_avg: 0.9,
  };
}

/** A 5-index snapshot (or the given indices) with a couple of alert categories. */
export function makeSnapshot(indices: IndexSummary[] = Object.keys(BASES).map((n) => makeIndex(n)), alerts: Record<string, number> = { expiry_empty: 1, low_field_coverage: 2 }): SnapshotSummary {
  const total = Object.values(alerts).reduce((s, n) => s + n, 0);
  return {
    schema_version: 1,
    cycle: 7,
    generated_at: '2025-10-27T09:30:00Z',
    indices,
    options_total: indices.reduce((s, i) => s + i.option_count, 0),
    alerts: {
      total,
      categories: alerts,
      severity: Object.fromEntries(Object.keys(alerts).map((c) => [c, 'warning' as const])),
    },
  };
}
