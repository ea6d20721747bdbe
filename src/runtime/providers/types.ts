/** The option-chain provider contract the pipeline consumes; the simulated market and plugins implement it. */
import type { OptionType } from '../market/black-scholes';

/** One option quote as a provider returns it (prices in index points). */
export interface OptionQuote {
  strike: number;
  type: OptionType;
  /** Expiry date, YYYY-MM-DD. */
  expiry: string;
  ltp: number;
  bid: number;
  ask: number;
  volume: number;
  oi: number;
  /** Epoch ms of the last trade/quote update. */
  quoteTime: number;
}

/** Underlying state for one index. */
export interface IndexQuote {
  spot: number;
  /** Epoch ms. */
  ts: number;
}

/**
 * What the pipeline needs from a market-data source. Errors may be thrown as the taxonomy
 * classes of `../pipeline/errors` or as any Error (classified by name; default recoverable).
 */
export interface OptionChainProvider {
  /** Short name for logs and panels. */
  readonly name: string;
  /** Value of the `source` column of every row this provider yields (`sim` for the simulated market). */
  readonly source: string;
  /** Called once at the start of every cycle with the cycle's clock time (epoch ms). */
  beginCycle?(now: number): Promise<void> | void;
  /** Timeout of one `beginCycle` attempt, ms, when it needs longer than a phase (a whole cycle's quotes within a rate limit). */
  readonly beginCycleTimeoutMs?: number;
  getIndexQuote(index: string): Promise<IndexQuote>;
  getAtmStrike(index: string): Promise<number>;
  /** Listed expiry dates (YYYY-MM-DD); the instrument universe. */
  listExpiries(index: string): Promise<string[]>;
  fetchOptionChain(index: string, expiry: string, strikes: readonly number[]): Promise<OptionQuote[]>;
  close?(): Promise<void> | void;
}
