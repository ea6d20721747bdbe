/** Option-chain aggregation: rows → moneyness × DTE buckets (reference/runtime.md §3, with put-aware moneyness). */
import type { OptionRow } from './types';

export const MNY_BUCKETS = ['deep_itm', 'itm', 'atm', 'otm', 'deep_otm'] as const;
export const DTE_BUCKETS = ['ultra_short', 'short', 'medium', 'long', 'leap'] as const;
export type MnyBucket = (typeof MNY_BUCKETS)[number];
export type DteBucket = (typeof DTE_BUCKETS)[number];

/**
 * Moneyness bucket from the holder's side: m = K/S − 1 for calls, 1 − K/S for puts, so positive
 * is out of the money for both. deep_itm ≤ −0.20 < itm < −0.05 ≤ atm < 0.05 ≤ otm < 0.20 ≤ deep_otm.
 */
export function mnyBucket(type: 'CE' | 'PE', strike: number, spot: number): MnyBucket {
  const r = strike / spot - 1;
  const m = type === 'CE' ? r : -r;
  if (m <= -0.2) return 'deep_itm';
  if (m < -0.05) return 'itm';
  if (m < 0.05) return 'atm';
  if (m < 0.2) return 'otm';
  return 'deep_otm';
}

/** DTE bucket: ultra_short [0,1), short [1,7), medium [7,30), long [30,90), leap ≥ 90; undefined once expired. */
export function dteBucket(days: number): DteBucket | undefined {
  if (!(days >= 0)) return undefined;
  if (days < 1) return 'ultra_short';
  if (days < 7) return 'short';
  if (days < 30) return 'medium';
  if (days < 90) return 'long';
  return 'leap';
}

export interface BucketStats {
  mny: MnyBucket;
  dte: DteBucket;
  contracts: number;
  openInterest: number;
  volume: number;
  /** Mean implied vol over rows that have one; 0 when none. */
  ivMean: number;
  spreadBpsMean: number;
}

/** All 25 buckets in fixed order; a bucket without rows has zeros (gauges are reset, never left stale). */
export function aggregateOptionChain(rows: Iterable<OptionRow>): BucketStats[] {
  const acc = new Map<string, { contracts: number; oi: number; vol: number; ivSum: number; ivN: number; spreadSum: number }>();
  for (const r of rows) {
    const d = dteBucket(r.dte_days);
    if (d === undefined || !(r.spot > 0)) continue;
    const key = `${mnyBucket(r.type, r.strike, r.spot)}|${d}`;
    let a = acc.get(key);
    if (!a) {
      a = { contracts: 0, oi: 0, vol: 0, ivSum: 0, ivN: 0, spreadSum: 0 };
      acc.set(key, a);
    }
    a.contracts++;
    a.oi += r.oi;
    a.vol += r.volume;
    a.spreadSum += r.spread_bps;
    if (r.iv !== null) {
      a.ivSum += r.iv;
      a.ivN++;
    }
  }
  const out: BucketStats[] = [];
  for (const mny of MNY_BUCKETS) {
    for (const dte of DTE_BUCKETS) {
      const a = acc.get(`${mny}|${dte}`);
      out.push({
        mny,
        dte,
        contracts: a?.contracts ?? 0,
        openInterest: a?.oi ?? 0,
        volume: a?.vol ?? 0,
        ivMean: a && a.ivN > 0 ? a.ivSum / a.ivN : 0,
        spreadBpsMean: a && a.contracts > 0 ? a.spreadSum / a.contracts : 0,
      });
    }
  }
  return out;
}
