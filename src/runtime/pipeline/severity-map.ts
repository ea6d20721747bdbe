/**
 * G6_ALERT_SEVERITY_MAP for the runtime's alert snapshot: the one JSON object gen-alerts also reads.
 * A key naming an alert category sets that category's severity; a key naming a severity remaps every
 * category of that default severity; other keys (alert names for the rule files) are not the
 * runtime's. Only info, warning and critical are runtime severities. Pure.
 */
import type { AlertCategory, AlertSeverity } from './types';

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

const SEVERITIES: readonly string[] = ['info', 'warning', 'critical'];
const isSeverity = (v: unknown): v is AlertSeverity => typeof v === 'string' && SEVERITIES.includes(v);

/** Severity of each category under `text` (`""` = the defaults), or why the text is wrong. */
export function runtimeSeverities(text: string): { severities: Record<AlertCategory, AlertSeverity> } | { why: string } {
  const severities = { ...ALERT_SEVERITY };
  if (text.trim() === '') return { severities };
  let map: unknown;
  try {
    map = JSON.parse(text);
  } catch (err) {
    return { why: `not valid JSON (${(err as Error).message}); give an object such as {"index_empty":"warning"}` };
  }
  if (map === null || typeof map !== 'object' || Array.isArray(map)) return { why: 'expected a JSON object mapping alert categories or severities to severities' };
  const entries = Object.entries(map as Record<string, unknown>);
  for (const [key, value] of entries) {
    if (key in ALERT_SEVERITY && !isSeverity(value)) return { why: `category ${key} maps to ${JSON.stringify(value)}; a runtime severity is info, warning or critical` };
  }
  for (const cat of Object.keys(severities) as AlertCategory[]) {
    const byCategory = (map as Record<string, unknown>)[cat];
    const bySeverity = (map as Record<string, unknown>)[ALERT_SEVERITY[cat]];
    if (isSeverity(byCategory)) severities[cat] = byCategory;
    else if (isSeverity(bySeverity)) severities[cat] = bySeverity;
  }
  return { severities };
}
