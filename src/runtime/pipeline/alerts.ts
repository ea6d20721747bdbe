/** Per-cycle alert aggregation over index and expiry results; severities from G6_ALERT_SEVERITY_MAP over the defaults, only fired categories reported. */
import type { RuntimeConfig } from '../config';
import { ALERT_SEVERITY, runtimeSeverities } from './severity-map';
import type { AlertCategory, AlertSeverity, AlertSummary, IndexResult } from './types';

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
  const mapped = runtimeSeverities(cfg.severityMap);
  // the config check rejects a bad map before the run starts
  const severities = 'severities' in mapped ? mapped.severities : ALERT_SEVERITY;
  const severity: Partial<Record<AlertCategory, AlertSeverity>> = {};
  let total = 0;
  for (const cat of Object.keys(categories).sort() as AlertCategory[]) {
    severity[cat] = severities[cat];
    total += categories[cat] ?? 0;
  }
  return { total, categories, indexTriggers: triggers, severity };
}
