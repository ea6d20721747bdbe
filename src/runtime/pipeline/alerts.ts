/** Per-cycle alert aggregation over index and expiry results; one severity map, only fired categories reported. */
import type { RuntimeConfig } from '../config';
import type { AlertCategory, AlertSeverity, AlertSummary, IndexResult } from './types';

export const ALERT_SEVERITY: Readonly<Record<AlertCategory, AlertSeverity>> = {
  index_failure: 'critical',
  index_empty: 'critical',
  expiry_empty: 'warning',
  low_both_coverage: 'warning',
  stale_quote: 'warning',
  wide_spread: 'warning',
  low_strike_coverage: 'warning',
  low_field_coverage: 'info',
  liquidity_low: 'info',
};

/**
 * Alerts of one cycle. Coverage alerts follow the expiry status (the coverage thresholds are
 * defined once, in config.coverage). wide_spread: mean (ask−bid)/mid of an expiry above
 * alerts.wideSpreadPct; liquidity_low: volume per option below alerts.liquidityMinRatio;
 * stale_quote: an expiry dropped stale quotes.
 */
export function aggregateAlerts(indices: readonly IndexResult[], cfg: RuntimeConfig['alerts']): AlertSummary {
  const categories: Partial<Record<AlertCategory, number>> = {};
  const triggers: Partial<Record<AlertCategory, string[]>> = {};
  const raise = (cat: AlertCategory, index: string): void => {
    categories[cat] = (categories[cat] ?? 0) + 1;
    const list = (triggers[cat] ??= []);
    if (!list.includes(index)) list.push(index);
  };
  for (const ix of indices) {
    if (ix.failures > 0) raise('index_failure', ix.index);
    if (ix.status === 'EMPTY') raise('index_empty', ix.index);
    for (const ex of ix.expiries) {
      if (ex.status === 'EMPTY') raise('expiry_empty', ix.index);
      if (ex.partialReason === 'low_strike') raise('low_strike_coverage', ix.index);
      if (ex.partialReason === 'low_field') raise('low_field_coverage', ix.index);
      if (ex.partialReason === 'low_both') raise('low_both_coverage', ix.index);
      if (ex.dropped.stale > 0) raise('stale_quote', ix.index);
      if (ex.options > 0 && ex.meanSpreadPct > cfg.wideSpreadPct) raise('wide_spread', ix.index);
      if (ex.options > 0 && ex.volume / ex.options < cfg.liquidityMinRatio) raise('liquidity_low', ix.index);
    }
  }
  const severity: Partial<Record<AlertCategory, AlertSeverity>> = {};
  let total = 0;
  for (const cat of Object.keys(categories).sort() as AlertCategory[]) {
    severity[cat] = ALERT_SEVERITY[cat];
    total += categories[cat] ?? 0;
  }
  return { total, categories, indexTriggers: triggers, severity };
}
