/** Shapes the pipeline produces: option rows, per-expiry/per-index results and the per-cycle CycleResult. */
import type { OptionType } from '../market/black-scholes';
import type { ExpiryRule } from '../market/calendar';
import type { ErrorRecordClass } from './errors';

/** Pipeline phases, in execution order (the `phase` label values of the pipeline metrics). */
export const PHASES = ['atm', 'instruments', 'expiry_map', 'strike_ladder', 'quotes', 'enrich', 'validate', 'coverage', 'persist', 'aggregate'] as const;
export type Phase = (typeof PHASES)[number];

/** One persisted option row. Column order of the storage schema is {@link OPTION_ROW_COLUMNS}. */
export interface OptionRow {
  /** Cycle time, ISO-8601 UTC. */
  timestamp: string;
  /** IST trading date of the cycle (the storage partition). */
  date: string;
  index: string;
  exchange: string;
  expiry: string;
  /** Rules resolving to this expiry, `|`-joined (e.g. `this_week|this_month`). */
  expiry_rule: string;
  dte_days: number;
  strike: number;
  type: OptionType;
  spot: number;
  atm: number;
  /** log(strike/spot). */
  mny: number;
  ltp: number;
  bid: number;
  ask: number;
  spread_bps: number;
  volume: number;
  oi: number;
  /** Implied vol; null when the price admits none. */
  iv: number | null;
  delta: number | null;
  gamma: number | null;
  theta: number | null;
  vega: number | null;
  rho: number | null;
  quote_age_s: number;
  /** `sim` for the simulated market, else the provider's source name. */
  source: string;
}

/** The declared storage schema: column order of CSV files and key order of NDJSON objects. */
export const OPTION_ROW_COLUMNS: readonly (keyof OptionRow)[] = [
  'timestamp', 'date', 'index', 'exchange', 'expiry', 'expiry_rule', 'dte_days', 'strike', 'type', 'spot', 'atm', 'mny',
  'ltp', 'bid', 'ask', 'spread_bps', 'volume', 'oi', 'iv', 'delta', 'gamma', 'theta', 'vega', 'rho', 'quote_age_s', 'source',
];

export type Status = 'OK' | 'PARTIAL' | 'EMPTY';
export type PartialReason = 'low_strike' | 'low_field' | 'low_both';

/** A structured error record (one per failed attempt that mattered). */
export interface ErrorRecord {
  /** Epoch ms. */
  ts: number;
  cycle: number;
  index: string;
  expiry?: string;
  phase: Phase;
  classification: ErrorRecordClass;
  /** Short token such as `timeout` or `empty_instrument_universe`. */
  reason: string;
  message: string;
  /** 1-based attempt that produced the record. */
  attempt: number;
}

export interface ExpiryResult {
  expiry: string;
  rules: ExpiryRule[];
  dteDays: number;
  status: Status;
  partialReason?: PartialReason;
  /** Valid option rows (after validation). */
  options: number;
  /** Strikes in the ladder. */
  strikes: number;
  strikeCoverage: number;
  fieldCoverage: number;
  /** Valid rows per strike (0, 1 or 2), keyed by strike. */
  perStrike: Record<string, number>;
  dropped: { stale: number; invalid: number };
  meanSpreadPct: number;
  volume: number;
  /** The error that ended this expiry, when one did. */
  error?: ErrorRecord;
}

export interface IndexResult {
  index: string;
  status: Status;
  spot: number | null;
  atm: number | null;
  options: number;
  expiries: ExpiryResult[];
  /** Phase attempts spent on this index. */
  attempts: number;
  /** Units (expiries or the index) that ended in an error. */
  failures: number;
  elapsedMs: number;
  strikeCoverageAvg: number;
  fieldCoverageAvg: number;
  persisted: boolean;
  fatal?: ErrorRecord;
}

export type AlertCategory =
  | 'index_failure'
  | 'index_empty'
  | 'expiry_empty'
  | 'low_strike_coverage'
  | 'low_field_coverage'
  | 'low_both_coverage'
  | 'stale_quote'
  | 'wide_spread'
  | 'liquidity_low';
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** Alerts raised by one cycle; only categories that fired are present. */
export interface AlertSummary {
  total: number;
  categories: Partial<Record<AlertCategory, number>>;
  indexTriggers: Partial<Record<AlertCategory, string[]>>;
  severity: Partial<Record<AlertCategory, AlertSeverity>>;
}

/**
 * Everything one cycle produced except the rows themselves. This is the seam for snapshot
 * summaries and parity (issue 6): serialise it as-is; it is plain JSON data.
 */
export interface CycleResult {
  cycle: number;
  /** Cycle clock time, ISO-8601 UTC. */
  startedAt: string;
  durationMs: number;
  source: string;
  indices: IndexResult[];
  totals: { indices: number; options: number; expiries: number; ok: number; partial: number; empty: number; rows: number; bytes: number };
  partialReasonTotals: Record<PartialReason, number>;
  alerts: AlertSummary;
  errors: ErrorRecord[];
  /** A cycle fails when no index produced a row (or the cycle itself threw). */
  failed: boolean;
}
