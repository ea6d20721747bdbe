/**
 * The simulated market: a deterministic, credential-free option-chain provider. For a seed and a
 * clock it always yields the same quotes; every row it feeds is marked `source: "sim"`.
 */
import { cycleStepSeconds, type FaultRates, type IndexConfig, type RuntimeConfig } from '../config';
import { bsPrice } from '../market/black-scholes';
import { daysToExpiry, istDate, listedExpiries } from '../market/calendar';
import { createRng, hashSeed, type Rng } from '../market/rng';
import { PhaseFatalError, PhaseRecoverableError } from '../pipeline/errors';
import type { IndexQuote, OptionChainProvider, OptionQuote } from './types';

export interface SimulatedMarketOptions {
  seed: number;
  indices: readonly IndexConfig[];
  holidays: readonly string[];
  riskFreeRate: number;
  faults: FaultRates & { timeoutDelayMs: number };
  /** Seconds the random walk advances per cycle (the run's {@link cycleStepSeconds}). */
  stepSeconds: number;
  /** Told about every fault injected on purpose. */
  onFault?(kind: 'timeout' | 'empty_response' | 'stale_quote' | 'internal'): void;
}

interface IndexState {
  cfg: IndexConfig;
  spot: number;
  walk: Rng;
}

const YEAR_SECONDS = 365 * 86_400;

/** IV smile and term structure: base vol + skew·m + curvature·m², richer for short tenors. */
export function smileVol(baseVol: number, moneyness: number, years: number): number {
  const term = 1 + 0.25 * Math.exp(-years * 12);
  return Math.max(0.03, (baseVol + -0.35 * moneyness + 2.2 * moneyness * moneyness) * term);
}

class SimulatedMarket implements OptionChainProvider {
  readonly name = 'sim';
  readonly source = 'sim';
  private readonly states = new Map<string, IndexState>();
  private readonly faults: Rng;
  private now = 0;
  private cycle = 0;

  constructor(private readonly opts: SimulatedMarketOptions) {
    for (const cfg of opts.indices) {
      this.states.set(cfg.name, { cfg, spot: cfg.basePrice, walk: createRng(hashSeed(opts.seed, 'walk', cfg.name)) });
    }
    this.faults = createRng(hashSeed(opts.seed, 'faults'));
  }

  beginCycle(now: number): void {
    this.now = now;
    if (this.cycle > 0) {
      // geometric Brownian motion with per-step sigma from the annual vol, clipped to ±10 % circuit bands
      const dt = this.opts.stepSeconds / YEAR_SECONDS;
      for (const s of this.states.values()) {
        const shock = s.walk.normal();
        const next = s.spot * Math.exp(-0.5 * s.cfg.annualVol ** 2 * dt + s.cfg.annualVol * Math.sqrt(dt) * shock);
        s.spot = Math.min(s.cfg.basePrice * 1.1, Math.max(s.cfg.basePrice * 0.9, next));
      }
    }
    this.cycle++;
  }

  private state(index: string): IndexState {
    const s = this.states.get(index);
    if (!s) throw new PhaseFatalError(`unknown index ${index}: the simulated market lists ${[...this.states.keys()].join(', ')}`, 'unknown_index');
    return s;
  }

  private roll(rate: number): boolean {
    return rate > 0 && this.faults.next() < rate;
  }

  /** Injected faults common to every call: a hang past the phase timeout, or a thrown error. */
  private async maybeFail(what: string): Promise<void> {
    // both rolls happen before any await so the fault stream stays in call order (determinism)
    const hang = this.roll(this.opts.faults.timeout);
    const error = this.roll(this.opts.faults.error);
    if (hang) this.opts.onFault?.('timeout');
    if (error) this.opts.onFault?.('internal');
    if (hang) await new Promise<void>((res) => setTimeout(res, this.opts.faults.timeoutDelayMs).unref());
    if (error) throw new PhaseRecoverableError(`simulated provider error in ${what}`, 'provider_error');
  }

  async getIndexQuote(index: string): Promise<IndexQuote> {
    const s = this.state(index);
    return { spot: round2(s.spot), ts: this.now };
  }

  async getAtmStrike(index: string): Promise<number> {
    await this.maybeFail(`getAtmStrike(${index})`);
    const s = this.state(index);
    return Math.round(s.spot / s.cfg.strikeStep) * s.cfg.strikeStep;
  }

