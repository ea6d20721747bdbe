/** Black-Scholes prices, greeks and implied volatility for European index options (pure functions). */

export type OptionType = 'CE' | 'PE';

export interface Greeks {
  delta: number;
  gamma: number;
  /** Per calendar day. */
  theta: number;
  /** Per 1 vol point (0.01). */
  vega: number;
  /** Per 1 rate point (0.01). */
  rho: number;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

function pdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 via erf; |error| < 1.5e-7). */
export function normCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Option premium. `t` in years (> 0), `sigma` annualised, `r` continuously compounded. At t <= 0 returns intrinsic value. */
export function bsPrice(type: OptionType, spot: number, strike: number, t: number, r: number, sigma: number): number {
  if (t <= 0 || sigma <= 0) return Math.max(0, type === 'CE' ? spot - strike : strike - spot);
  const sq = sigma * Math.sqrt(t);
  const d1 = (Math.log(spot / strike) + (r + 0.5 * sigma * sigma) * t) / sq;
  const d2 = d1 - sq;
  const df = Math.exp(-r * t);
  return type === 'CE' ? spot * normCdf(d1) - strike * df * normCdf(d2) : strike * df * normCdf(-d2) - spot * normCdf(-d1);
}

/** Greeks at the given volatility; zeros (delta = intrinsic sign) at expiry. */
export function bsGreeks(type: OptionType, spot: number, strike: number, t: number, r: number, sigma: number): Greeks {
  if (t <= 0 || sigma <= 0) {
    const itm = type === 'CE' ? spot > strike : strike > spot;
    return { delta: itm ? (type === 'CE' ? 1 : -1) : 0, gamma: 0, theta: 0, vega: 0, rho: 0 };
  }
  const sqt = Math.sqrt(t);
  const sq = sigma * sqt;
  const d1 = (Math.log(spot / strike) + (r + 0.5 * sigma * sigma) * t) / sq;
  const d2 = d1 - sq;
  const df = Math.exp(-r * t);
  const gamma = pdf(d1) / (spot * sq);
  const vega = (spot * pdf(d1) * sqt) / 100;
  const common = -(spot * pdf(d1) * sigma) / (2 * sqt);
  if (type === 'CE') {
    return {
      delta: normCdf(d1),
      gamma,
      theta: (common - r * strike * df * normCdf(d2)) / 365,
      vega,
      rho: (strike * t * df * normCdf(d2)) / 100,
    };
  }
  return {
    delta: normCdf(d1) - 1,
    gamma,
    theta: (common + r * strike * df * normCdf(-d2)) / 365,
    vega,
    rho: (-strike * t * df * normCdf(-d2)) / 100,
  };
}

export interface ImpliedVolOptions {
  min: number;
  max: number;
  maxIterations: number;
  precision: number;
}

/**
 * Implied volatility by Newton-Raphson, falling back to bisection when vega vanishes or a step
 * leaves [min, max]. Returns undefined when the price is outside the no-arbitrage bounds.
 */
export function impliedVol(
  type: OptionType,
  price: number,
  spot: number,
  strike: number,
  t: number,
  r: number,
  opts: ImpliedVolOptions,
): number | undefined {
  if (!(price > 0) || t <= 0) return undefined;
  const lo0 = bsPrice(type, spot, strike, t, r, opts.min);
  const hi0 = bsPrice(type, spot, strike, t, r, opts.max);
  if (price < lo0 - opts.precision || price > hi0 + opts.precision) return undefined;
  let lo = opts.min;
  let hi = opts.max;
  let sigma = 0.2;
  for (let i = 0; i < opts.maxIterations; i++) {
    const p = bsPrice(type, spot, strike, t, r, sigma);
    const diff = p - price;
    if (Math.abs(diff) < opts.precision) return sigma;
    if (diff > 0) hi = sigma;
    else lo = sigma;
    const vega = bsGreeks(type, spot, strike, t, r, sigma).vega * 100;
    let nextSigma = vega > 1e-8 ? sigma - diff / vega : Number.NaN;
    if (!(nextSigma > lo && nextSigma < hi)) nextSigma = (lo + hi) / 2;
    sigma = nextSigma;
  }
  return sigma;
}
