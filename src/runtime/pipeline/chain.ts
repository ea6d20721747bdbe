/** Pure per-expiry steps: strike ladder, enrichment (IV, greeks), validation, coverage and status. */
import type { IndexConfig, RuntimeConfig } from '../config';
import { bsGreeks, impliedVol } from '../market/black-scholes';
import type { ExpiryRule } from '../market/calendar';
import type { OptionQuote } from '../providers/types';
import type { ExpiryResult, OptionRow, PartialReason, Status } from './types';

/** ATM ± itm/otm steps, ascending. (Calls below ATM are ITM; the ladder is symmetric by configuration.) */
export function buildStrikeLadder(atm: number, cfg: Pick<IndexConfig, 'strikeStep' | 'strikesItm' | 'strikesOtm'>): number[] {
  const out: number[] = [];
  for (let i = -cfg.strikesItm; i <= cfg.strikesOtm; i++) out.push(round6(atm + i * cfg.strikeStep));
  return out;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export interface EnrichInput {
  cycleTime: number;
  timestamp: string;
  date: string;
  index: IndexConfig;
  expiry: string;
  rules: readonly ExpiryRule[];
  dteDays: number;
  spot: number;
  atm: number;
  source: string;
  greeks: RuntimeConfig['greeks'];
}

/** Quotes → rows with implied vol and greeks (at the implied vol) when enabled. */
export function enrichQuotes(quotes: readonly OptionQuote[], input: EnrichInput): OptionRow[] {
  const years = Math.max(input.dteDays, 1 / 24) / 365;
  const g = input.greeks;
  const ivOpts = { min: g.ivMin, max: g.ivMax, maxIterations: g.ivMaxIterations, precision: g.ivPrecision };
  const rule = input.rules.join('|');
  return quotes.map((q) => {
    let iv: number | null = null;
    let greeks = null;
    if (g.enabled && q.ltp > 0 && input.spot > 0) {
      const v = impliedVol(q.type, q.ltp, input.spot, q.strike, years, g.riskFreeRate, ivOpts);
      if (v !== undefined) {
        iv = v;
        greeks = bsGreeks(q.type, input.spot, q.strike, years, g.riskFreeRate, v);
      }
    }
    const mid = (q.bid + q.ask) / 2;
    return {
      timestamp: input.timestamp,
      date: input.date,
      index: input.index.name,
      exchange: input.index.optionExchange,
      expiry: input.expiry,
      expiry_rule: rule,
      dte_days: fix(input.dteDays, 4),
      strike: q.strike,
      type: q.type,
      spot: input.spot,
      atm: input.atm,
      mny: input.spot > 0 ? fix(Math.log(q.strike / input.spot), 6) : 0,
      ltp: q.ltp,
      bid: q.bid,
      ask: q.ask,
      spread_bps: mid > 0 ? fix(((q.ask - q.bid) / mid) * 10_000, 2) : 0,
      volume: q.volume,
      oi: q.oi,
      iv: iv === null ? null : fix(iv, 6),
      delta: greeks ? fix(greeks.delta, 6) : null,
      gamma: greeks ? fix(greeks.gamma, 8) : null,
      theta: greeks ? fix(greeks.theta, 6) : null,
      vega: greeks ? fix(greeks.vega, 6) : null,
      rho: greeks ? fix(greeks.rho, 6) : null,
      quote_age_s: fix(Math.max(0, (input.cycleTime - q.quoteTime) / 1000), 3),
      source: input.source,
    };
  });
}

function fix(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export interface ValidationResult {
  rows: OptionRow[];
  stale: number;
  invalid: number;
}

/** Drop rows that are not usable: non-finite or non-positive price, crossed book, strike outside the ladder, stale quote. */
export function validateRows(rows: readonly OptionRow[], ladder: readonly number[], staleQuoteSeconds: number): ValidationResult {
  const strikes = new Set(ladder);
  const out: OptionRow[] = [];
  let stale = 0;
  let invalid = 0;
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.strike}${r.type}`;
    const bad =
      !Number.isFinite(r.ltp) || r.ltp <= 0 || !Number.isFinite(r.bid) || !Number.isFinite(r.ask) || r.bid > r.ask || r.volume < 0 || r.oi < 0 || !strikes.has(r.strike) || seen.has(key);
    if (bad) {
      invalid++;
      continue;
    }
    if (r.quote_age_s > staleQuoteSeconds) {
      stale++;
      continue;
    }
    seen.add(key);
    out.push(r);
  }
  return { rows: out, stale, invalid };
}

export interface CoverageResult {
  strikeCoverage: number;
  fieldCoverage: number;
  perStrike: Record<string, number>;
  status: Status;
  partialReason?: PartialReason;
}

/**
 * Strike coverage = ladder strikes with at least one valid row / ladder size. Field coverage =
 * rows with volume, OI and an implied vol / rows. Status: EMPTY without rows, PARTIAL below either
 * threshold (reason low_strike, low_field or low_both), else OK. The thresholds are the only ones.
 */
export function computeCoverage(rows: readonly OptionRow[], ladder: readonly number[], thresholds: RuntimeConfig['coverage']): CoverageResult {
  const perStrike: Record<string, number> = {};
  for (const s of ladder) perStrike[String(s)] = 0;
  let complete = 0;
  for (const r of rows) {
    const k = String(r.strike);
    perStrike[k] = (perStrike[k] ?? 0) + 1;
    if (r.volume > 0 && r.oi > 0 && r.iv !== null) complete++;
  }
  const covered = ladder.filter((s) => (perStrike[String(s)] ?? 0) > 0).length;
  const strikeCoverage = ladder.length > 0 ? covered / ladder.length : 0;
  const fieldCoverage = rows.length > 0 ? complete / rows.length : 0;
  if (rows.length === 0) return { strikeCoverage, fieldCoverage, perStrike, status: 'EMPTY' };
  const lowStrike = strikeCoverage < thresholds.strikeOk;
  const lowField = fieldCoverage < thresholds.fieldOk;
  if (lowStrike || lowField) {
    return { strikeCoverage, fieldCoverage, perStrike, status: 'PARTIAL', partialReason: lowStrike && lowField ? 'low_both' : lowStrike ? 'low_strike' : 'low_field' };
  }
  return { strikeCoverage, fieldCoverage, perStrike, status: 'OK' };
}

/** An expiry record for an expiry that produced nothing. */
export function emptyExpiry(expiry: string, rules: ExpiryRule[], dteDays: number, strikes: number): ExpiryResult {
  return { expiry, rules, dteDays, status: 'EMPTY', options: 0, strikes, strikeCoverage: 0, fieldCoverage: 0, perStrike: {}, dropped: { stale: 0, invalid: 0 }, meanSpreadPct: 0, volume: 0 };
}