  async listExpiries(index: string): Promise<string[]> {
    const s = this.state(index);
    if (this.roll(this.opts.faults.fatal)) {
      this.opts.onFault?.('empty_response');
      return [];
    }
    return listedExpiries(istDate(this.now), { weekday: s.cfg.expiryWeekday, weekly: s.cfg.weekly }, { holidays: this.opts.holidays }).filter(
      (d) => daysToExpiry(this.now, d) > 0,
    );
  }

  async fetchOptionChain(index: string, expiry: string, strikes: readonly number[]): Promise<OptionQuote[]> {
    // every fault roll and every read of the market state happens before the first await: a call the
    // phase timeout abandoned resumes later and must not consume the fault stream then (determinism)
    const s = this.state(index);
    const failed = this.maybeFail(`fetchOptionChain(${index}, ${expiry})`);
    const empty = this.roll(this.opts.faults.empty);
    const stale = this.roll(this.opts.faults.stale);
    const { now, cycle } = this;
    const spot = s.spot;
    await failed;
    if (empty) {
      this.opts.onFault?.('empty_response');
      return [];
    }
    if (stale) this.opts.onFault?.('stale_quote');
    // per-chain noise stream: depends on seed, index, expiry and cycle only, so retries see the same book
    const noise = createRng(hashSeed(this.opts.seed, 'book', index, expiry, String(cycle)));
    const years = Math.max(daysToExpiry(now, expiry), 1 / 24) / 365;
    const quoteTime = stale ? now - 600_000 : now - noise.int(0, 5000);
    const out: OptionQuote[] = [];
    for (const strike of strikes) {
      const m = Math.log(strike / spot);
      const vol = smileVol(s.cfg.annualVol, m, years);
      // OI and volume peak near ATM (Gaussian in moneyness); puts a little heavier (PCR ≈ 1)
      const width = 0.02 + 0.5 * s.cfg.annualVol * Math.sqrt(years);
      const liquidity = Math.exp(-0.5 * (m / width) ** 2);
      for (const type of ['CE', 'PE'] as const) {
        const fair = bsPrice(type, spot, strike, years, this.opts.riskFreeRate, vol);
        const ltp = Math.max(0.05, roundTick(fair * (1 + 0.002 * noise.normal())));
        // spreads widen away from ATM and towards expiry
        const spreadPct = 0.002 + 0.03 * Math.abs(m) * 10 + 0.002 / Math.sqrt(years * 52);
        const half = Math.max(0.05, roundTick((ltp * Math.min(spreadPct, 0.5)) / 2));
        const skew = type === 'PE' ? 1.1 : 0.95;
        const oi = Math.round((2_000_000 * liquidity + 500) * skew * (1 + 0.1 * noise.next()));
        const volume = Math.round((800_000 * liquidity + 50) * skew * (1 + 0.2 * noise.next()));
        out.push({ strike, type, expiry, ltp, bid: Math.max(0.05, roundTick(ltp - half)), ask: roundTick(ltp + half), volume, oi, quoteTime });
      }
    }
    return out;
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Exchange tick size 0.05. */
function roundTick(x: number): number {
  return Math.round(x * 20) / 20;
}

/** Create the simulated market. Deterministic for (seed, index config, the clock times passed to beginCycle). */
export function createSimulatedMarket(opts: SimulatedMarketOptions): OptionChainProvider {
  return new SimulatedMarket(opts);
}

/**
 * The simulated market of a run: `config`'s seed, indices, holidays, risk-free rate and fault
 * rates, stepping {@link cycleStepSeconds} per cycle unless `options.stepSeconds` says otherwise.
 */
export function simulatedMarketFor(config: RuntimeConfig, options: Pick<Partial<SimulatedMarketOptions>, 'stepSeconds' | 'onFault'> = {}): OptionChainProvider {
  return createSimulatedMarket({
    seed: config.seed,
    indices: config.indices,
    holidays: config.holidays,
    riskFreeRate: config.greeks.riskFreeRate,
    faults: config.faults,
    stepSeconds: options.stepSeconds ?? cycleStepSeconds(config),
    onFault: options.onFault,
  });
}

/** Fault rates that inject nothing. */
const NO_FAULTS: Readonly<FaultRates> = { timeout: 0, empty: 0, stale: 0, error: 0, fatal: 0 };

/** `config` with every fault rate 0 (the timeout delay is kept): baselines and benchmarks measure the clean pipeline. */
export function withoutFaults(config: RuntimeConfig): RuntimeConfig {
  return { ...config, faults: { ...config.faults, ...NO_FAULTS } };
}
